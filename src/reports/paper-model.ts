/**
 * The committee paper as data, built from period snapshots (what owners confirmed for the period), never
 * from today's live ratings: a paper generated again next year says the same thing. Descriptions,
 * controls and actions come from the risk record, as the seed papers print the register's current text.
 * Rendering (Word) is separate, in `paper-docx`.
 */
import {
  RISK_FIELDS,
  catalogueFacts,
  type FieldCatalogue,
  type FieldFact,
  type RiskFieldName,
} from '../domain/field-catalogue';
import { ACTION_STATUS_LABELS } from '../domain/choices';
import { directionOfTravel, formatDirection, previousReviewed } from '../domain/direction';
import { neutraliseBidiDeep } from '../domain/display-text';
import { bandForScore, bandOf, bandRank } from '../domain/matrix';
import { matrixAt } from '../domain/matrix-change';
import { contrastRatio } from '../domain/matrix-validation';
import { isReviewed } from '../domain/snapshots';
import { comparePeriodIds, MONTHS, periodById, previousPeriod } from '../domain/periods';
import { accessibleRatingText, formatRating, formatScore } from '../domain/rating-display';
import { snapshotAppetiteStatus, APPETITE_TEXT } from '../domain/appetite';
import type {
  Band,
  Direction,
  Period,
  PeriodSnapshot,
  Person,
  Rating,
  RegisterSettings,
  Risk,
  RiskMatrix,
} from '../domain/types';

export type PaperOptions = {
  /** Defaults to the register settings' council name. */
  councilName?: string;
  /** `Children and Young People Committee`. */
  committee?: string;
  /** Defaults to `<register> risk register: <period label>`. */
  title?: string;
  /** Meeting date as printed, e.g. `8 March 2023`. */
  meetingDate?: string;
  /** Band id or name: only risks whose current rating is in this band or above (Halton reports only High). */
  minBand?: string;
  /** Earlier periods shown in each risk's history table; default 4. */
  historyPeriods?: number;
};

/** A rating as the paper prints it: notation, band word and a spoken form. */
export type RatingText = { text: string; band?: string; score?: number; spoken: string };

/**
 * Set on a risk with no review this period: the paper prints its last reviewed rating (from its latest
 * reviewed snapshot) and says so, with the date of that review (absent when it was never reviewed).
 */
export type NotReviewed = {
  lastReviewed?: string;
  lastPeriod?: string;
  /** `Not reviewed this period; last reviewed on 12 December 2023 for Q3 2023/24`. */
  text: string;
  /** The short mark beside a reference: `not reviewed this period; last reviewed 12 December 2023`. */
  mark: string;
};

export type SummaryRow = {
  reference: string;
  notReviewed?: NotReviewed;
  owners: string;
  title: string;
  current: RatingText;
  target: RatingText;
  direction: Direction;
  directionText: string;
};

/** `notReviewed` names the cell's risks not reviewed this period, with the note the paper prints. */
export type HeatMapCell = { band: string; references: string[]; notReviewed?: Record<string, string> };

/** Rows run from the most to the least likely; columns from the least to the most severe impact. */
export type HeatMap = {
  likelihoodName: string;
  impactName: string;
  columns: string[];
  rows: { label: string; cells: HeatMapCell[] }[];
};

export type HistoryRow = { period: string; rating: string; band?: string; outcome: string; comment: string };

export type RiskSection = {
  reference: string;
  notReviewed?: NotReviewed;
  title: string;
  description: string;
  cause: string;
  event: string;
  consequence: string;
  owners: string[];
  cabinetMembers: string[];
  directorate: string;
  inherent: RatingText;
  current: RatingText;
  target: RatingText;
  timescaleToTarget: string;
  appetite: string;
  direction: string;
  outcome: string;
  mergedInto?: string;
  mergedFrom: string[];
  /** The catalogue's paper fields (src/domain/field-catalogue.ts), as label and text. */
  details: FieldFact[];
  controls: { title: string; owners: string; serviceTag: string }[];
  actions: { title: string; owners: string; date: string; status: string; progress: string }[];
  comment: string;
  recordedBy: string;
  history: HistoryRow[];
};

export type CommitteePaper = {
  title: string;
  councilName: string;
  committee: string;
  meetingDate: string;
  register: string;
  period: Period;
  previousPeriodLabel: string;
  matrixName: string;
  /** Each band's name with its colours, so a renderer can colour cells that always carry the name too. */
  bandStyles: { name: string; colour: string; textColour: string }[];
  /** Every band of the matrix, least severe first, with how many reported risks are in it. */
  bandCounts: { band: string; count: number }[];
  /** Movements of the risks reviewed this period (the not-reviewed ones are counted in `notReviewed`). */
  movements: Record<Direction, number>;
  /** Set when only risks at or above a band are reported. */
  minBand?: string;
  /** Risks with a snapshot this period that the band filter left out. */
  excludedCount: number;
  /** Reported risks not reviewed this period, shown with their last reviewed rating. */
  notReviewed: string[];
  summary: SummaryRow[];
  heatMap: HeatMap;
  risks: RiskSection[];
};

export type PaperInput = {
  settings: RegisterSettings;
  period: Period;
  /** The register's risks, with controls and actions. */
  risks: Risk[];
  /** Snapshots of those risks, this period's and earlier ones (history and direction of travel). */
  snapshots: PeriodSnapshot[];
  options?: PaperOptions;
  /** The field catalogue; the product's unless a test extends it. */
  catalogue?: FieldCatalogue<RiskFieldName>;
};

const outcomeText = {
  confirmed: 'Confirmed by the owner',
  changed: 'Changed by the owner',
  'not-reviewed': 'Not reviewed this period',
} as const;

const names = (people: Person[]) => people.map((p) => (p.jobTitle ? `${p.name}, ${p.jobTitle}` : p.name));

/** Builds the paper; throws an Error naming the band when `minBand` is not a band of the matrix. */
export function buildPaper(input: PaperInput): CommitteePaper {
  // People's text prints in stored order: no bidi control reorders it on paper (display-text.ts).
  return neutraliseBidiDeep(assemblePaper(input));
}

function assemblePaper(input: PaperInput): CommitteePaper {
  const { settings, period } = input;
  const options = input.options ?? {};
  const matrix = settings.matrix;
  const minBand = options.minBand === undefined ? undefined : findBand(settings, options.minBand);

  const snapshotsByRisk = new Map<string, PeriodSnapshot[]>();
  for (const s of input.snapshots)
    snapshotsByRisk.set(s.riskReference, [...(snapshotsByRisk.get(s.riskReference) ?? []), s]);

  // Each snapshot on the matrix it was recorded on: a later matrix change never re-rates history.
  const on = (s: PeriodSnapshot) => matrixAt(settings, s.recordedAt);
  const ratingText = (rating: Rating | undefined, score?: number, m: RiskMatrix = matrix): RatingText => {
    if (rating) {
      const band = bandOf(m, rating);
      return {
        text: formatRating(m, rating),
        ...(band ? { band: band.name } : {}),
        score: rating.likelihood * rating.impact,
        spoken: accessibleRatingText(m, rating),
      };
    }
    if (score !== undefined) {
      const band = m.bandRule.kind === 'score' ? bandForScore(m, score) : undefined;
      return {
        text: formatScore(m, score),
        ...(band ? { band: band.name } : {}),
        score,
        spoken: `${band ? `${band.name}, ` : ''}score ${score}`,
      };
    }
    return { text: 'Not rated', spoken: 'Not rated' };
  };
  const bandOfSnapshot = (s: PeriodSnapshot): Band | undefined => {
    const m = on(s);
    const band = s.current
      ? bandOf(m, s.current)
      : s.currentScore !== undefined && m.bandRule.kind === 'score'
        ? bandForScore(m, s.currentScore)
        : undefined;
    // A band of a replaced matrix counts as the current matrix's band of the same name.
    return band && m !== matrix ? (matrix.bands.find((b) => b.name === band.name) ?? band) : band;
  };

  const reported: {
    risk: Risk;
    /** The snapshot the paper prints: this period's review, else the latest reviewed one before it. */
    snapshot: PeriodSnapshot;
    /** This period's snapshot, when one is recorded (a `not-reviewed` one when the period closed unanswered). */
    thisPeriod?: PeriodSnapshot;
    history: PeriodSnapshot[];
    direction: Direction;
    notReviewed?: NotReviewed;
  }[] = [];
  let excludedCount = 0;
  for (const risk of [...input.risks].sort(byReference)) {
    const history = (snapshotsByRisk.get(risk.reference) ?? []).filter(
      (s) => comparePeriodIds(s.periodId, period.id) <= 0,
    );
    const thisPeriod = history.find((s) => s.periodId === period.id);
    // Every open risk is reported; one without a review this period with its last reviewed rating.
    if (!thisPeriod && risk.status !== 'open') continue;
    const reviewed = !!thisPeriod && isReviewed(thisPeriod);
    const last = reviewed
      ? undefined
      : previousReviewed(
          thisPeriod ?? ({ riskReference: risk.reference, periodId: period.id } as PeriodSnapshot),
          history,
        );
    const snapshot: PeriodSnapshot =
      reviewed && thisPeriod ? thisPeriod : (last ?? thisPeriod ?? unrated(risk, period));
    if (minBand && bandRank(matrix, bandOfSnapshot(snapshot)) < bandRank(matrix, minBand)) {
      excludedCount++;
      continue;
    }
    reported.push({
      risk,
      snapshot,
      ...(thisPeriod ? { thisPeriod } : {}),
      history,
      direction: reviewed && thisPeriod ? directionOfTravel(thisPeriod, history, matrix) : 'unchanged',
      ...(reviewed ? {} : { notReviewed: notReviewedNote(last, settings.financialYearStartMonth) }),
    });
  }

  const movements: Record<Direction, number> = { up: 0, down: 0, unchanged: 0, new: 0, merged: 0 };
  for (const r of reported) if (!r.notReviewed) movements[r.direction]++;
  const bandCounts = matrix.bands.map((band) => ({
    band: band.name,
    count: reported.filter((r) => bandOfSnapshot(r.snapshot)?.name === band.name).length,
  }));

  const history = (list: PeriodSnapshot[]): HistoryRow[] =>
    [...list]
      .sort((a, b) => comparePeriodIds(b.periodId, a.periodId))
      .slice(0, (options.historyPeriods ?? 4) + 1)
      .map((s) => {
        const p = periodById(s.periodId, settings.financialYearStartMonth);
        const r = ratingText(s.current, s.currentScore, on(s));
        return {
          period: p.ok ? p.value.label : s.periodId,
          rating: r.text,
          ...(r.band ? { band: r.band } : {}),
          outcome: outcomeText[s.outcome],
          comment: s.comment,
        };
      });

  const previous = previousPeriod(period, settings.financialYearStartMonth).label;
  return {
    title: options.title ?? `${settings.register} risk register: ${period.label}`,
    councilName: options.councilName ?? settings.councilName,
    committee: options.committee ?? '',
    meetingDate: options.meetingDate ?? '',
    register: settings.register,
    period,
    previousPeriodLabel: previous,
    matrixName: matrix.name,
    bandStyles: matrix.bands.map((b) => ({
      name: b.name,
      colour: b.colour,
      textColour: readableTextColour(b.colour, b.textColour),
    })),
    bandCounts,
    movements,
    ...(minBand ? { minBand: minBand.name } : {}),
    excludedCount,
    notReviewed: reported.filter((r) => r.notReviewed).map((r) => r.risk.reference),
    summary: reported.map(({ risk, snapshot, direction, notReviewed }) => ({
      reference: risk.reference,
      ...(notReviewed ? { notReviewed } : {}),
      owners: risk.owners.map((o) => o.name).join(', '),
      title: risk.title,
      current: ratingText(snapshot.current, snapshot.currentScore, on(snapshot)),
      target: ratingText(snapshot.target, undefined, on(snapshot)),
      direction,
      directionText: notReviewed ? notReviewed.text : formatDirection(direction),
    })),
    heatMap: heatMap(
      settings,
      reported.map((r) => ({
        reference: r.risk.reference,
        rating: r.snapshot.current,
        ...(r.notReviewed ? { note: r.notReviewed.mark } : {}),
      })),
    ),
    risks: reported.map(({ risk, snapshot, thisPeriod, history: h, direction, notReviewed }) => ({
      reference: risk.reference,
      ...(notReviewed ? { notReviewed } : {}),
      title: risk.title,
      description: risk.description,
      cause: risk.cause,
      event: risk.event,
      consequence: risk.consequence,
      owners: names(risk.owners),
      cabinetMembers: names(risk.cabinetMembers),
      directorate: risk.directorate,
      inherent: ratingText(snapshot.inherent, undefined, on(snapshot)),
      current: ratingText(snapshot.current, snapshot.currentScore, on(snapshot)),
      target: ratingText(snapshot.target, undefined, on(snapshot)),
      timescaleToTarget: risk.timescaleToTarget,
      appetite: appetiteText(snapshot, settings.defaultAppetite),
      direction: notReviewed ? 'Not assessed: not reviewed this period' : formatDirection(direction),
      outcome: notReviewed ? notReviewed.text : outcomeText[snapshot.outcome],
      ...(thisPeriod?.mergedInto ? { mergedInto: thisPeriod.mergedInto } : {}),
      mergedFrom: thisPeriod?.mergedFrom ?? [],
      details: catalogueFacts(risk, input.catalogue ?? RISK_FIELDS, 'paper'),
      controls: risk.controls.map((c) => ({
        title: c.title,
        owners: names(c.owners).join('; '),
        serviceTag: c.serviceTag ?? '',
      })),
      actions: risk.actions.map((a) => ({
        title: a.title,
        owners: names(a.owners).join('; '),
        date: a.plannedDate
          ? formatDate(a.plannedDate)
          : a.reviewDate
            ? `${formatDate(a.reviewDate)} (review)`
            : '',
        status: ACTION_STATUS_LABELS[a.status],
        progress: [a.progress !== undefined ? `${a.progress}%` : '', a.progressNote ?? '']
          .filter(Boolean)
          .join(': '),
      })),
      comment: notReviewed ? (thisPeriod?.comment ?? '') : snapshot.comment,
      recordedBy:
        !notReviewed && snapshot.recordedBy
          ? `${snapshot.recordedBy.name}, ${formatDate(snapshot.recordedAt.slice(0, 10))}`
          : '',
      history: history(h.filter((s) => s.periodId !== period.id)),
    })),
  };
}

/** WCAG AA contrast for text in a document (1.4.3), which a coloured table cell must meet. */
export const MIN_TEXT_CONTRAST = 4.5;

/**
 * The text colour for a cell filled with `fill`: the band's own text colour when it reaches 4.5:1 on the
 * fill, else black or white, whichever contrasts more (by WCAG relative luminance). A stored band whose
 * text colour was set for a screen theme, or not at all, still prints readably.
 */
export function readableTextColour(fill: string, preferred?: string): string {
  const valid = (c: string | undefined): c is string => !!c && /^#[0-9a-f]{6}$/i.test(c);
  if (!valid(fill)) return valid(preferred) ? preferred : '#000000';
  if (valid(preferred) && contrastRatio(fill, preferred) >= MIN_TEXT_CONTRAST) return preferred;
  return contrastRatio(fill, '#000000') >= contrastRatio(fill, '#ffffff') ? '#000000' : '#ffffff';
}

/** A stand-in for a risk never reviewed: no ratings, so the paper prints "Not rated" (never the live risk's). */
function unrated(risk: Risk, period: Period): PeriodSnapshot {
  return {
    riskReference: risk.reference,
    periodId: period.id,
    comment: '',
    recordedAt: '',
    source: 'tab',
    outcome: 'not-reviewed',
  };
}

function notReviewedNote(last: PeriodSnapshot | undefined, startMonth: number): NotReviewed {
  if (!last)
    return {
      text: 'Not reviewed this period; no review has been recorded',
      mark: 'not reviewed this period; never reviewed',
    };
  const date = last.recordedAt ? formatDate(last.recordedAt.slice(0, 10)) : undefined;
  const p = periodById(last.periodId, startMonth);
  const lastPeriod = p.ok ? p.value.label : last.periodId;
  return {
    ...(date ? { lastReviewed: date } : {}),
    lastPeriod,
    text: `Not reviewed this period; last reviewed ${date ? `on ${date} ` : ''}for ${lastPeriod}`,
    mark: `not reviewed this period; last reviewed ${date ?? `for ${lastPeriod}`}`,
  };
}

function appetiteText(snapshot: PeriodSnapshot, defaultAppetite: number | undefined): string {
  const threshold = snapshot.appetite ?? defaultAppetite;
  const status = APPETITE_TEXT[snapshotAppetiteStatus(snapshot, defaultAppetite)];
  return threshold === undefined ? status : `${threshold} (${status.toLowerCase()})`;
}

function findBand(settings: RegisterSettings, wanted: string): Band {
  const key = wanted.trim().toLowerCase();
  const band = settings.matrix.bands.find((b) => b.id.toLowerCase() === key || b.name.toLowerCase() === key);
  if (!band) {
    throw new Error(
      `"${wanted}" is not a band of the ${settings.matrix.name} matrix used by register ${settings.register}; use one of ${settings.matrix.bands.map((b) => b.name).join(', ')}.`,
    );
  }
  return band;
}

/** The heat map of the reported risks' current ratings, every cell naming its band. */
export function heatMap(
  settings: RegisterSettings,
  entries: { reference: string; rating?: Rating; note?: string }[],
): HeatMap {
  const matrix = settings.matrix;
  const likelihood = [...matrix.likelihood.levels].sort((a, b) => b.value - a.value);
  const impact = [...matrix.impact.levels].sort((a, b) => a.value - b.value);
  return {
    likelihoodName: matrix.likelihood.name,
    impactName: matrix.impact.name,
    columns: impact.map((i) => `${i.label} (${i.code})`),
    rows: likelihood.map((l) => ({
      label: `${l.label} (${l.code})`,
      cells: impact.map((i) => {
        const here = entries.filter((e) => e.rating?.likelihood === l.value && e.rating.impact === i.value);
        const notes = here.filter((e) => e.note);
        return {
          band: bandOf(matrix, { likelihood: l.value, impact: i.value })?.name ?? 'No band',
          references: here.map((e) => e.reference),
          ...(notes.length
            ? { notReviewed: Object.fromEntries(notes.map((e) => [e.reference, e.note ?? ''])) }
            : {}),
        };
      }),
    })),
  };
}

function byReference(a: Risk, b: Risk): number {
  return a.reference.localeCompare(b.reference, 'en-GB', { numeric: true });
}

/** `2024-03-31` -> `31 March 2024`, as UK committee papers write dates. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}
