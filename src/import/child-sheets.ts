/**
 * A sheet of controls and actions keyed by risk reference, beside the risks sheet (Kent's `Controls and
 * Actions`: Risk ID, Type, Title, Owner, Planned Completion Date; Medway's `Controls and actions`: Risk
 * Ref, Type, Control / action, Service). Each row is one control or one action of the risk its
 * reference names; the importer adds them to that risk, whether the risk is in the same file or already
 * in the register (a workbook saved as one CSV per sheet is imported a sheet at a time).
 */
import type { Control, RiskAction } from '../domain/types';
import { htmlToText } from './html-text';
import { columnLetter, type ImportIssue } from './issues';
import { parseActionStatus, parseLooseDate } from './list-text';
import { fieldForHeader, normaliseHeader } from './columns';
import { parsePeopleCell, toPerson, type NamedPerson } from './people-text';
import { shortTitle, tooLongForTitle } from './long-text';
import type { SheetGrid } from './read-file';

export type ChildRow = {
  sheet: string;
  /** 1-based row number. */
  row: number;
  reference: string;
  kind: 'control' | 'action';
  text: string;
  owners: NamedPerson[];
  /** Where the text is, for messages. */
  cell: string;
  header: string;
  serviceTag?: string;
  plannedDate?: string;
  reviewDate?: string;
  status?: ReturnType<typeof parseActionStatus>;
  /** The whole text when a `Full text` column gives it apart from the title (our own export). */
  detail?: string;
  /** A control's number, from an `Order` column. */
  order?: number;
  progress?: number;
  progressNote?: string;
};

export type ChildSheet = { sheet: string; headerRow: number; rows: ChildRow[]; issues: ImportIssue[] };

type Columns = {
  reference: number;
  type: number;
  text: number;
  owner?: number;
  date?: number;
  service?: number;
  status?: number;
  detail?: number;
  review?: number;
  order?: number;
  progress?: number;
  note?: number;
};

const depth = 20;

/** The columns of a controls-and-actions header row, or undefined when the row is not one. */
function childColumns(row: string[]): Columns | undefined {
  const names = row.map((h) => normaliseHeader(h));
  const reference = row.findIndex((h) => fieldForHeader(h) === 'reference');
  const type = names.findIndex((h) => /^(type|record type|item type|control or action|kind)$/.test(h));
  if (reference < 0 || type < 0) return undefined;
  const pick = (re: RegExp) => names.findIndex((h, i) => i !== reference && i !== type && re.test(h));
  const text = pick(/\b(title|control|action|description|text|detail|measure)\b/);
  if (text < 0) return undefined;
  const found = (n: number) => (n >= 0 ? n : undefined);
  const owner = found(pick(/\bowners?\b|\blead\b|\bresponsible\b/));
  const date = found(pick(/\bdate\b|\bdue\b|\bcompletion\b|\bdeadline\b/));
  const service = found(pick(/\bservice\b|\btag\b/));
  const status = found(pick(/\bstatus\b/));
  // Our own export's columns: the full text beside the title, a review date beside the due date, and
  // a control's number and an action's progress.
  const other = (re: RegExp, not: (number | undefined)[]) =>
    found(names.findIndex((h, i) => ![reference, type, text, ...not].includes(i) && re.test(h)));
  const optional = {
    detail: other(/^(full text|details?)$/, []),
    review: other(/^review( date)?$/, [date]),
    order: other(/^(order|no|number)$/, []),
    progress: other(/^progress( percent)?$/, []),
    note: other(/^(progress )?notes?$/, []),
  };
  const columns: Columns = { reference, type, text };
  for (const [key, index] of Object.entries({ owner, date, service, status, ...optional }))
    if (index !== undefined) columns[key as keyof typeof optional] = index;
  return columns;
}

function kindOf(text: string): 'control' | 'action' | undefined {
  const t = text.trim().toLowerCase();
  if (/^(existing |current |key )?controls?$/.test(t)) return 'control';
  if (/^(further |planned )?actions?$/.test(t)) return 'action';
  return undefined;
}

/** The header row of a controls-and-actions sheet: a reference column and a Type column of Control / Action. */
function findHeader(sheet: SheetGrid): { index: number; columns: Columns } | undefined {
  for (let r = 0; r < Math.min(depth, sheet.rows.length); r++) {
    const columns = childColumns(sheet.rows[r] ?? []);
    if (!columns) continue;
    const types = sheet.rows
      .slice(r + 1)
      .map((row) => (row[columns.type] ?? '').trim())
      .filter(Boolean);
    if (types.length > 0 && types.filter((t) => kindOf(t)).length / types.length >= 0.8)
      return { index: r, columns };
  }
  return undefined;
}

/** Whether a sheet is a controls-and-actions sheet rather than a sheet of risks. */
export function isChildSheet(sheet: SheetGrid): boolean {
  return findHeader(sheet) !== undefined;
}

/** The rows of a controls-and-actions sheet, or undefined when the sheet is not one. */
export function readChildSheet(sheet: SheetGrid): ChildSheet | undefined {
  const found = findHeader(sheet);
  if (!found) return undefined;
  const { index, columns } = found;
  const header = sheet.rows[index] ?? [];
  const rows: ChildRow[] = [];
  const issues: ImportIssue[] = [];
  const at = (c: number, r: number) => ({
    sheet: sheet.name,
    row: r,
    column: columnLetter(c),
    cell: `${columnLetter(c)}${r}`,
    header: (header[c] ?? '').trim(),
  });
  for (let r = index + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r] ?? [];
    const get = (c: number | undefined) => (c === undefined ? '' : htmlToText(cells[c] ?? ''));
    const text = get(columns.text);
    const reference = get(columns.reference).replace(/\s+/g, ' ');
    const typeText = get(columns.type);
    if (!text && !reference && !typeText) continue;
    const rowNo = r + 1;
    const kind = kindOf(typeText);
    if (!reference || !kind || !text) {
      const [col, what] = !reference
        ? [columns.reference, 'has no risk reference; write the reference of the risk it belongs to']
        : !kind
          ? [columns.type, `says "${typeText}" where Control or Action belongs`]
          : [columns.text, 'has no text'];
      issues.push({
        ...at(col, rowNo),
        field: 'controls',
        value: get(col),
        message: `Row ${rowNo} of sheet "${sheet.name}" ${what}; it is not imported.`,
        severity: 'warning',
      });
      continue;
    }
    const row: ChildRow = {
      sheet: sheet.name,
      row: rowNo,
      reference,
      kind,
      text,
      owners: parsePeopleCell(get(columns.owner)),
      cell: at(columns.text, rowNo).cell,
      header: at(columns.text, rowNo).header,
    };
    const service = get(columns.service);
    if (service) row.serviceTag = service;
    const dateText = get(columns.date);
    if (dateText) {
      const review = /\(review\)\s*$/i.test(dateText);
      const date = parseLooseDate(dateText.replace(/\(review\)\s*$/i, ''));
      if (date) row[review ? 'reviewDate' : 'plannedDate'] = date;
      else
        issues.push({
          ...at(columns.date ?? 0, rowNo),
          field: 'actions',
          value: dateText,
          message: `Row ${rowNo} of sheet "${sheet.name}": "${dateText}" is not a date (write 2024-03-31, 31/03/2024 or March 2024); the ${kind} is imported without it.`,
          severity: 'warning',
        });
    }
    const status = parseActionStatus(get(columns.status));
    if (status) row.status = status;
    const detail = get(columns.detail);
    if (detail && detail !== text) row.detail = detail;
    const reviewText = get(columns.review);
    const review = reviewText ? parseLooseDate(reviewText) : undefined;
    if (review) row.reviewDate = review;
    const order = Number(get(columns.order));
    if (get(columns.order) && Number.isInteger(order)) row.order = order;
    const progress = Number(get(columns.progress).replace('%', ''));
    if (get(columns.progress) && Number.isFinite(progress) && progress >= 0 && progress <= 100)
      row.progress = progress;
    const note = get(columns.note);
    if (note) row.progressNote = note;
    const unread = [
      [columns.review, reviewText && !review, 'is not a date (write 2024-03-31)'],
      [columns.order, get(columns.order) && row.order === undefined, 'is not a whole number'],
      [
        columns.progress,
        get(columns.progress) && row.progress === undefined,
        'is not a percentage from 0 to 100',
      ],
    ] as const;
    for (const [col, bad, what] of unread)
      if (col !== undefined && bad)
        issues.push({
          ...at(col, rowNo),
          field: `${kind}s`,
          value: get(col),
          message: `Row ${rowNo} of sheet "${sheet.name}": "${get(col)}" ${what}; the ${kind} is imported without it.`,
          severity: 'warning',
        });
    rows.push(row);
  }
  return { sheet: sheet.name, headerRow: index + 1, rows, issues };
}

/**
 * The control a controls-and-actions row describes (owners as named, not yet site users): a text longer
 * than a title may be gets a short title and keeps the whole text, unless the sheet gives both.
 */
export function childControl(row: ChildRow, order: number): Control {
  return {
    ...childText(row),
    owners: row.owners.map(toPerson),
    order: row.order ?? order,
    ...(row.serviceTag ? { serviceTag: row.serviceTag } : {}),
  };
}

/** The action a controls-and-actions row describes (see `childControl`). */
export function childAction(row: ChildRow): RiskAction {
  return {
    ...childText(row),
    owners: row.owners.map(toPerson),
    status: row.status ?? 'not-started',
    ...(row.plannedDate ? { plannedDate: row.plannedDate } : {}),
    ...(row.reviewDate ? { reviewDate: row.reviewDate } : {}),
    ...(row.progress !== undefined ? { progress: row.progress } : {}),
    ...(row.progressNote ? { progressNote: row.progressNote } : {}),
  };
}

function childText(row: ChildRow): { title: string; detail?: string } {
  if (row.detail) return { title: shortTitle(row.text), detail: row.detail };
  return { title: shortTitle(row.text), ...(tooLongForTitle(row.text) ? { detail: row.text } : {}) };
}
