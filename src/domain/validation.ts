/**
 * Validation of a risk against its register's matrix, returning every problem at once as FieldErrors
 * (field, value, what is allowed, what to do). zod checks the shape of data from untyped sources
 * (imports, list items); the rules councils care about follow as plain code.
 *
 * Severity: a target rating worse than the current one, or a current rating worse than the inherent
 * one, is a WARNING, not an error. Both are usually slips, but registers hold real cases (a risk
 * expected to grow despite action) and an import must not be blocked by them; the tab shows them.
 */
// zod/mini: the same checks as zod with functions instead of methods, so esbuild keeps only the
// ones used. English messages are configured once. The tab loads this module with its first write
// (src/sharepoint/write-checks.ts), not in its first render.
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { attainableScores, checkRating, compareSeverity, isAttainableScore } from './matrix';
import { appetiteProblems } from './appetite';
import { toCalendarDate } from './periods';
import { MULTI_LINE_MAX, REFERENCE_PATTERN, SINGLE_LINE_MAX, referenceKey } from './reference';
import {
  ACTION_FIELDS,
  CONTROL_FIELDS,
  RISK_FIELDS,
  type FieldCatalogue,
  type FieldSpec,
  type RiskFieldName,
} from './field-catalogue';
import type { Control, FieldError, Person, Rating, Risk, RiskAction, RiskMatrix } from './types';

z.config(en());

const id = z.optional(z.int());
const text = z.string();
const optionalText = z.optional(text);
const texts = z.array(text);

const person = z.object({ id, name: text, email: optionalText, jobTitle: optionalText });
const people = z.array(person);
const rating = z.object({ likelihood: z.number(), impact: z.number() });

/** The zod type of one catalogued field, from its kind. */
function shapeOf(spec: FieldSpec, children: z.ZodMiniType | undefined): z.ZodMiniType {
  switch (spec.kind) {
    case 'text':
    case 'note':
      return spec.optional ? optionalText : text;
    case 'lines':
      return spec.optional ? z.optional(texts) : texts;
    case 'people':
      return people;
    case 'rating':
      return z.optional(rating);
    case 'score':
    case 'number':
      return z.optional(z.number());
    case 'choice': {
      const values = z.enum(spec.choices as readonly [string, ...string[]]);
      return spec.fallback === undefined ? z.optional(values) : values;
    }
    case 'date':
      return optionalText;
    case 'children':
      return z.array(children ?? z.unknown());
  }
}

/** The shape of a record whose fields a catalogue describes (children: the given element shapes). */
function catalogueShape(
  catalogue: FieldCatalogue,
  children: Record<string, z.ZodMiniType> = {},
): z.ZodMiniObject {
  const shape: Record<string, z.ZodMiniType> = { id };
  for (const [field, spec] of Object.entries(catalogue)) shape[field] = shapeOf(spec, children[field]);
  return z.object(shape);
}

const riskShapes = new WeakMap<FieldCatalogue, z.ZodMiniObject>();

/** The risk shape for a catalogue, built once per catalogue. */
function riskShapeFor(catalogue: FieldCatalogue): z.ZodMiniObject {
  let shape = riskShapes.get(catalogue);
  if (!shape) {
    shape = catalogueShape(catalogue, {
      controls: catalogueShape(CONTROL_FIELDS),
      actions: catalogueShape(ACTION_FIELDS),
    });
    riskShapes.set(catalogue, shape);
  }
  return shape;
}

/** `owners[0].name` from zod's path. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Every problem with `risk` on `matrix`. Errors block saving; entries with `severity: 'warning'` are
 * advice (see the file comment). Empty when the risk is valid.
 */
export function validateRisk(
  risk: Risk,
  matrix: RiskMatrix,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): FieldError[] {
  const rawReference = (risk as { reference?: unknown } | null)?.reference;
  const record = typeof rawReference === 'string' && rawReference.trim() ? rawReference.trim() : undefined;
  const shape = riskShapeFor(catalogue).safeParse(risk);
  if (!shape.success) {
    return shape.error.issues.map((issue) => {
      const value = valueAt(risk, issue.path);
      const allowed = 'values' in issue && Array.isArray(issue.values) ? issue.values.map(String) : undefined;
      return {
        ...(record === undefined ? {} : { record }),
        field: fieldPath(issue.path) || 'risk',
        value,
        ...(allowed ? { allowed } : {}),
        message: `${fieldPath(issue.path) || 'The risk'} is missing or has the wrong type (${issue.message}).`,
      };
    });
  }
  const errors: FieldError[] = [];
  const push = (error: FieldError): void => {
    errors.push(record === undefined ? error : { record, ...error });
  };
  checkReference(risk.reference, 'reference', push, true);
  risk.aliases.forEach((alias, i) => {
    checkReference(alias, `aliases[${i}]`, push, true);
    if (referenceKey(alias) === referenceKey(risk.reference)) {
      push({
        field: `aliases[${i}]`,
        value: alias,
        message: 'An alias repeats the risk reference; remove it.',
      });
    }
  });
  checkCatalogued(risk, catalogue, push);
  checkRatings(risk, matrix, push);
  checkAppetite(risk.appetite, matrix, push);
  checkMerge(risk, push);
  risk.linkedRisks.forEach((ref, i) => {
    checkReference(ref, `linkedRisks[${i}]`, push, true);
    if (referenceKey(ref) === referenceKey(risk.reference)) {
      push({
        field: `linkedRisks[${i}]`,
        value: ref,
        message: 'A risk cannot be linked to itself; remove the link.',
      });
    }
  });
  risk.controls.forEach((control, i) => controlProblems(control, `controls[${i}]`).forEach(push));
  risk.actions.forEach((action, i) => actionProblems(action, `actions[${i}]`).forEach(push));
  return errors;
}

type Push = (error: FieldError) => void;

/**
 * Every problem with one control, its fields named under `at` (`controls[0].title`; `control.title`
 * in the control dialog). The tab's dialog, the risk's validation and the store's write all use it.
 */
export function controlProblems(control: Control, at = 'control'): FieldError[] {
  const out: FieldError[] = [];
  const push: Push = (e) => out.push(e);
  requiredText(
    control.title,
    `${at}.title`,
    push,
    'Describe the control, for example "Monthly caseload audit".',
  );
  maxLength(control.title, `${at}.title`, SINGLE_LINE_MAX, push);
  maxLength(control.serviceTag ?? '', `${at}.serviceTag`, SINGLE_LINE_MAX, push);
  checkPeople(control.owners, `${at}.owners`, push);
  return out;
}

/** Every problem with one action (see `controlProblems`); a completed action under 100% is advice. */
export function actionProblems(action: RiskAction, at = 'action'): FieldError[] {
  const out: FieldError[] = [];
  const push: Push = (e) => out.push(e);
  requiredText(
    action.title,
    `${at}.title`,
    push,
    'Describe the action, for example "Recruit two social workers".',
  );
  maxLength(action.title, `${at}.title`, SINGLE_LINE_MAX, push);
  checkPeople(action.owners, `${at}.owners`, push);
  if (action.plannedDate !== undefined) checkDate(action.plannedDate, `${at}.plannedDate`, push);
  if (action.reviewDate !== undefined) checkDate(action.reviewDate, `${at}.reviewDate`, push);
  if (
    action.progress !== undefined &&
    !(Number.isInteger(action.progress) && action.progress >= 0 && action.progress <= 100)
  ) {
    push({
      field: `${at}.progress`,
      value: action.progress,
      allowed: ['0-100'],
      message: 'Progress is a whole percentage, 0 to 100.',
    });
  } else if (action.status === 'completed' && action.progress !== undefined && action.progress < 100) {
    push({
      field: `${at}.progress`,
      value: action.progress,
      severity: 'warning',
      message: 'A completed action is usually 100% complete; set progress to 100 or choose another status.',
    });
  }
  maxLength(action.progressNote ?? '', `${at}.progressNote`, MULTI_LINE_MAX, push);
  return out;
}

/**
 * Fields with rules of their own below: references (and lists of them), the merge link, ratings and
 * appetite. Every other field is checked by its kind.
 */
const OWN_RULES: ReadonlySet<string> = new Set<RiskFieldName>([
  'reference',
  'aliases',
  'linkedRisks',
  'mergedInto',
  'appetite',
  'inherent',
  'current',
  'target',
  'inherentScoreOnly',
  'currentScoreOnly',
  'targetScoreOnly',
  'controls',
  'actions',
]);

/** Required values, SharePoint's lengths, people and dates, for every field checked by its kind. */
function checkCatalogued(risk: Risk, catalogue: FieldCatalogue, push: Push): void {
  const values = risk as unknown as Record<string, unknown>;
  for (const [field, spec] of Object.entries(catalogue)) {
    if (OWN_RULES.has(field)) continue;
    const value = values[field];
    switch (spec.kind) {
      case 'text':
      case 'note':
        if (typeof value !== 'string') break;
        if (spec.required) requiredText(value, field, push);
        maxLength(value, field, spec.kind === 'text' ? SINGLE_LINE_MAX : MULTI_LINE_MAX, push);
        break;
      case 'lines':
        maxLength(((value as string[] | undefined) ?? []).join('\n'), field, MULTI_LINE_MAX, push);
        break;
      case 'people':
        // An owner the import could not match to a site user is kept as printed (`ownersToConfirm`).
        if (
          spec.required &&
          (value as Person[]).length === 0 &&
          !(field === 'owners' && (risk.ownersToConfirm ?? []).length > 0)
        ) {
          push({ field, value: [], message: spec.requiredMessage ?? `${field} needs at least one person.` });
        }
        checkPeople(value as Person[], field, push);
        break;
      case 'date':
        if (value !== undefined) checkDate(value as string, field, push);
        break;
      default:
        break;
    }
  }
}

/**
 * The one reference rule (a risk's reference, its aliases, links and merge target): not empty, at most
 * SharePoint's 255 characters, letters and digits with inner spaces, dots, slashes, dashes or underscores.
 */
export function referenceProblems(value: string, field = 'reference'): FieldError[] {
  const out: FieldError[] = [];
  checkReference(value, field, (e) => out.push(e), true);
  return out;
}

function checkReference(value: string, field: string, push: Push, required: boolean): void {
  if (value.trim() === '') {
    if (required)
      push({ field, value, message: `${field} is empty; give a reference such as CRR0001 or SR 7.2.` });
    return;
  }
  if (value.length > SINGLE_LINE_MAX) {
    push({
      field,
      value,
      allowed: [`at most ${SINGLE_LINE_MAX} characters`],
      message: `${field} is ${value.length} characters long; SharePoint allows ${SINGLE_LINE_MAX}.`,
    });
  } else if (!REFERENCE_PATTERN.test(value)) {
    push({
      field,
      value,
      allowed: [
        'letters and digits, with inner spaces, dots, slashes, dashes or underscores, e.g. CRR0001, SR 7.2, DR02b',
      ],
      message: `"${value}" is not a reference; put former references such as (PH09) in aliases.`,
    });
  }
}

function requiredText(value: string, field: string, push: Push, message = `${field} is required.`): void {
  if (value.trim() === '') push({ field, value, message });
}

function maxLength(value: string, field: string, max: number, push: Push): void {
  if (value.length > max) {
    push({
      field,
      value: `${value.slice(0, 40)}…`,
      allowed: [`at most ${max} characters`],
      message: `${field} is ${value.length} characters long; SharePoint holds at most ${max}. Shorten it.`,
    });
  }
}

function checkPeople(people: Person[], field: string, push: Push): void {
  people.forEach((p, i) => {
    if (p.name.trim() === '')
      push({ field: `${field}[${i}].name`, value: p.name, message: 'A person needs a name.' });
    maxLength(p.name, `${field}[${i}].name`, SINGLE_LINE_MAX, push);
    if (p.email !== undefined && p.email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.email)) {
      push({
        field: `${field}[${i}].email`,
        value: p.email,
        message: `"${p.email}" is not an email address.`,
      });
    }
  });
}

function checkDate(value: string, field: string, push: Push): void {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || toCalendarDate(value) === undefined) {
    push({
      field,
      value,
      allowed: ['yyyy-mm-dd'],
      message: `"${value}" is not a date; write it as yyyy-mm-dd.`,
    });
  }
}

function checkRatings(risk: Risk, matrix: RiskMatrix, push: Push): void {
  const valid: Partial<Record<'inherent' | 'current' | 'target', Rating>> = {};
  for (const tier of ['inherent', 'current', 'target'] as const) {
    const r = risk[tier];
    if (!r) continue;
    const errors = checkRating(matrix, r, tier);
    errors.forEach(push);
    if (errors.length === 0) valid[tier] = r;
  }
  for (const tier of ['inherent', 'current', 'target'] as const) {
    const score = risk[`${tier}ScoreOnly`];
    if (score === undefined) continue;
    const field = `${tier}ScoreOnly`;
    if (risk[tier]) {
      push({
        field,
        value: score,
        message: `The ${tier} rating has a cell and a score without a cell; keep the cell and clear the score.`,
      });
    } else if (!Number.isInteger(score) || !isAttainableScore(matrix, score)) {
      push({
        field,
        value: score,
        allowed: attainableScores(matrix).map(String),
        message: `The ${tier} score ${String(score)} is no cell's score on the ${matrix.name} matrix; give a score some cell has.`,
      });
    }
  }
  ratingWarnings(valid, matrix).forEach(push);
}

/**
 * The advice on a risk's three ratings (each already on `matrix`): a target worse than the current
 * rating, a current rating worse than the inherent one. The tab's form, the import dry run and the
 * owner's recorded card all show these.
 */
export function ratingWarnings(
  ratings: Partial<Record<'inherent' | 'current' | 'target', Rating>>,
  matrix: RiskMatrix,
): FieldError[] {
  const { inherent, current, target } = ratings;
  const warnings: FieldError[] = [];
  if (current && target && compareSeverity(matrix, target, current) > 0) {
    warnings.push({
      field: 'target',
      value: target,
      severity: 'warning',
      message:
        'The target rating is worse than the current rating; a target is where further action should take the risk. Check both.',
    });
  }
  if (inherent && current && compareSeverity(matrix, current, inherent) > 0) {
    warnings.push({
      field: 'current',
      value: current,
      severity: 'warning',
      message:
        'The current rating (after controls) is worse than the inherent rating (before controls). Check both.',
    });
  }
  return warnings;
}

function checkAppetite(appetite: number | undefined, matrix: RiskMatrix, push: Push): void {
  appetiteProblems(appetite, matrix).forEach(push);
}

function checkMerge(risk: Risk, push: Push): void {
  const into = risk.mergedInto?.trim() ?? '';
  if (risk.status === 'merged') {
    if (into === '') {
      push({
        field: 'mergedInto',
        value: risk.mergedInto,
        message: 'A merged risk must name the risk it was merged into.',
      });
      return;
    }
    checkReference(into, 'mergedInto', push, true);
    if (referenceKey(into) === referenceKey(risk.reference)) {
      push({ field: 'mergedInto', value: into, message: 'A risk cannot be merged into itself.' });
    }
  } else if (into !== '') {
    push({
      field: 'mergedInto',
      value: into,
      allowed: ['empty unless status is merged'],
      message: `The risk is ${risk.status} but names ${into} as merged-into; set status to merged or clear it.`,
    });
  }
}

/** The top-level field a problem is about: `owners[0].name` -> `owners`, `current.impact` -> `current`. */
export function topField(field: string): string {
  return field.split(/[.[]/)[0] ?? '';
}

/** The fields of a record that hold a value (not empty text, an empty list or absent): what a create writes. */
export function filledFields(record: object): Set<string> {
  const filled = new Set<string>();
  for (const [field, value] of Object.entries(record)) {
    const empty =
      value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (!empty) filled.add(field);
  }
  return filled;
}

/**
 * The problems about the given fields only. A write is checked on what it writes: a patch on its
 * fields, so a risk stored before a rule existed can still be closed; a create or an import row on the
 * fields it fills, so a summary sheet without owners imports as it always has.
 */
export function problemsIn(errors: FieldError[], fields: ReadonlySet<string>): FieldError[] {
  return errors.filter((e) => fields.has(topField(e.field)));
}
