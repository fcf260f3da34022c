/**
 * Finds the header row (papers put titles, keys and matrices above it) and proposes which column holds
 * which field. The proposal is a plain object the user can correct; the rest of the import only reads
 * the mapping it is given.
 */
import type { Result } from '../domain/types';
import { RISK_FIELDS, type FieldCatalogue, type RiskFieldName } from '../domain/field-catalogue';
import { fieldForHeader, fieldLabel, type ImportField } from './columns';
import { columnLetter, type ImportIssue } from './issues';
import type { SheetGrid } from './read-file';

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
};

export type MappingSuggestion = {
  mapping: ColumnMapping;
  headers: HeaderCell[];
  /** Fields no header named; the user may still map them. */
  unmapped: ImportField[];
};

/** Rows searched for headers: council papers rarely put more than a title block above the table. */
const headerSearchDepth = 40;

type Candidate = { sheet: SheetGrid; rowIndex: number; headers: HeaderCell[]; score: number };

/** Proposes a mapping for the sheet whose header row names the most fields. */
export function suggestMapping(
  sheets: SheetGrid[],
  preferredSheet?: string,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): Result<MappingSuggestion, ImportIssue[]> {
  const pool = preferredSheet ? sheets.filter((s) => s.name === preferredSheet) : sheets;
  let best: Candidate | undefined;
  for (const sheet of pool) {
    for (let r = 0; r < Math.min(sheet.rows.length, headerSearchDepth); r++) {
      const headers = matchHeaders(sheet.rows[r] ?? [], catalogue);
      const fields = new Set(headers.filter((h) => h.field && !h.duplicateOf).map((h) => h.field));
      if (!fields.has('reference') && !fields.has('title')) continue;
      const score = fields.size;
      if (score >= 2 && (!best || score > best.score)) best = { sheet, rowIndex: r, headers, score };
    }
  }
  if (!best) {
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
  const columns: Partial<Record<ImportField, number>> = {};
  for (const h of best.headers) if (h.field && !h.duplicateOf) columns[h.field] = h.index;
  const mapping: ColumnMapping = { sheet: best.sheet.name, headerRow: best.rowIndex + 1, columns };
  return { ok: true, value: { mapping, headers: best.headers, unmapped: unmappedFields(columns) } };
}

/** Headers of a chosen row with the field each one suggests, for a mapping screen after the user picks a row. */
export function headersOf(sheet: SheetGrid, headerRow: number): HeaderCell[] {
  return matchHeaders(sheet.rows[headerRow - 1] ?? []);
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

function matchHeaders(row: string[], catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS): HeaderCell[] {
  const cells = row.map((text, index) => ({
    index,
    text: text.trim(),
    raw: fieldForHeader(text, catalogue),
  }));
  // An untiered `Impact (Severity)` or `Score (I x L)` is the current rating unless the row also has a
  // current (residual) column of the same kind: then, as in Halton's paper, it is the assessment before
  // the control measures, i.e. inherent.
  const tiered = new Set(cells.map((c) => c.raw).filter((f) => f !== undefined && !f.startsWith('untiered')));
  const taken = new Map<ImportField, string>();
  return cells.map((c): HeaderCell => {
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
