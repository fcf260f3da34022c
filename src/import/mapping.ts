/**
 * Finds the header row (papers put titles, keys and matrices above it) and proposes which column holds
 * which field. The proposal is a plain object the user can correct; the rest of the import only reads
 * the mapping it is given.
 */
import type { Result } from '../domain/types';
import { RISK_FIELDS, type FieldCatalogue, type RiskFieldName } from '../domain/field-catalogue';
import { tierOfBlock } from '../domain/tiers';
import { fieldForHeader, fieldLabel, type ImportField } from './columns';
import { columnLetter, type ImportIssue } from './issues';
import type { SheetGrid } from './read-file';
import { isChildSheet, readChildSheet } from './child-sheets';
import { hasInlineStart, readBlocks } from './blocks';
import type { ReadFile } from './read-file';

/** Which sheet, which row holds the headers, and which 0-based column each field comes from. */
export type ColumnMapping = {
  sheet: string;
  /** 1-based row number of the header row. */
  headerRow: number;
  columns: Partial<Record<ImportField, number>>;
};

export type HeaderCell = {
  /** 0-based column index. */
  index: number;
  letter: string;
  text: string;
  /** The field the header was matched to, if any. */
  field?: ImportField;
  /** Set when another column already took this field; the first one wins. */
  duplicateOf?: string;
  /** How a duplicate header name was resolved by the column's content, for the dry run to report. */
  resolvedBy?: string;
};

export type MappingSuggestion = {
  mapping: ColumnMapping;
  headers: HeaderCell[];
  /** Fields no header named; the user may still map them. */
  unmapped: ImportField[];
  /**
   * What the suggestion decided that the user should know: a header of two rows, duplicate header
   * names told apart by their content, a second column of the same name left unread.
   */
  notes: string[];
};

/** Rows searched for headers: council papers rarely put more than a title block above the table. */
const headerSearchDepth = 40;

type Candidate = {
  sheet: SheetGrid;
  rowIndex: number;
  headers: HeaderCell[];
  score: number;
  /** Set when the header is two rows: the group row above the row of names (`Risk rating` over `Inherent`). */
  groupRow?: number;
};

/** The fields a header row names once (a duplicate counts once). */
function fieldCount(headers: HeaderCell[]): Set<ImportField | undefined> {
  return new Set(headers.filter((h) => h.field && !h.duplicateOf).map((h) => h.field));
}

/**
 * The texts of a header printed over two rows: a group label in the upper row, merged over the columns
 * below it (Excel keeps the text in the first cell of the merge), goes before each name under it:
 * `Risk rating` + `Inherent risk`, `Assessment of current risk` + `Impact (Severity)`, `Residual` +
 * `Score`. Undefined when the upper row is not such a group row (nothing in it spans names below).
 */
export function twoRowHeader(upper: string[], lower: string[]): string[] | undefined {
  const width = Math.max(upper.length, lower.length);
  const text = (row: string[], c: number) => (row[c] ?? '').trim();
  // Without the merge ranges (a CSV has none) a group is known by what it holds: the parts of a rating
  // (impact, likelihood, score, or the tiers under `Risk rating`). It ends at the first other column.
  const isPart = (c: number) => /(Rating|Likelihood|Impact)$/.test(fieldForHeader(text(lower, c)) ?? '');
  let spans = 0;
  const out: string[] = [];
  let group = '';
  for (let c = 0; c < width; c++) {
    const top = text(upper, c);
    const bottom = text(lower, c);
    if (top) group = top.length <= 60 ? top : '';
    if (!isPart(c)) group = '';
    if (top && group && !text(upper, c + 1) && isPart(c + 1)) spans++;
    out.push(bottom ? (group ? `${group} ${bottom}` : bottom) : top);
  }
  return spans > 0 ? out : undefined;
}

/** Proposes a mapping for the sheet whose header row names the most fields. */
export function suggestMapping(
  sheets: SheetGrid[],
  preferredSheet?: string,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): Result<MappingSuggestion, ImportIssue[]> {
  const pool = preferredSheet ? sheets.filter((s) => s.name === preferredSheet) : sheets;
  let best: Candidate | undefined;
  for (const sheet of pool) {
    if (!preferredSheet && isChildSheet(sheet)) continue;
    for (let r = 0; r < Math.min(sheet.rows.length, headerSearchDepth); r++) {
      const row = sheet.rows[r] ?? [];
      const single = matchHeaders(row, catalogue, sheet.rows.slice(r + 1));
      const options: Candidate[] = [{ sheet, rowIndex: r, headers: single, score: fieldCount(single).size }];
      // A header of two rows: a group row above (r - 1, r) or the names below (r, r + 1).
      for (const [top, bottom] of [
        [r - 1, r],
        [r, r + 1],
      ] as const) {
        if (top < 0 || bottom >= sheet.rows.length) continue;
        const texts = twoRowHeader(sheet.rows[top] ?? [], sheet.rows[bottom] ?? []);
        if (!texts) continue;
        const headers = matchHeaders(texts, catalogue, sheet.rows.slice(bottom + 1));
        const score = fieldCount(headers).size;
        // Only a strictly better reading: a title row over the header is not a group row.
        if (score > (options[0]?.score ?? 0))
          options.push({ sheet, rowIndex: bottom, headers, score, groupRow: top });
      }
      for (const o of options) {
        const fields = fieldCount(o.headers);
        if (!fields.has('reference') && !fields.has('title')) continue;
        if (o.score >= 2 && (!best || o.score > best.score)) best = o;
      }
    }
  }
  if (!best) {
    // A file of controls and actions alone (a workbook's second sheet saved as CSV): its rows join the
    // register's risks by reference.
    const children = pool.map((sheet) => ({ sheet, read: readChildSheet(sheet) })).find((c) => c.read);
    if (children?.read)
      return {
        ok: true,
        value: {
          mapping: { sheet: children.sheet.name, headerRow: children.read.headerRow, columns: {} },
          headers: [],
          unmapped: [],
          notes: [
            `Sheet "${children.sheet.name}" lists controls and actions by risk reference (header row ${children.read.headerRow}); each is added to the risk with that reference.`,
          ],
        },
      };
    const where = preferredSheet ? `sheet "${preferredSheet}"` : 'any sheet';
    return {
      ok: false,
      errors: [
        {
          field: 'headers',
          value: preferredSheet ?? '',
          message:
            `No header row was found in ${where} within the first ${headerSearchDepth} rows: a header row needs a ` +
            'reference or title column (e.g. "Risk Ref", "Risk Title") and at least one other known column. ' +
            'Choose the header row and columns yourself.',
        },
      ],
    };
  }
  return { ok: true, value: suggestionFor(best, sheets) };
}

function suggestionFor(best: Candidate, sheets: SheetGrid[] = []): MappingSuggestion {
  const columns: Partial<Record<ImportField, number>> = {};
  for (const h of best.headers) if (h.field && !h.duplicateOf) columns[h.field] = h.index;
  const mapping: ColumnMapping = { sheet: best.sheet.name, headerRow: best.rowIndex + 1, columns };
  const notes: string[] = [];
  if (best.groupRow !== undefined)
    notes.push(
      `Sheet "${best.sheet.name}": the header is rows ${best.groupRow + 1}-${best.rowIndex + 1} (group names over column names).`,
    );
  for (const other of sheets.filter((s) => s !== best.sheet)) {
    const read = readChildSheet(other);
    if (read)
      notes.push(
        `Sheet "${other.name}" lists controls and actions by risk reference (header row ${read.headerRow}); they are imported with their risks.`,
      );
  }
  for (const h of best.headers) {
    if (h.resolvedBy)
      notes.push(`Sheet "${best.sheet.name}" column ${h.letter} ("${h.text}"): ${h.resolvedBy}`);
    else if (h.duplicateOf)
      notes.push(
        `Sheet "${best.sheet.name}" column ${h.letter} ("${h.text}") is not read: ${h.duplicateOf} already gives ${fieldLabel(h.field as ImportField)}. Map it with --map if it holds something else.`,
      );
  }
  return { mapping, headers: best.headers, unmapped: unmappedFields(columns), notes };
}

/**
 * The suggestion for a header row the user chose (`--header-row`, the wizard's row picker): its columns
 * mapped as `suggestMapping` would map them, a group row above it included.
 */
export function suggestForRow(
  sheet: SheetGrid,
  headerRow: number,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): MappingSuggestion {
  const r = headerRow - 1;
  const below = sheet.rows.slice(r + 1);
  const single = matchHeaders(sheet.rows[r] ?? [], catalogue, below);
  let best: Candidate = { sheet, rowIndex: r, headers: single, score: fieldCount(single).size };
  const texts = r > 0 ? twoRowHeader(sheet.rows[r - 1] ?? [], sheet.rows[r] ?? []) : undefined;
  if (texts) {
    const headers = matchHeaders(texts, catalogue, below);
    const score = fieldCount(headers).size;
    if (score > best.score) best = { sheet, rowIndex: r, headers, score, groupRow: r - 1 };
  }
  return suggestionFor(best);
}

/**
 * The file with each sheet laid out in per-risk blocks (a paper's blocks pasted into Excel, see
 * blocks.ts) read as one row per risk, and a note for each. A sheet is read as blocks only when it opens
 * a risk with `Risk ID | <reference>` or no header row is found in it: a table is never taken apart.
 */
export function readBlockSheets(file: ReadFile): { file: ReadFile; notes: string[] } {
  const notes: string[] = [];
  const sheets = file.sheets.map((sheet) => {
    if (isChildSheet(sheet)) return sheet;
    if (!hasInlineStart(sheet) && suggestMapping([sheet]).ok) return sheet;
    const blocks = readBlocks(sheet);
    if (!blocks) return sheet;
    notes.push(
      `Sheet "${sheet.name}" holds one block of rows per risk; it was read as one row per risk (risks starting on rows ${blocks.starts.join(', ')}). Row numbers in the messages below count those risks, from row 2.`,
    );
    return blocks.sheet;
  });
  return { file: { ...file, sheets }, notes };
}

/** Headers of a chosen row with the field each one suggests, for a mapping screen after the user picks a row. */
export function headersOf(sheet: SheetGrid, headerRow: number): HeaderCell[] {
  return suggestForRow(sheet, headerRow).headers;
}

function unmappedFields(columns: Partial<Record<ImportField, number>>): ImportField[] {
  const all: ImportField[] = [
    'reference',
    'title',
    'owners',
    'currentRating',
    'inherentRating',
    'targetRating',
  ];
  return all.filter((f) => columns[f] === undefined);
}

function matchHeaders(
  row: string[],
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
  below: string[][] = [],
): HeaderCell[] {
  const cells = row.map((text, index) => ({
    index,
    text: text.trim(),
    raw: fieldForHeader(text, catalogue),
  }));
  // One rule for tiers, the domain's (src/domain/tiers.ts): where a sheet prints an assessment of
  // the "current" risk before its control measures and a "Residual" one after them (Halton), the first
  // is the inherent rating (before controls) and the residual one the current rating.
  for (const part of ['Rating', 'Likelihood', 'Impact'] as const) {
    const current = cells.filter((c) => c.raw === `current${part}`);
    const residual = current.filter((c) => /\bresidual\b/i.test(c.text));
    const assessed = current.filter((c) => !/\bresidual\b/i.test(c.text));
    if (residual.length > 0 && assessed.length > 0 && !cells.some((c) => c.raw === `inherent${part}`))
      for (const c of assessed)
        if (tierOfBlock(c.text, c.index < (residual[0]?.index ?? 0)) === 'inherent')
          c.raw = `inherent${part}`;
  }
  // An untiered `Impact (Severity)` or `Score (I x L)` is the current rating unless the row also has a
  // current (residual) column of the same kind: then, as in Halton's paper, it is the assessment before
  // the control measures, i.e. inherent.
  const tiered = new Set(cells.map((c) => c.raw).filter((f) => f !== undefined && !f.startsWith('untiered')));
  const taken = new Map<ImportField, string>();
  const headers = cells.map((c): HeaderCell => {
    const base: HeaderCell = { index: c.index, letter: columnLetter(c.index), text: c.text };
    if (!c.raw || !c.text) return base;
    const part = c.raw.replace('untiered', '');
    const field = (
      c.raw.startsWith('untiered')
        ? tiered.has(`current${part}` as ImportField)
          ? `inherent${part}`
          : `current${part}`
        : c.raw
    ) as ImportField;
    const first = taken.get(field);
    if (first !== undefined) return { ...base, field, duplicateOf: first };
    taken.set(field, `${base.letter} (${c.text})`);
    return { ...base, field };
  });
  return resolveDuplicates(headers, below);
}

/**
 * Two columns with the same name (Cambridgeshire's `Risk`, `Risk`: a number, then the title) are told
 * apart by what they hold: the one whose cells are short references is the reference, when no other
 * column is. Otherwise the second is left unread and the suggestion says so.
 */
function resolveDuplicates(headers: HeaderCell[], below: string[][]): HeaderCell[] {
  const hasReference = headers.some((h) => h.field === 'reference' && !h.duplicateOf);
  if (hasReference) return headers;
  const titles = headers.filter((h) => h.field === 'title');
  if (titles.length < 2) return headers;
  const refLike = titles.find((h) => looksLikeReferences(below.map((row) => row[h.index] ?? '')));
  if (!refLike) return headers;
  const others = titles.filter((h) => h !== refLike);
  const title = others[0];
  return headers.map((h) => {
    if (h === refLike) {
      const rest: HeaderCell = { index: h.index, letter: h.letter, text: h.text, field: 'reference' };
      return {
        ...rest,
        resolvedBy: `two columns are headed "${h.text}"; this one holds short codes, so it is the reference${title ? ` and column ${title.letter} the title` : ''}.`,
      };
    }
    if (h === title) {
      const rest: HeaderCell = { index: h.index, letter: h.letter, text: h.text, field: 'title' };
      return rest;
    }
    return h;
  });
}

/** Whether most filled cells of a column are short references (`1`, `CRR0001`, `SR 7.2`). */
function looksLikeReferences(values: string[]): boolean {
  const filled = values
    .map((v) => v.trim())
    .filter(Boolean)
    .slice(0, 30);
  if (filled.length === 0) return false;
  const refs = filled.filter((v) => v.length <= 16 && /^[A-Za-z]{0,6}[ .-]?\d+([.\-/]\d+)*[a-z]?$/.test(v));
  return refs.length / filled.length >= 0.6;
}

/**
 * Checks a (possibly user-edited) mapping against the file: the sheet and header row exist, columns are
 * inside the sheet, no column is used twice, and a reference column is mapped (updates match on it).
 */
export function checkMapping(sheets: SheetGrid[], mapping: ColumnMapping): ImportIssue[] {
  const sheet = sheets.find((s) => s.name === mapping.sheet);
  if (!sheet) {
    return [
      {
        field: 'mapping.sheet',
        value: mapping.sheet,
        allowed: sheets.map((s) => s.name),
        message: `The file has no sheet "${mapping.sheet}"; choose one of its sheets.`,
      },
    ];
  }
  const issues: ImportIssue[] = [];
  if (
    !Number.isInteger(mapping.headerRow) ||
    mapping.headerRow < 1 ||
    mapping.headerRow > sheet.rows.length
  ) {
    issues.push({
      sheet: sheet.name,
      field: 'mapping.headerRow',
      value: mapping.headerRow,
      message: `Header row ${mapping.headerRow} is outside sheet "${sheet.name}" (rows 1-${sheet.rows.length}).`,
    });
  }
  if (mapping.columns.reference === undefined) {
    issues.push({
      sheet: sheet.name,
      field: 'mapping.reference',
      value: undefined,
      message:
        'Map a column to Reference: existing risks are matched by reference so a re-import updates them.',
    });
  }
  if (mapping.columns.title === undefined) {
    issues.push({
      sheet: sheet.name,
      field: 'mapping.title',
      value: undefined,
      message: 'Map a column to Title: every risk needs one.',
    });
  }
  const used = new Map<number, ImportField>();
  for (const [field, index] of Object.entries(mapping.columns) as [ImportField, number][]) {
    if (!Number.isInteger(index) || index < 0) {
      issues.push({
        sheet: sheet.name,
        field: `mapping.${field}`,
        value: index,
        message: `${fieldLabel(field)}: column ${index} is not a column.`,
      });
      continue;
    }
    const other = used.get(index);
    if (other) {
      issues.push({
        sheet: sheet.name,
        field: `mapping.${field}`,
        value: columnLetter(index),
        message: `Column ${columnLetter(index)} is mapped to both ${fieldLabel(other)} and ${fieldLabel(field)}; keep one.`,
      });
    }
    used.set(index, field);
  }
  return issues;
}
