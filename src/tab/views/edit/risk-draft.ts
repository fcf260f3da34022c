/**
 * A risk being edited, as the form holds it (strings, so half-typed input survives), with the
 * checks shown beside each field and the conversion back to a domain risk.
 */
import { checkRating, maxScore, validateRisk } from '../../../domain';
import type {
  Person,
  Rating,
  ReviewFrequency,
  Risk,
  RiskMatrix,
  TreatmentOption,
} from '../../../domain/types';
import type { RiskPatch } from '../../../sharepoint/ports';

export type RatingDraft = { likelihood: string; impact: string };

export type RiskDraft = {
  reference: string;
  title: string;
  description: string;
  cause: string;
  event: string;
  consequence: string;
  register: string;
  directorate: string;
  category: string;
  owners: Person[];
  delegates: Person[];
  cabinetMembers: Person[];
  inherent: RatingDraft;
  current: RatingDraft;
  target: RatingDraft;
  appetite: string;
  reviewFrequency: ReviewFrequency;
  timescaleToTarget: string;
  treatment: TreatmentOption | '';
  triggers: string;
  /** One per line, as `triggers`. */
  aliases: string;
  linkedRisks: string;
};

export type DraftErrors = Partial<Record<keyof RiskDraft | `${'inherent' | 'current' | 'target'}`, string>>;

const toDraftRating = (r: Rating | undefined): RatingDraft => ({
  likelihood: r ? String(r.likelihood) : '',
  impact: r ? String(r.impact) : '',
});

/** The draft for an existing risk, or an empty one for a new risk on `register`. */
export function draftFromRisk(risk: Risk | undefined, register: string): RiskDraft {
  return {
    reference: risk?.reference ?? '',
    title: risk?.title ?? '',
    description: risk?.description ?? '',
    cause: risk?.cause ?? '',
    event: risk?.event ?? '',
    consequence: risk?.consequence ?? '',
    register: risk?.register ?? register,
    directorate: risk?.directorate ?? '',
    category: risk?.category ?? '',
    owners: risk?.owners ?? [],
    delegates: risk?.delegates ?? [],
    cabinetMembers: risk?.cabinetMembers ?? [],
    inherent: toDraftRating(risk?.inherent),
    current: toDraftRating(risk?.current),
    target: toDraftRating(risk?.target),
    appetite: risk?.appetite === undefined ? '' : String(risk.appetite),
    reviewFrequency: risk?.reviewFrequency ?? 'quarterly',
    timescaleToTarget: risk?.timescaleToTarget ?? '',
    treatment: risk?.treatment ?? '',
    triggers: (risk?.triggers ?? []).join('\n'),
    aliases: (risk?.aliases ?? []).join('\n'),
    linkedRisks: (risk?.linkedRisks ?? []).join('\n'),
  };
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

/** Field-by-field problems in words; empty when the draft can be saved. */
export function validateDraft(
  draft: RiskDraft,
  matrix: RiskMatrix,
  takenReferences: ReadonlySet<string>,
): DraftErrors {
  const errors: DraftErrors = {};
  const ref = draft.reference.trim();
  if (!ref) errors.reference = 'Enter a reference, for example CRR0012.';
  else if (ref.length > 50) errors.reference = 'The reference must be 50 characters or fewer.';
  else if (takenReferences.has(ref.toLowerCase()))
    errors.reference = `${ref} is already used on the ${draft.register} register; choose another reference.`;
  if (!draft.title.trim()) errors.title = 'Enter a title that says what the risk is.';
  else if (draft.title.length > 255) errors.title = 'The title must be 255 characters or fewer.';
  if (!draft.owners.length) errors.owners = 'Choose at least one risk owner.';
  for (const tier of ['inherent', 'current', 'target'] as const) {
    const d = draft[tier];
    if (!!d.likelihood !== !!d.impact) {
      errors[tier] = `Choose both a likelihood and an impact for the ${tier} rating, or neither.`;
      continue;
    }
    const rating = ratingOf(d);
    const problems = rating ? checkRating(matrix, rating, tier) : [];
    if (problems[0]) errors[tier] = problems[0].message;
  }
  if (!draft.current.likelihood) errors.current = errors.current ?? 'Rate the current (residual) risk.';
  if (draft.appetite.trim()) {
    const n = Number(draft.appetite);
    const max = maxScore(matrix);
    if (!Number.isInteger(n) || n < 1 || n > max)
      errors.appetite = `Appetite is a score on this register's matrix: a whole number from 1 to ${max}.`;
  }
  // The domain's own rules (reference format, lengths, ...) fill any field not already explained above.
  if (Object.keys(errors).length === 0) {
    for (const e of validateRisk(riskFromDraft(draft), matrix)) {
      if (e.severity === 'warning') continue;
      const key = (e.field.split(/[.[]/)[0] ?? '') as keyof DraftErrors;
      if (key in draft && !errors[key]) errors[key] = e.message;
    }
  }
  return errors;
}

/** The domain risk a valid draft describes, keeping fields the form does not edit from `base`. */
export function riskFromDraft(draft: RiskDraft, base?: Risk): Risk {
  return {
    controls: [],
    actions: [],
    status: 'open',
    ...base,
    reference: draft.reference.trim(),
    title: draft.title.trim(),
    description: draft.description.trim(),
    cause: draft.cause.trim(),
    event: draft.event.trim(),
    consequence: draft.consequence.trim(),
    register: draft.register,
    directorate: draft.directorate.trim(),
    category: draft.category.trim(),
    owners: draft.owners,
    delegates: draft.delegates,
    cabinetMembers: draft.cabinetMembers,
    inherent: ratingOf(draft.inherent),
    current: ratingOf(draft.current),
    target: ratingOf(draft.target),
    appetite: draft.appetite.trim() ? Number(draft.appetite) : undefined,
    reviewFrequency: draft.reviewFrequency,
    timescaleToTarget: draft.timescaleToTarget.trim(),
    treatment: draft.treatment || undefined,
    triggers: lines(draft.triggers),
    aliases: lines(draft.aliases),
    linkedRisks: lines(draft.linkedRisks),
  };
}

const patchKeys = [
  'reference',
  'title',
  'description',
  'cause',
  'event',
  'consequence',
  'directorate',
  'category',
  'owners',
  'delegates',
  'cabinetMembers',
  'inherent',
  'current',
  'target',
  'appetite',
  'reviewFrequency',
  'timescaleToTarget',
  'treatment',
  'triggers',
  'aliases',
  'linkedRisks',
] as const;

export type PatchKey = (typeof patchKeys)[number];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Only the fields the user changed, compared with the risk as it was read. */
export function patchFromDraft(draft: RiskDraft, original: Risk): RiskPatch {
  const edited = riskFromDraft(draft, original);
  const patch: Record<string, unknown> = {};
  for (const key of patchKeys) if (!same(edited[key], original[key])) patch[key] = edited[key];
  return patch as RiskPatch;
}

/** Fields someone else changed on the server since `original` was read. */
export function serverChanges(original: Risk, current: Risk): PatchKey[] {
  return patchKeys.filter((k) => !same(original[k], current[k]));
}
