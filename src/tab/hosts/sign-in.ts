/**
 * How the tab signs in, decided from where it runs, as Microsoft documents it for Nested App
 * Authentication (NAA). No TeamsJS or DOM here: microsoft365.ts measures the environment and hands
 * this module an MSAL client, so the decisions are unit-tested on their own.
 *
 * Sources:
 * - https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/authentication/nested-authentication
 *   ("Initialize the public client application", "Get your first token"): create the nestable client
 *   only where the host recommends NAA, find the account from the Teams context (loginHint, user and
 *   tenant ids), call acquireTokenSilent first and acquireTokenPopup only when that throws
 *   InteractionRequiredAuthError.
 * - https://learn.microsoft.com/en-us/javascript/api/@microsoft/teams-js/nestedappauth
 *   (isNAAChannelRecommended: "true if host is recommending NAA channel").
 * - https://learn.microsoft.com/en-us/entra/identity-platform/scenario-spa-acquire-token (silent
 *   first, an interactive method only when silent fails with InteractionRequiredAuthError).
 * - https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/2531 (redirect APIs
 *   throw redirect_in_iframe inside a Teams tab; use popups there). The Entra sign-in page also
 *   refuses to render in a frame, so a redirect inside an iframe leaves a blank tab.
 */
import {
  InteractionRequiredAuthError,
  type AccountInfo,
  type AuthenticationResult,
  type IPublicClientApplication,
} from '@azure/msal-browser';

/** Where the tab runs, as microsoft365.ts measured it. */
export type HostEnvironment = {
  /** A Microsoft 365 host (Teams) answered app.initialize(). */
  inHost: boolean;
  /** The page is inside an iframe (Teams desktop and web). Teams mobile is frameless. */
  framed: boolean;
  /** `nestedAppAuth.isNAAChannelRecommended()`; false outside a host. */
  naaRecommended: boolean;
};

export type SignInPlan = {
  /** `nested`: createNestablePublicClientApplication (the host brokers tokens); else the standard client. */
  client: 'nested' | 'standard';
  /** How an interactive sign-in happens. `redirect` only for a top-level page no host embeds. */
  interaction: 'popup' | 'redirect';
};

/** The sign-in plan for an environment. */
export function planSignIn(env: HostEnvironment): SignInPlan {
  if (env.inHost && env.naaRecommended) return { client: 'nested', interaction: 'popup' };
  // A redirect replaces the page: fine for a top-level browser tab, never inside a host or an iframe.
  if (!env.inHost && !env.framed) return { client: 'standard', interaction: 'redirect' };
  return { client: 'standard', interaction: 'popup' };
}

/** Who the host says is signed in (from the Teams context). */
export type AccountHint = { loginHint?: string; objectId?: string; tenantId?: string };

/** The MSAL calls the tab uses. */
export type TokenClient = Pick<
  IPublicClientApplication,
  | 'acquireTokenSilent'
  | 'acquireTokenPopup'
  | 'acquireTokenRedirect'
  | 'getAccount'
  | 'getActiveAccount'
  | 'setActiveAccount'
>;

/** Silent sign-in could not get a token: the person must press the sign-in button. */
export class SignInRequiredError extends Error {
  constructor(cause?: unknown) {
    super('Sign in to open the risk register.', { cause });
    this.name = 'SignInRequiredError';
  }
}

/** The cached account matching the host's signed-in person, as the NAA page's account filter does. */
export function accountFor(client: TokenClient, hint: AccountHint): AccountInfo | null {
  const active = client.getActiveAccount();
  if (active) return active;
  if (!hint.loginHint && !hint.objectId) return null;
  const account = client.getAccount({
    ...(hint.loginHint ? { loginHint: hint.loginHint } : {}),
    ...(hint.tenantId ? { tenantId: hint.tenantId } : {}),
    ...(hint.objectId && hint.tenantId ? { homeAccountId: `${hint.objectId}.${hint.tenantId}` } : {}),
  });
  if (account) client.setActiveAccount(account);
  return account;
}

export type TokenSource = {
  /** Silent only: a token, or SignInRequiredError when the person must interact. */
  silent(scopes: string[]): Promise<string>;
  /** Interactive (call from a button press): popup, or redirect on a top-level page. */
  interactive(scopes: string[]): Promise<string>;
  /** Silent first; interactive only when silent needs interaction (popup plans only). */
  getToken(scopes: string[]): Promise<string>;
};

function remember(client: TokenClient, result: AuthenticationResult): string {
  if (result.account) client.setActiveAccount(result.account);
  return result.accessToken;
}

/** Tokens for a plan: the silent path first, interaction only on InteractionRequiredAuthError. */
export function tokenSource(client: TokenClient, plan: SignInPlan, hint: AccountHint): TokenSource {
  const silent = async (scopes: string[]) => {
    const account = accountFor(client, hint);
    // The standard client needs a cached account for a silent call. The nestable one does not: the
    // host brokers the token for the person signed in to it.
    if (!account && plan.client === 'standard') throw new SignInRequiredError();
    try {
      return remember(client, await client.acquireTokenSilent({ scopes, ...(account ? { account } : {}) }));
    } catch (err) {
      if (err instanceof InteractionRequiredAuthError) throw new SignInRequiredError(err);
      throw err;
    }
  };
  const interactive = async (scopes: string[]) => {
    const account = accountFor(client, hint);
    const request = {
      scopes,
      ...(account ? { account } : {}),
      ...(hint.loginHint ? { loginHint: hint.loginHint } : {}),
    };
    if (plan.interaction === 'redirect') {
      await client.acquireTokenRedirect(request);
      // The page navigates away to sign in; this promise never needs to settle.
      return new Promise<string>(() => undefined);
    }
    return remember(client, await client.acquireTokenPopup(request));
  };
  return {
    silent,
    interactive,
    getToken: async (scopes) => {
      try {
        return await silent(scopes);
      } catch (err) {
        // A redirect is never started behind the person's back; a popup needs no page change.
        if (err instanceof SignInRequiredError && plan.interaction === 'popup') return interactive(scopes);
        throw err;
      }
    },
  };
}
