/**
 * Real PnPjs 4.21 pointed at a running list service, authenticated the way the tab does it:
 * a behavior that sets `Authorization: Bearer <token>` at the auth moment.
 */
import { BrowserFetchWithRetry, DefaultParse, type Queryable } from '@pnp/queryable';
import { DefaultHeaders, DefaultInit, spfi, type SPFI } from '@pnp/sp';
import '@pnp/sp/webs';
import '@pnp/sp/lists';
import '@pnp/sp/items';
import '@pnp/sp/fields';
import '@pnp/sp/site-users/web';
import '@pnp/sp/site-groups/web';
import '@pnp/sp/security';
import '@pnp/sp/batching';
import type { TimelinePipe } from '@pnp/core';

/** Adds the bearer token to every request, as `i.on.auth.replace` in the wire contract. */
export function BearerToken(token: string | undefined): TimelinePipe<Queryable> {
  return (instance: Queryable) => {
    instance.on.auth.replace(async (url: URL, init: RequestInit) => {
      if (token)
        init.headers = { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` };
      return [url, init];
    });
    return instance;
  };
}

/** An spfi for the site with the given token; `retries` tunes BrowserFetchWithRetry (default 3 attempts). */
export function spFor(siteUrl: string, token: string | undefined, retries = 3): SPFI {
  return spfi(siteUrl).using(
    DefaultHeaders(),
    DefaultInit(),
    BrowserFetchWithRetry({ retries, interval: 10 }),
    DefaultParse(),
    BearerToken(token),
  );
}
