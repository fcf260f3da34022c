/**
 * Turns the mapped rows of a sheet into draft risks, each with every problem found in its cells. Pure:
 * no storage, no people lookups (those happen in the plan). Follows the shapes council sheets take:
 * header rows repeated on every printed page, a risk continued on the next row with an empty reference
 * (a Word table pasted into Excel), and business-area headings between groups (Halton).
 */
import {
  RISK_FIELDS,
  choiceText,
  fieldsOn,
  type FieldCatalogue,
  type FieldSpec,
  type RiskFieldName,
} from '../domain/field-catalogue';
import type { ReviewFrequency, Risk, RiskMatrix, RiskStatus, TreatmentOption } from '../domain/types';
import type { ImportField, Tier } from './columns';
import { cellToList, htmlToText } from './html-text';
import { columnLetter, type ImportIssue } from './issues';
import { parseActionsCell, parseControlsCell, parseLooseDate } from './list-text';
import type { ColumnMapping } from './mapping';
import { parseOwnerCell, parsePeopleCell, toPerson } from './people-text';
import { readScoreOnly, readTier, type CellRef } from './rating-cells';
import type { SheetGrid } from './read-file';
import { isAttainableScore } from '../domain/matrix';
import { parseRating } from '../domain/rating-parser';
import { referenceKey, SINGLE_LINE_MAX, splitReference } from '../domain/reference';
import { shortTitle, tooLongForTitle } from './long-text';

export type ParseOptions = {
  matrix: RiskMatrix;
  register: string;
  /** The field catalogue; the product's unless a test extends it. */
  catalogue?: FieldCatalogue<RiskFieldName>;
};

/**
 * The fields parseBlock reads with rules of their own (a reference's aliases, a title cell's extra
 * paragraphs, ratings in three shapes, a frequency that may be a date). Any other catalogued field the
 * import may fill is read by its kind (`byKind`), so a new field needs no code here.
 */
const parsedHere: ReadonlySet<string> = new Set<RiskFieldName>([
  'reference',
  'register',
  'aliases',
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
  'inherentScoreOnly',
  'currentScoreOnly',
  'targetScoreOnly',
  'ownersToConfirm',
  'appetite',
  'triggers',
  'reviewFrequency',
  'timescaleToTarget',
  'treatment',
  'status',
  'mergedInto',
  'linkedRisks',
  'controls',
  'actions',
]);

/** A cell read by the field's kind; undefined when empty. Unreadable choices are reported by the caller. */
function byKind(spec: FieldSpec, cell: string): unknown {
  const text = htmlToText(cell);
  if (!text) return undefined;
  switch (spec.kind) {
    case 'lines':
      return cellToList(cell);
    case 'people':
      return parsePeopleCell(cell).map(toPerson);
    case 'score':
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'choice': {
      const t = text.toLowerCase();
      return spec.choices?.find((c) => t.startsWith(c) || t === choiceText(spec, c).toLowerCase());
    }
    case 'date':
      return parseLooseDate(text);
    default:
      return text;
  }
}

export type RowDraft = {
  /** Spreadsheet row numbers that make up this risk (more than one when a risk ran over a page). */
  rows: number[];
  reference: string;
  /** The risk as the file describes it; people carry names and e-mails but no site ids yet. */
  risk: Risk;
  issues: ImportIssue[];
  /** Where each mapped field's cell is, so later checks (people) can point at it. */
  cells: Partial<Record<ImportField, CellRef>>;
  /** The period comment or progress update, when mapped: shown, not stored on the risk. */
  comment?: string;
};

type Block = { rows: number[]; cells: string[]; directorate?: string };

/** Drafts for every risk in the mapped sheet, in file order. */
export function parseRows(sheet: SheetGrid, mapping: ColumnMapping, options: ParseOptions): RowDraft[] {
  const header = sheet.rows[mapping.headerRow - 1] ?? [];
  const drafts = groupRows(sheet, mapping).map((block) =>
    parseBlock(sheet.name, header, block, mapping, options),
  );
  markDuplicates(drafts, sheet.name, header, mapping);
  return drafts;
}

function groupRows(sheet: SheetGrid, mapping: ColumnMapping): Block[] {
  const header = (sheet.rows[mapping.headerRow - 1] ?? []).map((h) => h.trim());
  const refCol = mapping.columns.reference ?? -1;
  const mapped = new Set(Object.values(mapping.columns));
  const blocks: Block[] = [];
  let directorate: string | undefined;
  for (let r = mapping.headerRow; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r] ?? [];
    const filled = cells.map((c, i) => ({ c: c.trim(), i })).filter((x) => x.c !== '');
    if (filled.length === 0) continue;
    if (cells.every((c, i) => c.trim() === (header[i] ?? ''))) continue;
    if (filled.length === 1 && filled[0] && filled[0].i === refCol && isHeading(filled[0].c)) {
      directorate = headingName(filled[0].c);
      continue;
    }
    if (!filled.some((x) => mapped.has(x.i))) continue;
    const reference = (cells[refCol] ?? '').trim();
    const last = blocks[blocks.length - 1];
    if (!reference && last) {
      cells.forEach((text, i) => {
        if (!text.trim()) return;
        const before = last.cells[i] ?? '';
        last.cells[i] = before ? `${before}\n${text}` : text;
      });
      last.rows.push(r + 1);
      continue;
    }
    blocks.push({ rows: [r + 1], cells: [...cells], ...(directorate ? { directorate } : {}) });
  }
  return blocks;
}

// `Business Area – Children's Organisation & Provision`: a long label alone on its row.
function isHeading(text: string): boolean {
  return /^(business area|directorate|service area|service)\s*[–—:-]/i.test(text);
}

function headingName(text: string): string {
  return text.replace(/^(business area|directorate|service area|service)\s*[–—:-]\s*/i, '').trim();
}

const frequencies: readonly [RegExp, ReviewFrequency][] = [
  [/^monthly$|^every month$|^1 month/i, 'monthly'],
  [/^quarterly$|^3 month|^three month|^every quarter$/i, 'quarterly'],
  [/^termly$|^each term$|^every term$/i, 'termly'],
  [/^6 ?monthly$|^six[- ]?monthly$|^6 months?$|^half[- ]?yearly$|^bi-?annual(ly)?$/i, 'six-monthly'],
  [/^12 ?months?$|^annual(ly)?$|^yearly$|^every year$/i, 'annually'],
];

const treatments: readonly TreatmentOption[] = RISK_FIELDS.treatment.choices;
const statuses: readonly RiskStatus[] = RISK_FIELDS.status.choices;

function parseBlock(
  sheetName: string,
  header: string[],
  block: Block,
  mapping: ColumnMapping,
  options: ParseOptions,
): RowDraft {
  const issues: ImportIssue[] = [];
  const refCol = mapping.columns.reference;
  for (const joined of block.rows.slice(1)) {
    // Joining is right for a risk that ran over a page, wrong for a new risk whose reference was forgotten.
    const column = refCol === undefined ? undefined : columnLetter(refCol);
    issues.push({
      sheet: sheetName,
      row: joined,
      ...(column && refCol !== undefined
        ? { column, cell: `${column}${joined}`, header: (header[refCol] ?? '').trim() }
        : {}),
      field: 'reference',
      value: '',
      severity: 'warning',
      message: `Row ${joined} has no reference, so its text was added to the risk on row ${block.rows[0]} (a risk continued over a page). If it is a separate risk, give it a reference.`,
    });
  }
  const firstRow = block.rows[0] ?? mapping.headerRow + 1;
  const ref = (field: ImportField): CellRef | undefined => {
    const col = mapping.columns[field];
    if (col === undefined) return undefined;
    const column = columnLetter(col);
    return {
      text: (block.cells[col] ?? '').trim(),
      cell: `${column}${firstRow}`,
      header: (header[col] ?? '').trim(),
      column,
    };
  };
  const text = (field: ImportField): string => htmlToText(ref(field)?.text ?? '');
  const issue = (
    at: CellRef | undefined,
    field: string,
    value: unknown,
    message: string,
    extra: Partial<ImportIssue> = {},
  ) => {
    issues.push({
      sheet: sheetName,
      row: firstRow,
      ...(at ? { column: at.column, cell: at.cell, header: at.header } : {}),
      field,
      value,
      message,
      ...extra,
    });
  };

  const { reference, aliases } = splitReference(text('reference'));
  const record = (m: string) => `${reference || `Row ${firstRow}`}: ${m}`;
  if (!reference)
    issue(
      ref('reference'),
      'reference',
      '',
      record('the reference is empty; every risk needs a unique reference.'),
    );

  let titleCell = cellToList(ref('title')?.text ?? '');
  // `…, particularly: • Children's Trust; • …`: a statement that introduces its own list is one title.
  if ((titleCell[0] ?? '').endsWith(':') && titleCell.length > 1)
    titleCell = [htmlToText(ref('title')?.text ?? '').replace(/\s*\n\s*/g, ' ')];
  const statement = titleCell[0] ?? '';
  // A title longer than SharePoint's 255 characters is cut at its first sentence (or heading) and the
  // whole statement goes first in the description: long text never refuses a row.
  const title = shortTitle(statement);
  const description = [title !== statement ? statement : '', text('description'), ...titleCell.slice(1)]
    .filter(Boolean)
    .join('\n');
  if (title !== statement)
    issue(
      ref('title'),
      'title',
      statement,
      record(
        `the title is ${statement.length} characters, more than a title holds (${SINGLE_LINE_MAX}); "${title}" is the title and the whole text is kept at the start of the description.`,
      ),
      { severity: 'warning' },
    );
  if (!title) issue(ref('title'), 'title', '', record('the title is empty; give the risk a short title.'));

  const tiers = {} as Record<Tier, Risk['current']>;
  const scoresOnly = {} as Record<Tier, number | undefined>;
  for (const tier of ['inherent', 'current', 'target'] as const) {
    // Our own export writes a score without a cell in a column of its own (the rating column beside it
    // shows it in the register's notation).
    const scoreAt = ref(`${tier}ScoreOnly`);
    const r =
      scoreAt?.text && !ref(`${tier}Likelihood`)?.text && !ref(`${tier}Impact`)?.text
        ? readScoreOnly(options.matrix, tier, scoreAt, ref(`${tier}Rating`))
        : readTier(options.matrix, tier, {
            ...optional('rating', ref(`${tier}Rating`)),
            ...optional('likelihood', ref(`${tier}Likelihood`)),
            ...optional('impact', ref(`${tier}Impact`)),
          });
    for (const p of r.problems)
      issue(p.at, `${tier}`, p.at.text, record(p.message), {
        ...(p.allowed ? { allowed: p.allowed } : {}),
        ...(p.severity ? { severity: p.severity } : {}),
      });
    tiers[tier] = r.rating;
    scoresOnly[tier] = r.scoreOnly;
  }

  const people = (field: 'owners' | 'delegates' | 'cabinetMembers') =>
    parsePeopleCell(ref(field)?.text ?? '').map(toPerson);
  // Kent's owner cell also names the cabinet members after `Responsible Cabinet Member(s):`.
  const ownerCell = parseOwnerCell(ref('owners')?.text ?? '');
  const cabinetMembers = [...people('cabinetMembers')];
  for (const p of ownerCell.cabinetMembers.map(toPerson))
    if (!cabinetMembers.some((c) => c.name.toLowerCase() === p.name.toLowerCase())) cabinetMembers.push(p);
  const ownersAt = ref('owners');
  if (ownersAt && ownerCell.owners.length === 0) {
    issue(ownersAt, 'owners', '', record('no risk owner is named; every risk needs at least one owner.'));
  }

  const controlsAt = ref('controls');
  const controls = controlsAt ? parseControlsCell(controlsAt.text) : [];
  const actionsAt = ref('actions');
  const parsedActions = actionsAt ? parseActionsCell(actionsAt.text) : { actions: [], problems: [] };
  for (const p of parsedActions.problems)
    issue(actionsAt, 'actions', p.entry, record(`action "${p.entry}": ${p.message}`));

  let appetite: number | undefined;
  const appetiteAt = ref('appetite');
  if (appetiteAt?.text) {
    // Appetite is a score: a bare number some cell has is one even where the score alone does not
    // decide a band (Medway bands by cell).
    const bare = /^\d+$/.test(appetiteAt.text.trim()) ? Number(appetiteAt.text) : undefined;
    const parsed = parseRating(options.matrix, appetiteAt.text, 'appetite');
    if (bare !== undefined && isAttainableScore(options.matrix, bare)) appetite = bare;
    else if (parsed.ok && parsed.value.kind !== 'level') appetite = parsed.value.score;
    else
      issue(
        appetiteAt,
        'appetite',
        appetiteAt.text,
        record(
          `risk appetite "${appetiteAt.text}" is not a score on the ${options.matrix.name} matrix (e.g. 12).`,
        ),
      );
  }

  let reviewFrequency: ReviewFrequency = 'quarterly';
  let nextReviewDate: string | undefined;
  const freqAt = ref('reviewFrequency');
  if (freqAt?.text) {
    const t = htmlToText(freqAt.text).replace(/\s+/g, ' ');
    const f = frequencies.find(([re]) => re.test(t))?.[1];
    const date = parseLooseDate(t);
    if (f) reviewFrequency = f;
    else if (date) nextReviewDate = date;
    else
      issue(
        freqAt,
        'reviewFrequency',
        freqAt.text,
        record(`review frequency "${t}" is not monthly, quarterly, termly, six-monthly, annually or a date.`),
        {
          allowed: ['Monthly', 'Quarterly', 'Termly', '6 monthly', '12 months', 'a date'],
        },
      );
  }

  const treatmentText = text('treatment').toLowerCase();
  const treatment = treatments.find((t) => treatmentText.startsWith(t));
  if (treatmentText && !treatment) {
    issue(
      ref('treatment'),
      'treatment',
      treatmentText,
      record(`treatment "${treatmentText}" is not tolerate, treat, transfer or terminate.`),
      { allowed: [...treatments] },
    );
  }
  const statusText = text('status').toLowerCase();
  const status = statusText === '' ? 'open' : statuses.find((s) => statusText.startsWith(s));
  if (!status)
    issue(
      ref('status'),
      'status',
      statusText,
      record(`status "${statusText}" is not open, closed or merged.`),
      { allowed: [...statuses] },
    );
  const mergedInto = text('mergedInto');

  const risk: Risk = {
    reference,
    // Our export joins other references with commas (`PH09, DR14`), as linked risks.
    aliases: [...aliases, ...cellToList(ref('aliases')?.text ?? '').flatMap((l) => l.split(/\s*,\s*/))],
    title,
    description,
    cause: text('cause'),
    event: text('event'),
    consequence: text('consequence'),
    register: options.register,
    directorate: text('directorate') || block.directorate || '',
    category: text('category'),
    owners: ownerCell.owners.map(toPerson),
    delegates: people('delegates'),
    cabinetMembers,
    ...(ref('ownersToConfirm')?.text
      ? { ownersToConfirm: cellToList(ref('ownersToConfirm')?.text ?? '') }
      : {}),
    ...(tiers.inherent ? { inherent: tiers.inherent } : {}),
    ...(tiers.current ? { current: tiers.current } : {}),
    ...(tiers.target ? { target: tiers.target } : {}),
    ...(scoresOnly.inherent !== undefined ? { inherentScoreOnly: scoresOnly.inherent } : {}),
    ...(scoresOnly.current !== undefined ? { currentScoreOnly: scoresOnly.current } : {}),
    ...(scoresOnly.target !== undefined ? { targetScoreOnly: scoresOnly.target } : {}),
    ...(appetite !== undefined ? { appetite } : {}),
    triggers: cellToList(ref('triggers')?.text ?? ''),
    reviewFrequency,
    ...(nextReviewDate ? { nextReviewDate } : {}),
    timescaleToTarget: text('timescaleToTarget'),
    ...(treatment ? { treatment } : {}),
    status: status ?? 'open',
    ...(mergedInto ? { mergedInto } : {}),
    linkedRisks: cellToList(ref('linkedRisks')?.text ?? '')
      .flatMap((l) => l.split(/\s*,\s*/))
      .filter(Boolean),
    controls: controls.map((c) => ({
      title: shortTitle(c.title),
      owners: c.owners.map(toPerson),
      order: c.order,
      ...(c.serviceTag ? { serviceTag: c.serviceTag } : {}),
      ...(tooLongForTitle(c.title) ? { detail: c.title } : {}),
    })),
    actions: parsedActions.actions.map((a) => ({
      title: shortTitle(a.title),
      ...(tooLongForTitle(a.title) ? { detail: a.title } : {}),
      owners: a.owners.map(toPerson),
      status: a.status ?? 'not-started',
      ...(a.plannedDate ? { plannedDate: a.plannedDate } : {}),
      ...(a.reviewDate ? { reviewDate: a.reviewDate } : {}),
      ...(a.progress !== undefined ? { progress: a.progress } : {}),
      ...(a.progressNote ? { progressNote: a.progressNote } : {}),
    })),
  };
  const extra = risk as unknown as Record<string, unknown>;
  for (const [field, spec] of fieldsOn(options.catalogue ?? RISK_FIELDS, 'import')) {
    const at = parsedHere.has(field) ? undefined : ref(field as ImportField);
    if (!at) continue;
    const value = byKind(spec, at.text);
    if (value !== undefined) extra[field] = value;
    else if (htmlToText(at.text))
      issue(at, field, at.text, record(`${spec.label} "${at.text}" cannot be read.`), {
        ...(spec.choices ? { allowed: spec.choices.map((c) => choiceText(spec, c)) } : {}),
      });
  }
  const cells: Partial<Record<ImportField, CellRef>> = {};
  for (const field of Object.keys(mapping.columns) as ImportField[]) {
    const at = ref(field);
    if (at) cells[field] = at;
  }
  const draft: RowDraft = { rows: block.rows, reference, risk, issues, cells };
  const comment = text('comment');
  if (comment) draft.comment = comment;
  return draft;
}

function optional<K extends string>(key: K, value: CellRef | undefined): Partial<Record<K, CellRef>> {
  return value ? ({ [key]: value } as Record<K, CellRef>) : {};
}

export { toPerson } from './people-text';

// The domain's one reference rule: `DR14 (PH09)` is reference DR14 with alias PH09, and case and spacing
// never make a different risk.
export { referenceKey, splitReference } from '../domain/reference';

function markDuplicates(
  drafts: RowDraft[],
  sheetName: string,
  header: string[],
  mapping: ColumnMapping,
): void {
  const seen = new Map<string, RowDraft>();
  const col = mapping.columns.reference ?? 0;
  for (const d of drafts) {
    if (!d.reference) continue;
    const key = referenceKey(d.reference);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, d);
      continue;
    }
    for (const [dup, other] of [
      [d, first],
      [first, d],
    ] as const) {
      const row = dup.rows[0] ?? 0;
      if (
        dup.issues.some(
          (i) => i.field === 'reference' && i.row === row && i.message.includes(`row ${other.rows[0]}`),
        )
      )
        continue;
      dup.issues.push(duplicateIssue(dup, other, row));
    }
  }

  function duplicateIssue(d: RowDraft, other: RowDraft, row: number): ImportIssue {
    return {
      sheet: sheetName,
      row,
      column: columnLetter(col),
      cell: `${columnLetter(col)}${row}`,
      header: (header[col] ?? '').trim(),
      field: 'reference',
      value: d.reference,
      message: `${d.reference}: the same reference is also on row ${other.rows[0]}; each risk needs its own reference. Rename or remove one of the rows.`,
    };
  }
}
