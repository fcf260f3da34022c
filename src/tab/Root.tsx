/**
 * Starts the tab for whichever host the runtime config names, then renders the app. The store
 * factory comes from the composition root (it owns PnPjs); this file only wires tokens and people.
 */
import { Button } from '@fluentui/react-button';
import { FluentProvider } from '@fluentui/react-provider';
import { Spinner } from '@fluentui/react-spinner';
import { Suspense, lazy, useEffect, useState } from 'react';
import type { CurrentUser, RegisterStore } from '../ports';
import { App } from './App';
import { LazyErrorBar } from './components/Feedback';
import { createChannelsClient } from '../service-api/channels-client';
import type { KnownChannel, TabSession, ThemeName } from './host';
import { MicrosoftSignIn } from './hosts/MicrosoftSignIn';
import { localApiTokenGetter } from './hosts/local-token';
import type { DemoPerson, TabRuntimeConfig } from './hosts/runtime-config';
import { describeProblem, type Problem } from './lib/errors';
import { themeFromUrl, useFluentTheme } from './themes';
import { todayIso } from './lib/dates';

/**
 * The host's store: reads from the register site with `getToken`; writes through the review
 * service's API at `api.url` with `api.getToken`. Without `api` (a local tab with no review service,
 * as the bench serves) writes go to the site with the same token, where SharePoint refuses them on a
 * provisioned register.
 */
export type StoreFactory = (
  siteUrl: string,
  getToken: () => Promise<string>,
  api?: { url: string; getToken: () => Promise<string> },
) => RegisterStore;

// The local demo's sign-in page is not the register: it loads on demand, with its cards and avatars.
const LocalSignIn = lazy(() => import('./hosts/LocalSignIn').then((m) => ({ default: m.LocalSignIn })));

const tokenKey = 'risk-register.demo-token';
const emailKey = 'risk-register.demo-email';

type Phase =
  | { phase: 'starting' }
  | { phase: 'sign-in' }
  /** Microsoft 365: silent sign-in needs the person; the button calls `signIn` (a popup). */
  | { phase: 'm365-sign-in'; signIn: () => Promise<void> }
  | { phase: 'ready'; session: TabSession }
  | { phase: 'failed'; problem: Problem };

async function sessionFor(
  store: RegisterStore,
  hostLabel: string,
  api: { url: string; getToken: () => Promise<string> } | undefined,
  signOut?: () => void,
): Promise<TabSession> {
  // Access comes from SharePoint's effective permissions on the site, locally as in production. A store
  // that opens in two requests reads the person together with the registers and the first rows.
  const firstScreen = store.openFirstScreen ? await store.openFirstScreen(todayIso()) : undefined;
  const user: CurrentUser = firstScreen?.user ?? (await store.currentUser());
  return {
    store,
    user,
    ...(firstScreen ? { firstScreen } : {}),
    hostLabel,
    ...(signOut ? { signOut } : {}),
    ...(api ? { listChannels: channelLister(api) } : {}),
  };
}

/** The captured channels, named "Team › Channel", from the review service (managers only). */
function channelLister(api: { url: string; getToken: () => Promise<string> }) {
  const client = createChannelsClient({ baseUrl: api.url, getToken: api.getToken });
  return async (): Promise<KnownChannel[]> =>
    (await client.list()).map((c) => ({
      id: c.channelId,
      label: `${c.teamName ?? c.teamId} › ${c.channelName ?? c.channelId}`,
    }));
}

/** The whole tab: host start-up, sign-in (local), then the app in the host's theme. */
export function Root({ config, createStore }: { config: TabRuntimeConfig; createStore: StoreFactory }) {
  const [theme, setTheme] = useState<ThemeName>(() => themeFromUrl(window.location.search) ?? 'light');
  const fluentTheme = useFluentTheme(theme);
  const [state, setState] = useState<Phase>({ phase: 'starting' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const fail = (err: unknown) => !cancelled && setState({ phase: 'failed', problem: describeProblem(err) });
    if (config.host === 'local') {
      const token = sessionStorage.getItem(tokenKey);
      const email = sessionStorage.getItem(emailKey);
      if (!token || !email) {
        setState({ phase: 'sign-in' });
        return;
      }
      const signOut = () => {
        sessionStorage.removeItem(tokenKey);
        sessionStorage.removeItem(emailKey);
        setState({ phase: 'sign-in' });
      };
      const api = config.tokenUrl
        ? { url: config.apiUrl, getToken: localApiTokenGetter(config.tokenUrl, email) }
        : undefined;
      sessionFor(
        createStore(config.siteUrl, async () => token, api),
        'Local demo register',
        api,
        signOut,
      ).then((session) => !cancelled && setState({ phase: 'ready', session }), fail);
    } else {
      // Loaded only when needed: TeamsJS fetches its list of valid origins as soon as it is imported,
      // and neither it nor MSAL belongs in the local demo's bundle.
      Promise.all([import('./hosts/microsoft365'), import('./hosts/sign-in')])
        .then(async ([{ startMicrosoft365Host }, { SignInRequiredError }]) => {
          const host = await startMicrosoft365Host(config);
          if (!themeFromUrl(window.location.search)) setTheme(host.theme);
          host.onThemeChange((t) => !cancelled && setTheme(t));
          const open = async () => {
            const api = { url: config.apiUrl, getToken: host.getApiToken };
            const session = await sessionFor(
              createStore(config.siteUrl, host.getToken, api),
              host.label,
              api,
            );
            if (!cancelled) setState({ phase: 'ready', session });
          };
          // Silent first; only when that needs the person is the sign-in button shown.
          try {
            await host.signInSilently();
          } catch (err) {
            if (!(err instanceof SignInRequiredError)) throw err;
            if (!cancelled)
              setState({
                phase: 'm365-sign-in',
                signIn: async () => {
                  await host.signInInteractively();
                  await open().catch(fail);
                },
              });
            return;
          }
          await open();
        })
        .catch(fail);
    }
    return () => {
      cancelled = true;
    };
  }, [config, createStore, attempt]);

  if (state.phase === 'ready') return <App session={state.session} theme={theme} />;
  if (state.phase === 'sign-in' && config.host === 'local')
    return (
      <Suspense
        fallback={
          <FluentProvider theme={fluentTheme} style={{ minHeight: '100vh', padding: 24 }}>
            <Spinner label="Opening the sign-in page…" />
          </FluentProvider>
        }
      >
        <LocalSignIn
          people={config.demoPeople}
          theme={theme}
          onChoose={(p: DemoPerson) => {
            sessionStorage.setItem(tokenKey, p.token);
            sessionStorage.setItem(emailKey, p.email);
            setState({ phase: 'starting' });
            setAttempt((a) => a + 1);
          }}
        />
      </Suspense>
    );
  return (
    <FluentProvider theme={fluentTheme} style={{ minHeight: '100vh', padding: 24 }}>
      {state.phase === 'm365-sign-in' ? (
        <MicrosoftSignIn onSignIn={state.signIn} />
      ) : state.phase === 'failed' ? (
        <>
          <Suspense fallback={<Spinner label="Opening the error report…" />}>
            <LazyErrorBar problem={state.problem} onRetry={() => setAttempt((a) => a + 1)} />
          </Suspense>
          {config.host === 'local' ? (
            <Button
              style={{ marginTop: 12 }}
              onClick={() => {
                sessionStorage.removeItem(tokenKey);
                setState({ phase: 'sign-in' });
              }}
            >
              Sign in as someone else
            </Button>
          ) : null}
        </>
      ) : (
        <Spinner label="Opening the risk register…" />
      )}
    </FluentProvider>
  );
}
