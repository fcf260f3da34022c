/**
 * Create or edit a risk. Problems show beside each field in words, and the domain's warnings (a target
 * worse than the current rating) at once; Save with problems moves focus to the first one and says how
 * many remain. A conflicting save never overwrites: see ConflictPanel. The fields, their order and
 * their editors come from the field catalogue; the state lives in useRiskForm.
 */
import { Button, Spinner, makeStyles } from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { formLayout, type FormGroup } from '../../../domain';
import type { Person } from '../../../domain/types';
import { ErrorSummary } from '../../components/ErrorSummary';
import { ErrorBar } from '../../components/Banners';
import { ConflictPanel } from './ConflictPanel';
import { FieldEditor, fieldTarget } from './FieldEditor';
import type { RatingDraft } from './risk-draft';
import { useRiskForm, type RiskFormInput, type RiskFormState } from './use-risk-form';

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

/** Which panel each form group sits in, and whether its fields share a row. */
const groupLayout: Record<FormGroup, { panel: 0 | 1; row: boolean }> = {
  identity: { panel: 0, row: true },
  title: { panel: 0, row: false },
  description: { panel: 0, row: false },
  causes: { panel: 0, row: true },
  people: { panel: 0, row: false },
  rating: { panel: 1, row: false },
  review: { panel: 1, row: true },
  links: { panel: 1, row: false },
};

export type RiskFormProps = RiskFormInput & {
  /** People the register already knows, offered by the people pickers. */
  people: Person[];
};

export function RiskForm(props: RiskFormProps) {
  const state = useRiskForm(props);
  return renderRiskForm(state, useStyles(), props);
}

/** The form for a state from useRiskForm. */
export function renderRiskForm(
  state: RiskFormState,
  styles: ReturnType<typeof useStyles>,
  props: RiskFormProps,
) {
  const { original, save, conflict, problems, showErrors } = state;
  const groups = formLayout(state.catalogue);
  const values = state.draft as unknown as Record<string, string | Person[] | RatingDraft>;
  const renderGroup = ({ group, fields }: (typeof groups)[number]) => {
    const inRow = groupLayout[group].row;
    const editors = fields.map(([field, spec]) => (
      <FieldEditor
        key={field}
        field={field}
        spec={spec}
        value={values[field] ?? ''}
        inRow={inRow}
        error={state.error(field)}
        warning={state.warning(field)}
        settings={props.settings}
        people={props.people}
        onChange={(v) => state.set(field, v)}
      />
    ));
    return inRow ? (
      <div key={group} className={styles.row}>
        {editors}
      </div>
    ) : (
      editors
    );
  };
  const panel = (n: 0 | 1) => (
    <div className={styles.panel}>
      {groups.filter((g) => groupLayout[g.group].panel === n).map(renderGroup)}
    </div>
  );

  return (
    <form
      ref={state.formRef}
      className={styles.form}
      noValidate
      aria-label={original ? `Edit ${original.reference}` : 'New risk'}
      onSubmit={(e) => {
        e.preventDefault();
        void state.submit();
      }}
    >
      {conflict && original ? (
        <ConflictPanel
          what={original.reference}
          changes={state.conflictChanges}
          onReapply={state.reapply}
          onDiscard={state.discard}
        />
      ) : null}
      {save.state.status === 'error' ? (
        <ErrorBar reveal problem={save.state.problem} onRetry={() => void state.submit()} />
      ) : null}
      {showErrors && problems > 0 ? (
        <ErrorSummary
          title={`${problems === 1 ? 'One field needs attention' : `${problems} fields need attention`} before this risk can be saved`}
          problems={state.problemList.map((p) => ({ target: fieldTarget(p.field), message: p.message }))}
          attempt={state.attempts}
        />
      ) : null}
      {panel(0)}
      {panel(1)}
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
