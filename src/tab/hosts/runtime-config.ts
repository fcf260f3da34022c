/**
 * The small JSON file served beside the tab (`tab-config.json`) that says which host to use. The
 * same bundle then runs in Teams, in a plain browser, or against the local stack.
 */
export type DemoPerson = {
  name: string;
  email: string;
  jobTitle: string;
  role: 'manager' | 'owner' | 'read';
  /** Bearer token the local list service maps to this person. Local demo only: not a secret. */
  token: string;
};

export type TabRuntimeConfig =
  | {
      host: 'local';
      /** Register site, normally proxied through the tab server: `/sites/risk`. */
      siteUrl: string;
      demoPeople: DemoPerson[];
      /** The review service's write API origin; '' = this origin (the tab server proxies it). */
      apiUrl: string;
      /**
       * The local token issuer's token endpoint (tokens for the write API of the chosen person). Absent
       * (the bench's read-only tab), the tab has no write API and only reads.
       */
      tokenUrl?: string;
    }
  | {
      /** Teams when inside Teams, otherwise the standard MSAL browser sign-in. */
      host: 'microsoft365';
      siteUrl: string;
      clientId: string;
      /** e.g. `https://login.microsoftonline.com/<tenant id>`; default `organizations`. */
      authority?: string;
      /** The review service (every write goes to its API): `https://risk-review.contoso.gov.uk`. */
      apiUrl: string;
      /** The delegated scope of the review service's API: `api://<client id>/access_as_user`. */
      apiScope: string;
    };

/** Reads and checks the runtime config; errors say which setting is wrong. */
export function parseRuntimeConfig(json: unknown): TabRuntimeConfig {
  const c = json as Partial<Record<string, unknown>> | null;
  if (!c || typeof c !== 'object') throw new Error('tab-config.json is not a JSON object.');
  if (typeof c.siteUrl !== 'string' || !c.siteUrl)
    throw new Error('tab-config.json: "siteUrl" is missing; set it to the register site URL.');
  if (c.host === 'local') {
    if (!Array.isArray(c.demoPeople) || c.demoPeople.length === 0)
      throw new Error('tab-config.json: host "local" needs "demoPeople" to sign in as.');
    return {
      host: 'local',
      siteUrl: c.siteUrl,
      demoPeople: c.demoPeople as DemoPerson[],
      apiUrl: typeof c.apiUrl === 'string' ? c.apiUrl : '',
      ...(typeof c.tokenUrl === 'string' && c.tokenUrl ? { tokenUrl: c.tokenUrl } : {}),
    };
  }
  if (c.host === 'microsoft365') {
    if (typeof c.clientId !== 'string' || !c.clientId)
      throw new Error('tab-config.json: "clientId" is missing; set it to the Entra app registration id.');
    if (typeof c.apiUrl !== 'string' || !/^https:\/\//.test(c.apiUrl))
      throw new Error(
        'tab-config.json: "apiUrl" is missing; set it to the review service\'s HTTPS address (every change is saved through it).',
      );
    if (typeof c.apiScope !== 'string' || !c.apiScope)
      throw new Error(
        'tab-config.json: "apiScope" is missing; set it to the review service API scope, e.g. api://<client id>/access_as_user.',
      );
    return {
      host: 'microsoft365',
      siteUrl: c.siteUrl,
      clientId: c.clientId,
      authority: typeof c.authority === 'string' ? c.authority : undefined,
      apiUrl: c.apiUrl,
      apiScope: c.apiScope,
    };
  }
  throw new Error(
    `tab-config.json: "host" must be "local" or "microsoft365", not ${JSON.stringify(c.host)}.`,
  );
}
