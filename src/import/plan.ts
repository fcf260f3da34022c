/**
 * The dry run: every row's outcome (create, update, unchanged, or blocked by errors) and every problem by
 * sheet, row, column and header, with people matched to site users. Nothing is written; `commitImport`
 * applies a plan whose blocking problems are gone.
 */
import { RISK_FIELDS, type FieldCatalogue, type RiskFieldName } from '../domain/field-catalogue';
import { periodById, periodOf, todayInLondon } from '../domain/periods';
import { filledFields, problemsIn, topField, validateRisk } from '../domain/validation';
import type { Person, Risk, RiskMatrix } from '../domain/types';
import type { RegisterStore, StoredRisk } from '../ports';
import type { ImportField } from './columns';
import { isBlocking, type ImportIssue } from './issues';
import { checkMapping, type ColumnMapping } from './mapping';
import type { ResolvedPerson, PersonResolver } from './people-resolver';
import type { CellRef } from './rating-cells';
import type { ReadFile } from './read-file';
import { diffRisk, isEmpty, type RiskChanges } from './risk-diff';
import { parseRows, referenceKey, type RowDraft } from './rows';
import { childAction, childControl, readChildSheet, type ChildSheet } from './child-sheets';

export type RowOutcome = 'create' | 'update' | 'unchanged' | 'error';

export type PlannedRow = {
  rows: number[];
  reference: string;
  title: string;
  outcome: RowOutcome;
  /** The risk as it will be written, people resolved. */
  risk: Risk;
  /** For updates: what changes. */
  changes?: RiskChanges;
  existingId?: number;
  issues: ImportIssue[];
  comment?: string;
};

export type UnresolvedPerson = { name: string; email?: string; reason: string; cells: string[] };

export type ImportPlan = {
  register: string;
  matrixId: string;
  sheet: string;
  headerRow: number;
  mappedFields: ImportField[];
  rows: PlannedRow[];
  /** Every problem, file and mapping problems first, then by row. */
  issues: ImportIssue[];
  unresolvedPeople: UnresolvedPerson[];
  counts: Record<RowOutcome, number>;
  /** True when no blocking problem remains: the plan may be committed. */
  ready: boolean;
  /** When set, each row's ratings and comment are recorded as the snapshot of this period. */
  periodId?: string;
};

export type DryRunInput = {
  file: ReadFile;
  mapping: ColumnMapping;
  register: string;
  matrix: RiskMatrix;
  /** The register's risks as stored now (see `loadExistingRisks`). */
  existing: StoredRisk[];
  resolver: PersonResolver;
  /**
   * Record each row's ratings and period comment as the snapshot of this period (canonical id, e.g.
   * `2023/24-Q4`): importing last quarter's paper gives the register its history and direction of travel.
   */
  periodId?: string;
  /** The register's financial-year start month, for reading `periodId`; default April. */
  financialYearStartMonth?: number;
  /** The field catalogue; the product's unless a test extends it. */
  catalogue?: FieldCatalogue<RiskFieldName>;
};

/** The register's stored risks with their controls and actions, in one `$batch` view load. */
export async function loadExistingRisks(
  store: Pick<RegisterStore, 'getSettings' | 'loadRegisterView'>,
  register: string,
  today: string = todayInLondon(),
): Promise<StoredRisk[]> {
  const settings = await store.getSettings(register);
  const period = periodOf(today, settings.review.periodKind, settings.financialYearStartMonth);
  const view = await store.loadRegisterView({ register, periodId: period.id });
  return view.rows.map((r) => r.risk);
}

/** Builds the plan: parse, check, match people and compare with the stored register. */
export async function dryRun(input: DryRunInput): Promise<ImportPlan> {
  const { file, mapping } = input;
  const sheet = file.sheets.find((s) => s.name === mapping.sheet);
  // A sheet of controls and actions keyed by reference is read with the risks (or alone, when the file
  // is that sheet saved as CSV): its rows join the risks they name.
  const mainChildren = sheet ? readChildSheet(sheet) : undefined;
  const children = [
    ...(mainChildren ? [mainChildren] : []),
    ...file.sheets
      .filter((s) => s.name !== mapping.sheet)
      .flatMap((s) => {
        const c = readChildSheet(s);
        return c ? [c] : [];
      }),
  ];
  const mappingIssues = mainChildren ? [] : checkMapping(file.sheets, mapping);
  const mappedFields = Object.keys(mainChildren ? {} : mapping.columns) as ImportField[];
  for (const c of children)
    for (const kind of ['controls', 'actions'] as const)
      if (!mappedFields.includes(kind) && c.rows.some((r) => `${r.kind}s` === kind)) mappedFields.push(kind);
  const base = {
    register: input.register,
    matrixId: input.matrix.id,
    sheet: mapping.sheet,
    headerRow: mapping.headerRow,
    mappedFields,
    ...(input.periodId ? { periodId: input.periodId } : {}),
  };
  if (input.periodId) {
    const period = periodById(input.periodId, input.financialYearStartMonth);
    if (!period.ok) {
      mappingIssues.push({
        field: 'periodId',
        value: input.periodId,
        message: `"${input.periodId}" is not a period (${period.errors.map((e) => e.message).join(' ')}); use an id like 2023/24-Q4.`,
      });
    } else base.periodId = period.value.id;
  }
  if (!sheet || mappingIssues.some(isBlocking)) {
    return {
      ...base,
      rows: [],
      issues: mappingIssues,
      unresolvedPeople: [],
      counts: count([]),
      ready: false,
    };
  }
  const catalogue = input.catalogue ?? RISK_FIELDS;
  const drafts = mainChildren
    ? []
    : parseRows(sheet, mapping, { matrix: input.matrix, register: input.register, catalogue });
  const byKey = new Map(input.existing.map((r) => [referenceKey(r.reference), r]));
  drafts.push(...attachChildren(drafts, children, byKey, mappingIssues));
  const unresolved = new Map<string, UnresolvedPerson>();
  const rows: PlannedRow[] = [];
  for (const draft of drafts) {
    const issues = [...draft.issues];
    const risk = await resolvePeople(draft.risk, draft.cells, input.resolver, issues, unresolved, sheet.name);
    const existing = draft.reference ? byKey.get(referenceKey(draft.reference)) : undefined;
    const row: PlannedRow = {
      rows: draft.rows,
      reference: draft.reference,
      title: risk.title,
      outcome: 'create',
      risk,
      issues,
      ...(draft.comment ? { comment: draft.comment } : {}),
    };
    if (existing) {
      row.existingId = existing.id;
      row.changes = diffRisk(existing, risk, base.mappedFields, catalogue);
      row.outcome = isEmpty(row.changes) ? 'unchanged' : 'update';
    }
    issues.push(...domainIssues(existing, row, draft.cells, input.matrix, sheet.name, issues, catalogue));
    if (base.periodId && !risk.current) {
      issues.push({
        sheet: sheet.name,
        row: draft.rows[0] ?? 0,
        record: draft.reference,
        field: 'current',
        value: '',
        severity: 'warning',
        message: `${draft.reference || 'This row'} has no current rating, so no ${base.periodId} snapshot will be recorded for it.`,
      });
    }
    if (issues.some(isBlocking)) row.outcome = 'error';
    rows.push(row);
  }
  if (drafts.length === 0 && !mainChildren) {
    mappingIssues.push({
      sheet: sheet.name,
      row: mapping.headerRow,
      field: 'rows',
      value: 0,
      message: `Sheet "${sheet.name}" has no risks below header row ${mapping.headerRow}; check the header row and the sheet.`,
    });
  }
  const issues = [...mappingIssues, ...rows.flatMap((r) => r.issues)];
  return {
    ...base,
    rows,
    issues,
    unresolvedPeople: [...unresolved.values()],
    counts: count(rows),
    ready: !issues.some(isBlocking),
  };
}

/**
 * Adds each controls-and-actions row to the risk it names: a risk of the sheet being imported, else one
 * the register holds (then the row becomes an update of that risk, adding what it does not have). A
 * row naming no known risk is reported and not imported.
 */
function attachChildren(
  drafts: RowDraft[],
  children: ChildSheet[],
  existing: Map<string, StoredRisk>,
  issues: ImportIssue[],
): RowDraft[] {
  const byKey = new Map(drafts.filter((d) => d.reference).map((d) => [referenceKey(d.reference), d]));
  const added: RowDraft[] = [];
  for (const sheet of children) {
    issues.push(...sheet.issues);
    for (const row of sheet.rows) {
      const key = referenceKey(row.reference);
      let draft = byKey.get(key);
      if (!draft) {
        const stored = existing.get(key);
        if (!stored) {
          issues.push({
            sheet: sheet.sheet,
            row: row.row,
            cell: row.cell,
            header: row.header,
            field: `${row.kind}s`,
            value: row.reference,
            severity: 'warning',
            message: `Row ${row.row} of sheet "${sheet.sheet}" is a ${row.kind} of ${row.reference}, but no risk has that reference in this file or the register; import the risk first, or correct the reference. The ${row.kind} is not imported.`,
          });
          continue;
        }
        const { id: _id, etag: _etag, ...risk } = stored as StoredRisk & { etag?: string };
        draft = {
          rows: [row.row],
          reference: stored.reference,
          risk: { ...(risk as Risk), controls: [], actions: [] },
          issues: [],
          cells: {},
        };
        byKey.set(key, draft);
        added.push(draft);
      }
      if (row.kind === 'control') draft.risk.controls.push(childControl(row, draft.risk.controls.length + 1));
      else draft.risk.actions.push(childAction(row));
    }
  }
  return added;
}

/** The import's own labels for a field's problems, so the domain does not repeat one the row already has. */
const ownFieldNames: Partial<Record<string, string>> = {
  owners: 'risk owner',
  delegates: 'delegate',
  cabinetMembers: 'cabinet member',
};

/**
 * The domain's problems with the risk a row would write (the one validator: the tab and the service
 * check the same), placed at the field's cell: errors block the row, warnings (a target worse than the
 * current rating) are shown. Only the fields the row writes are checked (see `problemsIn`), and a field
 * the import's own checks already explained for this row is not explained twice.
 */
function domainIssues(
  existing: StoredRisk | undefined,
  row: PlannedRow,
  cells: Partial<Record<ImportField, CellRef>>,
  matrix: RiskMatrix,
  sheet: string,
  already: readonly ImportIssue[],
  catalogue: FieldCatalogue<RiskFieldName>,
): ImportIssue[] {
  const patch = row.changes?.patch;
  const written: Risk = existing ? { ...existing, ...patch } : row.risk;
  const explained = new Set(already.map((i) => topField(i.field)));
  const writes = existing ? new Set(Object.keys(patch ?? {})) : filledFields(row.risk);
  const out: ImportIssue[] = [];
  for (const e of problemsIn(validateRisk(written, matrix, catalogue), writes)) {
    const field = topField(e.field);
    if (explained.has(field) || explained.has(ownFieldNames[field] ?? field)) continue;
    const at =
      cells[field as ImportField] ??
      cells[`${field}Rating` as ImportField] ??
      cells[`${field}Likelihood` as ImportField] ??
      cells[`${field}Impact` as ImportField];
    out.push({
      sheet,
      row: row.rows[0] ?? 0,
      ...(at ? { column: at.column, cell: at.cell, header: at.header } : {}),
      record: row.reference,
      field: e.field,
      value: e.value,
      message: `${row.reference || 'This row'}: ${e.message}`,
      ...(e.allowed ? { allowed: e.allowed } : {}),
      ...(e.severity === 'warning' ? { severity: 'warning' as const } : {}),
    });
  }
  return out;
}

function count(rows: PlannedRow[]): Record<RowOutcome, number> {
  const counts: Record<RowOutcome, number> = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const r of rows) counts[r.outcome]++;
  return counts;
}

const fieldNames = { owners: 'risk owner', delegates: 'delegate', cabinetMembers: 'cabinet member' } as const;

async function resolvePeople(
  draft: Risk,
  cells: Partial<Record<ImportField, CellRef>>,
  resolver: PersonResolver,
  issues: ImportIssue[],
  unresolved: Map<string, UnresolvedPerson>,
  sheet: string,
): Promise<Risk> {
  const toConfirm: string[] = [...(draft.ownersToConfirm ?? [])];
  const resolveList = async (people: Person[], what: string, at: CellRef | undefined): Promise<Person[]> => {
    const out: ResolvedPerson[] = [];
    const isOwner = what === fieldNames.owners;
    for (const p of people) {
      const r = await resolver.ensureUser({
        name: p.name,
        ...(p.email ? { email: p.email } : {}),
        ...(p.jobTitle ? { jobTitle: p.jobTitle } : {}),
      });
      if (r.ok) {
        out.push(r.person);
        continue;
      }
      const key = (p.email ?? p.name).toLowerCase();
      const entry = unresolved.get(key) ?? {
        name: p.name,
        ...(p.email ? { email: p.email } : {}),
        reason: r.reason,
        cells: [],
      };
      if (at && !entry.cells.includes(at.cell)) entry.cells.push(at.cell);
      unresolved.set(key, entry);
      const row = at ? Number(at.cell.replace(/^[A-Z]+/, '')) : undefined;
      // Nobody is lost: an owner is kept as printed ("owner to confirm"); anyone else is left out with a
      // warning. The run lists the people to add either way.
      if (isOwner && !toConfirm.some((n) => n.toLowerCase() === p.name.toLowerCase())) toConfirm.push(p.name);
      issues.push({
        sheet,
        ...(row !== undefined ? { row } : {}),
        ...(at ? { column: at.column, cell: at.cell, header: at.header } : {}),
        record: draft.reference,
        field: what,
        value: p.email ?? p.name,
        severity: 'warning',
        message:
          `${draft.reference || 'This row'}: ${what} "${p.name}" is not a user of the site: ${r.reason} ` +
          (isOwner
            ? 'The risk is imported with the name as printed, marked "owner to confirm".'
            : `The ${what} is left out until they are added.`),
      });
    }
    return out;
  };
  const owners = await resolveList(draft.owners, fieldNames.owners, cells.owners);
  return {
    ...draft,
    owners,
    ...(toConfirm.length > 0 ? { ownersToConfirm: toConfirm } : {}),
    delegates: await resolveList(draft.delegates, fieldNames.delegates, cells.delegates),
    cabinetMembers: await resolveList(draft.cabinetMembers, fieldNames.cabinetMembers, cells.cabinetMembers),
    controls: await Promise.all(
      draft.controls.map(async (c) => ({
        ...c,
        owners: await resolveList(c.owners, `owner of control "${c.title}"`, cells.controls),
      })),
    ),
    actions: await Promise.all(
      draft.actions.map(async (a) => ({
        ...a,
        owners: await resolveList(a.owners, `owner of action "${a.title}"`, cells.actions),
      })),
    ),
  };
}
