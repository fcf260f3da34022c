/**
 * Reading the field catalogue: fields by surface, the form's layout, a value as words. Pure functions
 * over any catalogue (src/domain/field-catalogue.ts holds the catalogues themselves).
 */
import type { Appearances, FieldCatalogue, FieldSpec, FormGroup } from './field-spec';
import type { Person, Rating } from './types';

/** The names of a catalogue's fields, in order. */
export function fieldNames<K extends string>(catalogue: FieldCatalogue<K>): K[] {
  return Object.keys(catalogue) as K[];
}

/** The fields that appear on a surface, in catalogue order. */
export function fieldsOn<K extends string>(
  catalogue: FieldCatalogue<K>,
  surface: keyof Appearances,
): [K, FieldSpec][] {
  return (Object.entries(catalogue) as [K, FieldSpec][]).filter(([, spec]) => spec.appears[surface]);
}

/** The form's groups, top to bottom. */
export const FORM_GROUPS: readonly FormGroup[] = [
  'identity',
  'title',
  'description',
  'causes',
  'people',
  'rating',
  'review',
  'links',
];

/** The form's fields group by group, each group's fields by `order`, then in catalogue order. */
export function formLayout<K extends string>(
  catalogue: FieldCatalogue<K>,
): { group: FormGroup; fields: [K, FieldSpec][] }[] {
  const placed = fieldsOn(catalogue, 'form');
  const position = ([, spec]: [K, FieldSpec]) => spec.appears.form?.order ?? Number.MAX_SAFE_INTEGER;
  return FORM_GROUPS.map((group) => ({
    group,
    fields: placed
      .filter(([, spec]) => spec.appears.form?.group === group)
      .sort((a, b) => position(a) - position(b)),
  })).filter((g) => g.fields.length > 0);
}

/** The words for a choice value: its label in the catalogue, or the value with a capital. */
export function choiceText(spec: FieldSpec, value: string): string {
  return spec.choiceLabels?.[value] ?? `${value.charAt(0).toUpperCase()}${value.slice(1)}`;
}

/** The empty value of a kind: what a new record holds for a field nobody filled in. */
export function emptyValue(spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'text':
    case 'note':
      return '';
    case 'lines':
    case 'people':
    case 'children':
      return [];
    case 'choice':
      return spec.fallback;
    default:
      return undefined;
  }
}

/** A field's value as one line of plain text, for facts and paper rows (ratings and people excepted). */
export function plainText(spec: FieldSpec, value: unknown, join = ', '): string {
  if (value === undefined || value === null) return '';
  switch (spec.kind) {
    case 'lines':
      return (value as string[]).join(join);
    case 'people':
      return (value as Person[]).map((p) => p.name).join(join);
    case 'choice':
      return value === '' ? '' : choiceText(spec, String(value));
    case 'rating': {
      const r = value as Rating;
      return `${r.likelihood} x ${r.impact}`;
    }
    case 'children':
      return (value as { title: string }[]).map((c) => c.title).join(join);
    default:
      return String(value);
  }
}

/** One field shown as a label and its value in words (a card fact, a paper row, a grid cell). */
export type FieldFact = { field: string; label: string; text: string };

/**
 * The facts a surface shows for a record from its catalogue: every field placed on `surface`, in
 * catalogue order, as plain text. Surfaces with layouts of their own (the card's rating block, the
 * paper's rating table) show their fixed fields themselves and these after them; empty values are left
 * out.
 */
export function catalogueFacts<K extends string>(
  record: object,
  catalogue: FieldCatalogue<K>,
  surface: 'card' | 'paper' | 'grid',
): FieldFact[] {
  const values = record as Record<string, unknown>;
  return fieldsOn(catalogue, surface)
    .map(([field, spec]) => ({ field, label: spec.label, text: plainText(spec, values[field]) }))
    .filter((f) => f.text !== '');
}
