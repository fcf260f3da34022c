/**
 * The import wizard (register managers): upload a register from Excel or CSV, check the column mapping,
 * preview every row's outcome and problem, then write it with progress. Loaded on demand by App.
 */
import {
  Checkbox,
  Field,
  Label,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Text,
  makeStyles,
} from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { useId } from 'react';
import type { RegisterData } from '../../data/use-register-data';
import type { TabSession } from '../../host';
import { MappingStep } from './MappingStep';
import { PreviewStep } from './PreviewStep';
import { ResultStep } from './ResultStep';
import { useImportWizard, type WizardStep } from './use-import-wizard';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '1100px' },
  steps: { display: 'flex', gap: '24px', listStyle: 'none', padding: 0, margin: 0, flexWrap: 'wrap' },
  current: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  upload: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '520px' },
  file: { display: 'flex', flexDirection: 'column', gap: '4px' },
});

const stepNames: { step: WizardStep; label: string }[] = [
  { step: 'upload', label: '1. Upload' },
  { step: 'map', label: '2. Map columns' },
  { step: 'preview', label: '3. Preview' },
  { step: 'commit', label: '4. Import' },
];

export default function ImportView(props: {
  session: TabSession;
  data: RegisterData;
  register: string | undefined;
  onImported: () => void;
}) {
  const styles = useStyles();
  const wizard = useImportWizard(props.session, props.data, props.register);
  const { state } = wizard;
  const fileInput = useId();
  const shownStep = state.step === 'done' ? 'commit' : state.step;

  return (
    <section aria-labelledby={`${fileInput}-title`} className={styles.root}>
      <Text as="h2" id={`${fileInput}-title`} size={500} weight="semibold">
        Import a register from Excel or CSV
      </Text>
      <ol className={styles.steps} aria-label="Import steps">
        {stepNames.map((s) => (
          <li
            key={s.step}
            aria-current={s.step === shownStep ? 'step' : undefined}
            className={s.step === shownStep ? styles.current : undefined}
          >
            {s.label}
          </li>
        ))}
      </ol>

      {state.problems.length ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{state.fileName ? `${state.fileName}: ` : ''}please check</MessageBarTitle>
            <ul aria-label="Problems">
              {state.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {state.busy ? <Spinner size="small" label={state.busy} labelPosition="after" /> : null}

      {state.step === 'upload' ? (
        <div className={styles.upload}>
          <Field label="Import into register">
            <Select value={state.register} onChange={(_, d) => wizard.patch({ register: d.value })}>
              {props.data.registers.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name} ({r.settings.matrix.name})
                </option>
              ))}
            </Select>
          </Field>
          <Checkbox
            checked={state.asReview}
            onChange={(_, d) => wizard.patch({ asReview: !!d.checked })}
            label={`Record each row’s ratings and comment as the ${wizard.summary?.period.label ?? 'current period'} review`}
          />
          <div className={styles.file}>
            <Label htmlFor={fileInput} weight="semibold">
              Register file (.xlsx or .csv)
            </Label>
            <input
              id={fileInput}
              type="file"
              aria-describedby={`${fileInput}-hint`}
              accept=".xlsx,.xlsm,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={!!state.busy}
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                if (file) void wizard.chooseFile(file);
              }}
            />
            <Text id={`${fileInput}-hint`} size={200}>
              The sheet with a header row such as “Risk Ref”, “Risk Title”, “Current Risk Rating” is found for
              you; you can correct it next.
            </Text>
          </div>
        </div>
      ) : null}
      {state.step === 'map' ? <MappingStep wizard={wizard} /> : null}
      {state.step === 'preview' ? <PreviewStep wizard={wizard} /> : null}
      {state.step === 'commit' || state.step === 'done' ? (
        <ResultStep wizard={wizard} onImported={props.onImported} />
      ) : null}
    </section>
  );
}
