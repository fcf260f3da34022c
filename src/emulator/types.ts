/**
 * Public types of the local list service and the internal request/response shapes that the
 * HTTP server, the $batch handler and the router share.
 */

/** A person or app the service recognises by bearer token, with the site role it holds. */
export type EmulatorUser = {
  /** Site user id; assigned in order from 7 when omitted (SharePoint's first real users sit near there). */
  id?: number;
  /** Claims login (`i:0#.f|membership|x@y`) or a plain UPN, which is turned into the claims form. */
  loginName: string;
  title: string;
  email: string;
  /** read = Read, contribute = Contribute (items), full = Full Control (lists, fields, items). */
  role: 'read' | 'contribute' | 'full';
  token: string;
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

export type ListServiceOptions = {
  /** SQLite file; default ':memory:'. */
  dbPath?: string;
  /** Default 0 (random free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default '/sites/risk'. */
  sitePath?: string;
  /** Bearer token -> identity and role; 'full' may also be an app-only service identity. */
  users?: EmulatorUser[];
  /** Default 5000, as SharePoint Online. */
  listViewThreshold?: number;
  /** Optional 429/503 injection, for tests. */
  faults?: FaultOptions;
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
  requestCount(): number;
  resetRequestCount(): void;
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
};

/** The caller of one request, resolved from its bearer token. */
export type Caller = { user: SiteUser; role: Role };

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
