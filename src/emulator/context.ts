/**
 * What every handler gets: the store, its security tables, the directory, the site's settings, and small helpers for request bodies
 * and IF-Match handling shared by lists and items.
 */
import { badRequest, SpCodes, SpError } from './errors';
import type { Directory } from './directory';
import type { SecurityStore } from './security-store';
import type { RegionalSettings } from './regional-settings';
import type { Store } from './store';
import type { Caller, SpRequest } from './types';

export type ServiceContext = {
  store: Store;
  /** Groups, memberships and role assignments (same database). */
  security: SecurityStore;
  /** The people `ensureUser` can resolve. */
  directory: Directory;
  sitePath: string;
  /** The web's title, also the seed of its default group names. */
  siteTitle: string;
  listViewThreshold: number;
  callers: Map<string, Caller>;
  /** The site's time zone and locale (web/RegionalSettings). */
  regional: RegionalSettings;
};

/** The JSON body of a request (an empty body is `{}`); 400 when it is not JSON. */
export function jsonBody(req: SpRequest): Record<string, unknown> {
  if (!req.body.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(req.body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw badRequest(
    `The request body is not a JSON object: '${req.body.slice(0, 80)}'.`,
    SpCodes.invalidQuery,
  );
}

/**
 * Checks IF-Match against the current version: absent or `*` passes (last writer wins, as in
 * SharePoint); any other value must equal the current ETag, else 412.
 */
export function checkIfMatch(req: SpRequest, currentVersion: number): void {
  const header = req.headers['if-match'];
  if (header === undefined || header.trim() === '*' || header.trim() === '') return;
  const wanted = header.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  // SharePoint item ETags may also arrive as "{guid},n"; the version is the part after the comma.
  const version = wanted.includes(',') ? wanted.slice(wanted.lastIndexOf(',') + 1) : wanted;
  if (version !== String(currentVersion)) {
    throw new SpError(
      412,
      SpCodes.etagMismatch,
      `The request ETag value '${header.trim()}' does not match the object's ETag value '"${currentVersion}"'.`,
    );
  }
}
