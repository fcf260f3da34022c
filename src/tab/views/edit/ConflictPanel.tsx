/**
 * Shown when a save hit a 412: someone saved the same record after it was read. It lists what they
 * changed, and lets the user reapply their own edits on top of the server's version or discard them.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { BannerTitle } from '../../components/Banners';
import { useReveal } from '../../lib/use-reveal';

export function ConflictPanel(props: {
  what: string;
  changes: { field: string; server: string; yours?: string }[];
  onReapply: () => void;
  onDiscard: () => void;
}) {
  // It appears at the top of a long form after Save: scrolled to and focused, so it is not missed.
  const ref = useReveal<HTMLDivElement>();
  return (
    <MessageBar intent="warning" layout="multiline" role="alert" ref={ref} tabIndex={-1}>
      <MessageBarBody>
        <BannerTitle>Someone else saved {props.what} while you were editing</BannerTitle>
        Nothing was overwritten.{' '}
        {props.changes.length ? 'They changed:' : 'Their change did not touch the fields you see.'}
        <ul>
          {props.changes.map((c) => (
            <li key={c.field}>
              <strong>{c.field}</strong>: now “{c.server || '(empty)'}”
              {c.yours !== undefined ? `; yours: “${c.yours || '(empty)'}”` : ''}
            </li>
          ))}
        </ul>
        Reapply saves your edits on top of their version; Discard keeps their version and drops your edits.
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" onClick={props.onReapply}>
          Reapply my changes
        </Button>
        <Button onClick={props.onDiscard}>Discard my changes</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
