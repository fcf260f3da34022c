/**
 * The people picker's directory search, as SharePoint answers it:
 * `POST _api/SP.UI.ApplicationPages.ClientPeoplePickerWebServiceInterface.clientPeoplePickerSearchUser`
 * with `{ queryParams: { QueryString, MaximumEntitySuggestions, ... } }`. The result is a string holding a
 * JSON array of picker entities (`ClientResult<String>`, see
 * https://learn.microsoft.com/en-us/previous-versions/office/sharepoint-csom/jj169335(v=office.15)), each
 * with `Key` (the claims login `web/ensureuser` takes), `DisplayText`, `EntityType` `User`, `IsResolved`
 * and `EntityData.Email`, wrapped as an OData primitive (`value`, or `d.ClientPeoplePickerSearchUser` in
 * verbose JSON); PnPjs's `sp.profiles.clientPeoplePickerSearchUser` parses it. Searching reads the
 * directory, so it needs Browse User Information on the site, as `ensureuser` does. Matching is on the
 * start of the display name, of any of its words, of the e-mail address or of the sign-in name, case
 * insensitive, as the picker's type-ahead matches; a query under the picker's three characters is
 * refused as SharePoint refuses it ("Specified argument was out of the range of valid values").
 */
import { demand, theWeb } from './access';
import { jsonBody, type ServiceContext } from './context';
import { Directory } from './directory';
import { badRequest } from './errors';
import { apiBase, flavourOf } from './odata-json';
import type { SpRequest, SpResponse } from './types';

/** The API path segment PnPjs and the picker call (lower case, as api-path gives it). */
export const peoplePickerSearchPath =
  'sp.ui.applicationpages.clientpeoplepickerwebserviceinterface.clientpeoplepickersearchuser';

const defaultSuggestions = 30;

export function handlePeoplePickerSearch(ctx: ServiceContext, req: SpRequest): SpResponse {
  if (req.method !== 'POST') throw badRequest('clientPeoplePickerSearchUser is called with POST.');
  const params = jsonBody(req).queryParams as Record<string, unknown> | undefined;
  const query = typeof params?.QueryString === 'string' ? params.QueryString.trim() : '';
  if (query.length < 3)
    throw badRequest('Specified argument was out of the range of valid values. Parameter name: QueryString');
  demand(ctx, req, theWeb, ['BrowseUserInfo'], 'searching the directory');
  const max =
    typeof params?.MaximumEntitySuggestions === 'number' && params.MaximumEntitySuggestions > 0
      ? params.MaximumEntitySuggestions
      : defaultSuggestions;
  const entities = ctx.directory
    .search(query)
    .slice(0, max)
    .map((p) => ({
      Key: Directory.loginOf(p),
      Description: p.upn,
      DisplayText: p.title,
      EntityType: 'User',
      ProviderDisplayName: 'Tenant',
      ProviderName: 'Tenant',
      IsResolved: true,
      EntityData: {
        IsAltSecIdPresent: 'False',
        Title: '',
        Email: p.email,
        MobilePhone: '',
        ObjectId: p.objectId ?? '',
        Department: '',
      },
      MultipleMatches: [],
    }));
  const text = JSON.stringify(entities);
  const flavour = flavourOf(req);
  const body =
    flavour === 'verbose'
      ? { d: { ClientPeoplePickerSearchUser: text } }
      : flavour === 'none'
        ? { value: text }
        : { 'odata.metadata': `${apiBase(req, ctx.sitePath)}$metadata#Edm.String`, value: text };
  return {
    status: 200,
    headers: {
      'Content-Type':
        flavour === 'verbose'
          ? 'application/json;odata=verbose;charset=utf-8'
          : `application/json;odata=${flavour === 'none' ? 'nometadata' : 'minimalmetadata'};streaming=true;charset=utf-8`,
    },
    body: JSON.stringify(body),
  };
}
