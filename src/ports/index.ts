/**
 * What the rest of the app may ask of the register's storage. The SharePoint implementation
 * (PnPjs over one configured spfi) lives beside this file; the tab and the review flow receive
 * these interfaces from their host and never touch spfi themselves.
 */
import type { MatrixChangeRow, RatingMapping } from '../domain/matrix-change';
import type {
  Control,
  Direction,
  Period,
  PeriodSnapshot,
  Person,
  RegisterSettings,
  Risk,
  RiskAction,
  TierRatings,
} from '../domain/types';

/** Who is acting, as SharePoint knows them. */
export type Actor = {
  id: number;
  name: string;
  email?: string;
  loginName?: string;
};

/** What the signed-in person may do on the register site (from their SharePoint permissions). */
export type AccessLevel = 'read' | 'contribute' | 'manage';

export type CurrentUser = Actor & { access: AccessLevel };

/** A stored record: the domain object with its list item id, ETag and last-modified time. */
export type Stored<T> = T & { id: number; etag: string; modified: string };

export type StoredRisk = Stored<Risk>;

/** This period's review state of one risk, as the register grid and the status view show it. */
export type ReviewState = 'confirmed' | 'changed' | 'outstanding' | 'overdue' | 'not-reviewed' | 'not-due';

export type RegisterRow = {
  risk: StoredRisk;
  /** Snapshot for the view's period, if recorded. */
  snapshot?: Stored<PeriodSnapshot>;
  /** Last reviewed snapshot before the view's period. */
  previous?: Stored<PeriodSnapshot>;
  direction: Direction;
  reviewState: ReviewState;
};

export type RegisterView = {
  settings: RegisterSettings;
  period: Period;
  rows: RegisterRow[];
  /** Stored data the restore step repaired or left out, for the manager to fix (empty when clean). */
  issues?: RestoreIssue[];
};

/** One repair or rejection made while reading stored items (e.g. a rating outside the matrix). */
export type RestoreIssue = {
  list: string;
  itemId: number;
  /** Risk reference or other key, when readable. */
  record?: string;
  field: string;
  value: unknown;
  problem: string;
  action: 'repaired' | 'rejected';
};

export type RegisterQuery = {
  /** Register name; omitted = all registers. */
  register?: string;
  periodId: string;
};

export type AuditEntry = {
  id: number;
  /** ISO timestamp. */
  at: string;
  by: string;
  entity: 'risk' | 'control' | 'action' | 'snapshot' | 'review-request' | 'settings';
  entityId: number;
  /**
   * The risk the entity belongs to: its id (what the log is read by; references repeat across
   * registers) and its reference (for people reading the raw list).
   */
  riskId?: number;
  riskReference?: string;
  field: string;
  oldValue: string;
  newValue: string;
  source: 'tab' | 'card' | 'import' | 'scheduler' | 'provisioning';
};

export type AuditSource = AuditEntry['source'];

export type ReviewRequestStatus =
  'pending' | 'sent' | 'answered' | 'reminded' | 'escalated' | 'unreachable' | 'closed';

/** One review request per risk, period and owner: the review flow's per-owner state. */
export type ReviewRequest = {
  /** `${riskId}|${periodId}|${ownerId}`: unique in the list, so creation is idempotent. */
  key: string;
  riskId: number;
  riskReference: string;
  /** The risk's register as read with the request (through its risk); absent when not read. */
  register?: string;
  periodId: string;
  owner: Person & { id: number };
  status: ReviewRequestStatus;
  conversationId?: string;
  activityId?: string;
  attempts: number;
  lastError?: string;
  /** ISO timestamps. */
  sentAt?: string;
  /**
   * The first claim whose send was never recorded, when later claims took it over: the delivery
   * check reads the owner's chat from here, so a card sent under an older claim is still found.
   */
  claimedSince?: string;
  answeredAt?: string;
  remindedAt?: string;
  escalatedAt?: string;
};

export type RiskPatch = Partial<Omit<Risk, 'controls' | 'actions' | 'id'>>;

/** A register as the tab opens it: its settings and its current period. */
export type RegisterOpening = { name: string; settings: Stored<RegisterSettings>; period: Period };

/** Rows in risk ID order, as the grid reads them a page at a time. */
export type RowsPage = {
  rows: RegisterRow[];
  issues: RestoreIssue[];
  /** The risk ID the next rows start after; undefined when the last risk has been read. */
  nextAfterId?: number;
};

/** Everything the first screen needs, read in at most two sequential requests. */
export type FirstScreen = RowsPage & {
  user: CurrentUser;
  /** Every register with valid settings, by name, each in its own current period. */
  registers: RegisterOpening[];
  /** The highest risk ID on the list (0 when there are none). */
  lastRiskId: number;
};

/**
 * One risk in the compact projection (`loadRiskSummary`): what counts and the heat map need, for every
 * risk of every register however many there are, without its texts, people, controls or snapshots.
 */
export type RiskSummaryRow = Pick<Risk, 'reference' | 'register' | 'status' | 'appetite'> &
  TierRatings & { id: number };

/** The register, as the tab and the review flow use it. Every write takes the ETag it read. */
export type RegisterStore = {
  currentUser(): Promise<CurrentUser>;
  listRegisters(): Promise<string[]>;
  getSettings(register: string): Promise<Stored<RegisterSettings>>;
  saveSettings(
    settings: RegisterSettings,
    etag: string | undefined,
    actor: Actor,
  ): Promise<Stored<RegisterSettings>>;
  /**
   * A matrix change as a migration: saves `settings` with its new matrix (the replaced one kept for the
   * history) and re-rates the register's risks with `mapping`. Refused, with nothing written, when the
   * mapping leaves a rating off the new scale. `saveSettings` refuses a matrix that strands a rating.
   */
  changeMatrix(request: MatrixChangeRequest, actor: Actor): Promise<MatrixChangeResult>;
  /** Risks with their controls, actions and the period's snapshots: one `$batch` for up to a few thousand risks. */
  loadRegisterView(query: RegisterQuery): Promise<RegisterView>;
  /**
   * The person, every register and the first rows in at most two sequential requests, at any register
   * size (no query matches more than the list view threshold). Optional: stores without it open the
   * old way (currentUser, listRegisters, loadRegisterView).
   */
  openFirstScreen?(today: string): Promise<FirstScreen>;
  /** The `count` rows after risk `afterId` (two requests), for the registers openFirstScreen returned. */
  loadRowsAfter?(
    afterId: number,
    count: number,
    today: string,
    registers: RegisterOpening[],
  ): Promise<RowsPage>;
  /**
   * The rows of these risks (at most 100), in any order the grid reaches them: two requests. Ids no
   * longer on the list are left out.
   */
  loadRowsById?(ids: number[], today: string, registers: RegisterOpening[]): Promise<RowsPage>;
  /** Every risk in the compact projection, up to `lastRiskId` from openFirstScreen: one `$batch`. */
  loadRiskSummary?(lastRiskId: number): Promise<RiskSummaryRow[]>;
  getRisk(id: number): Promise<StoredRisk>;
  findRiskByReference(register: string, reference: string): Promise<StoredRisk | undefined>;
  createRisk(risk: Risk, actor: Actor, source?: AuditEntry['source']): Promise<StoredRisk>;
  /** Throws ConflictError (with the server's current risk) when `etag` is stale. */
  updateRisk(
    id: number,
    patch: RiskPatch,
    etag: string,
    actor: Actor,
    source?: AuditEntry['source'],
  ): Promise<StoredRisk>;
  /** Closes an open risk; `reason` (required, words) is kept on the risk and in its audit trail. */
  closeRisk(id: number, etag: string, actor: Actor, reason: string): Promise<StoredRisk>;
  mergeRisk(id: number, intoReference: string, etag: string, actor: Actor): Promise<StoredRisk>;
  /** Controls and actions: `source` (default `tab`) is what the audit log records as the origin. */
  addControl(riskId: number, control: Control, actor: Actor, source?: AuditSource): Promise<Stored<Control>>;
  updateControl(
    id: number,
    control: Control,
    etag: string,
    actor: Actor,
    source?: AuditSource,
  ): Promise<Stored<Control>>;
  deleteControl(id: number, etag: string, actor: Actor, source?: AuditSource): Promise<void>;
  addAction(
    riskId: number,
    action: RiskAction,
    actor: Actor,
    source?: AuditSource,
  ): Promise<Stored<RiskAction>>;
  updateAction(
    id: number,
    action: RiskAction,
    etag: string,
    actor: Actor,
    source?: AuditSource,
  ): Promise<Stored<RiskAction>>;
  deleteAction(id: number, etag: string, actor: Actor, source?: AuditSource): Promise<void>;
  /**
   * Records the period snapshot (unique per risk and period) and, when the rating changed, the risk's
   * current rating, both with ETags. Returns the stored snapshot and the updated risk. Exactly one
   * concurrent answer wins; the others get AnswerSupersededError carrying the recorded answer.
   */
  recordReview(input: RecordReviewRequest): Promise<{ snapshot: Stored<PeriodSnapshot>; risk: StoredRisk }>;
  getHistory(riskId: number): Promise<Stored<PeriodSnapshot>[]>;
  /**
   * What a card answer needs (the risk, its register settings, its snapshots and the period's
   * requests for it) in one round trip. Optional: stores without it are read piece by piece.
   */
  loadAnswerState?(riskId: number, periodId: string): Promise<AnswerState>;
  /**
   * recordReview against the state the person was shown (from loadAnswerState), in one write
   * `$batch` that also marks the period's requests answered, and one audit entry for the answer.
   */
  recordAnswer?(input: RecordReviewRequest, state: AnswerState): Promise<RecordedAnswer>;
  /**
   * The review requests of one risk in the given periods (the risk detail shows them with their state):
   * one query per period, on the indexed period column. Optional: a store without it shows none.
   */
  getReviewRequests?(riskId: number, periodIds: readonly string[]): Promise<Stored<ReviewRequest>[]>;
  /**
   * Every review request of one period (the review status counts and lists the next period's requests
   * during its lead days): one query on the indexed period column. Optional, as getReviewRequests.
   */
  getPeriodRequests?(periodId: string): Promise<Stored<ReviewRequest>[]>;
  /** The audit log of one risk and its controls, actions, snapshots and review requests, oldest first. */
  getAudit(riskId: number): Promise<AuditEntry[]>;
  /** The people who are users of the register site (not groups or system accounts), for matching names. */
  listSiteUsers(): Promise<SiteUser[]>;
  /**
   * Finds an organisation account by e-mail and makes it a site user (SharePoint's `ensureUser`);
   * undefined when the directory has nobody with that address.
   */
  ensureSiteUser(email: string): Promise<SiteUser | undefined>;
  /**
   * The organisation's accounts whose name starts with `text` (SharePoint's people picker search), for
   * an import naming people who are not site users yet; `ensureSiteUser(login)` then adds one. Hosts
   * without a directory search leave it out.
   */
  searchDirectory?(text: string): Promise<{ name: string; email?: string; login: string }[]>;
};

/** RegisterStore.changeMatrix's request: the settings with the new matrix, their ETag, the confirmed mapping. */
export type MatrixChangeRequest = { settings: RegisterSettings; etag: string; mapping: RatingMapping };

export type MatrixChangeResult = {
  settings: Stored<RegisterSettings>;
  /** References of the risks whose ratings the mapping changed. */
  rerated: string[];
  /** Risks that could not be re-rated (an edit raced the change): re-rate them by hand. */
  failed: { reference: string; message: string }[];
  /** Every rating the change moved (off the old scale or into another band). */
  changes: MatrixChangeRow[];
};

/** One review answer to record (RegisterStore.recordReview). */
export type RecordReviewRequest = {
  riskId: number;
  riskEtag: string;
  snapshot: PeriodSnapshot;
  actor: Actor;
  source: AuditEntry['source'];
  /** The snapshot's ETag the answer replaces; `null`: none recorded yet; omitted: whatever is there. */
  snapshotEtag?: string | null;
};

/** What answering one risk's review needs, read in one round trip (RegisterStore.loadAnswerState). */
export type AnswerState = {
  risk: StoredRisk;
  settings: Stored<RegisterSettings>;
  /** Every snapshot of the risk, oldest period first. */
  history: Stored<PeriodSnapshot>[];
  /** The period's review requests for the risk. */
  requests: Stored<ReviewRequest>[];
};

/** A recorded answer; `unsettledRequests`: requests whose status could not be set (settle them later). */
export type RecordedAnswer = {
  snapshot: Stored<PeriodSnapshot>;
  risk: StoredRisk;
  unsettledRequests: number[];
};

/** A person who is a user of the register site. */
export type SiteUser = { id: number; name: string; email?: string };

/** The review flow's own records. */
export type ReviewRequestStore = {
  /** Creates the requests that do not exist yet (unique key); returns all of them for the period. */
  ensureRequests(requests: ReviewRequest[]): Promise<Stored<ReviewRequest>[]>;
  /** Filters on indexed columns only (period, status, parent risk), so large periods stay under the threshold. */
  listRequests(filter: {
    periodId: string;
    status?: ReviewRequestStatus[];
    riskId?: number;
  }): Promise<Stored<ReviewRequest>[]>;
  /**
   * Requests of any period whose card is out and unanswered (sent or reminded): one query per status,
   * each on the indexed status column alone. Used when an owner's chat was replaced (local demo).
   */
  listOutstanding(): Promise<Stored<ReviewRequest>[]>;
  /**
   * Throws ConflictError when `etag` is stale: another worker changed it first. With `current` (the
   * request as read at `etag`), the store need not read it again; a stale one is refused by the ETag.
   */
  updateRequest(
    id: number,
    patch: Partial<ReviewRequest>,
    etag: string,
    current?: Stored<ReviewRequest>,
  ): Promise<Stored<ReviewRequest>>;
};

/**
 * The SharePoint group whose members manage the register (risks, settings, people). Provisioning
 * creates it, owned by the site's Owners group, so Members cannot add themselves to it.
 */
export const managerGroupName = 'Risk Register Managers';

export const ListTitles = {
  risks: 'Risks',
  controls: 'Controls',
  actions: 'Actions',
  snapshots: 'PeriodSnapshots',
  reviewRequests: 'ReviewRequests',
  settings: 'RegisterSettings',
  audit: 'AuditLog',
} as const;

/**
 * The display name SharePoint shows for a column: its internal name in words, e.g.
 * NextReviewDate -> "Next review date", RiskReference -> "Risk reference".
 */
export function displayName(internalName: string): string {
  const words = internalName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return words.map((w, i) => (i === 0 ? w : w.toLowerCase())).join(' ');
}
