/**
 * Public types of the local list service and the internal request/response shapes that the
 * HTTP server, the $batch handler and the router share.
 */

/**
 * A person or app the service recognises by bearer token, and where they sit on the site. Every
 * person is also in the local directory (so `ensureUser` resolves them).
 */
export type EmulatorUser = {
  /** Site user id; the next free principal id when omitted (SharePoint's first real users sit near 7). */
  id?: number;
  /** Claims login (`i:0#.f|membership|upn`) or a plain UPN (the sign-in name), turned into the claims form. */
  loginName: string;
  title: string;
  /** Mail address; may differ from the UPN, as in Entra ID. */
  email: string;
  /**
   * Permission placement on the web: `full` = member of "<Site> Owners" (Full Control), `edit` =
   * "<Site> Members" (Edit), `read` = "<Site> Visitors" (Read), `contribute` = a direct Contribute
   * role assignment on the web (no group), `none` = a site user without permissions.
   */
  role: 'full' | 'edit' | 'contribute' | 'read' | 'none';
  /** Further SharePoint groups (by title) the person belongs to; missing ones are created without a permission level. */
  groups?: string[];
  /** App-only principal with a Sites.Selected grant on this site (no group, not in the directory). */
  appGrant?: 'fullcontrol';
  /** Site collection administrator (Full Control everywhere, whatever the assignments say). */
  isSiteAdmin?: boolean;
  /** Entra object id, when a test needs one. */
  objectId?: string;
  token: string;
};

/** A person in the local directory (Entra ID stand-in) whom `ensureUser` can resolve. */
export type DirectoryPerson = {
  /** Sign-in name (userPrincipalName). */
  upn: string;
  title: string;
  email: string;
  objectId?: string;
};

/** Optional throttling injection: a share of requests answered 429/503 with Retry-After. */
export type FaultOptions = {
  rate: number;
  /**
   * Also throttle single parts inside a `$batch` (the batch itself answers 200), at the same rate.
   * Graph documents per-part throttling for its batches; SharePoint's REST batch may do the same.
   */
  batchParts?: boolean;
  statuses?: (429 | 503)[];
  retryAfterSeconds?: number;
  seed?: number;
};

/** SharePoint's per-application resource-unit budget (see src/emulator/resource-units.ts). */
export type ResourceUnitOptions = {
  /** Units per minute (Learn: 1,250 for up to 1,000 licences ... 6,250 over 50,000). */
  perMinute: number;
  /** Clock for tests; defaults to Date.now. */
  now?: () => number;
};

export type ListServiceOptions = {
  /** SQLite file; default ':memory:'. */
  dbPath?: string;
  /** Default 0 (random free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /**
   * Browser origins allowed to call (CORS and the Origin check); default none. The local tab goes
   * through its own server's proxy and needs none. See edge.ts.
   */
  allowedOrigins?: string[];
  /** Host header values accepted besides 127.0.0.1, localhost and [::1] with the service's port. */
  allowedHosts?: string[];
  /** Default '/sites/risk'. */
  sitePath?: string;
  /** Bearer token -> identity and site placement; default the demo people and the service app. */
  users?: EmulatorUser[];
  /** More directory people (beyond the users and the demo directory) that `ensureUser` resolves. */
  directory?: DirectoryPerson[];
  /** Default 'Risk Register': the web's title and the seed of its group names ("<Title> Owners"...). */
  siteTitle?: string;
  /** Default 5000, as SharePoint Online. */
  listViewThreshold?: number;
  /** Optional 429/503 injection, for tests. */
  faults?: FaultOptions;
  /**
   * Milliseconds every HTTP request waits before it is handled (a `$batch` once, as one request),
   * to stand in for SharePoint Online's round trip (150-500 ms a request is typical) in benches.
   */
  latencyMs?: number;
  /**
   * Meter application (app-only) callers in SharePoint's resource units per minute, with the RateLimit
   * headers and 429s SharePoint Online sends (src/emulator/resource-units.ts). Off when absent.
   */
  resourceUnits?: ResourceUnitOptions;
  /**
   * SharePoint time zone id of the site's regional settings (SP.TimeZone.Id): 2 London (default),
   * 3 Paris, 10 US Eastern, 13 US Pacific. Date-only values are stored as local midnight in it.
   */
  timeZoneId?: number;
  /** Called once per HTTP request with e.g. `POST /sites/risk/_api/$batch -> 200 (4 ms)`; for the CLI. */
  log?: (line: string) => void;
};

export type ListService = {
  siteUrl: string;
  origin: string;
  port: number;
  setFaults(f: FaultOptions | undefined): void;
  /** Sets the injected per-request latency (see ListServiceOptions.latencyMs); 0 turns it off. */
  setLatency(ms: number): void;
  /** Allows one more browser origin (a tab server started after the service). */
  allowOrigin(origin: string): void;
  requestCount(): number;
  resetRequestCount(): void;
  /**
   * Test and bench helper only (not a SharePoint API): writes items straight into the list's SQLite
   * table in one transaction, by internal name (person and lookup columns as ids), as the site
   * manager, without the REST write path's validation. It exists so a 50,000-item register can be
   * set up in seconds rather than through 500 `$batch`es; nothing in the product calls it. Throws
   * when the list does not exist. Returns the new items' ids.
   */
  seedItems(listTitle: string, rows: Record<string, unknown>[]): number[];
  close(): Promise<void>;
};

export type Role = EmulatorUser['role'];

/** A site user as stored (the User Information List row). */
export type SiteUser = {
  id: number;
  loginName: string;
  title: string;
  email: string;
  isSiteAdmin: boolean;
  /** Entra object id, from the directory (SP.User.AadObjectId). */
  objectId?: string;
};

/** The caller of one request, resolved from its bearer token. */
export type Caller = { user: SiteUser; appGrant?: EmulatorUser['appGrant'] };

/** One REST call, whether it came over HTTP or inside a $batch. */
export type SpRequest = {
  /** Effective verb: X-HTTP-Method wins over POST, as SharePoint does. */
  method: string;
  /** Path after `{site}/_api/`, still URL-encoded. */
  apiPath: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
  caller: Caller;
  /** `http://host:port` as the client addressed us, for absolute links. */
  origin: string;
};

export type SpResponse = {
  status: number;
  headers: Record<string, string>;
  /** Serialised body; empty for 204. */
  body: string;
};
