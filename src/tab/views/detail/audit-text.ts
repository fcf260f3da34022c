/**
 * The audit trail in council language: each save is one row, its changes named by the labels the tab
 * shows (the field catalogue's, src/domain/field-catalogue.ts) with values as the tab shows them (a
 * rating in the register's notation on the matrix in force at the time, a choice in words, a date as a
 * date), people by name, newest first. What the review service keeps for its own bookkeeping (review
 * requests, the list-only key columns) is marked so the view can hide it unless asked.
 */
import { ACTION_STATUS_LABELS } from '../../../domain/choices';
import {
  ACTION_FIELDS,
  CONTROL_FIELDS,
  RISK_FIELDS,
  choiceText,
  type FieldSpec,
} from '../../../domain/field-catalogue';
import { matrixAt } from '../../../domain/matrix-change';
import { levelOf } from '../../../domain/matrix';
import { periodById } from '../../../domain/periods';
import { formatRating } from '../../../domain/rating-display';
import type { Person, RegisterSettings } from '../../../domain/types';
import type { AuditEntry, StoredRisk } from '../../../ports';
import { formatDate, formatDateTime } from '../../lib/dates';

export type AuditChange = { label: string; before: string; after: string; bookkeeping: boolean };

export type AuditRow = {
  key: string;
  at: string;
  /** The person by name (the e-mail the log keeps when nobody on the register has it). */
  by: string;
  /** What was changed: `Risk`, `Action “Recruit social workers”`, `Review for Q4 2023/24`. */
  record: string;
  /** Where the change came from, in words. */
  via: string;
  changes: AuditChange[];
  /** Every change in the row is the review service's bookkeeping. */
  bookkeeping: boolean;
};

const sourceText: Record<AuditEntry['source'], string> = {
  tab: 'the register',
  card: 'a review card',
  import: 'an import',
  scheduler: 'the review service',
  provisioning: 'set-up',
};

type Column = { label: string; spec?: FieldSpec; rating?: { tier: string; axis: 'likelihood' | 'impact' } };

/** Column name -> how people read it, from a catalogue (a rating is `<column>Likelihood` and `<column>Impact`). */
function columnsOf(catalogue: Readonly<Record<string, FieldSpec>>): Map<string, Column> {
  const out = new Map<string, Column>();
  for (const spec of Object.values(catalogue)) {
    if (!spec.column) continue;
    if (spec.kind === 'rating') {
      // `Current` -> `Current rating`, as the detail and the paper name it.
      const label = /rating/i.test(spec.label) ? spec.label : `${spec.label} rating`;
      out.set(`${spec.column}Likelihood`, { label, rating: { tier: spec.column, axis: 'likelihood' } });
      out.set(`${spec.column}Impact`, { label, rating: { tier: spec.column, axis: 'impact' } });
    } else out.set(spec.column, { label: spec.label, spec });
  }
  return out;
}

const riskColumns = columnsOf(RISK_FIELDS);
const controlColumns = columnsOf(CONTROL_FIELDS);
const actionColumns = columnsOf(ACTION_FIELDS);

// The period snapshot's columns (src/sharepoint/schema.ts), as the history table names them.
const snapshotColumns = new Map<string, Column>([
  ['PeriodId', { label: 'Period' }],
  ['InherentLikelihood', { label: 'Inherent rating', rating: { tier: 'Inherent', axis: 'likelihood' } }],
  ['InherentImpact', { label: 'Inherent rating', rating: { tier: 'Inherent', axis: 'impact' } }],
  ['CurrentLikelihood', { label: 'Current rating', rating: { tier: 'Current', axis: 'likelihood' } }],
  ['CurrentImpact', { label: 'Current rating', rating: { tier: 'Current', axis: 'impact' } }],
  ['TargetLikelihood', { label: 'Target rating', rating: { tier: 'Target', axis: 'likelihood' } }],
  ['TargetImpact', { label: 'Target rating', rating: { tier: 'Target', axis: 'impact' } }],
  ['CurrentScore', { label: 'Score' }],
  ['Appetite', { label: 'Appetite' }],
  ['PeriodComment', { label: 'Comment' }],
  ['RecordedBy', { label: 'Recorded by' }],
  ['RecordedAt', { label: 'Recorded' }],
  ['SnapshotSource', { label: 'Recorded through' }],
  ['Outcome', { label: 'Review' }],
  ['MergedInto', { label: 'Merged into' }],
  ['MergedFrom', { label: 'Merged from' }],
]);

/** Columns the lists keep for the software, not for people: keys, parents, the denormalised owner. */
const riskBookkeeping = new Set(['RiskKey', 'PrimaryOwner']);
const childBookkeeping = new Set(['SnapshotKey', 'RequestKey', 'Risk', 'RiskReference', 'Register', 'Title']);
const isBookkeeping = (entity: AuditEntry['entity'], column: string, known: boolean): boolean =>
  entity === 'review-request' ||
  (entity === 'risk' ? riskBookkeeping.has(column) : entity === 'snapshot' && childBookkeeping.has(column)) ||
  (entity !== 'settings' && !known);

const snapshotWords: Record<string, Record<string, string>> = {
  SnapshotSource: { card: 'Review card', tab: 'Risk register tab', import: 'Import' },
  Outcome: { confirmed: 'Confirmed', changed: 'Changed', 'not-reviewed': 'Not reviewed' },
};

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoTime = /^\d{4}-\d{2}-\d{2}T/;

function valueText(
  column: string,
  col: Column | undefined,
  entity: AuditEntry['entity'],
  value: string,
): string {
  if (value === '') return '';
  if (entity === 'action' && column === 'ActionStatus')
    return ACTION_STATUS_LABELS[value as keyof typeof ACTION_STATUS_LABELS] ?? value;
  if (entity === 'snapshot') {
    if (column === 'PeriodId') {
      const p = periodById(value);
      return p.ok ? p.value.label : value;
    }
    const words = snapshotWords[column]?.[value];
    if (words) return words;
  }
  if (col?.spec?.kind === 'choice') return choiceText(col.spec, value);
  if (col?.spec?.kind === 'number' && column === 'Progress') return `${value}%`;
  if (isoDate.test(value)) return formatDate(value);
  if (isoTime.test(value)) return formatDateTime(value);
  return value;
}

export type AuditContext = {
  settings: Pick<RegisterSettings, 'matrix' | 'matrixHistory'>;
  /** The risk, for naming its controls and actions. */
  risk: Pick<StoredRisk, 'controls' | 'actions'>;
  /** E-mail (lower case) -> name, for the people the log names by e-mail. */
  names: ReadonlyMap<string, string>;
};

/** Everyone named on the register's risks, by e-mail: owners, delegates, cabinet members, control and action owners. */
export function namesOf(
  risks: readonly Pick<StoredRisk, 'owners' | 'delegates' | 'cabinetMembers' | 'controls' | 'actions'>[],
  extra: readonly Person[] = [],
): Map<string, string> {
  const people = [
    ...risks.flatMap((r) => [
      ...r.owners,
      ...r.delegates,
      ...r.cabinetMembers,
      ...r.controls.flatMap((c) => c.owners),
      ...r.actions.flatMap((a) => a.owners),
    ]),
    ...extra,
  ];
  return new Map(people.flatMap((p) => (p.email ? [[p.email.toLowerCase(), p.name] as const] : [])));
}

function recordOf(first: AuditEntry, entries: AuditEntry[], ctx: AuditContext): string {
  const titled = (list: { id?: number; title: string }[]) =>
    list.find((x) => x.id === first.entityId)?.title ??
    entries.find((e) => e.field === 'Title')?.newValue ??
    entries.find((e) => e.field === 'Title')?.oldValue;
  switch (first.entity) {
    case 'risk':
      return 'Risk';
    case 'control': {
      const t = titled(ctx.risk.controls);
      return t ? `Control “${t}”` : 'A control';
    }
    case 'action': {
      const t = titled(ctx.risk.actions);
      return t ? `Action “${t}”` : 'An action';
    }
    case 'snapshot': {
      const id = entries.find((e) => e.field === 'PeriodId')?.newValue;
      const p = id ? periodById(id) : undefined;
      return p?.ok ? `Review for ${p.value.label}` : 'Period review';
    }
    case 'review-request':
      return 'Review request';
    case 'settings':
      return 'Register settings';
  }
}

/** The changes of one save in words, the two halves of a rating shown together as one rating. */
function changesOf(
  entries: AuditEntry[],
  ctx: AuditContext,
  known: ReadonlyMap<string, string>,
): AuditChange[] {
  const first = entries[0];
  if (!first) return [];
  const columns =
    first.entity === 'risk'
      ? riskColumns
      : first.entity === 'control'
        ? controlColumns
        : first.entity === 'action'
          ? actionColumns
          : first.entity === 'snapshot'
            ? snapshotColumns
            : new Map<string, Column>();
  const matrix = matrixAt(ctx.settings, first.at);
  const out: AuditChange[] = [];
  const ratings = new Map<
    string,
    { label: string; entries: Partial<Record<'likelihood' | 'impact', AuditEntry>> }
  >();
  for (const e of entries) {
    const col = columns.get(e.field);
    const bookkeeping = isBookkeeping(first.entity, e.field, !!col);
    if (col?.rating) {
      const r = ratings.get(col.rating.tier) ?? { label: col.label, entries: {} };
      r.entries[col.rating.axis] = e;
      if (!ratings.has(col.rating.tier)) {
        ratings.set(col.rating.tier, r);
        // Placeholder where the rating first appears; filled in below.
        out.push({ label: `\u0000${col.rating.tier}`, before: '', after: '', bookkeeping: false });
      }
      continue;
    }
    const label =
      col?.label ?? (first.entity === 'settings' && e.field === 'SettingsJson' ? 'Settings' : e.field);
    out.push({
      label,
      before: valueText(e.field, col, first.entity, e.oldValue),
      after: valueText(e.field, col, first.entity, e.newValue),
      bookkeeping,
    });
  }
  const ratingText = (l: string | undefined, i: string | undefined): string => {
    if (!l && !i) return '';
    const likelihood = Number(l);
    const impact = Number(i);
    if (l && i && levelOf(matrix.likelihood, likelihood) && levelOf(matrix.impact, impact))
      return formatRating(matrix, { likelihood, impact });
    // One half only (the other did not change) or off the matrix: each half by its scale's words.
    const half = (axis: 'likelihood' | 'impact', v: string | undefined) => {
      if (!v) return '';
      const level = levelOf(matrix[axis], Number(v));
      return `${matrix[axis].name.toLowerCase()} ${level ? `${level.label} (${level.code})` : v}`;
    };
    return [half('likelihood', l), half('impact', i)].filter(Boolean).join(', ');
  };
  return out.map((c) => {
    if (!c.label.startsWith('\u0000')) return c;
    const tier = c.label.slice(1);
    const r = ratings.get(tier);
    const l = r?.entries.likelihood;
    const i = r?.entries.impact;
    // A save records only the half that changed: the other half is its last recorded value.
    const was = (axis: 'Likelihood' | 'Impact', e: AuditEntry | undefined) =>
      e ? e.oldValue : known.get(`${tier}${axis}`);
    const now = (axis: 'Likelihood' | 'Impact', e: AuditEntry | undefined) =>
      e ? e.newValue : known.get(`${tier}${axis}`);
    const before = l?.oldValue || i?.oldValue ? ratingText(was('Likelihood', l), was('Impact', i)) : '';
    return {
      label: r?.label ?? tier,
      before,
      after: ratingText(now('Likelihood', l), now('Impact', i)),
      bookkeeping: false,
    };
  });
}

/**
 * The audit rows, newest first (ties by the log's own order: a later id is a later write), one per save:
 * entries written together (same time, person, record and source) are one row.
 */
export function auditRows(audit: readonly AuditEntry[], ctx: AuditContext): AuditRow[] {
  // Oldest first to group the saves and follow each record's values; shown newest first.
  const ordered = [...audit].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
  const groups: { key: string; entries: AuditEntry[] }[] = [];
  for (const a of ordered) {
    const key = `${a.at}|${a.by}|${a.entity}|${a.entityId}|${a.source}`;
    const last = groups[groups.length - 1];
    // One save changes a field once: the same field again (two saves within a second) is the next save.
    if (last?.key === key && !last.entries.some((e) => e.field === a.field)) last.entries.push(a);
    else groups.push({ key, entries: [a] });
  }
  const state = new Map<string, Map<string, string>>();
  const rows = groups.map(({ key, entries }): AuditRow => {
    const first = entries[0] as AuditEntry;
    const record = `${first.entity}|${first.entityId}`;
    const known = state.get(record) ?? new Map<string, string>();
    const changes = changesOf(entries, ctx, known);
    const next = new Map(known);
    for (const e of entries) next.set(e.field, e.newValue);
    state.set(record, next);
    return {
      key: `${key}|${first.id}`,
      at: first.at,
      by: ctx.names.get(first.by.toLowerCase()) ?? first.by,
      record: recordOf(first, entries, ctx),
      via: sourceText[first.source] ?? first.source,
      changes,
      bookkeeping: changes.every((c) => c.bookkeeping),
    };
  });
  return rows.reverse();
}

/** One change as a sentence: `Current rating: High (20) → Medium (12)`. */
export function changeText(c: AuditChange): string {
  if (!c.before) return `${c.label}: ${c.after || '(cleared)'}`;
  return `${c.label}: ${c.before} → ${c.after || '(cleared)'}`;
}
