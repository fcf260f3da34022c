/**
 * Builds the cards of one risk's review from the register's current state: the review card, the
 * recorded card and notices. Shared by the sender, reminders and the answer handler, so every path
 * shows the same, current values.
 */
import {
  directionOfTravel,
  periodById,
  previousReviewed,
  reviewCloses,
  type Period,
  type PeriodSnapshot,
  type RegisterSettings,
} from '../domain';
import type { AnswerState, Stored, StoredRisk } from '../ports';
import { calendarDay, DEFAULT_TIME_ZONE } from './clock';
import { recordedCardData, reviewCardData, type ReviewCardInput } from './card-data';
import { expandCard, type Card, type Notice, type NoticeCardData } from './cards';
import type { ReviewDeps } from './context';

/** A risk with what its review card needs. */
export type RiskReview = {
  risk: StoredRisk;
  settings: RegisterSettings;
  period: Period;
  history: Stored<PeriodSnapshot>[];
  /** This period's snapshot, when already recorded. */
  snapshot: Stored<PeriodSnapshot> | undefined;
  /** Last reviewed snapshot before this period. */
  previous: PeriodSnapshot | undefined;
  /** All of it as read in one round trip (RegisterStore.loadAnswerState), to write an answer against. */
  state?: AnswerState;
};

/** Last day answers are accepted: the period's start plus the register's cut-off days. */
export function dueBy(settings: RegisterSettings, period: Period): string {
  return reviewCloses(settings, period);
}

/** Whether the period still accepts answers on `nowMs`, by the calendar day in `timeZone` (REVIEW_TIMEZONE). */
export function isOpen(
  settings: RegisterSettings,
  period: Period,
  nowMs: number,
  timeZone: string = DEFAULT_TIME_ZONE,
): boolean {
  return calendarDay(nowMs, timeZone) <= dueBy(settings, period);
}

/** Loads the risk, its register settings and its history; throws the store's errors (NotFoundError...). */
export async function loadRiskReview(
  deps: ReviewDeps,
  riskId: number,
  periodId: string,
): Promise<RiskReview> {
  // One round trip when the store offers it (the answer is then written against what was read).
  const state = deps.store.loadAnswerState ? await deps.store.loadAnswerState(riskId, periodId) : undefined;
  const risk = state?.risk ?? (await deps.store.getRisk(riskId));
  const settings = state?.settings ?? (await deps.store.getSettings(risk.register));
  const parsed = periodById(periodId, settings.financialYearStartMonth);
  if (!parsed.ok) {
    throw new Error(
      `Review of ${risk.reference}: "${periodId}" is not a period of register ${risk.register}.`,
    );
  }
  const period = parsed.value;
  const history = state?.history ?? (await deps.store.getHistory(riskId));
  const snapshot = history.find((s) => s.periodId === period.id);
  const probe: PeriodSnapshot = snapshot ?? {
    riskReference: risk.reference,
    periodId: period.id,
    comment: '',
    recordedAt: '',
    source: 'card',
    outcome: 'confirmed',
  };
  return {
    risk,
    settings,
    period,
    history,
    snapshot,
    previous: previousReviewed(probe, history),
    ...(state ? { state } : {}),
  };
}

function signedAction(deps: ReviewDeps, r: RiskReview) {
  return deps.signer.sign({
    riskId: r.risk.id,
    periodId: r.period.id,
    riskVersion: r.risk.etag,
    issuedAt: new Date(deps.clock.now()).toISOString(),
  });
}

export type CardOptions = {
  /** A reminder is the review card under a reminder notice; its kind says so (cards.ts `cardKindOf`). */
  kind?: 'review' | 'reminder';
  notice?: Notice;
  entered?: ReviewCardInput['entered'];
  refreshUserIds?: string[];
};

/** The review card for the risk's current version. */
export function reviewCard(deps: ReviewDeps, r: RiskReview, options: CardOptions = {}): Card {
  return expandCard(
    'review',
    reviewCardData({
      risk: r.risk,
      settings: r.settings,
      period: r.period,
      ...(r.previous ? { previous: r.previous } : {}),
      riskUrl: deps.links.risk(r.risk.id, r.risk.reference),
      action: signedAction(deps, r),
      dueBy: dueBy(r.settings, r.period),
      ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
      ...(options.refreshUserIds ? { refreshUserIds: options.refreshUserIds } : {}),
      ...(options.notice ? { notice: options.notice } : {}),
      ...(options.entered ? { entered: options.entered } : {}),
    }),
    options.kind ?? 'review',
  );
}

/** The card showing what was recorded for the period, by whom and when, with the direction of travel. */
export function recordedCard(
  deps: ReviewDeps,
  r: RiskReview,
  snapshot: PeriodSnapshot,
  options: { notice?: Notice; refreshUserIds?: string[] } = {},
): Card {
  const others = r.history.filter((s) => s.periodId !== snapshot.periodId);
  return expandCard(
    'recorded',
    recordedCardData({
      risk: r.risk,
      matrix: r.settings.matrix,
      period: r.period,
      snapshot,
      ...(r.previous ? { previous: r.previous } : {}),
      direction: directionOfTravel(snapshot, others, r.settings.matrix),
      riskUrl: deps.links.risk(r.risk.id, r.risk.reference),
      action: signedAction(deps, r),
      canEdit: isOpen(r.settings, r.period, deps.clock.now(), deps.timeZone),
      ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
      ...(options.refreshUserIds ? { refreshUserIds: options.refreshUserIds } : {}),
      ...(options.notice ? { notice: options.notice } : {}),
    }),
  );
}

/** A notice card: errors, stale cards, retry. */
export function noticeCard(data: Partial<NoticeCardData> & Pick<NoticeCardData, 'title' | 'text'>): Card {
  return expandCard('notice', {
    style: data.style ?? 'attention',
    title: data.title,
    subject: data.subject ?? '',
    text: data.text,
    details: data.details ?? [],
    retry: data.retry ?? null,
    url: data.url ?? '',
  });
}
