/**
 * The SharePoint Framework shell: it hands its context to the register app bundle, which builds the
 * PnPjs client with `spfi().using(SPFx(context))` and renders the same app as the Teams tab. Runs on
 * SharePoint pages, as a Teams tab and as a Teams personal app (supportedHosts in the manifest).
 */
import { Version } from '@microsoft/sp-core-library';
import {
  type IPropertyPaneConfiguration,
  PropertyPaneDropdown,
  PropertyPaneTextField,
} from '@microsoft/sp-property-pane';
import { BaseClientSideWebPart } from '@microsoft/sp-webpart-base';
import * as strings from 'RiskRegisterWebPartStrings';
import { mountRegisterWebPart, type MountedRegister, type RegisterViewName } from 'register-app';

export type RiskRegisterWebPartProps = {
  register: string;
  defaultView: RegisterViewName;
  /** The review service's HTTPS address: the register's only writer. */
  apiUrl: string;
  /** The review service API's Application ID URI (the resource SPFx gets a token for). */
  apiResource: string;
};

const views: RegisterViewName[] = ['register', 'heatmap', 'summary', 'reviews'];

export default class RiskRegisterWebPart extends BaseClientSideWebPart<RiskRegisterWebPartProps> {
  private mounted: MountedRegister | undefined;

  public render(): void {
    const options = {
      spfxContext: this.context,
      register: (this.properties.register || '').trim(),
      defaultView: views.indexOf(this.properties.defaultView) >= 0 ? this.properties.defaultView : 'register',
      api: {
        url: (this.properties.apiUrl || '').trim(),
        resource: (this.properties.apiResource || '').trim(),
      },
    };
    if (this.mounted) this.mounted.update(options);
    else this.mounted = mountRegisterWebPart(this.domElement, options);
  }

  protected onDispose(): void {
    if (this.mounted) this.mounted.unmount();
    this.mounted = undefined;
  }

  protected get dataVersion(): Version {
    return Version.parse('1.0');
  }

  protected getPropertyPaneConfiguration(): IPropertyPaneConfiguration {
    return {
      pages: [
        {
          header: { description: strings.PropertyPaneDescription },
          groups: [
            {
              groupName: strings.SettingsGroupName,
              groupFields: [
                PropertyPaneTextField('register', { label: strings.RegisterFieldLabel }),
                PropertyPaneDropdown('defaultView', {
                  label: strings.DefaultViewFieldLabel,
                  options: [
                    { key: 'register', text: strings.ViewRegister },
                    { key: 'heatmap', text: strings.ViewHeatMap },
                    { key: 'summary', text: strings.ViewSummary },
                    { key: 'reviews', text: strings.ViewReviews },
                  ],
                }),
              ],
            },
            {
              groupName: strings.ServiceGroupName,
              groupFields: [
                PropertyPaneTextField('apiUrl', { label: strings.ApiUrlFieldLabel }),
                PropertyPaneTextField('apiResource', { label: strings.ApiResourceFieldLabel }),
              ],
            },
          ],
        },
      ],
    };
  }
}
