/**
 * The ONE place the app creates and configures PnPjs (`spfi`). Everything that talks to the register
 * site receives the instance made here: site URL, bearer auth from an injected token provider, retry
 * honouring Retry-After, the `NONISV|...` user agent Microsoft asks for, and an optional request hook.
 * Works in Node 20 (global fetch) and in the browser.
 */
import { DefaultHeaders, DefaultInit, spfi, type SPFI } from '@pnp/sp';
import { DefaultParse, type Queryable } from '@pnp/queryable';
import '@pnp/sp/webs';
import '@pnp/sp/lists';
import '@pnp/sp/items';
import '@pnp/sp/site-users/web';
import '@pnp/sp/batching';
import { FetchWithRetry, type RequestRecord, type RetryOptions } from './retry';

export type { RequestRecord, RetryOptions } from './retry';

/** The app's version, sent in the user agent; kept in step with package.json. */
export const appVersion = '0.1.0';

/** Microsoft's requested user-agent shape for throttling decisions: `NONISV|Company|App/Version`. */
export function userAgent(version: string = appVersion): string {
  return `NONISV|CouncilRiskRegister|RiskRegister/${version}`;
}

export type SpClientOptions = {
  /** Absolute site URL, e.g. `https://contoso.sharepoint.com/sites/risk`. */
  siteUrl: string;
  /**
   * Returns a bearer token for the site (MSAL in the tab, a certificate credential in the service,
   * a demo token locally). Called per request, so the provider's own cache decides when to renew.
   * Omit only when another behavior (SPFx) authenticates.
   */
  getToken?: () => Promise<string>;
  retry?: RetryOptions;
  /** Called once per HTTP exchange, retries included. */
  onRequest?: (r: RequestRecord) => void;
  /**
   * Behaviors the host adds (e.g. PnPjs's `SPFx(context)`); applied after ours, and then our send
   * behavior once more: `SPFx()` installs PnPjs's BrowserFetchWithRetry, which would otherwise
   * replace the product's retry (HTTP-date Retry-After, caps, RateLimit pacing, request hook).
   */
  behaviors?: ((i: Queryable) => Queryable)[];
  fetch?: typeof fetch;
  version?: string;
};

/** The auth behavior: `Authorization: Bearer <token>` on every request. */
export function BearerFromProvider(getToken: () => Promise<string>) {
  return (instance: Queryable) => {
    instance.on.auth.replace(async function (url: URL, init: RequestInit): Promise<[URL, RequestInit]> {
      const token = await getToken();
      init.headers = { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` };
      return [url, init];
    });
    return instance;
  };
}

/** Sets the user agent where the platform allows it (browsers own their User-Agent header). */
function UserAgent(value: string) {
  return (instance: Queryable) => {
    instance.on.pre(async function (url: string, init: RequestInit, result: unknown) {
      if (typeof document === 'undefined') {
        init.headers = { ...(init.headers as Record<string, string>), 'User-Agent': value };
      }
      return [url, init, result] as [string, RequestInit, unknown];
    });
    return instance;
  };
}

/**
 * Creates the configured spfi instance. Call once per process (service) or per signed-in session
 * (tab) and hand the result to the repositories and provisioning.
 */
export function createSpClient(options: SpClientOptions): SPFI {
  // One instance, so the RateLimit pacing state is shared by every request of this client.
  const send = FetchWithRetry({
    ...options.retry,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  const sp = spfi(options.siteUrl.replace(/\/+$/, '')).using(
    DefaultHeaders(),
    DefaultInit(),
    DefaultParse(),
    UserAgent(userAgent(options.version)),
    send,
  );
  if (options.getToken) sp.using(BearerFromProvider(options.getToken));
  const host = options.behaviors ?? [];
  for (const b of host) sp.using(b);
  if (host.length) sp.using(send);
  return sp;
}
