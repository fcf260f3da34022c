/** Form fields shared by the risk, control, action and review forms. */
import { Combobox, Field, Option, Select, makeStyles } from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import type { Person, RiskMatrix } from '../../../domain/types';
import { RatingBadge } from '../../components/RatingBadge';
import { describeRating } from '../../lib/rating';
import type { RatingDraft } from './risk-draft';

const useStyles = makeStyles({
  rating: { display: 'flex', gap: '12px', alignItems: 'flex-end', flexWrap: 'wrap' },
  preview: { paddingBottom: '6px' },
  required: { color: tokens.colorPaletteRedForeground3 },
});

/** Likelihood and impact pickers for one tier, with the resulting rating previewed beside them. */
export function RatingFields(props: {
  /** The fieldset's id (the error summary links to it). */
  id?: string;
  label: string;
  /** Marks the legend as required, as Fluent marks a required field's label. */
  required?: boolean;
  matrix: RiskMatrix;
  value: RatingDraft;
  error?: string;
  /** The domain's advice (e.g. a target worse than the current rating); shown when there is no error. */
  warning?: string;
  onChange: (value: RatingDraft) => void;
}) {
  const styles = useStyles();
  const { matrix, value } = props;
  const rating =
    value.likelihood && value.impact
      ? { likelihood: Number(value.likelihood), impact: Number(value.impact) }
      : undefined;
  return (
    <fieldset id={props.id} style={{ border: 'none', padding: 0, margin: 0 }}>
      <legend style={{ fontWeight: 600, marginBottom: 4 }}>
        {props.label}
        {props.required ? (
          <span className={styles.required} aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      <div className={styles.rating}>
        <Field
          label={matrix.likelihood.name}
          validationMessage={props.error ?? props.warning}
          validationState={props.error ? 'error' : props.warning ? 'warning' : 'none'}
        >
          <Select
            required={props.required}
            value={value.likelihood}
            onChange={(_, d) => props.onChange({ ...value, likelihood: d.value })}
          >
            <option value="">Not rated</option>
            {[...matrix.likelihood.levels].reverse().map((l) => (
              <option key={l.value} value={String(l.value)}>
                {l.code === String(l.value) ? `${l.value} ${l.label}` : `${l.code} ${l.label}`}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={matrix.impact.name}>
          <Select
            required={props.required}
            value={value.impact}
            onChange={(_, d) => props.onChange({ ...value, impact: d.value })}
          >
            <option value="">Not rated</option>
            {[...matrix.impact.levels].reverse().map((l) => (
              <option key={l.value} value={String(l.value)}>
                {l.code === String(l.value) ? `${l.value} ${l.label}` : `${l.code} ${l.label}`}
              </option>
            ))}
          </Select>
        </Field>
        <div className={styles.preview} aria-live="polite">
          {rating && !props.error ? <RatingBadge view={describeRating(matrix, rating)} /> : null}
        </div>
      </div>
    </fieldset>
  );
}

/** Picks people from those the register already knows (owners, delegates, action owners). */
export function PeoplePicker(props: {
  id?: string;
  label: string;
  people: Person[];
  value: Person[];
  error?: string;
  required?: boolean;
  onChange: (value: Person[]) => void;
}) {
  const byName = new Map(props.people.map((p) => [p.name, p]));
  for (const p of props.value) byName.set(p.name, p);
  const names = [...byName.keys()].sort();
  return (
    <Field
      id={props.id}
      label={props.label}
      required={props.required}
      validationMessage={props.error}
      validationState={props.error ? 'error' : 'none'}
    >
      <Combobox
        multiselect
        placeholder="Choose people"
        value={props.value.map((p) => p.name).join(', ')}
        selectedOptions={props.value.map((p) => p.name)}
        onOptionSelect={(_, d) =>
          props.onChange(d.selectedOptions.map((n) => byName.get(n)).filter((p): p is Person => !!p))
        }
      >
        {names.map((n) => (
          <Option key={n} value={n}>
            {n}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}
