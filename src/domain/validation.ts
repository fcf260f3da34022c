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
// ones used (the tab's first render carries this module). English messages are configured once.
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { checkRating, compareSeverity, maxScore } from './matrix';
import { toCalendarDate } from './periods';
import { MULTI_LINE_MAX, REFERENCE_PATTERN, SINGLE_LINE_MAX, referenceKey } from './reference';
import { REVIEW_FREQUENCIES } from './review-schedule';
import type { FieldError, Person, Rating, Risk, RiskMatrix } from './types';

const RISK_STATUSES = ['open', 'closed', 'merged'] as const;
const TREATMENTS = ['tolerate', 'treat', 'transfer', 'terminate'] as const;
const ACTION_STATUSES = ['not-started', 'in-progress', 'completed', 'overdue', 'cancelled'] as const;

z.config(en());

const id = z.optional(z.int());
const text = z.string();
const optionalText = z.optional(text);
const texts = z.array(text);

const person = z.object({ id, name: text, email: optionalText, jobTitle: optionalText });
const people = z.array(person);
const rating = z.object({ likelihood: z.number(), impact: z.number() });

const riskShape = z.object({
  id,
  reference: text,
  aliases: texts,
  title: text,
  description: text,
  cause: text,
  event: text,
  consequence: text,
  register: text,
  directorate: text,
  category: text,
  owners: people,
  delegates: people,
  cabinetMembers: people,
  inherent: z.optional(rating),
  current: z.optional(rating),
  target: z.optional(rating),
  appetite: z.optional(z.number()),
  triggers: texts,
  reviewFrequency: z.enum(REVIEW_FREQUENCIES as [string, ...string[]]),
  nextReviewDate: optionalText,
  timescaleToTarget: text,
  treatment: z.optional(z.enum(TREATMENTS)),
  status: z.enum(RISK_STATUSES),
  mergedInto: optionalText,
  linkedRisks: texts,
  controls: z.array(
    z.object({
      id,
      title: text,
      owners: people,
      serviceTag: optionalText,
      order: z.optional(z.number()),
    }),
  ),
  actions: z.array(
    z.object({
      id,
      title: text,
      owners: people,
      plannedDate: optionalText,
      reviewDate: optionalText,
      status: z.enum(ACTION_STATUSES),
      progress: z.optional(z.number()),
      progressNote: optionalText,
    }),
  ),
});

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
export function validateRisk(risk: Risk, matrix: RiskMatrix): FieldError[] {
  const rawReference = (risk as { reference?: unknown } | null)?.reference;
  const record = typeof rawReference === 'string' && rawReference.trim() ? rawReference.trim() : undefined;
  const shape = riskShape.safeParse(risk);
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
  requiredText(risk.title, 'title', push);
  requiredText(risk.register, 'register', push);
  for (const field of ['title', 'register', 'directorate', 'category', 'timescaleToTarget'] as const) {
    maxLength(risk[field], field, SINGLE_LINE_MAX, push);
  }
  for (const field of ['description', 'cause', 'event', 'consequence'] as const) {
    maxLength(risk[field], field, MULTI_LINE_MAX, push);
  }
  maxLength(risk.triggers.join('\n'), 'triggers', MULTI_LINE_MAX, push);
  if (risk.owners.length === 0) {
    push({
      field: 'owners',
      value: [],
      message: 'A risk needs at least one owner to review it each period; add one.',
    });
  }
  checkPeople(risk.owners, 'owners', push);
  checkPeople(risk.delegates, 'delegates', push);
  checkPeople(risk.cabinetMembers, 'cabinetMembers', push);
  checkRatings(risk, matrix, push);
  checkAppetite(risk.appetite, matrix, push);
  if (risk.nextReviewDate !== undefined) checkDate(risk.nextReviewDate, 'nextReviewDate', push);
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
  risk.controls.forEach((control, i) => {
    requiredText(control.title, `controls[${i}].title`, push);
    maxLength(control.title, `controls[${i}].title`, SINGLE_LINE_MAX, push);
    maxLength(control.serviceTag ?? '', `controls[${i}].serviceTag`, SINGLE_LINE_MAX, push);
    checkPeople(control.owners, `controls[${i}].owners`, push);
  });
  risk.actions.forEach((action, i) => {
    const at = `actions[${i}]`;
    requiredText(action.title, `${at}.title`, push);
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
    }
    maxLength(action.progressNote ?? '', `${at}.progressNote`, MULTI_LINE_MAX, push);
  });
  return errors;
}

type Push = (error: FieldError) => void;

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

function requiredText(value: string, field: string, push: Push): void {
  if (value.trim() === '') push({ field, value, message: `${field} is required.` });
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
  const { inherent, current, target } = valid;
  if (current && target && compareSeverity(matrix, target, current) > 0) {
    push({
      field: 'target',
      value: target,
      severity: 'warning',
      message:
        'The target rating is worse than the current rating; a target is where further action should take the risk. Check both.',
    });
  }
  if (inherent && current && compareSeverity(matrix, current, inherent) > 0) {
    push({
      field: 'current',
      value: current,
      severity: 'warning',
      message:
        'The current rating (after controls) is worse than the inherent rating (before controls). Check both.',
    });
  }
}

function checkAppetite(appetite: number | undefined, matrix: RiskMatrix, push: Push): void {
  if (appetite === undefined) return;
  const max = maxScore(matrix);
  if (!Number.isFinite(appetite) || appetite < 0 || appetite > max) {
    push({
      field: 'appetite',
      value: appetite,
      allowed: [`0-${max}`],
      message: `Appetite is a score on the ${matrix.name} matrix, from 0 to ${max}.`,
    });
  }
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
