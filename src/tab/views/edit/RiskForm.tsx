/**
 * Create or edit a risk. Problems show beside each field in words; Save with problems moves focus to
 * the first one and says how many remain. A conflicting save never overwrites: see ConflictPanel.
 */
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useRef, useState } from 'react';
import type { Person, RegisterSettings, ReviewFrequency, TreatmentOption } from '../../../domain/types';
import type { CurrentUser, RegisterStore, StoredRisk } from '../../../sharepoint/ports';
import { ErrorBar } from '../../components/Feedback';
import { describeRating } from '../../lib/rating';
import { ConflictPanel } from './ConflictPanel';
import { PeoplePicker, RatingFields } from './FormParts';
import {
  draftFromRisk,
  patchFromDraft,
  riskFromDraft,
  serverChanges,
  validateDraft,
  type DraftErrors,
  type RiskDraft,
} from './risk-draft';
import { useSave } from './use-save';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '14px', maxWidth: '920px' },
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: '14px' },
  panel: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: '16px',
    display: 'flex',
    flexDirection: 'column',
    gap: '14px',
  },
  buttons: { display: 'flex', gap: '8px', alignItems: 'center' },
});

const frequencies: ReviewFrequency[] = ['monthly', 'quarterly', 'termly', 'six-monthly', 'annually'];
const treatments: TreatmentOption[] = ['tolerate', 'treat', 'transfer', 'terminate'];

export type RiskFormProps = {
  store: RegisterStore;
  user: CurrentUser;
  settings: RegisterSettings;
  /** The risk as read; absent when creating. */
  risk?: StoredRisk;
  register: string;
  people: Person[];
  takenReferences: ReadonlySet<string>;
  onSaved: (risk: StoredRisk) => void;
  onCancel: () => void;
};

export function RiskForm(props: RiskFormProps) {
  const styles = useStyles();
  const { settings, store, user } = props;
  const matrix = settings.matrix;
  const [original, setOriginal] = useState(props.risk);
  const [draft, setDraft] = useState<RiskDraft>(() => draftFromRisk(props.risk, props.register));
  const [showErrors, setShowErrors] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSave<StoredRisk>();
  const taken = useMemo(() => {
    const t = new Set(props.takenReferences);
    if (original) t.delete(original.reference.toLowerCase());
    return t;
  }, [props.takenReferences, original]);
  const errors: DraftErrors = validateDraft(draft, matrix, taken);
  const problems = Object.keys(errors).length;
  const err = (k: keyof DraftErrors) => (showErrors ? errors[k] : undefined);
  const set = <K extends keyof RiskDraft>(key: K, value: RiskDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  /** Saves the user's changes (relative to what they read) onto `base`, by default what they read. */
  const submit = async (base = original, patch = original ? patchFromDraft(draft, original) : undefined) => {
    setShowErrors(true);
    if (problems > 0) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    const saved = await save.run(() =>
      base
        ? store.updateRisk(base.id, patch ?? {}, base.etag, user, 'tab')
        : store.createRisk(riskFromDraft(draft), user, 'tab'),
    );
    if (saved) props.onSaved(saved);
  };

  const conflict = save.state.status === 'conflict' ? save.state : undefined;
  const fieldText = (r: StoredRisk, k: ReturnType<typeof serverChanges>[number]): string => {
    const v = r[k];
    if (k === 'inherent' || k === 'current' || k === 'target')
      return describeRating(matrix, r[k])?.text ?? '';
    if (k === 'owners' || k === 'delegates' || k === 'cabinetMembers')
      return r[k].map((o) => o.name).join(', ');
    return Array.isArray(v) ? v.join('; ') : String(v ?? '');
  };

  return (
    <form
      ref={formRef}
      className={styles.form}
      noValidate
      aria-label={original ? `Edit ${original.reference}` : 'New risk'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {conflict && original ? (
        <ConflictPanel
          what={original.reference}
          changes={
            conflict.current
              ? serverChanges(original, conflict.current).map((k) => ({
                  field: k,
                  server: fieldText(conflict.current as StoredRisk, k),
                }))
              : []
          }
          onReapply={() => {
            if (!conflict.current || !original) return void props.onCancel();
            // Only the fields this user changed go on top of the server's version; theirs stay.
            const mine = patchFromDraft(draft, original);
            const rebased = { ...conflict.current, ...mine };
            setOriginal(conflict.current);
            setDraft(draftFromRisk(rebased, rebased.register));
            void submit(conflict.current, mine);
          }}
          onDiscard={() => (conflict.current ? props.onSaved(conflict.current) : props.onCancel())}
        />
      ) : null}
      {save.state.status === 'error' ? (
        <ErrorBar problem={save.state.problem} onRetry={() => void submit()} />
      ) : null}
      {showErrors && problems > 0 ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            {problems === 1 ? 'One field needs attention' : `${problems} fields need attention`} before this
            risk can be saved.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.panel}>
        <div className={styles.row}>
          <Field label="Reference" required validationMessage={err('reference')}>
            <Input value={draft.reference} onChange={(_, d) => set('reference', d.value)} />
          </Field>
          <Field label="Directorate">
            <Input value={draft.directorate} onChange={(_, d) => set('directorate', d.value)} />
          </Field>
          <Field label="Category">
            <Input value={draft.category} onChange={(_, d) => set('category', d.value)} />
          </Field>
        </div>
        <Field label="Title" required validationMessage={err('title')}>
          <Input value={draft.title} onChange={(_, d) => set('title', d.value)} />
        </Field>
        <Field label="Description">
          <Textarea
            resize="vertical"
            value={draft.description}
            onChange={(_, d) => set('description', d.value)}
          />
        </Field>
        <div className={styles.row}>
          <Field label="Cause">
            <Textarea value={draft.cause} onChange={(_, d) => set('cause', d.value)} />
          </Field>
          <Field label="Event">
            <Textarea value={draft.event} onChange={(_, d) => set('event', d.value)} />
          </Field>
          <Field label="Consequence">
            <Textarea value={draft.consequence} onChange={(_, d) => set('consequence', d.value)} />
          </Field>
        </div>
        <PeoplePicker
          label="Risk owner(s)"
          required
          people={props.people}
          value={draft.owners}
          error={err('owners')}
          onChange={(v) => set('owners', v)}
        />
        <PeoplePicker
          label="Delegates (may answer review cards for the owners)"
          people={props.people}
          value={draft.delegates}
          onChange={(v) => set('delegates', v)}
        />
        <PeoplePicker
          label="Cabinet member(s)"
          people={props.people}
          value={draft.cabinetMembers}
          onChange={(v) => set('cabinetMembers', v)}
        />
      </div>
      <div className={styles.panel}>
        <RatingFields
          label="Inherent rating (before controls)"
          matrix={matrix}
          value={draft.inherent}
          error={err('inherent')}
          onChange={(v) => set('inherent', v)}
        />
        <RatingFields
          label="Current rating (after controls)"
          matrix={matrix}
          value={draft.current}
          error={err('current')}
          onChange={(v) => set('current', v)}
        />
        <RatingFields
          label="Target rating"
          matrix={matrix}
          value={draft.target}
          error={err('target')}
          onChange={(v) => set('target', v)}
        />
        <div className={styles.row}>
          <Field
            label="Appetite (score)"
            validationMessage={err('appetite')}
            hint={settings.defaultAppetite ? `Register default: ${settings.defaultAppetite}` : undefined}
          >
            <Input inputMode="numeric" value={draft.appetite} onChange={(_, d) => set('appetite', d.value)} />
          </Field>
          <Field label="Timescale to target">
            <Input
              value={draft.timescaleToTarget}
              placeholder="At target, 1-3 years…"
              onChange={(_, d) => set('timescaleToTarget', d.value)}
            />
          </Field>
          <Field label="Review frequency">
            <Select
              value={draft.reviewFrequency}
              onChange={(_, d) => set('reviewFrequency', d.value as ReviewFrequency)}
            >
              {frequencies.map((f) => (
                <option key={f} value={f}>
                  {f[0]?.toUpperCase()}
                  {f.slice(1)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Treatment">
            <Select
              value={draft.treatment}
              onChange={(_, d) => set('treatment', d.value as TreatmentOption | '')}
            >
              <option value="">Not set</option>
              {treatments.map((t) => (
                <option key={t} value={t}>
                  {t[0]?.toUpperCase()}
                  {t.slice(1)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Triggers" hint="One per line">
          <Textarea value={draft.triggers} onChange={(_, d) => set('triggers', d.value)} />
        </Field>
        <Field label="Other references (aliases)" hint="One per line, e.g. a former reference">
          <Textarea value={draft.aliases} onChange={(_, d) => set('aliases', d.value)} />
        </Field>
        <Field label="Linked risks" hint="References, one per line">
          <Textarea value={draft.linkedRisks} onChange={(_, d) => set('linkedRisks', d.value)} />
        </Field>
      </div>
      <div className={styles.buttons}>
        <Button appearance="primary" type="submit" disabled={save.state.status === 'saving'}>
          {original ? 'Save changes' : 'Create risk'}
        </Button>
        <Button onClick={props.onCancel}>Cancel</Button>
        {save.state.status === 'saving' ? <Spinner size="tiny" label="Saving…" /> : null}
      </div>
    </form>
  );
}
