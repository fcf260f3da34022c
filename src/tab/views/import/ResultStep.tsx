/** Step 4: writing in batches with a progress bar, then what happened to each row. */
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Text,
  makeStyles,
} from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import type { ImportWizard } from './use-import-wizard';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '720px' },
  actions: { display: 'flex', gap: '8px' },
});

const resultLabels = {
  created: 'created',
  updated: 'updated',
  unchanged: 'already up to date',
  failed: 'failed',
  skipped: 'skipped (rows with errors)',
} as const;

export function ResultStep({ wizard, onImported }: { wizard: ImportWizard; onImported: () => void }) {
  const styles = useStyles();
  const { state } = wizard;
  const result = state.result;
  const reported = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!result || reported.current) return;
    reported.current = true;
    heading.current?.focus();
    onImported();
  }, [result, onImported]);

  if (!result) {
    const p = state.progress;
    const text = p
      ? `Writing ${p.done} of ${p.total} (batch ${p.batch} of ${p.batches}, last ${p.reference})`
      : 'Starting the import…';
    return (
      <div className={styles.root}>
        <Field validationMessage={text} validationState="none">
          <ProgressBar value={p && p.total ? p.done / p.total : undefined} aria-label={text} />
        </Field>
        <div>
          <Button onClick={wizard.stop}>Stop after this batch</Button>
        </div>
      </div>
    );
  }

  const failed = result.results.filter((r) => r.result === 'failed');
  const counts = (Object.keys(resultLabels) as (keyof typeof resultLabels)[])
    .filter((k) => result.counts[k] > 0)
    .map((k) => `${result.counts[k]} ${resultLabels[k]}`);
  return (
    <div className={styles.root}>
      <Text as="h3" size={400} weight="semibold" ref={heading} tabIndex={-1}>
        Import finished: {counts.join(', ') || 'nothing to write'}
      </Text>
      {result.snapshotsRecorded ? <Text>{result.snapshotsRecorded} period reviews recorded.</Text> : null}
      <MessageBar intent={result.complete ? 'success' : 'warning'}>
        <MessageBarBody>
          {result.complete
            ? 'Every row is in the register. Importing the same file again changes nothing.'
            : failed.some((r) => r.retryable)
              ? 'Not every row was written: some writes were interrupted. Importing the same file again finishes them without creating duplicates.'
              : 'Not every row was written: the rows below were refused or skipped. Correct them in the file, then import it again.'}
        </MessageBarBody>
      </MessageBar>
      {failed.length ? (
        <ul aria-label="Rows that failed">
          {failed.map((r) => (
            <li key={r.reference}>
              {r.reference} (row {r.rows.join(', ')}): {r.error ?? 'not written'}
              {r.written ? ` What was stored: ${r.written}.` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <div className={styles.actions}>
        <Button appearance="primary" onClick={wizard.restart}>
          Import another file
        </Button>
      </div>
    </div>
  );
}
