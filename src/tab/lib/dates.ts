import { todayInLondon } from '../../domain/periods';
/** en-GB dates, as council papers print them: 31 Mar 2024, and 31 Mar 2024, 14:05 for timestamps. */
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

function parse(iso: string): Date | undefined {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `2024-03-31` → `31 Mar 2024`; empty or unreadable input → an en dash. */
export function formatDate(iso: string | undefined): string {
  const d = iso ? parse(iso) : undefined;
  return d ? dateFormat.format(d) : '–';
}

/** An ISO timestamp → `31 Mar 2024, 14:05` (UK time). */
export function formatDateTime(iso: string | undefined): string {
  const d = iso ? parse(iso) : undefined;
  return d ? dateTimeFormat.format(d) : '–';
}

/** Today as an ISO date in UK time, for "is this overdue" checks (the domain's one "today"). */
export function todayIso(now: Date = new Date()): string {
  return todayInLondon(now);
}
