/**
 * Microsoft 365 hosting. Inside Teams: TeamsJS for context and theme, and a SharePoint token through
 * MSAL Nested App Authentication. In a plain browser: the standard MSAL redirect sign-in. Detection
 * never waits on TeamsJS's 60-second initialisation timeout.
 */
import {
  InteractionRequiredAuthError,
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import { app } from '@microsoft/teams-js';
import { themeFromTeams, type ThemeName } from '../host';

export type M365Host = {
  kind: 'teams' | 'browser';
  label: string;
  theme: ThemeName;
  /** Subscribes to theme changes (Teams only); returns an unsubscribe function. */
  onThemeChange: (handler: (theme: ThemeName) => void) => void;
  /** A delegated token for the register site (reads). */
  getToken: () => Promise<string>;
  /** A token for the review service's API (every write goes through it). */
  getApiToken: () => Promise<string>;
};

/** Inside an iframe TeamsJS rejects only after 60 s when the parent is not Teams, so cap the wait. */
const teamsDetectTimeoutMs = 4000;

/** True when Teams answered initialisation in time; false at once for a top-level page. */
export async function detectTeams(timeoutMs = teamsDetectTimeoutMs): Promise<boolean> {
  if (window.self === window.top) return false;
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs));
  return Promise.race([
    app.initialize().then(
      () => true,
      () => false,
    ),
    timeout,
  ]);
}

function tokenGetter(pca: IPublicClientApplication, scopes: string[], interactive: 'popup' | 'redirect') {
  return async (): Promise<string> => {
    const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
    try {
      if (!account) throw new InteractionRequiredAuthError('no_account', 'No signed-in account yet.');
      return (await pca.acquireTokenSilent({ scopes, account })).accessToken;
    } catch (err) {
      if (!(err instanceof InteractionRequiredAuthError)) throw err;
      if (interactive === 'redirect') {
        await pca.acquireTokenRedirect({ scopes });
        // The page navigates away; this promise never needs to settle.
        return new Promise<string>(() => undefined);
      }
      const result = await pca.acquireTokenPopup({ scopes });
      pca.setActiveAccount(result.account);
      return result.accessToken;
    }
  };
}

/** Starts the Microsoft 365 host for a register site. */
export async function startMicrosoft365Host(config: {
  siteUrl: string;
  clientId: string;
  authority?: string;
  apiScope: string;
}): Promise<M365Host> {
  // The SharePoint resource's delegated permission is Sites.Selected: the token opens only the sites
  // the app was granted, and the person's own Read on the register lists decides what it reads.
  const scopes = [`${new URL(config.siteUrl).origin}/.default`];
  const apiScopes = [config.apiScope];
  const auth = {
    clientId: config.clientId,
    authority: config.authority ?? 'https://login.microsoftonline.com/organizations',
    redirectUri: window.location.origin + window.location.pathname,
  };
  if (await detectTeams()) {
    const context = await app.getContext();
    const pca = await createNestablePublicClientApplication({ auth });
    const channel = context.channel?.displayName;
    return {
      kind: 'teams',
      label: channel ? `Teams · ${context.team?.displayName ?? ''} › ${channel}` : 'Microsoft Teams',
      theme: themeFromTeams(context.app.theme),
      onThemeChange: (handler) => app.registerOnThemeChangeHandler((t) => handler(themeFromTeams(t))),
      getToken: tokenGetter(pca, scopes, 'popup'),
      getApiToken: tokenGetter(pca, apiScopes, 'popup'),
    };
  }
  const pca = await createStandardPublicClientApplication({
    auth,
    cache: { cacheLocation: 'sessionStorage' },
  });
  const redirect = await pca.handleRedirectPromise();
  if (redirect?.account) pca.setActiveAccount(redirect.account);
  return {
    kind: 'browser',
    label: `SharePoint · ${new URL(config.siteUrl).host}`,
    theme: window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
    onThemeChange: () => undefined,
    getToken: tokenGetter(pca, scopes, 'redirect'),
    getApiToken: tokenGetter(pca, apiScopes, 'redirect'),
  };
}
