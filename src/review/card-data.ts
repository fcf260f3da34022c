/**
 * Turns register records into the data the card templates bind: ratings in the register's own notation
 * with the band as text, dates as people read them, short lists with "and N more".
 */
import {
  RISK_FIELDS,
  catalogueFacts,
  type FieldCatalogue,
  type RiskFieldName,
} from '../domain/field-catalogue';
import {
  accessibleRatingText,
  APPETITE_TEXT,
  bandOf,
  bandOfScore,
  formatAxis,
  formatDirection,
  formatRating,
  formatScore,
  periodById,
  ratingWarnings,
  riskAppetiteStatus,
  type Direction,
  type Period,
  type PeriodSnapshot,
  type Rating,
  type RegisterSettings,
  type RiskMatrix,
} from '../domain';
import type { Stored, StoredRisk } from '../ports';
import type { CardActionData } from './card-signing';
import { DEFAULT_TIME_ZONE } from './clock';
import {
  COMMENT_MAX_LENGTH,
  type Choice,
  type Notice,
  type RatingText,
  type RecordedCardData,
  type ReviewCardData,
} from './cards';

/** How many controls and open actions a card lists before "and N more in the register". */
export const LIST_LIMIT = 5;

const formats = new Map<string, { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat }>();

/** en-GB date and date-time formats in a zone, made once per zone. */
function formatsIn(timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = {
      date: new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }),
      dateTime: new Intl.DateTimeFormat('en-GB', {
        timeZone,
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }),
    };
    formats.set(timeZone, f);
  }
  return f;
}

/**
 * `31 Dec 2026` for an ISO date or timestamp; the input itself when unreadable. A date (yyyy-mm-dd) is
 * that calendar day whatever the zone; a timestamp is its day in `timeZone` (REVIEW_TIMEZONE).
 */
export function formatDate(iso: string | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!iso) return 'not set';
  if (iso.length === 10) {
    const t = Date.parse(`${iso}T12:00:00Z`);
    return Number.isNaN(t) ? iso : formatsIn('UTC').date.format(t);
  }
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatsIn(timeZone).date.format(t);
}

/** `12 Oct 2026, 09:30` in `timeZone` (REVIEW_TIMEZONE, default Europe/London). */
export function formatDateTime(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatsIn(timeZone).dateTime.format(t);
}

/** A rating in notation, band and words; `Not rated` when the risk has none. */
export function ratingText(matrix: RiskMatrix, rating: Rating | undefined): RatingText {
  if (!rating) return { text: 'Not rated', band: 'no band', label: 'Not rated', words: 'not rated' };
  try {
    const text = formatRating(matrix, rating);
    const band = bandOf(matrix, rating)?.name ?? 'no band';
    // Notations that print the band already (`Medium (12)`) are not repeated; codes get it added (`BII (High)`).
    return {
      text,
      band,
      label: text.includes(band) ? text : `${text} (${band})`,
      words: accessibleRatingText(matrix, rating),
    };
  } catch {
    // A rating off the matrix (stored before the matrix changed): show the numbers rather than fail the card.
    const raw = `likelihood ${rating.likelihood}, impact ${rating.impact}`;
    return { text: raw, band: 'off the matrix', label: `${raw} (off the matrix)`, words: raw };
  }
}

/**
 * A current rating recorded as a score alone: the score in the register's notation and a request for
 * the cell, which the owner's answer supplies.
 */
export function scoreOnlyText(matrix: RiskMatrix, score: number): RatingText {
  const text = formatScore(matrix, score);
  const band = bandOfScore(matrix, score)?.name ?? 'no band';
  const ask = 'likelihood and impact not recorded: choose them below';
  return {
    text,
    band,
    label: `${text.includes(band) ? text : `${text} (${band})`} (${ask})`,
    words: `${band}, score ${score}: ${ask}`,
  };
}

/** The scale as ChoiceSet choices: `4 Likely` / `B High`, valued by the level's number. */
function choices(matrix: RiskMatrix, axis: 'likelihood' | 'impact'): Choice[] {
  return [...matrix[axis].levels]
    .sort((a, b) => b.value - a.value)
    .map((l) => ({ title: formatAxis(matrix, axis, l.value), value: String(l.value) }));
}

function more(total: number, shown: number): string {
  return total > shown ? `and ${total - shown} more in the register` : '';
}

export type ReviewCardInput = {
  risk: StoredRisk;
  /** The field catalogue; the product's unless a test extends it. */
  catalogue?: FieldCatalogue<RiskFieldName>;
  settings: RegisterSettings;
  period: Period;
  /** The last reviewed snapshot before this period, for last period's comment. */
  previous?: PeriodSnapshot;
  /** Link to the risk in the tab. */
  riskUrl: string;
  /** Signed action data for this risk, period and version. */
  action: CardActionData;
  /** Teams user ids (MRIs) of the owners, for the card's automatic refresh; empty = manual. */
  refreshUserIds?: string[];
  notice?: Notice;
  /** What the owner had entered, to keep it when the card comes back with an error. */
  entered?: { likelihood?: number; impact?: number; comment?: string };
  /** Last day answers are accepted (ISO date). */
  dueBy: string;
  /** Zone of the times shown (REVIEW_TIMEZONE); default Europe/London. */
  timeZone?: string;
};

/** Data for the review card. */
export function reviewCardData(input: ReviewCardInput): ReviewCardData {
  const { risk, settings, period, previous } = input;
  const matrix = settings.matrix;
  const openActions = risk.actions.filter((a) => a.status !== 'completed' && a.status !== 'cancelled');
  const appetite = risk.appetite ?? settings.defaultAppetite;
  const appetiteWords = APPETITE_TEXT[riskAppetiteStatus(risk, matrix, settings.defaultAppetite)];
  const likelihood = input.entered?.likelihood ?? risk.current?.likelihood;
  const impact = input.entered?.impact ?? risk.current?.impact;
  return {
    period: { id: period.id, label: period.label, dueBy: formatDate(input.dueBy) },
    risk: {
      id: risk.id,
      reference: risk.reference,
      title: risk.title,
      register: risk.register,
      url: input.riskUrl,
    },
    current:
      !risk.current && risk.currentScoreOnly !== undefined
        ? scoreOnlyText(matrix, risk.currentScoreOnly)
        : ratingText(matrix, risk.current),
    canConfirm: risk.current !== undefined || risk.currentScoreOnly === undefined,
    target: { text: risk.target ? withBand(matrix, risk.target) : 'Not set' },
    appetite:
      appetite === undefined
        ? 'Not set'
        : `${formatScore(matrix, appetite)} (${appetiteWords.toLowerCase()})`,
    facts: catalogueFacts(risk, input.catalogue ?? RISK_FIELDS, 'card').map((f) => ({
      title: f.label,
      value: f.text,
    })),
    previous:
      previous && previous.comment.trim() !== ''
        ? {
            periodLabel: periodLabel(previous.periodId, settings.financialYearStartMonth),
            comment: previous.comment,
            author: previous.recordedBy?.name ?? 'unknown',
            recordedOn: formatDate(previous.recordedAt, input.timeZone),
          }
        : null,
    controls: {
      items: risk.controls.slice(0, LIST_LIMIT).map((c) => ({ title: c.title })),
      more: risk.controls.length === 0 ? 'No controls recorded.' : more(risk.controls.length, LIST_LIMIT),
    },
    actions: {
      items: openActions.slice(0, LIST_LIMIT).map((a) => ({
        title: a.title,
        status: a.status.replace(/-/g, ' '),
        due: formatDate(a.plannedDate ?? a.reviewDate),
      })),
      more: openActions.length === 0 ? 'No open actions.' : more(openActions.length, LIST_LIMIT),
    },
    likelihood: {
      value: likelihood === undefined ? '' : String(likelihood),
      choices: choices(matrix, 'likelihood'),
    },
    impact: { value: impact === undefined ? '' : String(impact), choices: choices(matrix, 'impact') },
    comment: { maxLength: COMMENT_MAX_LENGTH, value: input.entered?.comment ?? '' },
    notice: input.notice ?? null,
    action: input.action,
    refresh:
      input.refreshUserIds && input.refreshUserIds.length > 0
        ? { userIds: input.refreshUserIds.slice(0, 60) }
        : null,
  };
}

/** `Q2 2026/27` for a period id; the id itself when it cannot be read. */
export function periodLabel(id: string, startMonth: number): string {
  const p = periodById(id, startMonth);
  return p.ok ? p.value.label : id;
}

function withBand(matrix: RiskMatrix, rating: Rating): string {
  return ratingText(matrix, rating).label;
}

export type RecordedCardInput = {
  risk: StoredRisk;
  matrix: RiskMatrix;
  period: Period;
  snapshot: Stored<PeriodSnapshot> | PeriodSnapshot;
  previous?: PeriodSnapshot;
  direction: Direction;
  riskUrl: string;
  action: CardActionData;
  canEdit: boolean;
  refreshUserIds?: string[];
  notice?: Notice;
  /** Zone of the times shown (REVIEW_TIMEZONE); default Europe/London. */
  timeZone?: string;
};

/**
 * The domain's advice on the recorded ratings (a current rating worse than the inherent one, a target
 * worse than the current), shown on the recorded card as the tab's form shows it.
 */
function adviceNotice(matrix: RiskMatrix, snapshot: PeriodSnapshot): Notice | null {
  const { inherent, current, target } = snapshot;
  const advice = ratingWarnings(
    { ...(inherent ? { inherent } : {}), ...(current ? { current } : {}), ...(target ? { target } : {}) },
    matrix,
  );
  if (advice.length === 0) return null;
  return { style: 'warning', title: 'Recorded; please check', text: advice.map((a) => a.message).join(' ') };
}

/** Data for the card that replaces the review card once an answer is recorded. */
export function recordedCardData(input: RecordedCardInput): RecordedCardData {
  const { snapshot, matrix } = input;
  const rating = ratingText(matrix, snapshot.current);
  return {
    period: { id: input.period.id, label: input.period.label },
    risk: { id: input.risk.id, reference: input.risk.reference, title: input.risk.title, url: input.riskUrl },
    outcome:
      snapshot.outcome === 'changed'
        ? 'rating changed'
        : snapshot.outcome === 'confirmed'
          ? 'rating confirmed'
          : 'not reviewed',
    rating: { text: rating.text, band: rating.band, label: rating.label },
    previousRating: input.previous?.current ? withBand(matrix, input.previous.current) : 'none recorded',
    direction: formatDirection(input.direction),
    recordedBy: snapshot.recordedBy?.name ?? 'unknown',
    recordedAt: formatDateTime(snapshot.recordedAt, input.timeZone),
    comment: snapshot.comment,
    canEdit: input.canEdit,
    notice: input.notice ?? adviceNotice(matrix, snapshot),
    action: input.action,
    refresh:
      input.refreshUserIds && input.refreshUserIds.length > 0
        ? { userIds: input.refreshUserIds.slice(0, 60) }
        : null,
  };
}
