/**
 * Microsoft 365 hosting. Inside Teams (desktop and web in an iframe, mobile frameless): TeamsJS for
 * context and theme, and tokens through MSAL Nested App Authentication where the host recommends it
 * (sign-in.ts has the decisions and their sources). In a plain browser: the standard MSAL client with
 * redirect sign-in. Detection never waits on TeamsJS's 60-second initialisation timeout, and nothing
 * ever redirects inside an iframe.
 */
import {
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
} from '@azure/msal-browser';
import { app, nestedAppAuth } from '@microsoft/teams-js';
import { themeFromTeams, type ThemeName } from '../host';
import { planSignIn, tokenSource } from './sign-in';
import { channelInputFromContext } from '../../service-api/channels-client';
import type { ChannelTabInput } from '../../service-api/channels';

export type M365Host = {
  kind: 'teams' | 'browser';
  label: string;
  theme: ThemeName;
  /** Subscribes to theme changes (Teams only); returns an unsubscribe function. */
  onThemeChange: (handler: (theme: ThemeName) => void) => void;
  /**
   * Signs in without interaction (called at start). Rejects with SignInRequiredError when the
   * person must press a sign-in button, which then calls `signInInteractively`.
   */
  signInSilently: () => Promise<void>;
  /** Interactive sign-in: a popup (or, in a top-level browser page, a redirect). Call on a click. */
  signInInteractively: () => Promise<void>;
  /** A delegated token for the register site (reads). */
  getToken: () => Promise<string>;
  /** A token for the review service's API (every write goes through it). */
  getApiToken: () => Promise<string>;
  /** The team channel the tab runs in, from the Teams context; absent elsewhere. */
  channel?: ChannelTabInput;
};

/** Inside an iframe TeamsJS rejects only after 60 s when the parent is not Teams, so cap the wait. */
const teamsDetectTimeoutMs = 4000;

/**
 * Teams mobile runs the tab frameless: no parent window, and the app talks to the native host
 * through `window.nativeInterface` (TeamsJS's initializeCommunication in
 * node_modules/@microsoft/teams-js, src/internal/communication.ts).
 */
export function isFramelessHost(win: Window = window): boolean {
  return (
    win.self === win.top &&
    'nativeInterface' in win &&
    !!(win as { nativeInterface?: unknown }).nativeInterface
  );
}

/**
 * True when Teams answered initialisation in time. False at once for a top-level page that is not
 * Teams mobile (TeamsJS itself would reject: no parent window and no native interface).
 */
export async function detectTeams(timeoutMs = teamsDetectTimeoutMs): Promise<boolean> {
  if (window.self === window.top && !isFramelessHost()) return false;
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs));
  return Promise.race([
    app.initialize().then(
      () => true,
      () => false,
    ),
    timeout,
  ]);
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
  const framed = window.self !== window.top;
  const inTeams = await detectTeams();
  const context = inTeams ? await app.getContext() : undefined;
  const plan = planSignIn({
    inHost: inTeams,
    framed,
    naaRecommended: inTeams && nestedAppAuth.isNAAChannelRecommended(),
  });
  const pca =
    plan.client === 'nested'
      ? await createNestablePublicClientApplication({ auth })
      : await createStandardPublicClientApplication({ auth, cache: { cacheLocation: 'sessionStorage' } });
  if (plan.interaction === 'redirect') {
    const redirect = await pca.handleRedirectPromise();
    if (redirect?.account) pca.setActiveAccount(redirect.account);
  }
  const tokens = tokenSource(pca, plan, {
    loginHint: context?.user?.loginHint,
    objectId: context?.user?.id || undefined,
    tenantId: context?.user?.tenant?.id,
  });
  const common = {
    signInSilently: async () => void (await tokens.silent(scopes)),
    signInInteractively: async () => void (await tokens.interactive(scopes)),
    getToken: () => tokens.getToken(scopes),
    getApiToken: () => tokens.getToken(apiScopes),
  };
  if (context) {
    const channel = context.channel?.displayName;
    const channelInput = channelInputFromContext(context);
    return {
      ...common,
      ...(channelInput ? { channel: channelInput } : {}),
      kind: 'teams',
      label: channel ? `Teams · ${context.team?.displayName ?? ''} › ${channel}` : 'Microsoft Teams',
      theme: themeFromTeams(context.app.theme),
      onThemeChange: (handler) => app.registerOnThemeChangeHandler((t) => handler(themeFromTeams(t))),
    };
  }
  return {
    ...common,
    kind: 'browser',
    label: `SharePoint · ${new URL(config.siteUrl).host}`,
    theme: window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
    onThemeChange: () => undefined,
  };
}
