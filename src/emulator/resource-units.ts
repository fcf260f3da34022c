/**
 * SharePoint Online's per-application resource-unit budget and its RateLimit headers, as documented:
 *
 * - Learn, "Avoid getting throttled or blocked in SharePoint Online"
 *   (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online):
 *   an application's requests are metered in resource units per minute (1,250 for a tenant of up to
 *   1,000 licences, rising to 6,250 above 50,000); a single-item read costs 1 unit, a multi-item query
 *   and a create, update or delete 2, a permissions operation 5; over the budget the call gets
 *   429 with Retry-After. Each request of a `$batch` is metered on its own.
 * - Microsoft 365 Developer Blog, "Prevent throttling in your application by using RateLimit headers
 *   in SharePoint Online": the IETF draft-03 headers `RateLimit-Limit`, `RateLimit-Remaining` and
 *   `RateLimit-Reset` (seconds until the window resets) are returned once the application has used
 *   80% of its budget, and only for calls made with application permissions (never delegated).
 *
 * The list service meters only when `resourceUnits` is configured (a local service sees one
 * application, not a tenant's load); tests and the bench switch it on.
 */
import { errorBody, SpCodes, SpError } from './errors';
import type { Caller, ResourceUnitOptions, SpResponse } from './types';

/** Share of the budget after which responses carry the RateLimit headers (the blog's 80%). */
export const rateLimitHeaderThreshold = 0.8;
const windowMs = 60_000;

/** What one REST call costs, following Learn's table for the request's shape. */
export function resourceUnitCost(method: string, apiPath: string): number {
  const path = apiPath.toLowerCase().split('?')[0] ?? '';
  if (
    /(roleassignments|roledefinitions|breakroleinheritance|resetroleinheritance|effectivebasepermissions|getusereffectivepermissions)/.test(
      path,
    )
  ) {
    return 5;
  }
  if (method.toUpperCase() !== 'GET') return 2;
  // `items(7)`, `getbyid(…)`, a single user or field: one entity. A collection (ends at a segment
  // without a key, e.g. `/items`) is a multi-item query.
  return /\)(\/fieldvaluesastext)?$/.test(path) || /\/(currentuser|regionalsettings)$/.test(path) ? 1 : 2;
}

export type ResourceMeter = {
  /** Charges one call; returns the 429 to send instead when the budget is spent. */
  charge(caller: Caller, method: string, apiPath: string): SpResponse | undefined;
  /** Headers to add to a successful response for this caller (empty below the threshold). */
  headers(caller: Caller): Record<string, string>;
};

const noMeter: ResourceMeter = { charge: () => undefined, headers: () => ({}) };

/** A sliding one-minute window per application. */
export function resourceMeter(options: ResourceUnitOptions | undefined): ResourceMeter {
  if (!options || !(options.perMinute > 0)) return noMeter;
  const now = options.now ?? Date.now;
  const limit = options.perMinute;
  const spent = new Map<string, { at: number; units: number }[]>();
  const windowOf = (caller: Caller) => {
    const key = caller.user.loginName;
    const cutoff = now() - windowMs;
    const kept = (spent.get(key) ?? []).filter((c) => c.at > cutoff);
    spent.set(key, kept);
    return kept;
  };
  const used = (w: { units: number }[]) => w.reduce((n, c) => n + c.units, 0);
  const resetSeconds = (w: { at: number }[]) =>
    w.length ? Math.max(1, Math.ceil(((w[0] as { at: number }).at + windowMs - now()) / 1000)) : 60;
  const isApp = (caller: Caller) => caller.appGrant !== undefined;
  return {
    charge(caller, method, apiPath) {
      if (!isApp(caller)) return undefined;
      const w = windowOf(caller);
      const cost = resourceUnitCost(method, apiPath);
      if (used(w) + cost > limit) {
        const reset = String(resetSeconds(w));
        return {
          status: 429,
          headers: {
            'Retry-After': reset,
            'RateLimit-Limit': String(limit),
            'RateLimit-Remaining': '0',
            'RateLimit-Reset': reset,
            'Content-Type': 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8',
          },
          body: errorBody(
            new SpError(
              429,
              SpCodes.requestLimit,
              `The application has used its ${limit} resource units for this minute. Wait for Retry-After seconds and try again.`,
            ),
          ),
        };
      }
      w.push({ at: now(), units: cost });
      return undefined;
    },
    headers(caller): Record<string, string> {
      if (!isApp(caller)) return {};
      const w = windowOf(caller);
      const u = used(w);
      if (u < limit * rateLimitHeaderThreshold) return {};
      return {
        'RateLimit-Limit': String(limit),
        'RateLimit-Remaining': String(Math.max(0, limit - u)),
        'RateLimit-Reset': String(resetSeconds(w)),
      };
    },
  };
}
