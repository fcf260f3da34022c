/**
 * Controls and actions as cells hold them: one per list item or line. Our own export writes the details
 * after an em dash (`Title — Owner: Name <email> — Due: 2024-03-31 — Status: in progress`); council
 * sheets mostly hold titles only, sometimes with Medway's service tag (`… CSC`, `(ASC)`).
 */
import type { ActionStatus } from '../domain/types';
import { cellToList } from './html-text';
import { parsePeopleCell, type NamedPerson } from './people-text';

export type ControlText = { title: string; owners: NamedPerson[]; serviceTag?: string; order: number };

export type ActionText = {
  title: string;
  owners: NamedPerson[];
  plannedDate?: string;
  reviewDate?: string;
  status?: ActionStatus;
  progress?: number;
  progressNote?: string;
};

/** A problem with one entry of a list cell, with the entry's text so the user can find it. */
export type EntryProblem = { entry: string; message: string };

const separator = /\s+[—–]\s+(?=(?:owners?|due|review|status|progress|note|tag)\s*:)/i;
// Medway tags controls with the service that runs them; only short capitalised codes count.
const serviceTagRe = /\s+\(?((?:CSC|ASC|C&A|PH|SEND|[A-Z]{2,4}&[A-Z]{1,4}))\)?\.?$/;

function splitEntry(entry: string): { title: string; details: Map<string, string> } {
  const [title, ...rest] = entry.split(separator);
  const details = new Map<string, string>();
  for (const part of rest) {
    const colon = part.indexOf(':');
    details.set(
      part
        .slice(0, colon)
        .trim()
        .toLowerCase()
        .replace(/^owners$/, 'owner'),
      part.slice(colon + 1).trim(),
    );
  }
  return { title: (title ?? '').trim(), details };
}

/** Controls of a cell, numbered in the order they appear. */
export function parseControlsCell(text: string): ControlText[] {
  return cellToList(text).map((entry, i) => {
    const { title, details } = splitEntry(entry);
    const control: ControlText = { title, owners: parsePeopleCell(details.get('owner') ?? ''), order: i + 1 };
    const explicitTag = details.get('tag');
    if (explicitTag) {
      control.serviceTag = explicitTag;
    } else {
      // The tag is recorded, and the text stays as printed (`… caseloads. CSC`): nothing is cut from it.
      const tag = serviceTagRe.exec(title);
      if (tag?.[1] && tag.index > 0) control.serviceTag = tag[1];
    }
    return control;
  });
}

const statusWords: readonly [RegExp, ActionStatus][] = [
  [/^(not started|planned|to do)$/i, 'not-started'],
  [/^(in progress|ongoing|on track|started)$/i, 'in-progress'],
  [/^(completed?|done|closed|achieved)$/i, 'completed'],
  [/^(overdue|late|behind)$/i, 'overdue'],
  [/^(cancelled|canceled|withdrawn)$/i, 'cancelled'],
];

/** An action status word as people write it, or undefined. */
export function parseActionStatus(text: string): ActionStatus | undefined {
  const t = text.trim().replace(/-/g, ' ');
  return statusWords.find(([re]) => re.test(t))?.[1];
}

const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * A date as registers write it: ISO `2023-04-30`, UK `30/04/2023`, or Kent's month and year (`April 2023`,
 * taken as the month's last day). Undefined when the text is not a date.
 */
export function parseLooseDate(text: string): string | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const uk = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (uk) return validDate(Number(uk[3]), Number(uk[2]), Number(uk[1]));
  const my = /^([a-z]+)\.?\s+(\d{4})$/i.exec(t);
  if (my) {
    const m = months.findIndex(
      (name) => name.startsWith((my[1] ?? '').toLowerCase()) && (my[1] ?? '').length >= 3,
    );
    if (m >= 0) {
      const year = Number(my[2]);
      const last = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
      return validDate(year, m + 1, last);
    }
  }
  return undefined;
}

function validDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.toISOString().slice(0, 10);
}

/** Actions of a cell; entries whose details cannot be read are reported, not guessed. */
export function parseActionsCell(text: string): { actions: ActionText[]; problems: EntryProblem[] } {
  const actions: ActionText[] = [];
  const problems: EntryProblem[] = [];
  for (const entry of cellToList(text)) {
    const { title, details } = splitEntry(entry);
    const action: ActionText = { title, owners: parsePeopleCell(details.get('owner') ?? '') };
    const due = details.get('due');
    if (due) {
      // Kent writes `April 2023 (review)` for a review point rather than a completion date.
      const review = /\(review\)\s*$/i.test(due);
      const date = parseLooseDate(due.replace(/\(review\)\s*$/i, ''));
      if (date) action[review ? 'reviewDate' : 'plannedDate'] = date;
      else
        problems.push({
          entry: title,
          message: `due date "${due}" is not a date; write 2024-03-31, 31/03/2024 or March 2024.`,
        });
    }
    const review = details.get('review');
    if (review) {
      const date = parseLooseDate(review);
      if (date) action.reviewDate = date;
      else
        problems.push({ entry: title, message: `review date "${review}" is not a date; write 2024-03-31.` });
    }
    const status = details.get('status');
    if (status) {
      const parsed = parseActionStatus(status);
      if (parsed) action.status = parsed;
      else
        problems.push({
          entry: title,
          message: `status "${status}" is not one of not started, in progress, completed, overdue, cancelled.`,
        });
    }
    const progress = details.get('progress');
    if (progress) {
      const n = Number(progress.replace('%', '').trim());
      if (Number.isFinite(n) && n >= 0 && n <= 100) action.progress = n;
      else
        problems.push({ entry: title, message: `progress "${progress}" is not a percentage from 0 to 100.` });
    }
    const note = details.get('note');
    if (note) action.progressNote = note;
    actions.push(action);
  }
  return { actions, problems };
}
