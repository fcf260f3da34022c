/**
 * The shared vocabulary of the register. Every other layer (SharePoint lists, the tab, the review
 * cards, reports, import) speaks in these types, so changes here are additive.
 */
import type { ACTION_STATUSES, FREQUENCY_CHOICES, RISK_STATUSES, TREATMENT_OPTIONS } from './choices';

/** One step of a likelihood or impact scale as a council prints it. */
export type ScaleLevel = {
  /** Ordinal severity, 1 = least severe, n = most severe; used for scoring and ordering. */
  value: number;
  /** What the paper prints: `3`, `B`, `II`. Unique within the scale (case-insensitive). */
  code: string;
  /** `Possible`, `High`, `Major`. */
  label: string;
  description?: string;
};

/** An ordered scale; `levels` sorted by `value` ascending (least severe first). */
export type Scale = {
  name: string;
  levels: ScaleLevel[];
};

/** A rating band, e.g. Kent's `Medium` for scores 8-15. Text label is mandatory: colour is never alone. */
export type Band = {
  id: string;
  /** The word printed beside a rating: `Low`, `Medium`, `High`. */
  name: string;
  /** Display colour (hex); always shown with `name`. */
  colour: string;
  /** Text colour with sufficient contrast on `colour`. */
  textColour: string;
  /** For score-threshold bands: inclusive range of scores. */
  minScore?: number;
  maxScore?: number;
};

/** How a matrix turns a likelihood x impact cell into a band. */
export type BandRule =
  /** Score = likelihood x impact; band by its score range. */
  | { kind: 'score' }
  /** An explicit band per cell, keyed `${likelihoodValue}x${impactValue}` (Medway). */
  | { kind: 'cells'; cells: Record<string, string> };

/** How a rating is written in the council's own notation. */
export type RatingNotation =
  /** Medway: likelihood code then impact code, `BII`. */
  | 'codes'
  /** Kent: `Medium (15)`. */
  | 'band-bracket-score'
  /** Gloucestershire: `Medium 12`. */
  | 'band-score'
  /** Cambridgeshire / generic: `4 x 3 = 12`. */
  | 'product'
  /** Halton: impact, likelihood and score in columns, `4 3 12`. */
  | 'impact-likelihood-score';

/** A council's risk matrix, fully configurable; presets reproduce the seed councils. */
export type RiskMatrix = {
  id: string;
  name: string;
  likelihood: Scale;
  impact: Scale;
  bandRule: BandRule;
  bands: Band[];
  notation: RatingNotation;
};

/** A likelihood x impact pair, as scale `value`s (not codes). */
export type Rating = {
  likelihood: number;
  impact: number;
};

/** The choices are written once (src/domain/choices.ts) and listed by the field catalogue. */
export type ReviewFrequency = (typeof FREQUENCY_CHOICES)[number];

export type RiskStatus = (typeof RISK_STATUSES)[number];

export type TreatmentOption = (typeof TREATMENT_OPTIONS)[number];

/** A person as the register holds them; `id` is the SharePoint site user id when known. */
export type Person = {
  id?: number;
  name: string;
  email?: string;
  /** Job title as printed: `Exec. Director of Children's Services`. */
  jobTitle?: string;
};

export type Control = {
  id?: number;
  title: string;
  owners: Person[];
  /** Service tag as Medway prints it: `CSC`, `ASC`, `C&A`. */
  serviceTag?: string;
  /** Numbering as printed (Cambridgeshire numbers its controls). */
  order?: number;
  /** The whole text when it is longer than a title may be (SharePoint's 255 characters): `title` begins it. */
  detail?: string;
};

export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type RiskAction = {
  id?: number;
  title: string;
  owners: Person[];
  /** ISO date (yyyy-mm-dd) of planned completion. */
  plannedDate?: string;
  /** ISO date of the next review when no completion date is planned. */
  reviewDate?: string;
  status: ActionStatus;
  /** 0-100. */
  progress?: number;
  /** Latest progress note. */
  progressNote?: string;
  /** The whole text when it is longer than a title may be (SharePoint's 255 characters): `title` begins it. */
  detail?: string;
};

/** A risk on a register. Ratings are optional because registers record some tiers and not others. */
export type Risk = {
  id?: number;
  /** Unique per register: `CRR0001`, `SR 7.2`, `DR02b`, `COP1`. */
  reference: string;
  /** Former or other references: Medway's `DR14 (PH09)` has alias `PH09`. */
  aliases: string[];
  title: string;
  description: string;
  cause: string;
  event: string;
  consequence: string;
  register: string;
  /** Directorate or business area. */
  directorate: string;
  category: string;
  owners: Person[];
  /** People who may answer review cards for the owners. */
  delegates: Person[];
  cabinetMembers: Person[];
  /**
   * Owners a file named who are not (yet) users of the site, as printed: stored so the risk is not lost,
   * shown as "owner to confirm" until someone adds them to the site and to `owners`.
   */
  ownersToConfirm?: string[];
  inherent?: Rating;
  current?: Rating;
  target?: Rating;
  /**
   * A rating recorded as a score alone (`Medium 12`, a bare `15`): the register states the score (and so
   * its band) but not the cell, and nothing invents one. Set only while the tier's cell (`inherent`,
   * `current`, `target`) is absent; the owner's next review asks for likelihood and impact.
   */
  inherentScoreOnly?: number;
  currentScoreOnly?: number;
  targetScoreOnly?: number;
  /** Appetite as a score on the register's matrix; falls back to the register's default. */
  appetite?: number;
  triggers: string[];
  reviewFrequency: ReviewFrequency;
  /** A fixed next review date (Halton prints dates as review timescales), ISO. */
  nextReviewDate?: string;
  /** `At target`, `1-3 years`, `3+ years`, or a date. */
  timescaleToTarget: string;
  treatment?: TreatmentOption;
  status: RiskStatus;
  /** Reference of the risk this one was merged into. */
  mergedInto?: string;
  /** Why a manager closed the risk (asked for on closing; kept with the risk and in its audit trail). */
  closureReason?: string;
  linkedRisks: string[];
  controls: Control[];
  actions: RiskAction[];
};

/** A risk's ratings on its three tiers: a cell on the matrix, or a score alone where that is all a register printed. */
export type TierRatings = Pick<
  Risk,
  'inherent' | 'current' | 'target' | 'inherentScoreOnly' | 'currentScoreOnly' | 'targetScoreOnly'
>;

/** A financial-year period. `id` is canonical: `2023/24-Q4`, `2023/24-M01`, `2023/24-T2`, `2023/24-H1`, `2023/24-Y`. */
export type PeriodKind = 'quarter' | 'month' | 'term' | 'half' | 'year';

export type Period = {
  id: string;
  kind: PeriodKind;
  /** Financial year's starting calendar year: 2023 for 2023/24. */
  financialYear: number;
  /** 1-based index within the year (Q4 = 4). */
  index: number;
  /** ISO dates, inclusive. */
  start: string;
  end: string;
  /** As councils print it: `Q4 2023/24`. */
  label: string;
};

export type SnapshotSource = 'card' | 'tab' | 'import';
export type SnapshotOutcome = 'confirmed' | 'changed' | 'not-reviewed';

/** The frozen record of a risk in one period: what was reported then, never rewritten by later edits. */
export type PeriodSnapshot = {
  id?: number;
  riskId?: number;
  riskReference: string;
  periodId: string;
  inherent?: Rating;
  current?: Rating;
  target?: Rating;
  /** Score at the time, on the matrix in force then. */
  currentScore?: number;
  appetite?: number;
  comment: string;
  recordedBy?: Person;
  /** ISO timestamp. */
  recordedAt: string;
  source: SnapshotSource;
  outcome: SnapshotOutcome;
  /** Set when the risk was merged into another during this period. */
  mergedInto?: string;
  /**
   * References of the risks merged into this one during this period (Kent prints `Merged Risk` as the
   * direction of travel of the combined risk). Where a paper does not name them, their titles.
   */
  mergedFrom?: string[];
};

export type Direction = 'up' | 'down' | 'unchanged' | 'new' | 'merged';

export type AppetiteStatus = 'above' | 'within' | 'unknown';

/** Per-register configuration kept in the Settings list. */
export type RegisterSettings = {
  register: string;
  /** Council name for reports: `Example County Council`. */
  councilName: string;
  matrix: RiskMatrix;
  /** Month the financial year starts, 1-12 (4 = April). */
  financialYearStartMonth: number;
  defaultAppetite?: number;
  review: ReviewSchedule;
  /** Teams channel that receives escalation digests. */
  managersChannelId?: string;
  /**
   * Matrices this register used before, each with the ISO time it was replaced, oldest first: a snapshot
   * is read on the matrix in force when it was recorded, so a matrix change never re-rates history.
   */
  matrixHistory?: { matrix: RiskMatrix; until: string }[];
};

export type ReviewSchedule = {
  /** Which period the register reports on. */
  periodKind: PeriodKind;
  /** Days before a period starts that review requests go out (negative = after start). */
  leadDays: number;
  /** Days after the period starts when answers are no longer accepted and the period closes. */
  cutOffDays: number;
  reminderAfterDays: number;
  escalateAfterDays: number;
  /** Cron expression for the in-process scheduler (Europe/London). */
  cron: string;
};

/** A problem with one field of one record, phrased for the person who can fix it. */
export type FieldError = {
  /** Risk reference or other record key, when known. */
  record?: string;
  field: string;
  value: unknown;
  message: string;
  /** What is accepted, e.g. the scale's codes. */
  allowed?: string[];
  /** Absent = `error`. A `warning` is shown to the user but does not block saving. */
  severity?: 'error' | 'warning';
};

/** Result type for everything that can fail on user input: no unlabelled exceptions. */
export type Result<T, E = FieldError[]> = { ok: true; value: T } | { ok: false; errors: E };
