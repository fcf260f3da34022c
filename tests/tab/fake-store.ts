/**
 * A small in-memory RegisterStore for the tab's component tests: ETags per record, ConflictError on a
 * stale ETag, PermissionDeniedError for read-only actors, and a call log to assert writes.
 */
import {
  directionOfTravel,
  mappedRatings,
  periodOf,
  previewMatrixChange,
  PRESETS,
  withMatrixHistory,
} from '../../src/domain';
import type { Control, PeriodSnapshot, RegisterSettings, Risk, RiskAction } from '../../src/domain/types';
import { ConflictError, PermissionDeniedError, ValidationError } from '../../src/sharepoint/errors';
import { diffRows, riskRow } from '../../src/sharepoint/item-codec';
import { canUpdateAction } from '../../src/service-api/rules';
import { siteCalendar } from '../../src/sharepoint/site-calendar';

const london = siteCalendar('Europe/London');
import type {
  Actor,
  AuditEntry,
  CurrentUser,
  MatrixChangeRequest,
  MatrixChangeResult,
  ReviewRequest,
  RegisterRow,
  RestoreIssue,
  RegisterStore,
  SiteUser,
  Stored,
  StoredRisk,
} from '../../src/ports';

export const manager: CurrentUser = {
  id: 1,
  name: 'Morgan Reid',
  email: 'morgan@x.example',
  access: 'manage',
};
export const owner: CurrentUser = {
  id: 2,
  name: 'Priya Shah',
  email: 'priya@x.example',
  access: 'contribute',
};
export const reader: CurrentUser = { id: 3, name: 'Sam Lee', email: 'sam@x.example', access: 'read' };

export function preset(id: string) {
  const m = PRESETS.find((p) => p.id === id);
  if (!m) throw new Error(`No preset ${id}`);
  return JSON.parse(JSON.stringify(m)) as RegisterSettings['matrix'];
}

export function settings(register: string, presetId = 'kent', defaultAppetite = 12): RegisterSettings {
  return {
    register,
    councilName: 'Test Council',
    matrix: preset(presetId),
    financialYearStartMonth: 4,
    defaultAppetite,
    review: {
      periodKind: 'quarter',
      leadDays: 7,
      cutOffDays: 28,
      reminderAfterDays: 7,
      escalateAfterDays: 14,
      cron: '0 8 * * 1',
    },
  };
}

/** A risk with sensible defaults; override what the test is about. */
export function risk(over: Partial<Risk> & { reference: string }): Risk {
  return {
    aliases: [],
    title: `Risk ${over.reference}`,
    description: '',
    cause: '',
    event: '',
    consequence: '',
    register: 'Corporate',
    directorate: 'Resources',
    category: 'Financial',
    owners: [{ id: 2, name: 'Priya Shah', email: 'priya@x.example' }],
    delegates: [],
    cabinetMembers: [],
    current: { likelihood: 3, impact: 3 },
    triggers: [],
    reviewFrequency: 'quarterly',
    timescaleToTarget: '',
    status: 'open',
    linkedRisks: [],
    controls: [],
    actions: [],
    ...over,
  };
}

let etagCounter = 0;
const stamp = <T extends object>(x: T, id: number): Stored<T> => ({
  ...x,
  id,
  etag: `"${++etagCounter}"`,
  modified: new Date().toISOString(),
});

export class FakeStore implements RegisterStore {
  risks = new Map<number, StoredRisk>();
  settings = new Map<string, Stored<RegisterSettings>>();
  snapshots: Stored<PeriodSnapshot>[] = [];
  audit: AuditEntry[] = [];
  calls: string[] = [];
  /** The reasons given for closing risks, in order. */
  closeReasons: string[] = [];
  private nextId = 1;
  /** Set to make the next call fail with this error. */
  failNext: Error | undefined;
  /** Users of the site (listSiteUsers), and accounts the directory knows by e-mail (ensureSiteUser). */
  siteUsers: SiteUser[] = [];
  directory: SiteUser[] = [];

  constructor(
    private user: CurrentUser,
    private today = '2026-11-22',
  ) {}

  addRegister(s: RegisterSettings) {
    this.settings.set(s.register, stamp(s, this.nextId++));
  }
  seed(r: Risk): StoredRisk {
    const stored = stamp({ ...r, controls: r.controls.map((c, i) => stamp(c, 1000 + i)) }, this.nextId++);
    this.risks.set(stored.id, stored);
    return stored;
  }
  private guard(actor: CurrentUser | { id: number }) {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
    const access = 'access' in actor ? actor.access : this.user.access;
    if (access === 'read') throw new PermissionDeniedError('Could not save: read-only (403).', 403, 'read');
  }
  async currentUser() {
    return this.user;
  }
  async listRegisters() {
    return [...this.settings.keys()];
  }
  async getSettings(register: string) {
    const s = this.settings.get(register);
    if (!s) throw new Error(`No register ${register}`);
    return s;
  }
  async saveSettings(s: RegisterSettings, etag: string | undefined) {
    this.calls.push(`saveSettings:${s.register}`);
    this.guard(this.user);
    const old = this.settings.get(s.register);
    if (old && etag !== old.etag) throw new ConflictError('Settings changed', old);
    if (old && !this.migrating) {
      // As the SharePoint store: a matrix that strands a stored rating is refused without a mapping.
      const risks = [...this.risks.values()].filter((r) => r.register === s.register);
      if (previewMatrixChange(old.matrix, s.matrix, risks).offScale > 0)
        throw new ValidationError(`The ${s.matrix.name} matrix has no place for existing ratings.`, 'matrix');
    }
    const saved = stamp(
      old ? withMatrixHistory(old, s, new Date().toISOString()) : s,
      old?.id ?? this.nextId++,
    );
    this.settings.set(s.register, saved);
    return saved;
  }
  private migrating = false;
  /** The in-memory migration: settings saved, then each risk's ratings mapped (as the SharePoint store). */
  async changeMatrix(request: MatrixChangeRequest, actor: Actor): Promise<MatrixChangeResult> {
    this.calls.push(`changeMatrix:${request.settings.register}`);
    const previous = await this.getSettings(request.settings.register);
    const risks = [...this.risks.values()].filter((r) => r.register === request.settings.register);
    const preview = previewMatrixChange(previous.matrix, request.settings.matrix, risks, request.mapping);
    if (preview.rows.some((r) => r.kind === 'off-scale'))
      throw new ValidationError('The mapping leaves ratings off the new matrix.', 'mapping');
    this.migrating = true;
    const settings = await this.saveSettings(request.settings, request.etag).finally(() => {
      this.migrating = false;
    });
    const rerated: string[] = [];
    for (const risk of risks) {
      const patch = mappedRatings(risk, request.mapping);
      if (Object.keys(patch).length === 0) continue;
      await this.updateRisk(risk.id, patch, risk.etag, { ...this.user, ...actor });
      rerated.push(risk.reference);
    }
    return { settings, rerated, failed: [], changes: preview.rows };
  }
  /** What the restore step would report when the register view is read. */
  restoreIssues: RestoreIssue[] = [];
  async loadRegisterView(query: { register?: string; periodId: string }) {
    const s = await this.getSettings(query.register ?? [...this.settings.keys()][0] ?? '');
    const period = periodOf(this.today, 'quarter', 4);
    const rows: RegisterRow[] = [...this.risks.values()]
      .filter((r) => !query.register || r.register === query.register)
      .map((r) => {
        const snaps = this.snapshots.filter((x) => x.riskId === r.id);
        const snapshot = snaps.find((x) => x.periodId === query.periodId);
        const previous = snaps.filter((x) => x.periodId < query.periodId).at(-1);
        return {
          risk: r,
          snapshot,
          previous,
          direction: snapshot ? directionOfTravel(snapshot, snaps, s.matrix) : previous ? 'unchanged' : 'new',
          reviewState: snapshot ? (snapshot.outcome === 'changed' ? 'changed' : 'confirmed') : 'outstanding',
        };
      });
    return { settings: s, period, rows, issues: this.restoreIssues };
  }
  async getRisk(id: number) {
    const r = this.risks.get(id);
    if (!r) throw new Error(`No risk ${id}`);
    return r;
  }
  async findRiskByReference(register: string, reference: string) {
    return [...this.risks.values()].find((r) => r.register === register && r.reference === reference);
  }
  async createRisk(r: Risk, actor: CurrentUser) {
    this.calls.push(`createRisk:${r.reference}`);
    this.guard(actor);
    return this.seed(r);
  }
  async updateRisk(id: number, patch: Partial<Risk>, etag: string, actor: CurrentUser) {
    this.calls.push(`updateRisk:${id}:${Object.keys(patch).join(',')}`);
    this.guard(actor);
    const r = await this.getRisk(id);
    if (r.etag !== etag) throw new ConflictError(`Risk ${r.reference} changed`, r);
    const saved = stamp({ ...r, ...patch }, id);
    this.risks.set(id, saved);
    // As the SharePoint store audits: one entry per changed column, its display text (item-codec diffRows).
    const at = new Date().toISOString();
    for (const c of diffRows(riskRow(r, london), riskRow(saved, london))) {
      this.audit.push({
        id: this.audit.length + 1,
        at,
        by: actor.email ?? actor.name,
        entity: 'risk',
        entityId: id,
        riskId: id,
        riskReference: r.reference,
        field: c.field,
        oldValue: c.oldValue,
        newValue: c.newValue,
        source: 'tab',
      });
    }
    return saved;
  }
  /** Simulates someone else saving a risk (new ETag). */
  otherUserEdits(id: number, patch: Partial<Risk>) {
    const r = this.risks.get(id);
    if (r) this.risks.set(id, stamp({ ...r, ...patch }, id));
  }
  async closeRisk(id: number, etag: string, actor: CurrentUser, reason: string) {
    this.closeReasons.push(reason);
    return this.updateRisk(id, { status: 'closed', closureReason: reason }, etag, actor);
  }
  async mergeRisk(id: number, into: string, etag: string, actor: CurrentUser) {
    return this.updateRisk(id, { status: 'merged', mergedInto: into }, etag, actor);
  }
  async addControl(riskId: number, c: Control, actor: CurrentUser) {
    this.calls.push(`addControl:${riskId}`);
    this.guard(actor);
    const r = await this.getRisk(riskId);
    const stored = stamp(c, this.nextId++);
    this.risks.set(riskId, { ...r, controls: [...r.controls, stored] });
    return stored;
  }
  async updateControl(id: number, c: Control, _etag: string, actor: CurrentUser) {
    this.calls.push(`updateControl:${id}`);
    this.guard(actor);
    return stamp(c, id);
  }
  async deleteControl(id: number) {
    this.calls.push(`deleteControl:${id}`);
  }
  async addAction(riskId: number, a: RiskAction, actor: CurrentUser) {
    this.calls.push(`addAction:${riskId}`);
    this.guard(actor);
    const r = await this.getRisk(riskId);
    const stored = stamp(a, this.nextId++);
    this.risks.set(riskId, { ...r, actions: [...r.actions, stored] });
    return stored;
  }
  async updateAction(id: number, a: RiskAction, etag: string, actor: CurrentUser) {
    this.calls.push(`updateAction:${id}`);
    this.guard(actor);
    const risk = [...this.risks.values()].find((r) => r.actions.some((x) => x.id === id));
    const stored = risk?.actions.find((x) => x.id === id) as Stored<RiskAction> | undefined;
    if (!risk || !stored) return stamp(a, id);
    if (stored.etag !== etag) throw new ConflictError(`Action ${stored.title} changed`, stored);
    // The review service's rule (service-api/rules.ts): a non-manager changes only progress, and only on
    // an action they own or an action of a risk they own or are a delegate for.
    const decision = canUpdateAction(
      { actor, objectId: '', manager: actor.access === 'manage' },
      stored,
      a,
      risk.reference,
      'Risk Register Managers',
      [...risk.owners, ...risk.delegates],
    );
    if (!decision.allowed) throw new PermissionDeniedError(decision.message, 403, 'contribute');
    const saved = stamp(a, id);
    this.risks.set(risk.id, { ...risk, actions: risk.actions.map((x) => (x.id === id ? saved : x)) });
    return saved;
  }
  async deleteAction(id: number) {
    this.calls.push(`deleteAction:${id}`);
  }
  async recordReview(input: Parameters<RegisterStore['recordReview']>[0]) {
    this.calls.push(`recordReview:${input.riskId}:${input.snapshot.outcome}`);
    this.guard(input.actor);
    const r = await this.getRisk(input.riskId);
    if (r.etag !== input.riskEtag) throw new ConflictError('changed', r);
    const snapshot = stamp(input.snapshot, this.nextId++);
    this.snapshots.push(snapshot);
    const updated = stamp({ ...r, current: input.snapshot.current }, r.id);
    this.risks.set(r.id, updated);
    return { snapshot, risk: updated };
  }
  async getHistory(riskId: number) {
    return this.snapshots.filter((s) => s.riskId === riskId);
  }
  /** Review requests, as the review service's list holds them. */
  requests: Stored<ReviewRequest>[] = [];
  async getReviewRequests(riskId: number, periodIds: readonly string[]) {
    this.calls.push(`getReviewRequests:${riskId}`);
    return this.requests.filter((r) => r.riskId === riskId && periodIds.includes(r.periodId));
  }
  async getPeriodRequests(periodId: string) {
    this.calls.push(`getPeriodRequests:${periodId}`);
    return this.requests.filter((r) => r.periodId === periodId);
  }
  async getAudit(riskId: number) {
    return this.audit.filter((a) => a.riskId === riskId);
  }
  async listSiteUsers() {
    this.calls.push('listSiteUsers');
    return this.siteUsers.map((u) => ({ ...u }));
  }
  async ensureSiteUser(email: string) {
    this.calls.push(`ensureSiteUser:${email}`);
    const known = [...this.siteUsers, ...this.directory].find(
      (u) => u.email?.toLowerCase() === email.toLowerCase(),
    );
    if (known && !this.siteUsers.includes(known)) this.siteUsers.push(known);
    return known ? { ...known } : undefined;
  }
}
