/**
 * Date-only columns in the site's time zone. SharePoint stores a date-only value as midnight in
 * the site's regional time zone and returns that instant in UTC: on a London site 30 June reads
 * `2026-06-29T23:00:00Z` (BST) and 15 January `2026-01-15T00:00:00Z` (SharePoint/sp-dev-docs#6083,
 * pnp/pnpjs#1890). Keeping the first ten characters would show a day early from late March to late
 * October, so the product converts both ways with the site's own zone:
 * - write: a calendar date is sent as the UTC instant of that day's local midnight, which is what
 *   SharePoint stores whether it keeps the instant or truncates it to the local day;
 * - read: the UTC instant is turned back into the calendar date it is in the site's zone.
 * The zone is read once from `web/RegionalSettings/TimeZone` (or configured) and mapped to an IANA
 * name; daylight-saving rules come from the IANA database through @date-fns/tz.
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import type { SPFI } from '@pnp/sp';
import '@pnp/sp/regional-settings/web';
import { StorageError } from './errors';

/** SP.TimeZone as `web/RegionalSettings/TimeZone` returns it. */
export type SpTimeZone = {
  Id: number;
  Description: string;
  Information?: { Bias: number; DaylightBias: number; StandardBias: number };
};

/**
 * SharePoint time zone ids (SPRegionalSettings.TimeZones on Learn) and the IANA zone each follows
 * (the CLDR windowsZones mapping, as published for SharePoint ids by Matt Johnson-Pint's
 * "SharePoint time zone ID to IANA" table). A site in a zone not listed here needs `timeZone`
 * configured (an IANA name), which is checked against the site's biases.
 */
const ianaBySharePointId: Record<number, string> = {
  2: 'Europe/London',
  3: 'Europe/Paris',
  4: 'Europe/Berlin',
  5: 'Europe/Bucharest',
  6: 'Europe/Budapest',
  7: 'Europe/Kaliningrad',
  8: 'America/Sao_Paulo',
  9: 'America/Halifax',
  10: 'America/New_York',
  11: 'America/Chicago',
  12: 'America/Denver',
  13: 'America/Los_Angeles',
  14: 'America/Anchorage',
  15: 'Pacific/Honolulu',
  16: 'Pacific/Apia',
  17: 'Pacific/Auckland',
  18: 'Australia/Brisbane',
  19: 'Australia/Adelaide',
  20: 'Asia/Tokyo',
  21: 'Asia/Singapore',
  22: 'Asia/Bangkok',
  23: 'Asia/Kolkata',
  24: 'Asia/Dubai',
};

/** Converts date-only values between the domain (`yyyy-mm-dd`) and SharePoint's stored instant. */
export type SiteCalendar = {
  /** The IANA zone of the site. */
  timeZone: string;
  /** `2026-06-30` -> `2026-06-29T23:00:00Z` on a London site: the instant of local midnight. */
  dateToStored(date: string): string;
  /** A stored instant -> the calendar date it falls on in the site's zone; undefined when unreadable. */
  storedToDate(value: unknown): string | undefined;
};

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number): string => String(n).padStart(2, '0');

/** The site calendar for an IANA zone; an unknown zone is a clear error. */
export function siteCalendar(timeZone: string): SiteCalendar {
  if (Number.isNaN(tzOffset(timeZone, new Date(0)))) {
    throw new StorageError(
      `'${timeZone}' is not an IANA time zone name. Configure the site's zone as e.g. 'Europe/London'.`,
    );
  }
  return {
    timeZone,
    dateToStored(date) {
      const m = datePattern.exec(date);
      if (!m) {
        throw new Error(`'${date}' is not a calendar date; date-only columns take yyyy-mm-dd.`);
      }
      const local = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), timeZone);
      return new Date(local.getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    },
    storedToDate(value) {
      if (typeof value !== 'string' || !value) return undefined;
      // A bare date (an older value, or one typed into a text export) is already the calendar date.
      if (datePattern.test(value)) return value;
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) return undefined;
      const local = new TZDate(ms, timeZone);
      return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
    },
  };
}

/** The zone's standard (winter) offset east of UTC in minutes, the smaller of January's and July's. */
function standardOffset(timeZone: string, year: number): number {
  return Math.min(
    tzOffset(timeZone, new Date(Date.UTC(year, 0, 15))),
    tzOffset(timeZone, new Date(Date.UTC(year, 6, 15))),
  );
}

/**
 * The IANA zone of a SharePoint time zone: `configured` when given (checked against the site's
 * Bias so a wrong setting fails loudly), else from SharePoint's id.
 */
export function ianaZoneOf(tz: SpTimeZone, configured?: string, year = new Date().getUTCFullYear()): string {
  const zone = configured ?? ianaBySharePointId[tz.Id];
  if (!zone) {
    throw new StorageError(
      `The site's time zone '${tz.Description}' (SharePoint id ${tz.Id}) is not in the product's table. ` +
        "Configure the site's zone with its IANA name (the timeZone option, e.g. 'Europe/London').",
    );
  }
  siteCalendar(zone);
  const info = tz.Information;
  if (info && standardOffset(zone, year) !== -(info.Bias + info.StandardBias)) {
    throw new StorageError(
      `The configured time zone '${zone}' does not match the site's '${tz.Description}' ` +
        `(Bias ${info.Bias} minutes). Configure the IANA zone the site's regional settings use.`,
    );
  }
  return zone;
}

/** Reads `web/RegionalSettings/TimeZone` (one GET, or one part of a batch). */
export function readSiteTimeZone(sp: SPFI): Promise<SpTimeZone> {
  return sp.web.regionalSettings.timeZone() as Promise<SpTimeZone>;
}
