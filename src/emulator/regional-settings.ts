/**
 * The site's regional settings: its time zone and locale, as `web/RegionalSettings` and
 * `web/RegionalSettings/TimeZone` report them, and the conversions SharePoint applies with them.
 *
 * SharePoint stores a date-only (DisplayFormat DateOnly) value as midnight in the site's time
 * zone and REST returns it as that instant in UTC: on a London site 30 June comes back as
 * `2026-06-29T23:00:00Z` and 15 January as `2026-01-15T00:00:00Z` (SharePoint/sp-dev-docs#6083,
 * pnp/pnpjs#1890). `FieldValuesAsText` gives the local text (`30/06/2026` on an en-GB site).
 * The TimeZone JSON shape `{Description, Id, Information: {Bias, DaylightBias, StandardBias}}` is
 * SP.TimeZone / SP.TimeZoneInformation (biases in minutes, UTC = local + bias, as Windows'
 * TIME_ZONE_INFORMATION); the ids are SharePoint's (SPRegionalSettings.TimeZones on Learn:
 * 2 = London, 3 = Paris, 10 = Eastern, 13 = Pacific). Daylight-saving rules come from the IANA
 * database through @date-fns/tz, never from hand-written rules.
 */
import { TZDate } from '@date-fns/tz';
import type { Segment } from './api-path';
import { notFound, SpCodes } from './errors';
import { selectProps } from './odata-collection';
import { apiBase, entityResponse } from './odata-json';
import type { SpRequest, SpResponse } from './types';

/** One SharePoint time zone the local service can run in. */
export type SiteTimeZone = {
  /** SP.TimeZone.Id */
  id: number;
  /** SP.TimeZone.Description, as SharePoint Online words it. */
  description: string;
  /** The IANA zone whose rules SharePoint's zone follows. */
  iana: string;
  /** SP.TimeZoneInformation: minutes; UTC = local + Bias (+ DaylightBias in summer). */
  bias: number;
  daylightBias: number;
  standardBias: number;
};

/** The zones a test or the CLI can pick, by SharePoint id. London is the demo site's. */
export const siteTimeZones: Record<number, SiteTimeZone> = {
  2: {
    id: 2,
    description: '(UTC+00:00) Dublin, Edinburgh, Lisbon, London',
    iana: 'Europe/London',
    bias: 0,
    daylightBias: -60,
    standardBias: 0,
  },
  3: {
    id: 3,
    description: '(UTC+01:00) Brussels, Copenhagen, Madrid, Paris',
    iana: 'Europe/Paris',
    bias: -60,
    daylightBias: -60,
    standardBias: 0,
  },
  10: {
    id: 10,
    description: '(UTC-05:00) Eastern Time (US and Canada)',
    iana: 'America/New_York',
    bias: 300,
    daylightBias: -60,
    standardBias: 0,
  },
  13: {
    id: 13,
    description: '(UTC-08:00) Pacific Time (US and Canada)',
    iana: 'America/Los_Angeles',
    bias: 480,
    daylightBias: -60,
    standardBias: 0,
  },
};

/** The demo site's zone. */
export const londonTimeZoneId = 2;

/** What the site's regional settings hold. */
export type RegionalSettings = {
  timeZone: SiteTimeZone;
  /** LCID; 2057 = English (United Kingdom), whose short date is dd/MM/yyyy and time 24-hour. */
  localeId: number;
};

/** The settings for a SharePoint time zone id; an id the service does not know is a clear error. */
export function regionalSettingsFor(timeZoneId: number = londonTimeZoneId): RegionalSettings {
  const timeZone = siteTimeZones[timeZoneId];
  if (!timeZone) {
    throw new Error(
      `The local list service does not know SharePoint time zone id ${timeZoneId}. ` +
        `Use one of ${Object.keys(siteTimeZones).join(', ')} (2 = London).`,
    );
  }
  return { timeZone, localeId: 2057 };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** SharePoint's REST form of an instant: UTC, second precision, `Z`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The wall-clock parts of an instant in the site's zone. */
function localParts(ms: number, zone: SiteTimeZone): TZDate {
  return new TZDate(ms, zone.iana);
}

/** The instant of local midnight at the start of the calendar day that holds `ms` in the site's zone. */
export function localMidnightOf(ms: number, zone: SiteTimeZone): number {
  const local = localParts(ms, zone);
  return new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), zone.iana).getTime();
}

const offsetless = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * Reads a date-time sent by a client. A value with `Z` or an offset is that instant. A value
 * without one (`2026-06-30`, `2026-06-30T00:00:00`) is read as the site's local time, as
 * SharePoint's server object model treats a DateTime of unspecified kind; this is inferred, not
 * documented, so the product always sends an explicit instant. Returns NaN when unreadable.
 */
export function parseClientDateTime(text: string, zone: SiteTimeZone): number {
  const m = offsetless.exec(text.trim());
  if (!m) return Date.parse(text);
  const [, y, mo, d, h, mi, s] = m.map((p) => (p === undefined ? 0 : Number(p))) as number[];
  const local = new TZDate(y!, mo! - 1, d!, h!, mi!, s!, zone.iana);
  // Reject overflow such as 2026-02-31 rather than rolling it into March.
  if (local.getMonth() !== mo! - 1 || local.getDate() !== d!) return NaN;
  return local.getTime();
}

/** `30/06/2026`: an en-GB short date of the instant in the site's zone. */
export function localDateText(ms: number, zone: SiteTimeZone): string {
  const local = localParts(ms, zone);
  return `${pad(local.getDate())}/${pad(local.getMonth() + 1)}/${local.getFullYear()}`;
}

/** `30/06/2026 14:05`: an en-GB short date and 24-hour time of the instant in the site's zone. */
export function localDateTimeText(ms: number, zone: SiteTimeZone): string {
  const local = localParts(ms, zone);
  return `${localDateText(ms, zone)} ${pad(local.getHours())}:${pad(local.getMinutes())}`;
}

/** The SP.RegionalSettings entity (the properties clients commonly read). */
export function regionalSettingsJson(base: string, rs: RegionalSettings): Record<string, unknown> {
  return {
    'odata.type': 'SP.RegionalSettings',
    'odata.id': `${base}Web/RegionalSettings`,
    'odata.editLink': 'Web/RegionalSettings',
    AdjustHijriDays: 0,
    AlternateCalendarType: 0,
    AM: 'AM',
    CalendarType: 1,
    Collation: 25,
    CollationLCID: 2070,
    DateFormat: 1,
    DateSeparator: '/',
    DecimalSeparator: '.',
    DigitGrouping: '3;0',
    FirstDayOfWeek: 1,
    FirstWeekOfYear: 2,
    IsEastAsia: false,
    IsRightToLeft: false,
    IsUIRightToLeft: false,
    ListSeparator: ',',
    LocaleId: rs.localeId,
    NegativeSign: '-',
    NegNumberMode: 1,
    PM: 'PM',
    PositiveSign: '',
    ShowWeeks: false,
    ThousandSeparator: ',',
    Time24: true,
    TimeMarkerPosition: 0,
    TimeSeparator: ':',
  };
}

/** The SP.TimeZone entity: `{Description, Id, Information: {Bias, DaylightBias, StandardBias}}`. */
export function timeZoneJson(base: string, rs: RegionalSettings): Record<string, unknown> {
  const z = rs.timeZone;
  return {
    'odata.type': 'SP.TimeZone',
    'odata.id': `${base}Web/RegionalSettings/TimeZone`,
    'odata.editLink': 'Web/RegionalSettings/TimeZone',
    Description: z.description,
    Id: z.id,
    Information: { Bias: z.bias, DaylightBias: z.daylightBias, StandardBias: z.standardBias },
  };
}

/** GET `web/RegionalSettings` and `web/RegionalSettings/TimeZone` (read-only here, as for most callers). */
export function handleRegionalSettings(
  ctx: { sitePath: string; regional: RegionalSettings },
  req: SpRequest,
  sub: Segment | undefined,
): SpResponse {
  const base = apiBase(req, ctx.sitePath);
  if (req.method === 'GET' && !sub) {
    const entity = regionalSettingsJson(base, ctx.regional);
    return entityResponse(req, 200, selectProps(entity, req.query.get('$select'), 'SP.RegionalSettings'));
  }
  if (req.method === 'GET' && sub?.name === 'timezone') {
    const entity = timeZoneJson(base, ctx.regional);
    return entityResponse(req, 200, selectProps(entity, req.query.get('$select'), 'SP.TimeZone'));
  }
  throw notFound(
    `The local list service does not implement ${req.method} web/RegionalSettings${sub ? `/${sub.name}` : ''}.`,
    SpCodes.notFound,
  );
}
