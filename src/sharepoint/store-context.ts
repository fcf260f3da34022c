/**
 * What the repository modules share: the one spfi instance, the people resolver, a small cache
 * of each register's settings (the matrix is needed to validate and restore ratings) and the
 * site's calendar (its time zone, for date-only columns), read once.
 */
import type { Coalescer } from './coalesce';
import type { SPFI } from '@pnp/sp';
import { checkRating } from '../domain/matrix';
import { matrixAt } from '../domain/matrix-change';
import type { RegisterSettings, RiskMatrix } from '../domain/types';
import { readInBatch } from './batch';
import { toStorageError, ValidationError, NotFoundError } from './errors';
import type { Row } from './item-codec';
import { firstPage, odataString } from './list-reader';
import { createPeopleResolver, type PeopleResolver } from './people';
import type { Stored } from '../ports';
import {
  ianaZoneOf,
  readSiteTimeZone,
  siteCalendar,
  type SiteCalendar,
  type SpTimeZone,
} from './site-calendar';
import { F, ListTitles, textMax } from './schema';
import { listSpec } from './schema';

export type StoreContext = {
  sp: SPFI;
  people: PeopleResolver;
  /** By register name (lower case). */
  settings: Map<string, Stored<RegisterSettings>>;
  /** IANA zone configured for the site; checked against the site's own regional settings. */
  timeZone?: string;
  /** The site's calendar once read (see calendarFor). */
  calendar?: SiteCalendar;
};

export type StoreOptions = {
  /**
   * The site's time zone as an IANA name, for a SharePoint zone the product's table does not map.
   * Without it the zone comes from `web/RegionalSettings/TimeZone`.
   */
  timeZone?: string;
};

export function createStoreContext(sp: SPFI, options: StoreOptions = {}): StoreContext {
  return {
    sp,
    people: createPeopleResolver(sp),
    settings: new Map(),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  };
}

/** Caches the calendar for the site's time zone as SharePoint reported it (e.g. from a batch part). */
export function rememberTimeZone(ctx: StoreContext, tz: SpTimeZone): SiteCalendar {
  ctx.calendar = siteCalendar(ianaZoneOf(tz, ctx.timeZone));
  return ctx.calendar;
}

/**
 * Reads in one `$batch`, adding the site's time zone as one more part while the calendar is not
 * known yet, so the first read of a store costs no extra request.
 */
export async function readWithCalendar<T>(
  ctx: StoreContext,
  reads: ((s: SPFI) => Promise<T>)[],
  via?: Coalescer,
): Promise<{ results: T[]; cal: SiteCalendar }> {
  // With a coalescer the reads share `$batch`es with other callers' requests of the same moment.
  const read = <R>(ops: ((s: SPFI) => Promise<R>)[]): Promise<R[]> =>
    via ? Promise.all(ops.map((op) => via(op))) : readInBatch(ctx.sp, ops);
  if (ctx.calendar) return { results: await read(reads), cal: ctx.calendar };
  const all = await read<T | SpTimeZone>([...reads, (s) => readSiteTimeZone(s)]);
  const tz = all.pop() as SpTimeZone;
  return { results: all as T[], cal: rememberTimeZone(ctx, tz) };
}

/** The site's calendar: read from `web/RegionalSettings/TimeZone` once per store, then cached. */
export async function calendarFor(ctx: StoreContext): Promise<SiteCalendar> {
  if (ctx.calendar) return ctx.calendar;
  let tz: SpTimeZone;
  try {
    tz = await readSiteTimeZone(ctx.sp);
  } catch (err) {
    throw toStorageError(err, { operation: "read the site's time zone (web/RegionalSettings/TimeZone)" });
  }
  return rememberTimeZone(ctx, tz);
}

/** The register's settings, read once per store and cached; corrupt settings throw StoredDataError. */
export async function settingsFor(ctx: StoreContext, register: string): Promise<Stored<RegisterSettings>> {
  const cached = ctx.settings.get(register.toLowerCase());
  if (cached) return cached;
  let page;
  try {
    page = await firstPage(ctx.sp, ListTitles.settings, {
      filter: `${F.settings.register} eq ${odataString(register)}`,
      top: 1,
    });
  } catch (err) {
    throw toStorageError(err, {
      operation: `read the settings of register '${register}'`,
      list: ListTitles.settings,
    });
  }
  const item = page.value[0];
  if (!item) {
    throw new NotFoundError(
      `Register '${register}' has no settings. Run \`npm run provision -- --site <url> --register "${register}"\` ` +
        'or create them in the settings view.',
    );
  }
  const { restoreSettings } = await settingsRestorer();
  const settings = restoreSettings(item);
  ctx.settings.set(register.toLowerCase(), settings);
  return settings;
}

/** The matrix for restoring ratings, or undefined when the settings cannot be read (ratings then get basic checks). */
export async function matrixFor(ctx: StoreContext, register: string): Promise<RiskMatrix | undefined> {
  try {
    return (await settingsFor(ctx, register)).matrix;
  } catch {
    return undefined;
  }
}

/**
 * The matrix each stored snapshot was recorded on (domain `matrixAt`: by its RecordedAt and the
 * settings' replaced matrices), so a matrix change never re-rates history; undefined as `matrixFor`.
 */
export async function snapshotMatrixFor(
  ctx: StoreContext,
  register: string,
): Promise<(item: Record<string, unknown>) => RiskMatrix | undefined> {
  let settings: RegisterSettings | undefined;
  try {
    settings = await settingsFor(ctx, register);
  } catch {
    return () => undefined;
  }
  const s = settings;
  return (item) => matrixAt(s, String(item[F.snapshots.recordedAt] ?? ''));
}

/**
 * Checks a row against the list's column limits before sending it, so the person gets the field
 * and the limit rather than SharePoint's generic refusal.
 */
export function checkRow(listTitle: string, row: Row, record: string): void {
  for (const spec of listSpec(listTitle).fields) {
    const cell = row[spec.name];
    if (!cell || cell.value == null) continue;
    if (
      spec.kind === 'Text' &&
      typeof cell.value === 'string' &&
      cell.value.length > (spec.maxLength ?? textMax)
    ) {
      throw new ValidationError(
        `${record}: ${spec.name} is ${cell.value.length} characters; SharePoint allows ${spec.maxLength ?? textMax}. Shorten it.`,
        spec.name,
        record,
      );
    }
    if (spec.kind === 'Number' && typeof cell.value === 'number') {
      if (
        (spec.min !== undefined && cell.value < spec.min) ||
        (spec.max !== undefined && cell.value > spec.max)
      ) {
        throw new ValidationError(
          `${record}: ${spec.name} ${cell.value} is outside ${spec.min ?? '-∞'}..${spec.max ?? '∞'}.`,
          spec.name,
          record,
        );
      }
    }
    if (spec.required && (cell.value === '' || cell.value == null)) {
      throw new ValidationError(`${record}: ${spec.name} is required.`, spec.name, record);
    }
  }
  const title = row.Title;
  if (title && typeof title.value === 'string' && title.value.length > textMax) {
    throw new ValidationError(
      `${record}: Title is ${title.value.length} characters; SharePoint allows ${textMax}.`,
      'Title',
      record,
    );
  }
}

/**
 * Ratings checked on the register's matrix before a write, by the domain's rule (`checkRating`);
 * skipped when the register has no settings yet (nothing to check against).
 */
export function checkRatings(
  matrix: RiskMatrix | undefined,
  record: string,
  tiers: Partial<
    Record<'inherent' | 'current' | 'target', { likelihood: number; impact: number } | undefined>
  >,
): void {
  if (!matrix) return;
  for (const [tier, rating] of Object.entries(tiers)) {
    const problem = rating ? checkRating(matrix, rating, tier, record)[0] : undefined;
    if (problem) throw new ValidationError(`${record}: ${problem.message}`, problem.field, record);
  }
}

/** The checks before a write, loaded with the first write (src/sharepoint/write-checks.ts). */
export const writeChecks = () => import('./write-checks');

/**
 * The settings codec (zod), loaded on demand by the readers of the first screen so the tab's first
 * render does not carry it (src/sharepoint/restore-settings.ts).
 */
export const settingsRestorer = () => import('./restore-settings');
