/**
 * The few Microsoft Graph calls the review service makes (install the app for an owner, find their
 * chat, read it back after a crash) share this small caller: app-only bearer token, JSON in and out,
 * and errors reduced to "status code: message" for the log and the status view.
 */
export type GraphOptions = {
  /** An app-only token for https://graph.microsoft.com/.default. */
  getToken: () => Promise<string>;
  graphBaseUrl?: string;
  fetch?: typeof fetch;
};

export type GraphResponse = { status: number; json: Record<string, unknown> };

export type GraphCaller = {
  /** The base URL without a trailing slash, e.g. https://graph.microsoft.com/v1.0. */
  base: string;
  /** `path` is relative to `base`, or an absolute `@odata.nextLink`. Network failures reject. */
  call(method: string, path: string, body?: unknown): Promise<GraphResponse>;
};

export function createGraphCaller(options: GraphOptions): GraphCaller {
  const base = (options.graphBaseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  return {
    base,
    async call(method, path, body) {
      const res = await doFetch(/^https?:\/\//.test(path) ? path : `${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${await options.getToken()}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        json = { raw: text };
      }
      return { status: res.status, json };
    },
  };
}

/** "403 Forbidden: Missing role" from a Graph error body. */
export function graphError(r: GraphResponse): string {
  const e = r.json.error as { code?: string; message?: string } | undefined;
  return `${r.status}${e?.code ? ` ${e.code}` : ''}${e?.message ? `: ${e.message}` : ''}`;
}

/** Graph answers worth asking again later: throttled or a passing outage. */
export function isTransientGraphStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
