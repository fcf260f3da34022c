/**
 * A TeamsJS host for the e2e tests: the tab runs with the REAL @microsoft/teams-js and the REAL
 * @azure/msal-browser nested app client, in Chromium, against a host that answers their messages the
 * way Teams does. Framed (desktop/web: the tab in an iframe of a host page) or frameless (Teams
 * mobile: the tab is the top-level page and talks to `window.nativeInterface`).
 *
 * The protocol, read from the libraries' own source (versions in package.json):
 * - node_modules/@microsoft/teams-js/dist/umd/MicrosoftTeams.js (src/internal/communication.ts):
 *   initializeCommunication sends `initialize` to the parent (framed) or through
 *   `nativeInterface.framelessPostMessage(json)` (frameless, when there is no parent and
 *   `window.nativeInterface` exists) and reads replies from `window.onNativeMessage({ data })`.
 *   Requests are `{ id, uuidAsString, func, args }`; a reply is `{ id, uuidAsString, args }`; a
 *   host event is `{ func, args }` (handleIncomingMessageFromParent). Framed, a message is accepted
 *   only from an origin in the library's valid-origin list (validOrigins.ts: https and e.g.
 *   teams.microsoft.com), so the host page is served at https://teams.microsoft.com by route.
 * - src/public/app/appHelpers.ts (initializeHelper): the `initialize` reply is
 *   `[frameContext, hostClientType, clientSupportedSDKVersion, runtimeConfig JSON]` (Teams' own
 *   argument order, which the library accepts) and the runtime's `supports` say which capabilities
 *   exist; `isNAAChannelRecommended` is the runtime flag nestedAppAuth.isNAAChannelRecommended reads.
 * - src/internal/pagesHelpers.ts, src/public/pages/config.ts: `settings.setValidityState`,
 *   `registerHandler ['save']`, `settings.getSettings`, `settings.setSettings` (reply
 *   `[success, reason]`), the host's `settings.save` event, and `settings.save.success|failure`.
 *   Every one needs frameContext `settings` (ensureInitialized), as Teams' configuration page has.
 * - src/internal/handlers.ts: `registerHandler ['themeChange']` and the host's `themeChange` event.
 * - src/internal/nestedAppAuthUtils.ts: framed, TeamsJS polyfills `window.nestedAppAuthBridge` when
 *   the runtime supports `nestedAppAuth`, posts `nestedAppAuth.execute` with the bridge request as
 *   `data`, and takes replies whose `args[1]` is the response JSON (processAuthBridgeMessage).
 *   Frameless it does not polyfill: Teams mobile injects `window.nestedAppAuthBridge` natively, so
 *   this host does too.
 * - node_modules/@azure/msal-browser/src/naa/*.ts (BridgeProxy, BridgeRequestEnvelope,
 *   BridgeResponseEnvelope, TokenResponse, AccountInfo, BridgeError) and
 *   naa/mapping/NestedAppAuthAdapter.ts: the bridge methods `GetInitContext`, `GetToken` (silent)
 *   and `GetTokenPopup` (the host prompts), a token response needs `access_token` and an `id_token`
 *   JWT (its claims give the account), and refusals are `{ status: 'USER_INTERACTION_REQUIRED', … }`.
 *
 * As the host broker, it answers GetToken with the tokens the local stand-ins accept: for the
 * register site's `/.default` scope the person's local list-service token, for the review service's
 * `access_as_user` scope an RS256 token from the local identity (src/server/local-identity.ts). Any
 * other scope is refused, as Entra refuses a scope the app was never granted.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { apiScope, localObjectId, localTenantId } from '../../../src/server/local-identity';
import type { ChannelTabSettings } from '../../../src/tab/config/channel-tab';
import type { TestStack } from './stack';

/** Where the host page and the tab appear to be served (every request is answered by route). */
export const hostOrigin = 'https://teams.microsoft.com';
export const tabOrigin = 'https://risk-tab.e2e.test';
const authorityHost = 'login.microsoftonline.com';
export const clientId = '5b0f3c1e-9d55-4b7e-8f39-6a2f1c0d7e11';

export type HostPerson = { name: string; email: string; listToken: string };

export type TeamsHostOptions = {
  person: HostPerson;
  /** web/desktop run framed; android/ios run frameless. */
  clientType: 'web' | 'desktop' | 'android' | 'ios';
  /** `settings` for the configuration page, `content` for the tab. */
  frameContext: 'content' | 'settings';
  /** Path and query of the tab page, e.g. `/index.html?page=config`. */
  path: string;
  theme?: 'default' | 'dark' | 'contrast';
  /** The runtime's isNAAChannelRecommended (default true, as current Teams clients send). */
  naaRecommended?: boolean;
  /** The host's silent GetToken needs the person (consent, MFA): it answers USER_INTERACTION_REQUIRED. */
  silentNeedsInteraction?: boolean;
  /** The tab's saved settings, when reconfiguring. */
  saved?: ChannelTabSettings;
  /** A host that never answers (an iframe whose parent is not Teams). */
  silent?: boolean;
  /** The app manifest's validDomains (default the tab's host). */
  validDomains?: string[];
};

type Message = { id?: number; uuidAsString?: string; func?: string; args?: unknown[]; data?: string };
type BridgeRequest = { method: string; requestId: string; tokenParams?: { scope?: string } };

export type TeamsHost = {
  page: Page;
  context: BrowserContext;
  /** The tab's frame: the iframe (framed) or the page itself (frameless). */
  tab(): Frame;
  /** Every TeamsJS function the tab called, in order. */
  calls: string[];
  /** NAA bridge methods the tab sent (GetInitContext, GetToken, GetTokenPopup). */
  bridge: { method: string; scope?: string }[];
  /** Requests for the Entra sign-in service: from the tab's own page, or a popup. */
  signInRequests: { url: string; from: 'tab' | 'popup' }[];
  /** Popup windows the tab opened. */
  popups: string[];
  validity(): boolean | undefined;
  savedSettings(): ChannelTabSettings | undefined;
  /** Presses Teams' Save button; refused, as in Teams, while the page has not said the form is valid. */
  pressSave(): Promise<{ ok: boolean; reason?: string }>;
  setTheme(theme: 'default' | 'dark' | 'contrast'): Promise<void>;
  close(): Promise<void>;
};

/** Opens the tab in the host; resolves once the page is loading. */
export async function openInTeams(
  browser: Browser,
  stack: TestStack,
  options: TeamsHostOptions,
): Promise<TeamsHost> {
  const frameless = options.clientType === 'android' || options.clientType === 'ios';
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const calls: string[] = [];
  const bridge: TeamsHost['bridge'] = [];
  const signInRequests: TeamsHost['signInRequests'] = [];
  const popups: string[] = [];
  let validity: boolean | undefined;
  let saved = options.saved;
  let theme = options.theme ?? 'default';
  let saveResult: ((r: { ok: boolean; reason?: string }) => void) | undefined;
  const { person } = options;
  const oid = localObjectId(person.email);

  // The tab, as its production host would serve it, with the Microsoft 365 runtime config.
  const tabConfig = {
    host: 'microsoft365',
    siteUrl: `${tabOrigin}/sites/risk`,
    clientId,
    authority: `https://${authorityHost}/${localTenantId}`,
    apiUrl: tabOrigin,
    apiScope: `${stack.identity.audience}/${apiScope}`,
  };
  await context.route(`${tabOrigin}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/tab-config.json')
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify(tabConfig) });
    // The tab's pages, the list service and the API appear at one origin, as behind the council's own
    // host; the local stack answers only its own origin (its edge refuses others), so the proxy presents
    // the browser's same-origin requests as coming from it.
    const headers = { ...route.request().headers() };
    if (headers.origin) headers.origin = new URL(stack.url).origin;
    const response = await route.fetch({ url: new URL(url.pathname + url.search, stack.url).href, headers });
    return route.fulfill({ response });
  });
  await context.route(`${hostOrigin}/**`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: hostPage(options) }),
  );
  // TeamsJS fetches its valid-origin list from the CDN; offline it uses the copy it ships with.
  await context.route('https://res.cdn.office.net/**', (route) => route.abort());
  // Every request for the Entra sign-in service is recorded with where it came from. The authorize
  // page answers as Entra does when the person declines: a redirect to the redirect URI with
  // error=access_denied and the state, in the fragment MSAL asked for
  // (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#error-response).
  // Nothing else of Entra is played here: other requests are refused.
  const opened: { page?: Page } = {};
  await context.route(`https://${authorityHost}/**`, (route) => {
    const url = new URL(route.request().url());
    const from = route.request().frame().page() === opened.page ? 'tab' : 'popup';
    signInRequests.push({ url: url.href, from });
    const redirectUri = url.searchParams.get('redirect_uri');
    const state = url.searchParams.get('state');
    if (!url.pathname.endsWith('/oauth2/v2.0/authorize') || !redirectUri || !state) return route.abort();
    const answer = new URLSearchParams({
      error: 'access_denied',
      error_description: 'AADSTS65004: User declined to consent to access the app.',
      state,
    });
    const sep = url.searchParams.get('response_mode') === 'query' ? '?' : '#';
    return route.fulfill({ status: 302, headers: { location: `${redirectUri}${sep}${answer}` } });
  });

  const token = async (scope: string): Promise<{ ok: true; access: string } | { ok: false; why: string }> => {
    if (scope.split(' ').includes(`${tabOrigin}/.default`)) return { ok: true, access: person.listToken };
    if (scope.split(' ').includes(tabConfig.apiScope))
      return { ok: true, access: await stack.identity.mint(person.email) };
    return { ok: false, why: `AADSTS65001: the app has no permission for the scope "${scope}".` };
  };
  const account = {
    homeAccountId: `${oid}.${localTenantId}`,
    environment: authorityHost,
    tenantId: localTenantId,
    username: person.email,
    localAccountId: oid,
    name: person.name,
    loginHint: person.email,
  };

  async function answerBridge(json: string): Promise<string> {
    const request = JSON.parse(json) as BridgeRequest;
    bridge.push({ method: request.method, scope: request.tokenParams?.scope });
    const reply = (body: Record<string, unknown>) =>
      JSON.stringify({ messageType: 'NestedAppAuthResponse', requestId: request.requestId, ...body });
    if (request.method === 'GetInitContext')
      return reply({
        success: true,
        initContext: {
          sdkName: 'e2e-teams-host',
          sdkVersion: '1.0.0',
          capabilities: { queryAccount: false },
        },
      });
    if (request.method !== 'GetToken' && request.method !== 'GetTokenPopup')
      return reply({ success: false, error: { status: 'PERSISTENT_ERROR', code: 'unsupported_method' } });
    if (request.method === 'GetToken' && options.silentNeedsInteraction)
      return reply({
        success: false,
        error: {
          status: 'USER_INTERACTION_REQUIRED',
          code: 'interaction_required',
          description: 'Consent needed.',
        },
      });
    const scope = request.tokenParams?.scope ?? '';
    const got = await token(scope);
    if (!got.ok)
      return reply({
        success: false,
        error: { status: 'PERSISTENT_ERROR', code: 'invalid_scope', description: got.why },
      });
    const idToken = await stack.identity.mint(person.email, {
      aud: clientId,
      scp: undefined,
      login_hint: person.email,
    });
    return reply({
      success: true,
      account,
      token: { access_token: got.access, id_token: idToken, expires_in: 3600, properties: null, scope },
    });
  }

  const legacyContext = () => ({
    locale: 'en-gb',
    theme,
    entityId: saved?.entityId ?? '',
    loginHint: person.email,
    userPrincipalName: person.email,
    userObjectId: oid,
    tid: localTenantId,
    hostClientType: options.clientType,
    frameContext: options.frameContext,
    hostName: 'Teams',
    appSessionId: randomUUID(),
    teamId: '19:e2e-team@thread.tacv2',
    teamName: 'Corporate Risk',
    channelId: '19:e2e-channel@thread.tacv2',
    channelName: 'Risk managers',
  });
  const runtime = {
    apiVersion: 4,
    isLegacyTeams: false,
    isNAAChannelRecommended: options.naaRecommended ?? true,
    supports: { appEntity: {}, pages: { config: {}, tabs: {} }, nestedAppAuth: {}, teams: {} },
  };

  /** One message from the tab; returns the replies to send back. */
  async function handle(message: Message): Promise<Message[]> {
    const func = message.func ?? '';
    calls.push(func);
    const reply = (...args: unknown[]): Message[] => [
      { id: message.id, uuidAsString: message.uuidAsString, args },
    ];
    switch (func) {
      case 'initialize':
        return reply(options.frameContext, options.clientType, '2.58.0', JSON.stringify(runtime));
      case 'getContext':
        return reply(legacyContext());
      case 'settings.setValidityState':
        validity = message.args?.[0] === true;
        return [];
      case 'settings.getSettings':
        return reply(saved ?? {});
      case 'settings.setSettings': {
        // Teams opens a tab's content only from HTTPS on a domain the app manifest lists
        // (https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/tabs/tabs-configurable),
        // so a content URL elsewhere is refused and nothing is saved.
        const next = message.args?.[0] as ChannelTabSettings;
        const domains = options.validDomains ?? [new URL(tabOrigin).host];
        const url = URL.canParse(next?.contentUrl ?? '') ? new URL(next.contentUrl) : undefined;
        if (!url || url.protocol !== 'https:' || !domains.includes(url.host))
          return reply(
            false,
            `The content URL ${next?.contentUrl ?? '(none)'} is not on the app's valid domains.`,
          );
        saved = next;
        return reply(true);
      }
      case 'settings.save.success':
        saveResult?.({ ok: true });
        return [];
      case 'settings.save.failure':
        saveResult?.({ ok: false, reason: String(message.args?.[0] ?? '') });
        return [];
      case 'nestedAppAuth.execute':
        return reply(null, await answerBridge(message.data ?? '{}'));
      default:
        // registerHandler, appInitialization.* and the like need no answer.
        return [];
    }
  }

  await context.exposeBinding('__teamsHost', async (source, json: string) => {
    const fromHost = frameless
      ? source.frame === source.page.mainFrame()
      : source.frame.url().startsWith(hostOrigin);
    if (!fromHost) throw new Error('Only the host may call the host broker.');
    return JSON.stringify(await handle(JSON.parse(json) as Message));
  });

  const main = await context.newPage();
  opened.page = main;
  main.on('popup', (popup) => popups.push(popup.url()));
  if (frameless) await main.addInitScript(nativeHostScript, tabOrigin);
  const tabUrl = `${tabOrigin}${options.path}`;
  await main.goto(frameless ? tabUrl : `${hostOrigin}/_e2e/host.html?tab=${encodeURIComponent(tabUrl)}`);

  const push = (message: Message) =>
    main.evaluate((m) => (window as unknown as { __pushToTab(m: unknown): void }).__pushToTab(m), message);
  return {
    page: main,
    context,
    tab: () =>
      frameless
        ? main.mainFrame()
        : (main.frames().find((f) => f.url().startsWith(tabOrigin)) ?? main.mainFrame()),
    calls,
    bridge,
    signInRequests,
    popups,
    validity: () => validity,
    savedSettings: () => saved,
    pressSave: async () => {
      if (validity !== true)
        return { ok: false, reason: 'Save is disabled: the page has not set a valid state.' };
      const done = new Promise<{ ok: boolean; reason?: string }>((resolve) => (saveResult = resolve));
      await push({ func: 'settings.save', args: [{}] });
      return done;
    },
    setTheme: async (t) => {
      theme = t;
      await push({ func: 'themeChange', args: [t] });
    },
    // Requests still in flight when a test ends (the tab's polling, a late token fetch) must not fail
    // the next test: Playwright asks for routes to be removed, ignoring their errors, before closing.
    close: async () => {
      await context.unrouteAll({ behavior: 'ignoreErrors' });
      await context.close();
    },
  };
}

/**
 * The host page (framed): the tab in an iframe, every message from it relayed to the host broker
 * above, replies posted back to the tab's origin only.
 */
function hostPage(options: TeamsHostOptions): string {
  const relay = options.silent
    ? ''
    : `
      window.addEventListener('message', async (event) => {
        if (event.source !== frame.contentWindow || event.origin !== ${JSON.stringify(tabOrigin)}) return;
        const replies = JSON.parse(await window.__teamsHost(JSON.stringify(event.data)));
        for (const reply of replies) frame.contentWindow.postMessage(reply, event.origin);
      });`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams (e2e host)</title></head>
<body style="margin:0">
<iframe id="tab" title="Risk register tab" style="border:0;width:100vw;height:100vh"></iframe>
<script>
  const frame = document.getElementById('tab');
  ${relay}
  window.__pushToTab = (message) => frame.contentWindow.postMessage(message, ${JSON.stringify(tabOrigin)});
  frame.src = new URLSearchParams(location.search).get('tab');
</script>
</body></html>`;
}

/**
 * The native side of Teams mobile (frameless), injected before the tab's scripts as the WebView does:
 * `nativeInterface.framelessPostMessage` in, `window.onNativeMessage` out, and the native NAA bridge.
 */
function nativeHostScript(origin: string) {
  if (window.top !== window || location.origin !== origin) return;
  type HostWindow = Window & {
    __teamsHost(json: string): Promise<string>;
    __pushToTab(m: unknown): void;
    onNativeMessage?: (evt: { data: unknown }) => void;
    nativeInterface?: unknown;
    nestedAppAuthBridge?: unknown;
  };
  const w = window as unknown as HostWindow;
  const send = async (json: string) => JSON.parse(await w.__teamsHost(json)) as { args: unknown[] }[];
  w.nativeInterface = {
    framelessPostMessage: (json: string) => {
      void send(json).then((replies) => replies.forEach((r) => w.onNativeMessage?.({ data: r })));
    },
  };
  const listeners: ((response: string) => void)[] = [];
  w.nestedAppAuthBridge = {
    addEventListener: (name: string, callback: (response: string) => void) => {
      if (name === 'message') listeners.push(callback);
    },
    removeEventListener: (_: string, callback: (response: string) => void) => {
      const i = listeners.indexOf(callback);
      if (i >= 0) listeners.splice(i, 1);
    },
    postMessage: (message: string) => {
      void send(JSON.stringify({ func: 'nestedAppAuth.execute', args: [], data: message })).then((replies) =>
        replies.forEach((r) => listeners.forEach((l) => l(String(r.args[1])))),
      );
    },
  };
  w.__pushToTab = (m: unknown) => w.onNativeMessage?.({ data: m });
}
