/**
 * The register's SharePoint lists as code: every list title, field internal name, type, length,
 * index and unique key lives here and nowhere else. Provisioning creates exactly this; the
 * repositories and the restore step read and write exactly these names.
 *
 * Decisions where SharePoint cannot hold the domain natively:
 * - Uniqueness is enforced by SharePoint on ONE indexed column, so composite keys are computed
 *   single-line text columns: RiskKey `register|reference`, SnapshotKey `riskId|periodId`,
 *   RequestKey `riskId|periodId|ownerId` (see the key builders below).
 * - Multi-value person columns (owners, delegates, cabinet members) cannot be indexed in SharePoint,
 *   so Risks carries a denormalised single-person PrimaryOwner column (the first owner), indexed,
 *   for "my risks" queries.
 * - Ratings are numbers per tier (InherentLikelihood ... TargetImpact), holding scale `value`s.
 * - Aliases, triggers, linked risks and merged-from references are newline-separated text in multi-line columns: readable and
 *   editable in SharePoint's own list UI, and none of these values contains a line break.
 * - Register settings are one JSON document (validated on read) in a multi-line column.
 * - Controls, actions and snapshots repeat the risk's Register (indexed) so the register view can
 *   filter every list on an indexed column and stay under the 5,000-item list view threshold.
 * - The audit log is a hash chain per register: AuditSeq numbers a register's entries, ChainKey
 *   `register|seq` (unique) stops two writers taking one place, AuditKey (unique) makes a retried
 *   append a no-op, PrevHash/EntryHash link each entry to the one before (src/sharepoint/audit-hash.ts).
 */

import { ListTitles } from '../ports';
import {
  ACTION_FIELDS,
  CONTROL_FIELDS,
  RISK_FIELDS,
  type FieldCatalogue,
  type RiskFieldName,
  type FieldSpec as CatalogueField,
} from '../domain/field-catalogue';

export type FieldKind =
  'Text' | 'Note' | 'Number' | 'DateTime' | 'Choice' | 'User' | 'UserMulti' | 'Lookup' | 'Boolean';

export type FieldSpec = {
  /** Internal name; never changes once provisioned. The display name is derived (see displayName). */
  name: string;
  kind: FieldKind;
  /** Single line of text only; SharePoint allows at most 255. */
  maxLength?: number;
  indexed?: boolean;
  /** Enforce unique values (SharePoint requires the column to be indexed too). */
  unique?: boolean;
  required?: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Lookup target list title; the lookup shows that list's Title. */
  lookupList?: string;
  /**
   * Lookup only: columns of the target list read through the lookup with every item
   * (`$select=Risk/Register&$expand=Risk`). SharePoint projects single line of text, number and date
   * columns of the target this way (Learn, "Create list relationships by using lookup columns").
   */
  projected?: readonly string[];
  /** DateTime columns holding a calendar date only (no time of day). */
  dateOnly?: boolean;
  description?: string;
};

export type ListSpec = {
  title: string;
  description: string;
  fields: readonly FieldSpec[];
  /**
   * The columns a person sees in SharePoint's own list (the default view, after Title), in the
   * order of `fields` (provisioning adds them as it creates them). Keys and internal bookkeeping
   * stay out of it.
   */
  view: readonly string[];
};

/**
 * A catalogue's column names by field (a rating gives `<field>Likelihood` and `<field>Impact`), so code
 * names a column as `F.risks.cause` and the name itself is written once, in the catalogue.
 */
export type ColumnNames<C> = {
  readonly [
    K in keyof C as C[K] extends { kind: 'rating' } ? never : C[K] extends { column: string } ? K : never
  ]: string;
} & {
  readonly [
    K in keyof C as C[K] extends { kind: 'rating' }
      ? `${K & string}Likelihood` | `${K & string}Impact`
      : never
  ]: string;
};

/** The column names of a catalogue (see ColumnNames). */
export function columnNames<C extends FieldCatalogue>(catalogue: C): ColumnNames<C> {
  const out: Record<string, string> = {};
  for (const [field, spec] of Object.entries(catalogue)) {
    if (!spec.column) continue;
    if (spec.kind === 'rating') {
      out[`${field}Likelihood`] = `${spec.column}Likelihood`;
      out[`${field}Impact`] = `${spec.column}Impact`;
    } else out[field] = spec.column;
  }
  return out as ColumnNames<C>;
}

/** Bumped whenever this module adds a list or field, so a provisioned site says which schema it has. */
export const schemaVersion = 2;

/** The managers' group name is part of the ports' contract (src/ports). */
export { managerGroupName } from '../ports';

export { displayName, ListTitles } from '../ports';

/** Field internal names, grouped by list. `Title` is SharePoint's built-in column. */
export const F = {
  risks: { ...columnNames(RISK_FIELDS), key: 'RiskKey', primaryOwner: 'PrimaryOwner' },
  controls: {
    ...columnNames(CONTROL_FIELDS),
    risk: 'Risk',
    register: 'Register',
    riskReference: 'RiskReference',
  },
  actions: {
    ...columnNames(ACTION_FIELDS),
    risk: 'Risk',
    register: 'Register',
    riskReference: 'RiskReference',
  },
  snapshots: {
    title: 'Title',
    key: 'SnapshotKey',
    risk: 'Risk',
    register: 'Register',
    riskReference: 'RiskReference',
    periodId: 'PeriodId',
    inherentLikelihood: 'InherentLikelihood',
    inherentImpact: 'InherentImpact',
    currentLikelihood: 'CurrentLikelihood',
    currentImpact: 'CurrentImpact',
    targetLikelihood: 'TargetLikelihood',
    targetImpact: 'TargetImpact',
    currentScore: 'CurrentScore',
    appetite: 'Appetite',
    comment: 'PeriodComment',
    recordedBy: 'RecordedBy',
    recordedAt: 'RecordedAt',
    source: 'SnapshotSource',
    outcome: 'Outcome',
    mergedInto: 'MergedInto',
    mergedFrom: 'MergedFrom',
  },
  reviewRequests: {
    title: 'Title',
    key: 'RequestKey',
    risk: 'Risk',
    riskReference: 'RiskReference',
    periodId: 'PeriodId',
    owner: 'RequestOwner',
    status: 'RequestStatus',
    conversationId: 'ConversationId',
    activityId: 'ActivityId',
    attempts: 'Attempts',
    lastError: 'LastError',
    sentAt: 'SentAt',
    claimedSince: 'ClaimedSince',
    answeredAt: 'AnsweredAt',
    remindedAt: 'RemindedAt',
    escalatedAt: 'EscalatedAt',
  },
  settings: {
    title: 'Title',
    register: 'Register',
    json: 'SettingsJson',
    schemaVersion: 'SchemaVersion',
  },
  audit: {
    title: 'Title',
    at: 'AuditAt',
    by: 'Actor',
    entity: 'Entity',
    entityId: 'EntityId',
    riskId: 'AuditRiskId',
    riskReference: 'RiskReference',
    field: 'FieldName',
    oldValue: 'OldValue',
    newValue: 'NewValue',
    source: 'AuditSource',
    // The tamper-evident chain (schema 2): one chain per register.
    register: 'Register',
    seq: 'AuditSeq',
    chainKey: 'ChainKey',
    key: 'AuditKey',
    prevHash: 'PrevHash',
    hash: 'EntryHash',
    blockEnd: 'BlockEnd',
  },
} as const;

export const Choices = {
  riskStatus: RISK_FIELDS.status.choices,
  reviewFrequency: RISK_FIELDS.reviewFrequency.choices,
  treatment: RISK_FIELDS.treatment.choices,
  actionStatus: ACTION_FIELDS.status.choices,
  snapshotSource: ['card', 'tab', 'import'],
  snapshotOutcome: ['confirmed', 'changed', 'not-reviewed'],
  requestStatus: ['pending', 'sent', 'answered', 'reminded', 'escalated', 'unreachable', 'closed'],
  auditEntity: ['risk', 'control', 'action', 'snapshot', 'review-request', 'settings'],
  auditSource: ['tab', 'card', 'import', 'scheduler', 'provisioning'],
} as const;

/** SharePoint's single line of text limit. */
export const textMax = 255;

const text = (name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  kind: 'Text',
  maxLength: textMax,
  ...extra,
});
const note = (name: string): FieldSpec => ({ name, kind: 'Note' });
const num = (name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, kind: 'Number', ...extra });
const date = (name: string, dateOnly = false): FieldSpec => ({ name, kind: 'DateTime', dateOnly });
const choice = (name: string, choices: readonly string[], indexed = false): FieldSpec => ({
  name,
  kind: 'Choice',
  choices,
  indexed,
});
const key = (name: string): FieldSpec => text(name, { indexed: true, unique: true, required: true });
const riskLookup = (): FieldSpec => ({
  name: 'Risk',
  kind: 'Lookup',
  lookupList: ListTitles.risks,
  indexed: true,
});
// Scale values are small ordinals; 1..10 accepts every matrix the seed councils use with room to spare.
const rating = (name: string): FieldSpec => num(name, { min: 1, max: 10 });

/**
 * The list columns of a catalogue's fields, in its order (Title is SharePoint's own and skipped).
 * `extra` adds what only the list needs (indexes); `after` adds computed columns after a field.
 */
function catalogueColumns<K extends string>(
  catalogue: FieldCatalogue<K>,
  extra: Partial<Record<K, Partial<FieldSpec>>> = {},
  after: Partial<Record<K, FieldSpec[]>> = {},
): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const [field, spec] of Object.entries(catalogue) as [K, CatalogueField][]) {
    if (!spec.column || spec.column === 'Title') continue;
    const more = extra[field] ?? {};
    const name = spec.column;
    switch (spec.kind) {
      case 'text':
        out.push(text(name, more));
        break;
      case 'note':
      case 'lines':
        out.push({ ...note(name), ...more });
        break;
      case 'people':
        out.push({ name, kind: 'UserMulti', ...more });
        break;
      case 'rating':
        out.push(rating(`${name}Likelihood`), rating(`${name}Impact`));
        break;
      case 'score':
        out.push(num(name, { min: 0, ...more }));
        break;
      case 'number':
        out.push(
          num(name, {
            ...(spec.min === undefined ? {} : { min: spec.min }),
            ...(spec.max === undefined ? {} : { max: spec.max }),
            ...more,
          }),
        );
        break;
      case 'choice':
        out.push(choice(name, spec.choices ?? [], more.indexed ?? false));
        break;
      case 'date':
        out.push({ ...date(name, true), ...more });
        break;
      case 'children':
        break;
    }
    out.push(...(after[field] ?? []));
  }
  return out;
}

/** The Risks list's columns for a risk catalogue (the product's by default; tests pass an extended one). */
export function riskColumns(catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS): FieldSpec[] {
  return catalogueColumns(
    catalogue,
    {
      reference: { indexed: true, required: true },
      register: { indexed: true, required: true },
      status: { indexed: true },
    },
    {
      reference: [key(F.risks.key)],
      owners: [{ name: F.risks.primaryOwner, kind: 'User', indexed: true }],
    },
  );
}

/** The parent-risk columns of controls and actions. */
function parentColumns(names: { register: string; riskReference: string }): FieldSpec[] {
  return [riskLookup(), text(names.register, { indexed: true }), text(names.riskReference)];
}

const r = F.risks;
const c = F.controls;
const a = F.actions;
const s = F.snapshots;
const q = F.reviewRequests;
const st = F.settings;
const au = F.audit;

/** Every list the register needs, in provisioning order (lookup targets first). */
export const lists: readonly ListSpec[] = [
  {
    title: ListTitles.risks,
    description: 'Risk register: one item per risk (Title = risk title).',
    fields: riskColumns(),
    view: [
      r.reference,
      r.register,
      r.directorate,
      r.category,
      r.owners,
      r.currentLikelihood,
      r.currentImpact,
      r.targetLikelihood,
      r.targetImpact,
      r.reviewFrequency,
      r.nextReviewDate,
      r.treatment,
      r.status,
    ],
  },
  {
    title: ListTitles.controls,
    description: 'Controls in place, one item per control, linked to its risk.',
    fields: [...parentColumns(c), ...catalogueColumns(CONTROL_FIELDS)],
    view: [c.register, c.riskReference, c.owners, c.serviceTag],
  },
  {
    title: ListTitles.actions,
    description: 'Further actions, one item per action, linked to its risk.',
    fields: [...parentColumns(a), ...catalogueColumns(ACTION_FIELDS, { status: { indexed: true } })],
    view: [a.register, a.riskReference, a.owners, a.plannedDate, a.reviewDate, a.status, a.progress],
  },
  {
    title: ListTitles.snapshots,
    description: 'Frozen period records: one per risk per period; never rewritten by later edits.',
    fields: [
      key(s.key),
      riskLookup(),
      text(s.register, { indexed: true }),
      text(s.riskReference),
      text(s.periodId, { indexed: true, required: true }),
      rating(s.inherentLikelihood),
      rating(s.inherentImpact),
      rating(s.currentLikelihood),
      rating(s.currentImpact),
      rating(s.targetLikelihood),
      rating(s.targetImpact),
      num(s.currentScore, { min: 0 }),
      num(s.appetite, { min: 0 }),
      note(s.comment),
      { name: s.recordedBy, kind: 'User' },
      date(s.recordedAt),
      choice(s.source, Choices.snapshotSource),
      choice(s.outcome, Choices.snapshotOutcome),
      text(s.mergedInto),
      note(s.mergedFrom),
    ],
    view: [
      s.register,
      s.riskReference,
      s.periodId,
      s.currentLikelihood,
      s.currentImpact,
      s.currentScore,
      s.comment,
      s.recordedBy,
      s.recordedAt,
      s.source,
      s.outcome,
    ],
  },
  {
    title: ListTitles.reviewRequests,
    description: "The review flow's per-owner state: one item per risk, period and owner.",
    fields: [
      key(q.key),
      // The risk's register comes with each request, so the service's audit of a request names its chain
      // without reading the risk (and follows a risk moved to another register).
      { ...riskLookup(), projected: [r.register] },
      text(q.riskReference),
      text(q.periodId, { indexed: true, required: true }),
      { name: q.owner, kind: 'User', indexed: true },
      choice(q.status, Choices.requestStatus, true),
      text(q.conversationId),
      text(q.activityId),
      num(q.attempts, { min: 0 }),
      note(q.lastError),
      date(q.sentAt),
      date(q.claimedSince),
      date(q.answeredAt),
      date(q.remindedAt),
      date(q.escalatedAt),
    ],
    view: [
      q.riskReference,
      q.periodId,
      q.owner,
      q.status,
      q.sentAt,
      q.answeredAt,
      q.remindedAt,
      q.escalatedAt,
    ],
  },
  {
    title: ListTitles.settings,
    description: 'Per-register settings (matrix, schedule, options) as validated JSON.',
    fields: [key(st.register), note(st.json), num(st.schemaVersion)],
    view: [st.register, st.schemaVersion],
  },
  {
    title: ListTitles.audit,
    description:
      'Append-only audit log: one item per changed field, hash-chained per register (see src/sharepoint/audit-hash.ts).',
    fields: [
      date(au.at),
      text(au.by),
      choice(au.entity, Choices.auditEntity),
      num(au.entityId),
      num(au.riskId, { indexed: true }),
      text(au.riskReference, { indexed: true }),
      text(au.field),
      note(au.oldValue),
      note(au.newValue),
      choice(au.source, Choices.auditSource),
      // Not required: entries written before the chain have none of these (verify calls them unchained).
      // A unique column may hold many empty values (reported: pnp/PnP-PowerShell#932, where refused
      // adds left several items with an empty unique Title), so adding these to a full list works.
      text(au.register, { indexed: true }),
      num(au.seq, { min: 1, indexed: true }),
      text(au.chainKey, { indexed: true, unique: true }),
      text(au.key, { indexed: true, unique: true }),
      text(au.prevHash, { maxLength: 64 }),
      text(au.hash, { maxLength: 64 }),
      // The last seq of the append this entry was written in: other writers wait for it (not hashed).
      num(au.blockEnd, { min: 1 }),
    ],
    view: [
      au.at,
      au.by,
      au.entity,
      au.entityId,
      au.riskReference,
      au.field,
      au.oldValue,
      au.newValue,
      au.source,
    ],
  },
];

/** The spec of one list by title; throws for a title this module does not define. */
export function listSpec(title: string): ListSpec {
  const spec = lists.find((l) => l.title === title);
  if (!spec)
    throw new Error(`List '${title}' is not part of the register schema (src/sharepoint/schema.ts).`);
  return spec;
}

/** Unique RiskKey: a reference is unique within its register. SharePoint compares case-insensitively. */
export function riskKey(register: string, reference: string): string {
  return `${register.trim()}|${reference.trim()}`;
}

/** Unique SnapshotKey: one snapshot per risk per period. */
export function snapshotKey(riskId: number, periodId: string): string {
  return `${riskId}|${periodId}`;
}

/** Unique RequestKey: one review request per risk, period and owner. */
export function requestKey(riskId: number, periodId: string, ownerId: number): string {
  return `${riskId}|${periodId}|${ownerId}`;
}

/** Person columns are written as `<Field>Id` (a number, or `{results}`-free array for multi). */
export function idField(name: string): string {
  return `${name}Id`;
}
