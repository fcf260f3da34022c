/**
 * The one restore step between stored list items and the domain: every item read from SharePoint
 * passes through here. Data edited by hand in SharePoint, or left by an older version, is either
 * repaired (a rating outside the matrix is dropped and shown as unrated, an unknown choice gets
 * its default) or rejected (no reference), and every decision goes into a report the register view
 * shows, so nothing is silently lost or silently invented.
 */
import type { Control, PeriodSnapshot, Person, Rating, Risk, RiskAction, RiskMatrix } from '../domain/types';
import {
  ACTION_FIELDS,
  CONTROL_FIELDS,
  RISK_FIELDS,
  type FieldCatalogue,
  type FieldSpec,
  type RiskFieldName,
} from '../domain/field-catalogue';
import type { AuditEntry, RestoreIssue, ReviewRequest, Stored } from '../ports';
import { Choices, F, ListTitles } from './schema';
import type { SiteCalendar } from './site-calendar';

export type Item = Record<string, unknown>;

export type { RestoreIssue };

/** Collects issues across one read. */
export type RestoreReport = RestoreIssue[];

export const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const optStr = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const optNum = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const lineList = (v: unknown): string[] => [
  ...new Set(
    str(v)
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

/** The stored-record envelope: id, ETag and last modified. */
export function envelope(item: Item): { id: number; etag: string; modified: string } {
  return {
    id: Number(item.Id ?? item.ID),
    etag: str(item['odata.etag'] ?? item.__etag),
    modified: str(item.Modified),
  };
}

/** Expanded person column (object, array, or verbose `{results}`) -> people. */
export function peopleOf(v: unknown): (Person & { id: number })[] {
  const arr = Array.isArray(v)
    ? v
    : v && typeof v === 'object' && Array.isArray((v as { results?: unknown }).results)
      ? ((v as { results: unknown[] }).results as unknown[])
      : v && typeof v === 'object'
        ? [v]
        : [];
  return arr
    .filter((p): p is Item => !!p && typeof p === 'object' && typeof (p as Item).Id === 'number')
    .map((p) => ({
      id: p.Id as number,
      name: str(p.Title),
      ...(optStr(p.EMail) ? { email: p.EMail as string } : {}),
      ...(optStr(p.JobTitle) ? { jobTitle: p.JobTitle as string } : {}),
    }));
}

function choice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  fallback: T | undefined,
  ctx: { list: string; itemId: number; record?: string; field: string },
  report: RestoreReport,
): T | undefined {
  if (value == null || value === '') return fallback;
  if ((allowed as readonly string[]).includes(str(value))) return value as T;
  report.push({
    ...ctx,
    value,
    problem: `'${str(value)}' is not one of ${allowed.join(', ')}; ${fallback ? `treated as '${fallback}'` : 'left empty'}`,
    action: 'repaired',
  });
  return fallback;
}

function ratingOf(
  item: Item,
  names: { likelihood: string; impact: string },
  matrix: RiskMatrix | undefined,
  ctx: { list: string; itemId: number; record?: string },
  report: RestoreReport,
): Rating | undefined {
  const l = optNum(item[names.likelihood]);
  const i = optNum(item[names.impact]);
  if (l === undefined && i === undefined) return undefined;
  const field = `${names.likelihood}/${names.impact}`;
  if (l === undefined || i === undefined) {
    report.push({
      ...ctx,
      field,
      value: [l, i],
      problem: 'only half of the rating is stored; shown as unrated',
      action: 'repaired',
    });
    return undefined;
  }
  const inScale = (n: number, values: number[] | undefined) =>
    Number.isInteger(n) && (values ? values.includes(n) : n >= 1);
  const lv = matrix?.likelihood.levels.map((x) => x.value);
  const iv = matrix?.impact.levels.map((x) => x.value);
  if (!inScale(l, lv) || !inScale(i, iv)) {
    report.push({
      ...ctx,
      field,
      value: [l, i],
      problem:
        `rating ${l} x ${i} is outside the register's matrix` +
        (lv && iv ? ` (likelihood ${lv.join('/')}, impact ${iv.join('/')})` : '') +
        '; shown as unrated until someone re-rates the risk',
      action: 'repaired',
    });
    return undefined;
  }
  return { likelihood: l, impact: i };
}

type Ctx = { list: string; itemId: number; record?: string };

/**
 * A record's catalogued fields read from an item, by kind: texts and lists default to empty, optional
 * values are left out when empty, a choice outside the catalogue gets its fallback and a rating outside
 * the matrix is dropped, each with an issue in `report`. Fields in `skip` are the caller's.
 */
function readCatalogue<K extends string>(
  item: Item,
  catalogue: FieldCatalogue<K>,
  at: { ctx: Ctx; report: RestoreReport; cal: SiteCalendar | undefined; matrix?: RiskMatrix | undefined },
  skip: readonly K[] = [],
): Record<string, unknown> {
  const { ctx, report, cal } = at;
  const out: Record<string, unknown> = {};
  const set = (field: string, value: unknown) => {
    if (value !== undefined) out[field] = value;
  };
  for (const [field, spec] of Object.entries(catalogue) as [K, FieldSpec][]) {
    const name = spec.column;
    if (skip.includes(field) || !name) {
      if (spec.kind === 'children') out[field] = [];
      continue;
    }
    const raw = item[name];
    switch (spec.kind) {
      case 'text':
      case 'note':
        set(field, spec.optional ? optStr(raw) : str(raw));
        break;
      case 'lines':
        set(field, lineList(raw));
        break;
      case 'people':
        set(field, peopleOf(raw));
        break;
      case 'rating':
        set(
          field,
          ratingOf(
            item,
            { likelihood: `${name}Likelihood`, impact: `${name}Impact` },
            at.matrix,
            ctx,
            report,
          ),
        );
        break;
      case 'score':
      case 'number':
        set(field, optNum(raw));
        break;
      case 'choice':
        set(field, choice(raw, spec.choices ?? [], spec.fallback, { ...ctx, field: name }, report));
        break;
      case 'date':
        set(field, cal?.storedToDate(raw));
        break;
      case 'children':
        break;
    }
  }
  return out;
}

const rf = F.risks;

/**
 * A risk item -> StoredRisk (controls and actions empty; the caller attaches them), or undefined if
 * rejected. `catalogue` is the product's; a test passes an extended one, and the compact projection
 * (first-screen.ts) the few fields it reads, when only those are in the result.
 */
export function restoreRisk<K extends RiskFieldName = RiskFieldName>(
  item: Item,
  matrix: RiskMatrix | undefined,
  report: RestoreReport,
  cal: SiteCalendar,
  catalogue: FieldCatalogue<K> = RISK_FIELDS as FieldCatalogue<RiskFieldName> as FieldCatalogue<K>,
): Stored<Risk> | undefined {
  const env = envelope(item);
  const reference = str(item[rf.reference]).trim();
  const register = str(item[rf.register]).trim();
  const base = { list: ListTitles.risks, itemId: env.id };
  if (!reference || !register) {
    report.push({
      ...base,
      field: reference ? rf.register : rf.reference,
      value: reference ? item[rf.register] : item[rf.reference],
      problem: `risk item ${env.id} has no ${reference ? 'register' : 'reference'}; it is left out of the register until fixed in SharePoint`,
      action: 'rejected',
    });
    return undefined;
  }
  const ctx = { ...base, record: reference };
  const fields = readCatalogue<K>(item, catalogue, { ctx, report, cal, matrix }, [
    'reference',
    'register',
  ] as K[]);
  return { ...env, ...fields, reference, register } as Stored<Risk>;
}

/** The parent risk id of a control, action, snapshot or request item. */
export function parentRiskId(item: Item): number | undefined {
  return optNum(item.RiskId);
}

export function restoreControl(item: Item): Stored<Control> & { riskId?: number } {
  const env = envelope(item);
  const ctx = { list: ListTitles.controls, itemId: env.id, record: optStr(item[F.controls.riskReference]) };
  // Controls have no choices or dates, so reading one never repairs anything.
  const fields = readCatalogue(item, CONTROL_FIELDS, { ctx, report: [], cal: undefined });
  const out = { ...env, ...fields } as Stored<Control> & { riskId?: number };
  const riskId = parentRiskId(item);
  if (riskId !== undefined) out.riskId = riskId;
  return out;
}

export function restoreAction(
  item: Item,
  report: RestoreReport,
  cal: SiteCalendar,
): Stored<RiskAction> & { riskId?: number } {
  const a = F.actions;
  const env = envelope(item);
  const ctx = { list: ListTitles.actions, itemId: env.id, record: optStr(item[a.riskReference]) };
  const fields = readCatalogue(item, ACTION_FIELDS, { ctx, report, cal });
  const out = { ...env, ...fields } as Stored<RiskAction> & { riskId?: number };
  const riskId = parentRiskId(item);
  if (riskId !== undefined) out.riskId = riskId;
  const progress = out.progress;
  if (progress !== undefined) {
    if (progress < 0 || progress > 100) {
      report.push({
        ...ctx,
        field: a.progress,
        value: progress,
        problem: 'progress must be 0-100; clamped',
        action: 'repaired',
      });
    }
    out.progress = Math.min(100, Math.max(0, progress));
  }
  return out;
}

const sf = F.snapshots;

/** A snapshot item -> domain snapshot, or undefined when it has no period. */
export function restoreSnapshot(
  item: Item,
  matrix: RiskMatrix | undefined,
  report: RestoreReport,
): Stored<PeriodSnapshot> | undefined {
  const env = envelope(item);
  const reference = str(item[sf.riskReference]);
  const ctx = { list: ListTitles.snapshots, itemId: env.id, record: reference };
  const periodId = str(item[sf.periodId]).trim();
  if (!periodId) {
    report.push({
      ...ctx,
      field: sf.periodId,
      value: item[sf.periodId],
      problem: 'snapshot has no period; ignored',
      action: 'rejected',
    });
    return undefined;
  }
  const snap: Stored<PeriodSnapshot> = {
    ...env,
    riskReference: reference,
    periodId,
    comment: str(item[sf.comment]),
    recordedAt: str(item[sf.recordedAt]),
    source:
      choice(item[sf.source], Choices.snapshotSource, 'tab', { ...ctx, field: sf.source }, report) ?? 'tab',
    outcome:
      choice(item[sf.outcome], Choices.snapshotOutcome, 'confirmed', { ...ctx, field: sf.outcome }, report) ??
      'confirmed',
  };
  const riskId = parentRiskId(item);
  if (riskId !== undefined) snap.riskId = riskId;
  const tiers = [
    ['inherent', sf.inherentLikelihood, sf.inherentImpact],
    ['current', sf.currentLikelihood, sf.currentImpact],
    ['target', sf.targetLikelihood, sf.targetImpact],
  ] as const;
  for (const [tier, likelihood, impact] of tiers) {
    const r = ratingOf(item, { likelihood, impact }, matrix, ctx, report);
    if (r) snap[tier] = r;
  }
  const score = optNum(item[sf.currentScore]);
  if (score !== undefined) snap.currentScore = score;
  const appetite = optNum(item[sf.appetite]);
  if (appetite !== undefined) snap.appetite = appetite;
  const by = peopleOf(item[sf.recordedBy])[0];
  if (by) snap.recordedBy = by;
  const merged = optStr(item[sf.mergedInto]);
  if (merged) snap.mergedInto = merged;
  const mergedFrom = lineList(item[sf.mergedFrom]);
  if (mergedFrom.length) snap.mergedFrom = mergedFrom;
  return snap;
}

const qf = F.reviewRequests;

export function restoreRequest(item: Item, report: RestoreReport): Stored<ReviewRequest> {
  const env = envelope(item);
  const reference = str(item[qf.riskReference]);
  const ctx = { list: ListTitles.reviewRequests, itemId: env.id, record: reference, field: qf.status };
  const owner = peopleOf(item[qf.owner])[0] ?? { id: optNum(item[`${qf.owner}Id`]) ?? 0, name: '' };
  const out: Stored<ReviewRequest> = {
    ...env,
    key: str(item[qf.key]),
    riskId: parentRiskId(item) ?? 0,
    riskReference: reference,
    periodId: str(item[qf.periodId]),
    owner,
    status: choice(item[qf.status], Choices.requestStatus, 'pending', ctx, report) ?? 'pending',
    attempts: optNum(item[qf.attempts]) ?? 0,
  };
  const optional = [
    ['conversationId', qf.conversationId],
    ['activityId', qf.activityId],
    ['lastError', qf.lastError],
    ['sentAt', qf.sentAt],
    ['claimedSince', qf.claimedSince],
    ['answeredAt', qf.answeredAt],
    ['remindedAt', qf.remindedAt],
    ['escalatedAt', qf.escalatedAt],
  ] as const;
  for (const [key, column] of optional) {
    const v = optStr(item[column]);
    if (v) out[key] = v;
  }
  const risk = item[qf.risk];
  const register =
    typeof risk === 'object' && risk !== null ? optStr((risk as Item)[F.risks.register]) : undefined;
  if (register) out.register = register;
  return out;
}

export function restoreAudit(item: Item): AuditEntry {
  const au = F.audit;
  const entry: AuditEntry = {
    id: envelope(item).id,
    at: str(item[au.at]),
    by: str(item[au.by]),
    entity: (Choices.auditEntity as readonly string[]).includes(str(item[au.entity]))
      ? (item[au.entity] as AuditEntry['entity'])
      : 'risk',
    entityId: optNum(item[au.entityId]) ?? 0,
    field: str(item[au.field]),
    oldValue: str(item[au.oldValue]),
    newValue: str(item[au.newValue]),
    source: (Choices.auditSource as readonly string[]).includes(str(item[au.source]))
      ? (item[au.source] as AuditEntry['source'])
      : 'tab',
  };
  const riskId = optNum(item[au.riskId]);
  if (riskId !== undefined) entry.riskId = riskId;
  const ref = optStr(item[au.riskReference]);
  if (ref) entry.riskReference = ref;
  return entry;
}
