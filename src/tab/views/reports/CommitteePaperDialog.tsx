/**
 * The committee paper dialog (managers): register, period and options, progress while the paper is
 * built from the period's snapshots, then the .docx download. The Word library loads on first use.
 * The state lives in useCommitteePaper; this file renders it.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Select,
  makeStyles,
} from '@fluentui/react-components';
import { DocumentRegular } from '@fluentui/react-icons';
import type { RegisterStore } from '../../../ports';
import type { RegisterData } from '../../data/use-register-data';
import { periodChoices } from './paper-form';
import { useCommitteePaper } from './use-committee-paper';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
});

export function CommitteePaperDialog(props: {
  store: RegisterStore;
  data: RegisterData;
  register: string | undefined;
}) {
  const styles = useStyles();
  const { data } = props;
  const { form, set, summary, run, running, hasFile, create, chooseRegister, downloadAgain, reopened } =
    useCommitteePaper(props);
  return (
    <Dialog onOpenChange={(_, d) => d.open && reopened()}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<DocumentRegular />}>Committee paper</Button>
      </DialogTrigger>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Committee paper</DialogTitle>
          <DialogContent className={styles.form}>
            {!form || !summary ? (
              <MessageBar intent="warning">
                <MessageBarBody>There is no register to report on yet.</MessageBarBody>
              </MessageBar>
            ) : (
              <>
                <Field label="Register">
                  <Select
                    value={form.register}
                    disabled={running}
                    onChange={(_, d) => chooseRegister(d.value)}
                  >
                    {data.registers.map((r) => (
                      <option key={r.name} value={r.name}>
                        {r.name}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="Period" hint="The paper reports the reviews recorded for this period.">
                  <Select
                    value={form.periodId}
                    disabled={running}
                    onChange={(_, d) => set({ periodId: d.value })}
                  >
                    {periodChoices(summary).map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.label}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="Council name">
                  <Input
                    value={form.councilName}
                    disabled={running}
                    onChange={(_, d) => set({ councilName: d.value })}
                  />
                </Field>
                <Field label="Committee" hint="For example: Audit and Governance Committee">
                  <Input
                    value={form.committee}
                    disabled={running}
                    onChange={(_, d) => set({ committee: d.value })}
                  />
                </Field>
                <Field label="Meeting date" hint="As printed on the paper, for example: 8 March 2027">
                  <Input
                    value={form.meetingDate}
                    disabled={running}
                    onChange={(_, d) => set({ meetingDate: d.value })}
                  />
                </Field>
                <Field label="Minimum band" hint="Report only risks currently rated in this band or above.">
                  <Select
                    value={form.minBand}
                    disabled={running}
                    onChange={(_, d) => set({ minBand: d.value })}
                  >
                    <option value="">Every risk</option>
                    {summary.settings.matrix.bands.map((b) => (
                      <option key={b.id} value={b.id}>
                        {b.name} and above
                      </option>
                    ))}
                  </Select>
                </Field>
              </>
            )}
            <div role="status" aria-live="polite">
              {run.state === 'running' ? (
                <Field validationMessage={run.text} validationState="none">
                  <ProgressBar value={run.value} aria-label={run.text} />
                </Field>
              ) : null}
              {run.state === 'done' ? (
                <MessageBar intent="success">
                  <MessageBarBody>
                    Downloaded {run.fileName}: {run.reported} {run.reported === 1 ? 'risk' : 'risks'} reported
                    {run.excluded ? `, ${run.excluded} below the minimum band left out` : ''}.
                    {run.notReviewed.length
                      ? ` Not reviewed this period, shown with their last reviewed rating: ${run.notReviewed.join(', ')}.`
                      : ''}
                  </MessageBarBody>
                </MessageBar>
              ) : null}
            </div>
            {run.state === 'failed' ? (
              <MessageBar intent="error">
                <MessageBarBody>{run.message}</MessageBarBody>
              </MessageBar>
            ) : null}
          </DialogContent>
          <DialogActions>
            {hasFile ? <Button onClick={downloadAgain}>Download again</Button> : null}
            <Button appearance="primary" disabled={!form || running} onClick={() => void create()}>
              {running ? 'Creating…' : 'Create paper'}
            </Button>
            <DialogTrigger disableButtonEnhancement>
              <Button disabled={running}>Close</Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
