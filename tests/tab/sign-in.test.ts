/**
 * The sign-in decisions (src/tab/hosts/sign-in.ts) against a recording MSAL client: which client and
 * interaction each host gets, the account from the Teams context, silent first, a popup only on
 * InteractionRequiredAuthError, and never a redirect started behind the person's back.
 */
import {
  BrowserAuthError,
  InteractionRequiredAuthError,
  type AccountInfo,
  type AuthenticationResult,
} from '@azure/msal-browser';
import {
  SignInRequiredError,
  accountFor,
  planSignIn,
  tokenSource,
  type TokenClient,
} from '../../src/tab/hosts/sign-in';

const priya: AccountInfo = {
  homeAccountId: 'oid-1.tid-1',
  environment: 'login.microsoftonline.com',
  tenantId: 'tid-1',
  username: 'priya.shah@council.example',
  localAccountId: 'oid-1',
  loginHint: 'priya.shah@council.example',
};

function result(token: string): AuthenticationResult {
  return { accessToken: token, account: priya } as AuthenticationResult;
}

/** A fake MSAL client: `silent` decides what acquireTokenSilent does; every call is recorded. */
function fakeClient(options: { cached?: AccountInfo[]; silent?: () => Promise<AuthenticationResult> } = {}) {
  const calls: { name: string; request?: unknown }[] = [];
  let active: AccountInfo | null = null;
  const client: TokenClient = {
    getActiveAccount: () => active,
    setActiveAccount: (a) => void (active = a),
    getAccount: (filter) => {
      calls.push({ name: 'getAccount', request: filter });
      return (
        options.cached?.find(
          (a) =>
            (!filter.loginHint || a.loginHint === filter.loginHint) &&
            (!filter.homeAccountId || a.homeAccountId === filter.homeAccountId),
        ) ?? null
      );
    },
    acquireTokenSilent: async (request) => {
      calls.push({ name: 'silent', request });
      return (options.silent ?? (async () => result('silent-token')))();
    },
    acquireTokenPopup: async (request) => {
      calls.push({ name: 'popup', request });
      return result('popup-token');
    },
    acquireTokenRedirect: async (request) => void calls.push({ name: 'redirect', request }),
  };
  return { client, calls, names: () => calls.map((c) => c.name).filter((n) => n !== 'getAccount') };
}

const hint = { loginHint: 'priya.shah@council.example', objectId: 'oid-1', tenantId: 'tid-1' };
const scopes = ['https://council.sharepoint.com/.default'];

describe('the sign-in plan for each host', () => {
  it('uses the nestable client in a host that recommends NAA, framed or frameless', () => {
    expect(planSignIn({ inHost: true, framed: true, naaRecommended: true })).toEqual({
      client: 'nested',
      interaction: 'popup',
    });
    expect(planSignIn({ inHost: true, framed: false, naaRecommended: true }).client).toBe('nested');
  });

  it('uses the standard client with a popup in a host that does not recommend NAA, and in any iframe', () => {
    expect(planSignIn({ inHost: true, framed: true, naaRecommended: false })).toEqual({
      client: 'standard',
      interaction: 'popup',
    });
    expect(planSignIn({ inHost: true, framed: false, naaRecommended: false }).interaction).toBe('popup');
    expect(planSignIn({ inHost: false, framed: true, naaRecommended: false })).toEqual({
      client: 'standard',
      interaction: 'popup',
    });
  });

  it('redirects only on a top-level page no host embeds', () => {
    expect(planSignIn({ inHost: false, framed: false, naaRecommended: false })).toEqual({
      client: 'standard',
      interaction: 'redirect',
    });
  });
});

describe('the account from the Teams context', () => {
  it('finds the cached account by login hint and home account id, and makes it active', () => {
    const { client, calls } = fakeClient({ cached: [priya] });
    expect(accountFor(client, hint)).toBe(priya);
    expect(calls[0]?.request).toEqual({
      loginHint: 'priya.shah@council.example',
      tenantId: 'tid-1',
      homeAccountId: 'oid-1.tid-1',
    });
    expect(client.getActiveAccount()).toBe(priya);
  });

  it('has no account without a hint or a cache entry', () => {
    expect(accountFor(fakeClient({ cached: [priya] }).client, {})).toBeNull();
    expect(accountFor(fakeClient().client, hint)).toBeNull();
  });
});

describe('tokens', () => {
  const nested = { client: 'nested', interaction: 'popup' } as const;
  const standardPopup = { client: 'standard', interaction: 'popup' } as const;
  const standardRedirect = { client: 'standard', interaction: 'redirect' } as const;

  it('NAA: silent first, through the host even before any account is cached, with no prompt', async () => {
    const fake = fakeClient();
    await expect(tokenSource(fake.client, nested, hint).getToken(scopes)).resolves.toBe('silent-token');
    expect(fake.names()).toEqual(['silent']);
    expect(fake.calls.find((c) => c.name === 'silent')?.request).toEqual({ scopes });
  });

  it('passes the cached account to the silent call', async () => {
    const fake = fakeClient({ cached: [priya] });
    await tokenSource(fake.client, nested, hint).getToken(scopes);
    expect(fake.calls.find((c) => c.name === 'silent')?.request).toEqual({ scopes, account: priya });
  });

  it('opens a popup only when silent sign-in throws InteractionRequiredAuthError', async () => {
    const fake = fakeClient({
      silent: () => Promise.reject(new InteractionRequiredAuthError('consent_required', 'Consent needed.')),
    });
    await expect(tokenSource(fake.client, nested, hint).getToken(scopes)).resolves.toBe('popup-token');
    expect(fake.names()).toEqual(['silent', 'popup']);
    expect(fake.calls.at(-1)?.request).toEqual({ scopes, loginHint: 'priya.shah@council.example' });
    expect(fake.client.getActiveAccount()).toBe(priya);
  });

  it('never prompts for any other failure: the error stands', async () => {
    const fake = fakeClient({
      silent: () => Promise.reject(new BrowserAuthError('no_network_connectivity', 'offline')),
    });
    await expect(tokenSource(fake.client, nested, hint).getToken(scopes)).rejects.toBeInstanceOf(
      BrowserAuthError,
    );
    expect(fake.names()).toEqual(['silent']);
  });

  it('the silent step alone reports that the person must sign in, for the sign-in button', async () => {
    const fake = fakeClient({
      silent: () =>
        Promise.reject(new InteractionRequiredAuthError('interaction_required', 'Sign in again.')),
    });
    await expect(tokenSource(fake.client, nested, hint).silent(scopes)).rejects.toBeInstanceOf(
      SignInRequiredError,
    );
    expect(fake.names()).toEqual(['silent']);
  });

  it('the standard client with no cached account needs the sign-in button (no silent call it would refuse)', async () => {
    const fake = fakeClient();
    await expect(tokenSource(fake.client, standardPopup, hint).silent(scopes)).rejects.toBeInstanceOf(
      SignInRequiredError,
    );
    expect(fake.names()).toEqual([]);
    await expect(tokenSource(fake.client, standardPopup, hint).interactive(scopes)).resolves.toBe(
      'popup-token',
    );
    expect(fake.names()).toEqual(['popup']);
  });

  it('a top-level browser page redirects only when asked to (the button), never from a background call', async () => {
    const fake = fakeClient();
    const source = tokenSource(fake.client, standardRedirect, hint);
    await expect(source.getToken(scopes)).rejects.toBeInstanceOf(SignInRequiredError);
    expect(fake.names()).toEqual([]);
    void source.interactive(scopes);
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.names()).toEqual(['redirect']);
    expect(fake.calls.at(-1)?.request).toEqual({ scopes, loginHint: 'priya.shah@council.example' });
  });
});
