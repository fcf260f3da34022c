/** The refusal a manager-only route shows at once to someone who is not a register manager. */
import { Button } from '@fluentui/react-button';
import { MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-message-bar';
import { BannerTitle } from './Banners';

/** Shown at once, instead of a form, when someone who is not a manager opens a manager-only route. */
export function ManagersOnly(props: { what: string; reason: string; onBack: () => void }) {
  return (
    <section aria-label={`${props.what} is for register managers`}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <BannerTitle>{props.what} is for register managers</BannerTitle>
          {props.reason}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={props.onBack}>Back to the register</Button>
        </MessageBarActions>
      </MessageBar>
    </section>
  );
}
