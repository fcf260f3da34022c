/**
 * A risk being edited, as the form holds it (strings, so half-typed input survives), with the
 * checks shown beside each field and the conversion back to a domain risk. Which fields the form
 * holds, and how each converts, follows the field catalogue (src/domain/field-catalogue.ts): a field
 * placed on the form there is drafted, checked, saved and compared here without further code.
 */
import {
  RISK_FIELDS,
  blockingErrors,
  fieldsOn,
  referenceKey,
  topField,
  validateRisk,
  type FieldCatalogue,
  type FieldSpec,
  type FormPlacement,
  type RiskFieldName,
} from '../../../domain';
import type { Person, Rating, Risk, RiskMatrix } from '../../../domain/types';
import type { RiskPatch } from '../../../ports';

export type RatingDraft = { likelihood: string; impact: string };

type Catalogue = typeof RISK_FIELDS;

/** The risk fields the product's catalogue places on the form. */
export type FormFieldName = {
  [K in keyof Catalogue]: Catalogue[K]['appears'] extends { form: FormPlacement } ? K : never;
}[keyof Catalogue];

/** How the form holds a value of each kind: people as chosen, a rating as two choices, the rest as typed. */
type DraftValue<S> = S extends { kind: 'people' }
  ? Person[]
  : S extends { kind: 'rating' }
    ? RatingDraft
    : string;

export type RiskDraft = { [K in FormFieldName]: DraftValue<Catalogue[K]> } & {
  /** Not edited on the form; the register the risk is on. */
  register: string;
};

export type DraftErrors = Partial<Record<FormFieldName, string>>;

type AnyDraft = Record<string, string | Person[] | RatingDraft>;

const toDraftRating = (r: Rating | undefined): RatingDraft => ({
  likelihood: r ? String(r.likelihood) : '',
  impact: r ? String(r.impact) : '',
});

/** A stored value as the form holds it. */
function toDraftValue(spec: FieldSpec, value: unknown): string | Person[] | RatingDraft {
  switch (spec.kind) {
    case 'people':
      return (value as Person[] | undefined) ?? [];
    case 'rating':
      return toDraftRating(value as Rating | undefined);
    case 'lines':
      return ((value as string[] | undefined) ?? []).join('\n');
    case 'choice':
      return (value as string | undefined) ?? spec.fallback ?? '';
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((t) => t.trim())
    .filter(Boolean);

function ratingOf(d: RatingDraft): Rating | undefined {
  if (!d.likelihood && !d.impact) return undefined;
  return { likelihood: Number(d.likelihood), impact: Number(d.impact) };
}

/** A drafted value as the domain holds it. */
function fromDraftValue(spec: FieldSpec, value: string | Person[] | RatingDraft): unknown {
  switch (spec.kind) {
    case 'people':
      return value;
    case 'rating':
      return ratingOf(value as RatingDraft);
    case 'lines':
      return lines(value as string);
    case 'score':
    case 'number':
      return (value as string).trim() ? Number(value) : undefined;
    case 'choice':
    case 'date':
      return (value as string) || undefined;
    default:
      return spec.optional && !(value as string).trim() ? undefined : (value as string).trim();
  }
}

/** The draft for an existing risk, or an empty one for a new risk on `register`. */
export function draftFromRisk(
  risk: Risk | undefined,
  register: string,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): RiskDraft {
  const values = (risk ?? {}) as Record<string, unknown>;
  const draft: AnyDraft = { register: risk?.register ?? register };
  for (const [field, spec] of fieldsOn(catalogue, 'form')) draft[field] = toDraftValue(spec, values[field]);
  return draft as RiskDraft;
}

/** The form field a domain problem belongs to: `owners[0].name` -> `owners`, `current.impact` -> `current`. */
function draftKey(field: string): FormFieldName {
  return topField(field) as FormFieldName;
}

/** The draft as a risk the domain can check; an appetite that is not a number is the form's to explain. */
function checkable(draft: RiskDraft, catalogue: FieldCatalogue<RiskFieldName>): Risk {
  const risk = riskFromDraft(draft, undefined, catalogue);
  return Number.isFinite(risk.appetite ?? 0) ? risk : { ...risk, appetite: undefined };
}

/**
 * Field-by-field problems in words; empty when the draft can be saved. The rules are the domain's
 * (`validateRisk`: reference, lengths, ratings, appetite); the form adds only what the domain cannot
 * know: a half-typed rating, a number that is not one, and a reference another risk already uses
 * (compared by the domain's `referenceKey`: case and spacing never make a different risk).
 */
export function validateDraft(
  draft: RiskDraft,
  matrix: RiskMatrix,
  takenReferences: ReadonlySet<string>,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): DraftErrors {
  const errors: DraftErrors = {};
  const ref = draft.reference.trim();
  if (!ref) errors.reference = 'Enter a reference, for example CRR0012.';
  else if (new Set([...takenReferences].map(referenceKey)).has(referenceKey(ref)))
    errors.reference = `${ref} is already used on the ${draft.register} register; choose another reference.`;
  if (!draft.title.trim()) errors.title = 'Enter a title that says what the risk is.';
  if (!draft.owners.length) errors.owners = 'Choose at least one risk owner.';
  for (const tier of ['inherent', 'current', 'target'] as const) {
    const d = draft[tier];
    if (!!d.likelihood !== !!d.impact)
      errors[tier] = `Choose both a likelihood and an impact for the ${tier} rating, or neither.`;
  }
  if (!draft.current.likelihood) errors.current = errors.current ?? 'Rate the current (residual) risk.';
  if (draft.appetite.trim() && !Number.isFinite(Number(draft.appetite)))
    errors.appetite = `Appetite is a score on this register's matrix, for example 12.`;
  for (const e of blockingErrors(validateRisk(checkable(draft, catalogue), matrix, catalogue))) {
    const key = draftKey(e.field);
    if (key in draft && !errors[key]) errors[key] = e.message;
  }
  return errors;
}

/**
 * The domain's warnings about a draft (a target worse than the current rating, a current rating worse
 * than the inherent one), by field: shown beside the field, they do not block saving.
 */
export function draftWarnings(
  draft: RiskDraft,
  matrix: RiskMatrix,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): DraftErrors {
  const warnings: DraftErrors = {};
  for (const e of validateRisk(checkable(draft, catalogue), matrix, catalogue)) {
    if (e.severity !== 'warning') continue;
    const key = draftKey(e.field);
    if (key in draft && !warnings[key]) warnings[key] = e.message;
  }
  return warnings;
}

/** The domain risk a valid draft describes, keeping fields the form does not edit from `base`. */
export function riskFromDraft(
  draft: RiskDraft,
  base?: Risk,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): Risk {
  const values = draft as unknown as AnyDraft;
  const edited: Record<string, unknown> = {};
  for (const [field, spec] of fieldsOn(catalogue, 'form')) {
    const value = values[field];
    if (value !== undefined) edited[field] = fromDraftValue(spec, value);
  }
  return {
    controls: [],
    actions: [],
    status: 'open',
    ...base,
    ...edited,
    register: draft.register,
  } as Risk;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The names of the fields the form edits. */
function formFieldNames(catalogue: FieldCatalogue<RiskFieldName>): FormFieldName[] {
  return fieldsOn(catalogue, 'form').map(([field]) => field as FormFieldName);
}

/** Only the fields the user changed, compared with the risk as it was read. */
export function patchFromDraft(
  draft: RiskDraft,
  original: Risk,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): RiskPatch {
  const edited = riskFromDraft(draft, original, catalogue);
  const patch: Record<string, unknown> = {};
  for (const key of formFieldNames(catalogue))
    if (!same(edited[key], original[key])) patch[key] = edited[key];
  return patch as RiskPatch;
}

/** Fields someone else changed on the server since `original` was read. */
export function serverChanges(
  original: Risk,
  current: Risk,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): FormFieldName[] {
  return formFieldNames(catalogue).filter((k) => !same(original[k], current[k]));
}
