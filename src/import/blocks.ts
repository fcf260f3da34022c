/**
 * Registers pasted from a paper's per-risk blocks (Kent's corporate register, Halton's high-risk
 * report): each risk is a few rows of labels, each followed by the rows of values under those labels
 * (`Risk ID | CRR0001 | Risk Title | …`, then `Source / Cause of risk | Risk Event | … | Current
 * Likelihood`, then its values; `Control Title | Control Owner` and one row per control), separated by
 * blank rows, repeated title rows and `Business Area – …` headings. `readBlocks` turns such a sheet into
 * one row per risk under one header, which the import then reads like any table. Labels are named by
 * the same header rules as a table's (src/import/columns.ts); a label row's first cell that holds no
 * value below it (`Assessment of current risk`) names the group of the labels beside it.
 */
import { fieldForHeader } from './columns';
import { htmlToText } from './html-text';
import type { SheetGrid } from './read-file';

/** A sheet of blocks read as a table: the header row, then one row per risk with the row it starts on. */
export type BlockTable = { sheet: SheetGrid; starts: number[] };

const referenceLike = /^[A-Z]{2,6}[ -]?\d{1,5}(\.\d+)?[a-z]?$/;
const headingRe = /^(business area|directorate|service area)\s*[–—:-]\s*/i;
// A value line that carries its own label: `Target Residual Likelihood Possible (3)`, `Timescale to Target At target`.
const embedded =
  /^((?:target|current|inherent|residual)(?:\s+residual)?\s+(?:likelihood|impact|rating|score)|timescale to target)\s+(.+)$/i;

const text = (row: string[] | undefined, c: number) => htmlToText(row?.[c] ?? '').trim();
const filled = (row: string[] | undefined) => (row ?? []).map((_, c) => c).filter((c) => text(row, c) !== '');

/** `Risk ID | CRR0001 | Risk Title | Safeguarding…` (or `Risk Title Safeguarding…` in one cell). */
function inlineStart(row: string[] | undefined): { reference: string; title: string } | undefined {
  if (fieldForHeader(text(row, 0)) !== 'reference') return undefined;
  const reference = text(row, 1);
  if (!referenceLike.test(reference)) return undefined;
  const label = text(row, 2);
  const inCell = /^risk title\s+(.+)$/is.exec(label);
  const title = inCell?.[1] ?? (fieldForHeader(label) === 'title' ? text(row, 3) : '');
  return { reference, title: title.trim() };
}

/** Whether a sheet opens a risk block with `Risk ID | <reference>` in its first rows. */
export function hasInlineStart(sheet: SheetGrid): boolean {
  return sheet.rows.slice(0, 40).some((row) => inlineStart(row) !== undefined);
}

/** A row of labels: short cells, at least half of them naming a field, none a reference code. */
function isLabelRow(row: string[] | undefined): boolean {
  const cells = filled(row);
  if (cells.length === 0) return false;
  // A label carrying its value (`Target Residual Likelihood Unlikely (2)`) is a value, not a label.
  if (
    cells.some(
      (c) => text(row, c).length > 60 || referenceLike.test(text(row, c)) || embedded.test(text(row, c)),
    )
  )
    return false;
  const fields = cells.map((c) => fieldForHeader(text(row, c)));
  const named = fields.filter((f) => f !== undefined).length;
  // `Action Title | Action Owner | Planned Completion Date`: a table's title label names the row.
  return (
    named > 0 && (named * 2 >= cells.length || fields.includes('controls') || fields.includes('actions'))
  );
}

type Draft = { start: number; values: Map<string, string[]>; lists: Map<string, string[]> };

/**
 * The sheet read as a table when it is laid out in blocks (at least one risk starts with `Risk ID |
 * <reference>`, or a reference code sits under a row of labels); undefined otherwise.
 */
export function readBlocks(sheet: SheetGrid): BlockTable | undefined {
  const rows = sheet.rows;
  const order: string[] = [];
  const risks: Draft[] = [];
  let labels: { headers: Map<number, string>; list?: 'controls' | 'actions' } | undefined;
  let current: Draft | undefined;
  let directorate = '';
  let sawInline = false;
  const header = (name: string) => {
    if (!order.includes(name)) order.push(name);
    return name;
  };
  const put = (d: Draft, name: string, value: string) => {
    if (!value) return;
    const list = d.values.get(header(name)) ?? [];
    list.push(value);
    d.values.set(name, list);
  };
  const begin = (r: number, reference: string, title: string) => {
    current = { start: r + 1, values: new Map(), lists: new Map() };
    risks.push(current);
    put(current, 'Risk ID', reference);
    put(current, 'Risk Title', title);
    if (directorate) put(current, 'Directorate', directorate);
  };
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const cells = filled(row);
    if (cells.length === 0) {
      labels = undefined;
      continue;
    }
    const start = inlineStart(row);
    if (start) {
      sawInline = true;
      labels = undefined;
      begin(r, start.reference, start.title);
      continue;
    }
    if (cells.length === 1 && headingRe.test(text(row, cells[0] ?? 0))) {
      directorate = text(row, cells[0] ?? 0)
        .replace(headingRe, '')
        .trim();
      labels = undefined;
      continue;
    }
    if (isLabelRow(row)) {
      const headers = new Map<number, string>();
      const first = cells[0] ?? 0;
      const next = rows[r + 1];
      // `Assessment of current risk` over a reference: the first label names the group beside it.
      const group = cells.length > 1 && referenceLike.test(text(next, first)) ? text(row, first) : undefined;
      for (const c of cells) {
        if (group && c === first) continue;
        const label = text(row, c);
        headers.set(
          c,
          group && /(Rating|Likelihood|Impact)$/.test(fieldForHeader(label) ?? '')
            ? `${group} ${label}`
            : label,
        );
      }
      // A control or action table: its title label and only its own columns (owner, date) beside it.
      // Halton's `Risk control measure(s)` sits among the risk's own labels: there it is one cell.
      const fields = [...headers.values()].map((h) => fieldForHeader(h));
      const list = fields.find((f) => f === 'controls' || f === 'actions');
      const table = list !== undefined && fields.every((f) => f === list || f === undefined);
      labels = { headers, ...(table ? { list } : {}) };
      if (group) labels.headers.set(first, 'Risk ID');
      continue;
    }
    if (!labels) continue; // a title row repeated on a new page, or notes
    // A reference code under the labels starts a risk (Halton): the cell after it is the statement.
    const refCell = [...labels.headers].find(([, h]) => h === 'Risk ID')?.[0];
    if (refCell !== undefined && referenceLike.test(text(row, refCell))) {
      begin(r, text(row, refCell), text(row, refCell + 1));
    }
    if (!current) continue;
    const d = current;
    if (labels.list) {
      // One row of a control or action table: its text, with the owner and date as our export writes them.
      const parts: string[] = [];
      let item = '';
      for (const [c, h] of labels.headers) {
        const value = text(row, c).replace(/\s*\n\s*/g, ' ');
        if (!value) continue;
        const field = fieldForHeader(h);
        if (field === 'controls' || field === 'actions') item = value;
        else if (/\bowner\b/i.test(h)) parts.push(`Owner: ${value.replace(/\s+\/\s+/g, '; ')}`);
        else if (/\bdate\b|\bdue\b/i.test(h)) parts.push(`Due: ${value}`);
      }
      if (item) put(d, labels.list === 'controls' ? 'Controls' : 'Actions', [item, ...parts].join(' — '));
      continue;
    }
    for (const [c, h] of labels.headers) {
      if (h === 'Risk ID') continue;
      if (refCell !== undefined && c === refCell + 1 && referenceLike.test(text(row, refCell))) continue;
      const own: string[] = [];
      for (const line of htmlToText(row?.[c] ?? '').split('\n')) {
        const m = embedded.exec(line.trim());
        if (m?.[1] && m[2] && fieldForHeader(m[1]) !== fieldForHeader(h)) put(d, m[1], m[2]);
        else if (line.trim()) own.push(line.trim());
      }
      put(d, h, own.join('\n'));
    }
  }
  const groups = risks.filter((d) => d.values.has('Risk ID'));
  const underLabels = groups.length >= 1 && !sawInline ? groups.length >= 2 : sawInline;
  if (!underLabels || groups.length === 0) return undefined;
  const headerRow = order;
  const out: string[][] = [headerRow];
  for (const d of groups) out.push(headerRow.map((h) => (d.values.get(h) ?? []).join('\n')));
  return { sheet: { name: sheet.name, rows: out }, starts: groups.map((d) => d.start) };
}
