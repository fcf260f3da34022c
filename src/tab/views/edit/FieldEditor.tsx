/**
 * One catalogued field on the risk form: an editor for each value kind, and for each renderer name
 * the catalogue uses (a rating's two pickers, a people picker). Both maps are `Record`s over the
 * domain's unions, so a new kind or renderer does not compile until it has an editor here.
 */
import { Field, Input, Select, Textarea } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { choiceText, type FieldKind, type FieldSpec, type RendererName } from '../../../domain';
import type { Person, RegisterSettings } from '../../../domain/types';
import { PeoplePicker, RatingFields } from './FormParts';
import type { RatingDraft } from './risk-draft';

export type FieldEditorProps = {
  field: string;
  spec: FieldSpec;
  value: string | Person[] | RatingDraft;
  /** Whether the field sits in a row of fields (a text box there does not grow). */
  inRow: boolean;
  error: string | undefined;
  warning: string | undefined;
  settings: RegisterSettings;
  people: Person[];
  onChange: (value: unknown) => void;
};

const labelOf = (p: FieldEditorProps): string => p.spec.appears.form?.label ?? p.spec.label;

/** The id of a field's wrapper on the risk form: the error summary's links point at it. */
export const fieldTarget = (field: string): string => `field-${field}`;

/** Field chrome: label, hint, required mark and the problem or warning beside it. */
function Labelled(props: FieldEditorProps & { hint?: string | undefined; children: ReactNode }) {
  const message = props.error ?? props.warning;
  return (
    <Field
      id={fieldTarget(props.field)}
      label={labelOf(props)}
      required={props.spec.required}
      hint={props.hint ?? props.spec.appears.form?.hint}
      validationMessage={message}
      validationState={props.error ? 'error' : props.warning ? 'warning' : 'none'}
    >
      {props.children}
    </Field>
  );
}

const text = (p: FieldEditorProps) => (
  <Labelled {...p}>
    <Input
      value={p.value as string}
      placeholder={p.spec.appears.form?.placeholder}
      onChange={(_, d) => p.onChange(d.value)}
    />
  </Labelled>
);

const textarea = (p: FieldEditorProps, resize: 'vertical' | 'none') => (
  <Labelled {...p}>
    <Textarea resize={resize} value={p.value as string} onChange={(_, d) => p.onChange(d.value)} />
  </Labelled>
);

const numberInput = (p: FieldEditorProps, hint?: string) => (
  <Labelled {...p} hint={hint}>
    <Input inputMode="numeric" value={p.value as string} onChange={(_, d) => p.onChange(d.value)} />
  </Labelled>
);

const byRenderer: Record<RendererName, (p: FieldEditorProps) => ReactNode> = {
  rating: (p) => (
    <RatingFields
      id={fieldTarget(p.field)}
      label={labelOf(p)}
      required={p.spec.required}
      matrix={p.settings.matrix}
      value={p.value as RatingDraft}
      error={p.error}
      warning={p.warning}
      onChange={p.onChange}
    />
  ),
  people: (p) => (
    <PeoplePicker
      id={fieldTarget(p.field)}
      label={labelOf(p)}
      required={p.spec.required}
      people={p.people}
      value={p.value as Person[]}
      error={p.error}
      onChange={p.onChange}
    />
  ),
  // Controls and actions have their own dialogs, never a place on the risk form.
  controls: () => null,
  actions: () => null,
};

const byKind: Record<FieldKind, (p: FieldEditorProps) => ReactNode> = {
  text,
  note: (p) => textarea(p, p.inRow ? 'none' : 'vertical'),
  lines: (p) => textarea(p, 'none'),
  people: byRenderer.people,
  rating: byRenderer.rating,
  score: (p) =>
    numberInput(
      p,
      p.settings.defaultAppetite ? `Register default: ${p.settings.defaultAppetite}` : undefined,
    ),
  number: (p) => numberInput(p),
  choice: (p) => (
    <Labelled {...p}>
      <Select value={p.value as string} onChange={(_, d) => p.onChange(d.value)}>
        {p.spec.fallback === undefined ? <option value="">Not set</option> : null}
        {(p.spec.choices ?? []).map((c) => (
          <option key={c} value={c}>
            {choiceText(p.spec, c)}
          </option>
        ))}
      </Select>
    </Labelled>
  ),
  date: (p) => (
    <Labelled {...p}>
      <Input type="date" value={p.value as string} onChange={(_, d) => p.onChange(d.value)} />
    </Labelled>
  ),
  children: () => null,
};

/** The editor for one field: its renderer's when it names one, its kind's otherwise. */
export function FieldEditor(props: FieldEditorProps) {
  const render = props.spec.renderer ? byRenderer[props.spec.renderer] : byKind[props.spec.kind];
  return <>{render(props)}</>;
}
