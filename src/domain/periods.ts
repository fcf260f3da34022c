/**
 * Financial-year reporting periods. UK councils report April to March (Q1 Apr-Jun ... Q4 Jan-Mar), so
 * `Q4 2023/24` is January-March 2024; the start month is configurable. Periods are computed on calendar
 * dates (yyyy-mm-dd), and instants are read as dates in Europe/London, where the councils are.
 *
 * Terms: three school terms, anchored to the financial year so every date falls in exactly one term and
 * Q4 closes the year: T1 = first five months (Apr-Aug: summer term plus the holiday), T2 = next four
 * (Sep-Dec: autumn term), T3 = last three (Jan-Mar: spring term, which ends by Easter in most years).
 */
import { DomainError, fail, ok } from './errors';
import type { FieldError, Period, PeriodKind, Result } from './types';

/** Month offsets from the start of the financial year, and lengths in months, of each period of a kind. */
const LAYOUT: Record<PeriodKind, { offset: number; months: number }[]> = {
  month: Array.from({ length: 12 }, (_, i) => ({ offset: i, months: 1 })),
  quarter: [0, 3, 6, 9].map((offset) => ({ offset, months: 3 })),
  term: [
    { offset: 0, months: 5 },
    { offset: 5, months: 4 },
    { offset: 9, months: 3 },
  ],
  half: [0, 6].map((offset) => ({ offset, months: 6 })),
  year: [{ offset: 0, months: 12 }],
};

const PREFIX: Record<Exclude<PeriodKind, 'year'>, string> = {
  quarter: 'Q',
  month: 'M',
  term: 'T',
  half: 'H',
};

/** English month names, January first, as UK papers print them. */
export const MONTHS: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const DEFAULT_START_MONTH = 4;

/** A calendar date as year, month (1-12), day. */
type Ymd = { y: number; m: number; d: number };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const iso = ({ y, m, d }: Ymd): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

function checkStartMonth(startMonth: number): void {
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) {
    throw new DomainError([
      {
        field: 'financialYearStartMonth',
        value: startMonth,
        allowed: ['1-12'],
        message: `Financial year start month ${String(startMonth)} is not a month number 1-12 (4 = April).`,
      },
    ]);
  }
}

function checkKind(kind: PeriodKind): void {
  if (!Object.hasOwn(LAYOUT, kind)) {
    throw new DomainError([
      {
        field: 'periodKind',
        value: kind,
        allowed: Object.keys(LAYOUT),
        message: `"${String(kind)}" is not a kind of period.`,
      },
    ]);
  }
}

/** The councils' zone: every "today", period and due date is read in it unless a caller names another. */
export const COUNCIL_TIME_ZONE = 'Europe/London';

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormat = (timeZone: string): Intl.DateTimeFormat => {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f;
};

/**
 * The calendar date (yyyy-mm-dd) of an instant in `timeZone` (default Europe/London, with British
 * Summer Time from the IANA data Intl carries): at 00:30 BST on 1 July the UTC date is still 30 June.
 * The one implementation of "which day is it" for the domain, the tab, the service and the review flow.
 */
export function calendarDayIn(instant: Date | number, timeZone: string = COUNCIL_TIME_ZONE): string {
  const date = typeof instant === 'number' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError('calendarDayIn: not a valid instant.');
  const parts = Object.fromEntries(
    dayFormat(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Today's date (yyyy-mm-dd) in Europe/London: the "today" of overdue checks, periods and imports. */
export function todayInLondon(now: Date | number = Date.now()): string {
  return calendarDayIn(now, COUNCIL_TIME_ZONE);
}

/** The calendar date (Europe/London) of a Date, ISO date string or ISO timestamp; undefined when invalid. */
export function toCalendarDate(date: Date | string): string | undefined {
  if (typeof date === 'string') {
    const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
    if (plain) {
      const [y, m, d] = [Number(plain[1]), Number(plain[2]), Number(plain[3])];
      return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? iso({ y, m, d }) : undefined;
    }
    if (!/^\d{4}-\d{2}-\d{2}T/.test(date.trim())) return undefined;
    return toCalendarDate(new Date(date));
  }
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return undefined;
  return calendarDayIn(date);
}

function ymd(date: Date | string): Ymd {
  const day = toCalendarDate(date);
  if (day === undefined) {
    throw new DomainError([
      {
        field: 'date',
        value: date instanceof Date ? 'Invalid Date' : date,
        allowed: ['yyyy-mm-dd', 'ISO timestamp'],
        message: `"${String(date)}" is not a valid date; write it as yyyy-mm-dd.`,
      },
    ]);
  }
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

/** The financial year (its starting calendar year) that holds `date`: 2023 for 2024-03-31 with April starts. */
export function financialYearOf(date: Date | string, startMonth = DEFAULT_START_MONTH): number {
  checkStartMonth(startMonth);
  const { y, m } = ymd(date);
  return m >= startMonth ? y : y - 1;
}

/** `2023/24`, or `2024` when the financial year is the calendar year (start month January). */
export function financialYearLabel(financialYear: number, startMonth = DEFAULT_START_MONTH): string {
  return startMonth === 1 ? String(financialYear) : `${financialYear}/${pad((financialYear + 1) % 100)}`;
}

/** How many periods of a kind make a year (12 months, 4 quarters, 3 terms, 2 halves, 1 year). */
export function periodsPerYear(kind: PeriodKind): number {
  return LAYOUT[kind].length;
}

/**
 * The period of `kind` with 1-based `index` in `financialYear`. Throws DomainError when the index is out
 * of range; parse user text with `parsePeriod` instead.
 */
export function makePeriod(
  financialYear: number,
  kind: PeriodKind,
  index: number,
  startMonth = DEFAULT_START_MONTH,
): Period {
  checkStartMonth(startMonth);
  checkKind(kind);
  const slot = LAYOUT[kind][index - 1];
  if (!slot || !Number.isInteger(financialYear)) {
    throw new DomainError([
      {
        field: 'period',
        value: { financialYear, kind, index },
        allowed: [`${kind} 1-${periodsPerYear(kind)}`],
        message: `There is no ${kind} ${String(index)} in financial year ${String(financialYear)}.`,
      },
    ]);
  }
  const first = financialYear * 12 + (startMonth - 1) + slot.offset;
  const last = first + slot.months - 1;
  const start: Ymd = { y: Math.floor(first / 12), m: (first % 12) + 1, d: 1 };
  const endY = Math.floor(last / 12);
  const endM = (last % 12) + 1;
  const fy = financialYearLabel(financialYear, startMonth);
  const code = kind === 'year' ? '' : `${PREFIX[kind]}${kind === 'month' ? pad(index) : index}`;
  return {
    id: kind === 'year' ? `${fy}-Y` : `${fy}-${code}`,
    kind,
    financialYear,
    index,
    start: iso(start),
    end: iso({ y: endY, m: endM, d: daysInMonth(endY, endM) }),
    label: kind === 'year' ? fy : kind === 'month' ? `${MONTHS[start.m - 1]} ${start.y}` : `${code} ${fy}`,
  };
}

/** The period of `kind` that contains `date` (Europe/London calendar date). */
export function periodOf(date: Date | string, kind: PeriodKind, startMonth = DEFAULT_START_MONTH): Period {
  checkKind(kind);
  const financialYear = financialYearOf(date, startMonth);
  const { y, m } = ymd(date);
  const offset = (y * 12 + m - 1 - (financialYear * 12 + startMonth - 1)) % 12;
  const index = LAYOUT[kind].findIndex((s) => offset >= s.offset && offset < s.offset + s.months) + 1;
  return makePeriod(financialYear, kind, index, startMonth);
}

/** The period after `period` (Q4 2023/24 -> Q1 2024/25). */
export function nextPeriod(period: Period, startMonth = DEFAULT_START_MONTH): Period {
  return period.index < periodsPerYear(period.kind)
    ? makePeriod(period.financialYear, period.kind, period.index + 1, startMonth)
    : makePeriod(period.financialYear + 1, period.kind, 1, startMonth);
}

/** The period before `period` (Q1 2024/25 -> Q4 2023/24). */
export function previousPeriod(period: Period, startMonth = DEFAULT_START_MONTH): Period {
  return period.index > 1
    ? makePeriod(period.financialYear, period.kind, period.index - 1, startMonth)
    : makePeriod(period.financialYear - 1, period.kind, periodsPerYear(period.kind), startMonth);
}

/** Whether the ISO date (or Date) falls inside the period, ends inclusive. */
export function periodContains(period: Period, date: Date | string): boolean {
  const day = toCalendarDate(date);
  return day !== undefined && day >= period.start && day <= period.end;
}

/**
 * Sort key of a period id that needs no start month: financial year, then the month offset of the
 * period's start, then length (longer first). Undefined for text that is not a period id.
 */
export function periodSortKey(id: string): number | undefined {
  const parsed = parseId(id);
  if (!parsed) return undefined;
  const slot = LAYOUT[parsed.kind][parsed.index - 1]!;
  return parsed.financialYear * 10_000 + slot.offset * 100 + (12 - slot.months);
}

/** Orders period ids chronologically (by start); unreadable ids sort last. */
export function comparePeriodIds(a: string, b: string): number {
  const ka = periodSortKey(a) ?? Number.POSITIVE_INFINITY;
  const kb = periodSortKey(b) ?? Number.POSITIVE_INFINITY;
  return ka === kb ? 0 : ka < kb ? -1 : 1;
}

const FY = String.raw`(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?`;
const KIND_WORDS: Record<string, Exclude<PeriodKind, 'year'>> = {
  q: 'quarter',
  quarter: 'quarter',
  m: 'month',
  month: 'month',
  t: 'term',
  term: 'term',
  h: 'half',
  half: 'half',
};

type ParsedId = { financialYear: number; kind: PeriodKind; index: number; secondYear?: number };

function fyFrom(
  first: string,
  second: string | undefined,
): { financialYear: number; secondYear?: number } | undefined {
  const financialYear = Number(first);
  if (second === undefined) return { financialYear };
  const secondYear =
    second.length === 2 ? Math.floor(financialYear / 100) * 100 + Number(second) : Number(second);
  const expected = financialYear + 1;
  // `1999/00`: the two-digit year wraps into the next century.
  const adjusted = second.length === 2 && secondYear < financialYear ? secondYear + 100 : secondYear;
  return adjusted === expected ? { financialYear, secondYear: adjusted } : undefined;
}

function parseId(text: string): ParsedId | undefined {
  const t = text.trim();
  const id = new RegExp(`^${FY}-(?:([QMTH])(\\d{1,2})|Y)$`, 'i').exec(t);
  if (!id) return undefined;
  const fy = fyFrom(id[1]!, id[2]);
  if (!fy) return undefined;
  const kind: PeriodKind = id[3] ? KIND_WORDS[id[3].toLowerCase()]! : 'year';
  const index = id[4] ? Number(id[4]) : 1;
  return index >= 1 && index <= periodsPerYear(kind) ? { ...fy, kind, index } : undefined;
}

function periodError(text: string, startMonth: number): FieldError {
  const example = makePeriod(2023, 'quarter', 4, startMonth);
  return {
    field: 'period',
    value: text,
    allowed: [
      example.id,
      example.label,
      `${financialYearLabel(2023, startMonth)} Q4`,
      'January 2024',
      'M10 2023/24',
    ],
    message: `"${text}" is not a period; write a quarter as ${example.label} or ${example.id}.`,
  };
}

/** The period with this canonical id (`2023/24-Q4`, `2023/24-M01`, `2023/24-T2`, `2023/24-H1`, `2023/24-Y`). */
export function periodById(id: string, startMonth = DEFAULT_START_MONTH): Result<Period> {
  const parsed = typeof id === 'string' ? parseId(id) : undefined;
  if (!parsed || !fyStyleMatches(parsed, startMonth)) return fail(periodError(String(id), startMonth));
  return ok(makePeriod(parsed.financialYear, parsed.kind, parsed.index, startMonth));
}

/** A `2023/24` year only makes sense when the year does not start in January, and `2024` only when it does. */
function fyStyleMatches(parsed: { secondYear?: number }, startMonth: number): boolean {
  return startMonth === 1 ? parsed.secondYear === undefined : parsed.secondYear !== undefined;
}

/**
 * Reads a period as councils write it: the id, `Q4 2023/24`, `2023/24 Q4`, `Quarter 4 2023/24`,
 * `January 2024`, `Jan 2024`, `M10 2023/24`, `T2 2023/24`, `H1 2023/24`, `2023/24`. Case and spacing
 * are ignored; anything else is an error with the accepted forms.
 */
export function parsePeriod(text: string, startMonth = DEFAULT_START_MONTH): Result<Period> {
  checkStartMonth(startMonth);
  const raw = typeof text === 'string' ? text : String(text);
  const t = raw.replace(/\s+/g, ' ').trim();
  const byId = periodById(t, startMonth);
  if (byId.ok) return byId;
  const build = (
    fy: { financialYear: number; secondYear?: number } | undefined,
    kind: PeriodKind,
    index: number,
  ) =>
    fy && fyStyleMatches(fy, startMonth) && index >= 1 && index <= periodsPerYear(kind)
      ? ok(makePeriod(fy.financialYear, kind, index, startMonth))
      : fail<Period>(periodError(raw, startMonth));
  const kindFirst = new RegExp(`^(q|quarter|m|month|t|term|h|half) ?(\\d{1,2}),? ${FY}$`, 'i').exec(t);
  if (kindFirst)
    return build(
      fyFrom(kindFirst[3]!, kindFirst[4]),
      KIND_WORDS[kindFirst[1]!.toLowerCase()]!,
      Number(kindFirst[2]),
    );
  const yearFirst = new RegExp(`^${FY},? (q|quarter|m|month|t|term|h|half) ?(\\d{1,2})$`, 'i').exec(t);
  if (yearFirst)
    return build(
      fyFrom(yearFirst[1]!, yearFirst[2]),
      KIND_WORDS[yearFirst[3]!.toLowerCase()]!,
      Number(yearFirst[4]),
    );
  const month = /^([a-z]+)\.? (\d{4})$/i.exec(t);
  if (month) {
    const m = MONTHS.findIndex(
      (name) => month[1]!.length >= 3 && name.toLowerCase().startsWith(month[1]!.toLowerCase()),
    );
    if (m >= 0) return ok(periodOf(`${month[2]}-${pad(m + 1)}-01`, 'month', startMonth));
  }
  const year = new RegExp(`^(?:fy ?)?${FY}$`, 'i').exec(t);
  if (year) return build(fyFrom(year[1]!, year[2]), 'year', 1);
  return fail(periodError(raw, startMonth));
}
