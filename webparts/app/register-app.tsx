/**
 * The register app as the SharePoint Framework web part mounts it. This is a composition root (like
 * src/server/tab-entry.tsx): it builds the one PnPjs client with the page's own SharePoint context,
 * `spfi().using(SPFx(context))` through createSpClient, and renders src/tab's App.
 *
 * esbuild bundles this file with React 18 and Fluent UI v9 into build/webpart-app/register-app.js
 * (scripts/package-sppkg.ts); the web part imports it as 'register-app' (webparts/gulpfile.js), so
 * SharePoint's own React 17 is never used by the app. Types: webparts/src/register-app.d.ts.
 */
import { FluentProvider, Spinner } from '@fluentui/react-components';
import { SPFx, type ISPFXContext } from '@pnp/sp';
import { useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createServiceBackedStore } from '../../src/service-api/client';
import { operations } from '../../src/service-api/wire';
import { PermissionDeniedError } from '../../src/sharepoint/errors';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import type { RegisterStore } from '../../src/ports';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { App } from '../../src/tab/App';
import { ErrorBar } from '../../src/tab/components/Banners';
import { themeFromTeams, type TabSession, type ThemeName } from '../../src/tab/host';
import { describeProblem, type Problem } from '../../src/tab/lib/errors';
import { useFluentTheme } from '../../src/tab/themes';

export type RegisterViewName = 'register' | 'heatmap' | 'summary' | 'reviews';

/**
 * Where changes are saved: the review service's write API (the register's only writer) and the
 * Application ID URI the web part asks SharePoint for a token to (webApiPermissionRequests in
 * package-solution.json, approved once by an admin in the SharePoint admin centre's API access page).
 */
export type WebPartApi = { url: string; resource: string };

export type WebPartMountOptions = {
  spfxContext: unknown;
  register: string;
  defaultView: RegisterViewName;
  /** Absent or incomplete: the web part shows the register and refuses every change, saying why. */
  api?: WebPartApi;
};

export type MountedRegister = {
  update(options: WebPartMountOptions): void;
  unmount(): void;
};

type TeamsContext = {
  app: { theme?: string };
  team?: { displayName?: string };
  channel?: { displayName?: string };
};

/** The parts of the SPFx web part context this module reads; the rest passes through to PnPjs. */
type SpfxContext = ISPFXContext & {
  pageContext: ISPFXContext['pageContext'] & { web: { absoluteUrl: string; title?: string } };
  /** SPFx's Entra token provider (AadTokenProviderFactory), for the review service's API. */
  aadTokenProviderFactory?: {
    getTokenProvider(): Promise<{ getToken(resource: string): Promise<string> }>;
  };
  sdks?: {
    microsoftTeams?: {
      teamsJs?: {
        app?: {
          getContext(): Promise<TeamsContext>;
          registerOnThemeChangeHandler?(handler: (theme: string) => void): void;
        };
      };
    };
  };
};

function asSpfxContext(value: unknown): SpfxContext {
  const ctx = value as Partial<SpfxContext> | null;
  if (!ctx?.pageContext?.web?.absoluteUrl) {
    throw new Error(
      'The web part was mounted without its SharePoint context (this.context.pageContext.web).',
    );
  }
  return ctx as SpfxContext;
}

/**
 * The tab keeps its view in the page's query string. A web part's configured register and view apply
 * when the page URL names none, so a shared link to a filtered view still opens that view.
 */
export function applyDefaults(search: string, register: string, view: RegisterViewName): string {
  const params = new URLSearchParams(search);
  if (!params.has('view') && view !== 'register') params.set('view', view);
  if (!params.has('register') && register) params.set('register', register);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The store's writes: the review service API's operations, which are RegisterStore's write methods. */
const writeMethods: readonly (keyof RegisterStore)[] = operations;

/** Reads only: every change is refused before anything is sent, with what the site's admin must set. */
function readOnlyStore(reads: RegisterStore): RegisterStore {
  const refuse = async () => {
    throw new PermissionDeniedError(
      'This web part is not connected to the review service, so it cannot save changes; nothing was saved. ' +
        "A site owner sets 'Review service address' and 'Review service API' in the web part's properties " +
        '(docs/deployment.md, "SharePoint web part"). Changes can also be made in the Teams tab.',
      403,
      'read',
    );
  };
  const store = { ...reads } as Record<string, unknown>;
  for (const m of writeMethods) store[m] = refuse;
  return store as RegisterStore;
}

/**
 * The register store for the web part. Reads go to SharePoint over PnPjs with the page's context (the
 * SPFx behavior sends the page's cookies, takes the form digest from the page context and resolves
 * relative URLs to the web). Writes go to the review service's API with a token SPFx's
 * AadTokenProvider gets for `api.resource`: people hold Read on the register lists, so the service is
 * the only writer, as in the Teams tab.
 */
export function createWebPartStore(context: unknown, api?: WebPartApi): RegisterStore {
  const ctx = asSpfxContext(context);
  const reads = createRegisterStore(
    createSpClient({ siteUrl: ctx.pageContext.web.absoluteUrl, behaviors: [SPFx(ctx)] }),
  );
  const url = api?.url.trim() ?? '';
  const resource = api?.resource.trim() ?? '';
  if (!/^https?:\/\//.test(url) || !resource) return readOnlyStore(reads);
  const factory = ctx.aadTokenProviderFactory;
  return createServiceBackedStore(reads, {
    baseUrl: url,
    getToken: async () => {
      if (!factory) {
        throw new PermissionDeniedError(
          'SharePoint gave the web part no token provider (this.context.aadTokenProviderFactory), so it cannot ' +
            'sign in to the review service; nothing was saved.',
          401,
          'none',
        );
      }
      return (await factory.getTokenProvider()).getToken(resource);
    },
  });
}

type Phase =
  { phase: 'starting' } | { phase: 'ready'; session: TabSession } | { phase: 'failed'; problem: Problem };

function WebPartRoot({ context, api }: { context: SpfxContext; api?: WebPartApi }) {
  const [theme, setTheme] = useState<ThemeName>('light');
  const fluentTheme = useFluentTheme(theme);
  const [state, setState] = useState<Phase>({ phase: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const teams = context.sdks?.microsoftTeams?.teamsJs?.app;
  const apiUrl = api?.url ?? '';
  const apiResource = api?.resource ?? '';
  const store = useMemo(
    () => createWebPartStore(context, { url: apiUrl, resource: apiResource }),
    [context, apiUrl, apiResource],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      let hostLabel = `SharePoint · ${context.pageContext.web.title ?? new URL(context.pageContext.web.absoluteUrl).pathname}`;
      if (teams) {
        const tc = await teams.getContext();
        if (!cancelled) setTheme(themeFromTeams(tc.app.theme));
        teams.registerOnThemeChangeHandler?.((t) => !cancelled && setTheme(themeFromTeams(t)));
        hostLabel = tc.channel?.displayName
          ? `Teams · ${tc.team?.displayName ?? ''} › ${tc.channel.displayName}`
          : 'Microsoft Teams';
      }
      const user = await store.currentUser();
      if (!cancelled) setState({ phase: 'ready', session: { store, user, hostLabel } });
    })().catch((err: unknown) => !cancelled && setState({ phase: 'failed', problem: describeProblem(err) }));
    return () => {
      cancelled = true;
    };
  }, [context, store, teams, attempt]);

  if (state.phase === 'ready') return <App session={state.session} theme={theme} />;
  return (
    <FluentProvider theme={fluentTheme} style={{ padding: 24 }}>
      {state.phase === 'failed' ? (
        <ErrorBar problem={state.problem} onRetry={() => setAttempt((a) => a + 1)} />
      ) : (
        <Spinner label="Opening the risk register…" />
      )}
    </FluentProvider>
  );
}

/** Mounts the register app into the web part's element; returns handles for updates and disposal. */
export function mountRegisterWebPart(element: HTMLElement, options: WebPartMountOptions): MountedRegister {
  const root = createRoot(element);
  const render = (o: WebPartMountOptions) => {
    const search = applyDefaults(window.location.search, o.register, o.defaultView);
    if (search !== window.location.search) {
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${search}${window.location.hash}`,
      );
    }
    root.render(<WebPartRoot context={asSpfxContext(o.spfxContext)} {...(o.api ? { api: o.api } : {})} />);
  };
  render(options);
  return { update: render, unmount: () => root.unmount() };
}
