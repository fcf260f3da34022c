/**
 * Domain objects -> list columns. Each column becomes a Cell: the REST payload key and value
 * (person columns are written as `<Field>Id`), and a readable string for the audit log, so one
 * diff drives both the minimal MERGE body and the one-audit-entry-per-changed-field rule.
 */
import type {
  Control,
  PeriodSnapshot,
  Person,
  Rating,
  Risk,
  RiskAction,
  RegisterSettings,
} from '../domain/types';
import {
  ACTION_FIELDS,
  CONTROL_FIELDS,
  RISK_FIELDS,
  type FieldCatalogue,
  type FieldSpec,
  type RiskFieldName,
} from '../domain/field-catalogue';
import type { ReviewRequest } from '../ports';
import { F, idField, requestKey, riskKey, schemaVersion, snapshotKey } from './schema';
import type { SiteCalendar } from './site-calendar';

export type Cell = { key: string; value: unknown; display: string };
/** By column internal name. */
export type Row = Record<string, Cell>;

/** A person the list can store: SharePoint person columns hold site user ids. */
export type SitePerson = Person & { id: number };

const plain = (name: string, value: string | number | undefined | null): Cell => ({
  key: name,
  value: value === undefined || value === '' ? null : value,
  display: value === undefined || value === null ? '' : String(value),
});

const lines = (name: string, values: string[]): Cell => {
  const text = values
    .map((v) => v.trim())
    .filter(Boolean)
    .join('\n');
  return { key: name, value: text || null, display: text };
};

const people = (name: string, persons: Person[]): Cell => ({
  key: idField(name),
  value: persons.map((p) => requireId(p, name)),
  display: persons.map((p) => p.name).join('; '),
});

const person = (name: string, p: Person | undefined): Cell => ({
  key: idField(name),
  value: p ? requireId(p, name) : null,
  display: p?.name ?? '',
});

/**
 * A date-only column: the domain keeps `yyyy-mm-dd`; SharePoint gets the instant of that day's
 * midnight in the site's time zone (see site-calendar.ts), the value it stores and returns.
 */
const dateOnly = (name: string, date: string | undefined, cal: SiteCalendar): Cell => ({
  key: name,
  value: date ? cal.dateToStored(date) : null,
  display: date ?? '',
});

/** A date-and-time column: an ISO instant, sent as it is. */
const instant = (name: string, iso: string | undefined): Cell => ({
  key: name,
  value: iso || null,
  display: iso ?? '',
});

function requireId(p: Person, column: string): number {
  if (typeof p.id !== 'number') {
    // resolvePeople runs first; reaching here is a programming error, not bad input.
    throw new Error(
      `Person '${p.name}' in column '${column}' has no site user id; resolve people before saving.`,
    );
  }
  return p.id;
}

function ratingCells(
  names: { likelihood: string; impact: string },
  rating: Rating | undefined,
): [string, Cell][] {
  return [
    [names.likelihood, plain(names.likelihood, rating?.likelihood)],
    [names.impact, plain(names.impact, rating?.impact)],
  ];
}

/**
 * The cells of a record's catalogued fields, by kind. `special` replaces the cells of a field that
 * needs more than its kind (a risk's reference also writes its key). Title comes first, as SharePoint
 * lists it, so audit entries read in the list's own order.
 */
function catalogueCells<K extends string>(
  record: object,
  catalogue: FieldCatalogue<K>,
  cal: SiteCalendar | undefined,
  special: Partial<Record<K, () => [string, Cell][]>> = {},
): [string, Cell][] {
  const values = record as Record<string, unknown>;
  const cells: [string, Cell][] = [];
  for (const [field, spec] of Object.entries(catalogue) as [K, FieldSpec][]) {
    const own = special[field];
    if (own) {
      cells.push(...own());
      continue;
    }
    const name = spec.column;
    if (!name) continue;
    const value = values[field];
    switch (spec.kind) {
      case 'text':
      case 'note':
      case 'score':
      case 'number':
      case 'choice':
        cells.push([name, plain(name, value as string | number | undefined)]);
        break;
      case 'lines':
        cells.push([name, lines(name, (value as string[] | undefined) ?? [])]);
        break;
      case 'people':
        cells.push([name, people(name, (value as Person[] | undefined) ?? [])]);
        break;
      case 'rating':
        cells.push(
          ...ratingCells(
            { likelihood: `${name}Likelihood`, impact: `${name}Impact` },
            value as Rating | undefined,
          ),
        );
        break;
      case 'date':
        if (!cal) throw new Error(`Column '${name}' holds a date; encode the record with the site calendar.`);
        cells.push([name, dateOnly(name, value as string | undefined, cal)]);
        break;
      case 'children':
        break;
    }
  }
  return [...cells.filter(([c]) => c === 'Title'), ...cells.filter(([c]) => c !== 'Title')];
}

const rf = F.risks;

/**
 * Every stored column of a risk (controls and actions live in their own lists). `catalogue` is the
 * product's; a test passes an extended one to show a new field stored without other changes here.
 */
export function riskRow(
  risk: Risk,
  cal: SiteCalendar,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): Row {
  const cells = catalogueCells(risk, catalogue, cal, {
    reference: () => [
      [rf.reference, plain(rf.reference, risk.reference.trim())],
      [rf.key, plain(rf.key, riskKey(risk.register, risk.reference))],
    ],
    register: () => [[rf.register, plain(rf.register, risk.register.trim())]],
    owners: () => [
      [rf.owners, people(rf.owners, risk.owners)],
      [rf.primaryOwner, person(rf.primaryOwner, risk.owners[0])],
    ],
  });
  return Object.fromEntries(cells);
}

/** The parent-risk columns repeated on controls, actions and snapshots. */
export type Parent = { riskId: number; register: string; reference: string };

/** The parent's lookup, register and reference cells of a control or action row. */
function parentCells(
  names: { risk: string; register: string; riskReference: string },
  parent: Parent,
): [string, Cell][] {
  return [
    [names.risk, { key: idField(names.risk), value: parent.riskId, display: parent.reference }],
    [names.register, plain(names.register, parent.register)],
    [names.riskReference, plain(names.riskReference, parent.reference)],
  ];
}

/** A control's columns; controls hold no dates, so no site calendar is needed. */
export function controlRow(parent: Parent, control: Control): Row {
  const [title, ...rest] = catalogueCells(control, CONTROL_FIELDS, undefined);
  return Object.fromEntries([...(title ? [title] : []), ...parentCells(F.controls, parent), ...rest]);
}

/** An action's columns. */
export function actionRow(parent: Parent, action: RiskAction, cal: SiteCalendar): Row {
  const [title, ...rest] = catalogueCells(action, ACTION_FIELDS, cal);
  return Object.fromEntries([...(title ? [title] : []), ...parentCells(F.actions, parent), ...rest]);
}

const sf = F.snapshots;
export function snapshotRow(parent: Parent, snap: PeriodSnapshot): Row {
  const cells: [string, Cell][] = [
    [sf.title, plain(sf.title, `${parent.reference} ${snap.periodId}`)],
    [sf.key, plain(sf.key, snapshotKey(parent.riskId, snap.periodId))],
    [sf.risk, { key: idField(sf.risk), value: parent.riskId, display: parent.reference }],
    [sf.register, plain(sf.register, parent.register)],
    [sf.riskReference, plain(sf.riskReference, parent.reference)],
    [sf.periodId, plain(sf.periodId, snap.periodId)],
    ...ratingCells({ likelihood: sf.inherentLikelihood, impact: sf.inherentImpact }, snap.inherent),
    ...ratingCells({ likelihood: sf.currentLikelihood, impact: sf.currentImpact }, snap.current),
    ...ratingCells({ likelihood: sf.targetLikelihood, impact: sf.targetImpact }, snap.target),
    [sf.currentScore, plain(sf.currentScore, snap.currentScore)],
    [sf.appetite, plain(sf.appetite, snap.appetite)],
    [sf.comment, plain(sf.comment, snap.comment)],
    [sf.recordedBy, person(sf.recordedBy, snap.recordedBy)],
    [sf.recordedAt, instant(sf.recordedAt, snap.recordedAt)],
    [sf.source, plain(sf.source, snap.source)],
    [sf.outcome, plain(sf.outcome, snap.outcome)],
    [sf.mergedInto, plain(sf.mergedInto, snap.mergedInto)],
    [sf.mergedFrom, lines(sf.mergedFrom, snap.mergedFrom ?? [])],
  ];
  return Object.fromEntries(cells);
}

const qf = F.reviewRequests;
export function requestRow(req: ReviewRequest): Row {
  return {
    [qf.title]: plain(qf.title, `${req.riskReference} ${req.periodId} ${req.owner.name}`.slice(0, 255)),
    [qf.key]: plain(qf.key, requestKey(req.riskId, req.periodId, req.owner.id)),
    [qf.risk]: { key: idField(qf.risk), value: req.riskId, display: req.riskReference },
    [qf.riskReference]: plain(qf.riskReference, req.riskReference),
    [qf.periodId]: plain(qf.periodId, req.periodId),
    [qf.owner]: person(qf.owner, req.owner),
    [qf.status]: plain(qf.status, req.status),
    [qf.conversationId]: plain(qf.conversationId, req.conversationId),
    [qf.activityId]: plain(qf.activityId, req.activityId),
    [qf.attempts]: plain(qf.attempts, req.attempts),
    [qf.lastError]: plain(qf.lastError, req.lastError),
    [qf.sentAt]: instant(qf.sentAt, req.sentAt),
    [qf.claimedSince]: instant(qf.claimedSince, req.claimedSince),
    [qf.answeredAt]: instant(qf.answeredAt, req.answeredAt),
    [qf.remindedAt]: instant(qf.remindedAt, req.remindedAt),
    [qf.escalatedAt]: instant(qf.escalatedAt, req.escalatedAt),
  };
}

const stf = F.settings;
export function settingsRow(settings: RegisterSettings): Row {
  return {
    [stf.title]: plain(stf.title, settings.register),
    [stf.register]: plain(stf.register, settings.register),
    [stf.json]: plain(stf.json, JSON.stringify(settings, null, 2)),
    [stf.schemaVersion]: plain(stf.schemaVersion, schemaVersion),
  };
}

/** The REST body for the given columns (all when omitted). */
export function payloadOf(row: Row, columns: string[] = Object.keys(row)): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const cell = row[c];
    if (cell) out[cell.key] = cell.value;
  }
  return out;
}

export type Change = { field: string; oldValue: string; newValue: string };

/** Columns whose value differs, as audit changes (every non-empty column for a new record). */
export function diffRows(before: Row | undefined, after: Row): Change[] {
  const out: Change[] = [];
  for (const [column, cell] of Object.entries(after)) {
    const old = before?.[column];
    const changed = old ? JSON.stringify(old.value) !== JSON.stringify(cell.value) : cell.display !== '';
    if (changed) out.push({ field: column, oldValue: old?.display ?? '', newValue: cell.display });
  }
  return out;
}
