/**
 * What a manager should fix on a risk: the domain's warnings about it as stored (a target worse than
 * the current rating) and what the restore step repaired or left out when it read the risk's items
 * (a rating outside the matrix, an unknown choice). Shown on the risk they concern, in words.
 */
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { FieldError } from '../../../domain/types';
import type { RestoreIssue } from '../../../ports';
import { displayName } from '../../../ports';

/** `Risks item 12, Current likelihood/Current impact: rating 9 x 9 is outside …` */
export function describeRestoreIssue(issue: RestoreIssue): string {
  const column = issue.field
    .split('/')
    .map((f) => displayName(f))
    .join(' and ');
  return `${issue.list} item ${issue.itemId}, ${column}: ${issue.problem}.`;
}

export function StoredProblems(props: { warnings: FieldError[]; issues: RestoreIssue[] }) {
  const { warnings, issues } = props;
  return (
    <>
      {warnings.length > 0 ? (
        <MessageBar intent="warning" layout="multiline" style={{ marginBottom: 16 }}>
          <MessageBarBody>
            <MessageBarTitle>Check this risk</MessageBarTitle>
            <ul aria-label="Warnings about this risk">
              {warnings.map((w) => (
                <li key={`${w.field}:${w.message}`}>{w.message}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {issues.length > 0 ? (
        <MessageBar intent="warning" layout="multiline" style={{ marginBottom: 16 }}>
          <MessageBarBody>
            <MessageBarTitle>Stored data was repaired when it was read</MessageBarTitle>
            Fix these in the SharePoint lists, or edit and save the risk here:
            <ul aria-label="Repairs to the stored risk">
              {issues.map((i) => (
                <li key={`${i.list}:${i.itemId}:${i.field}`}>{describeRestoreIssue(i)}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}
