/**
 * Direction of travel: this period's score against the previous REVIEWED snapshot of the same risk.
 * It reads snapshots only, never the live risk, so a later edit cannot change what a past paper said.
 */
import { fail, ok } from './errors';
import { compareSeverity } from './matrix';
import { comparePeriodIds } from './periods';
import { referenceKey } from './reference';
import { isReviewed, snapshotScore } from './snapshots';
import { normaliseText } from './text-noise';
import type { Direction, PeriodSnapshot, Result, RiskMatrix } from './types';

/** Whether two snapshots belong to the same risk: by list item id when both have one, else by reference. */
function sameRisk(a: PeriodSnapshot, b: PeriodSnapshot): boolean {
  if (a.riskId !== undefined && b.riskId !== undefined) return a.riskId === b.riskId;
  return referenceKey(a.riskReference) === referenceKey(b.riskReference);
}

/**
 * The latest reviewed snapshot of the same risk from a period before `current`'s; not-reviewed periods
 * are skipped, and snapshots of other risks are ignored if the caller passes a whole register's history.
 */
export function previousReviewed(
  current: PeriodSnapshot,
  history: readonly PeriodSnapshot[],
): PeriodSnapshot | undefined {
  return history
    .filter(
      (s) => sameRisk(s, current) && isReviewed(s) && comparePeriodIds(s.periodId, current.periodId) < 0,
    )
    .sort((a, b) => comparePeriodIds(a.periodId, b.periodId))
    .at(-1);
}

/**
 * Direction of travel of `current` given the risk's other snapshots. `merged` when the risk was merged
 * into another, or others into it, this period; `new` when there is no earlier reviewed snapshot with a
 * score to compare (a first report); otherwise up (worse), down (better) or unchanged. With `matrix`,
 * ratings are compared by band then score, which cell-table matrices (Medway) need; without it, by score.
 */
export function directionOfTravel(
  current: PeriodSnapshot,
  history: readonly PeriodSnapshot[],
  matrix?: RiskMatrix,
): Direction {
  if (current.mergedInto || (current.mergedFrom && current.mergedFrom.length > 0)) return 'merged';
  const previous = previousReviewed(current, history);
  if (!previous) return 'new';
  let delta: number | undefined;
  if (matrix && current.current && previous.current) {
    delta = compareSeverity(matrix, current.current, previous.current);
  } else {
    const now = snapshotScore(current);
    const before = snapshotScore(previous);
    if (now !== undefined && before !== undefined) delta = now - before;
  }
  if (delta === undefined) return 'new';
  return delta > 0 ? 'up' : delta < 0 ? 'down' : 'unchanged';
}

/** How each direction is printed: an arrow (if any) and a word, so the arrow is never the only cue. */
export const DIRECTION_DISPLAY: Readonly<Record<Direction, { symbol: string; word: string }>> = Object.freeze(
  {
    up: { symbol: '↑', word: 'Worse' },
    down: { symbol: '↓', word: 'Better' },
    unchanged: { symbol: '⇨', word: 'Unchanged' },
    new: { symbol: '', word: 'New' },
    merged: { symbol: '', word: 'Merged Risk' },
  },
);

/** `↑ Worse`, `↓ Better`, `⇨ Unchanged`, `New`, `Merged Risk`. */
export function formatDirection(direction: Direction): string {
  const { symbol, word } = DIRECTION_DISPLAY[direction];
  return symbol ? `${symbol} ${word}` : word;
}

/** The arrow alone (empty for new and merged), for narrow table cells that also carry `directionWord`. */
export function directionSymbol(direction: Direction): string {
  return DIRECTION_DISPLAY[direction].symbol;
}

/** The word alone: `Worse`, `Better`, `Unchanged`, `New`, `Merged Risk`. */
export function directionWord(direction: Direction): string {
  return DIRECTION_DISPLAY[direction].word;
}

const DIRECTION_WORDS: [RegExp, Direction][] = [
  [/^(↑|⬆|↗|⇧|up|worse|increased?|higher|deteriorat(ed|ing))$/, 'up'],
  [/^(↓|⬇|↘|⇩|down|better|decreased?|lower|improv(ed|ing))$/, 'down'],
  [/^(⇨|↔|⟷|⇔|→|⇒|➔|unchanged|same|no change|static|stable|steady)$/, 'unchanged'],
  [/^new( risk)?$/, 'new'],
  [/^merged( risk)?$/, 'merged'],
];

/**
 * Reads a direction as papers print it: arrows (`⇨`, `↔`, `↑`, `↓`), words (`New`, `Merged Risk`,
 * `Worse`, `Better`) or both (`↑ Worse`). Used by import and by tests against the seed papers.
 */
export function parseDirection(text: string): Result<Direction> {
  const raw = typeof text === 'string' ? text : String(text);
  const t = normaliseText(raw).toLowerCase();
  const parts = t.split(' ');
  const candidates = [t, ...(parts.length === 2 ? parts : [])];
  const found = new Set<Direction>();
  for (const candidate of candidates) {
    for (const [pattern, direction] of DIRECTION_WORDS) if (pattern.test(candidate)) found.add(direction);
  }
  if (found.size === 1) return ok([...found][0]!);
  return fail({
    field: 'direction',
    value: raw,
    allowed: Object.values(DIRECTION_DISPLAY).map((d) => (d.symbol ? `${d.symbol} ${d.word}` : d.word)),
    message:
      found.size > 1
        ? `"${normaliseText(raw)}" names more than one direction of travel.`
        : `"${normaliseText(raw)}" is not a direction of travel.`,
  });
}
