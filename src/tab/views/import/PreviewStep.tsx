/** Step 3: the dry run. Counts, people not found, and each row's outcome with every problem in words. */
import {
  Button,
  Checkbox,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
} from '@fluentui/react-components';
import { describeIssue, type RowOutcome } from '../../../import';
import { useStackedTableStyles } from '../../components/stacked-table';
import type { ImportWizard } from './use-import-wizard';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  issues: { margin: 0, paddingLeft: '18px' },
});

export const outcomeLabel: Record<RowOutcome, string> = {
  create: 'New risk',
  update: 'Update',
  unchanged: 'No change',
  error: 'Has errors',
};

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export function PreviewStep({ wizard }: { wizard: ImportWizard }) {
  const stacked = useStackedTableStyles();
  const styles = useStyles();
  const { state } = wizard;
  const plan = state.plan;
  if (!plan) return null;
  const general = plan.issues.filter((i) => i.row === undefined);
  const writable = plan.counts.create + plan.counts.update;
  const canCommit = plan.ready
    ? writable > 0 || plan.periodId !== undefined
    : state.skipRowsWithErrors && writable > 0;

  return (
    <>
      <Text as="h3" size={400} weight="semibold" role="status">
        Dry run: {plural(plan.counts.create, 'new risk')}, {plural(plan.counts.update, 'update')},{' '}
        {plural(plan.counts.unchanged, 'unchanged risk')}, {plural(plan.counts.error, 'row')} with errors
      </Text>
      {plan.ready ? (
        <MessageBar intent="success">
          <MessageBarBody>
            {canCommit
              ? 'No problems block this import. Nothing has been written yet.'
              : 'Nothing to import: the register already matches this file.'}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="error">
          <MessageBarBody>
            Some rows have errors (listed below). Fix them in the file and upload it again, or import only the
            rows without errors.
          </MessageBarBody>
        </MessageBar>
      )}
      {state.matrixChoice?.proposal.preset ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <Text block>{state.matrixChoice.proposal.reason}</Text>
            <Checkbox
              checked={state.matrixChoice.adopt}
              onChange={(_, d) => void wizard.preview(!!d.checked)}
              label={`Set register ${plan.register}’s matrix to ${state.matrixChoice.proposal.preset.name} before importing (it has no risks yet; the change is recorded in its audit trail)`}
            />
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {general.length ? (
        <ul aria-label="File and mapping problems">
          {general.map((i, n) => (
            <li key={n}>{describeIssue(i)}</li>
          ))}
        </ul>
      ) : null}
      {plan.unresolvedPeople.length ? (
        <section aria-label="People not found">
          <Text weight="semibold" block>
            People not found on the site ({plan.unresolvedPeople.length})
          </Text>
          <ul>
            {plan.unresolvedPeople.map((p) => (
              <li key={`${p.name}|${p.email ?? ''}`}>
                {p.name}
                {p.email ? ` <${p.email}>` : ''} in {p.cells.join(', ')}: {p.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Table size="small" className={stacked.table} aria-label="Rows to import">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Row</TableHeaderCell>
            <TableHeaderCell>Reference</TableHeaderCell>
            <TableHeaderCell>Title</TableHeaderCell>
            <TableHeaderCell>Outcome</TableHeaderCell>
            <TableHeaderCell>Problems and changes</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {plan.rows.map((r) => (
            <TableRow key={`${r.rows.join(',')}|${r.reference}`}>
              <TableCell data-label="Row">{r.rows.join(', ')}</TableCell>
              <TableCell data-label="Reference">{r.reference}</TableCell>
              <TableCell data-label="Title">{r.title}</TableCell>
              <TableCell data-label="Outcome">{outcomeLabel[r.outcome]}</TableCell>
              <TableCell data-label="Problems and changes">
                {r.issues.length ? (
                  <ul className={styles.issues}>
                    {r.issues.map((i, n) => (
                      <li key={n}>{describeIssue(i)}</li>
                    ))}
                  </ul>
                ) : r.changes?.fields.length ? (
                  `Changes: ${r.changes.fields.join(', ')}`
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className={styles.actions}>
        <Button onClick={() => wizard.patch({ step: 'map' })}>Back to the mapping</Button>
        {!plan.ready ? (
          <Checkbox
            checked={state.skipRowsWithErrors}
            onChange={(_, d) => wizard.patch({ skipRowsWithErrors: !!d.checked })}
            label={`Import only the ${plural(writable, 'row')} without errors`}
          />
        ) : null}
        <Button appearance="primary" disabled={!canCommit} onClick={() => void wizard.commit()}>
          Import into {plan.register}
        </Button>
      </div>
    </>
  );
}
