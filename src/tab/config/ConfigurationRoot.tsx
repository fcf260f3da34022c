/**
 * Starts the configuration page inside Teams: waits for TeamsJS's initialisation (through the
 * Microsoft 365 host start-up, or `connectPagesConfig` locally), reads the tab's saved settings with
 * `pages.getConfig()` when reconfiguring, signs in (silent first, a button when the person is
 * needed), lists the registers on the site, and renders the form in Teams' theme. Only then does the
 * form register its save handler and set the Save button's state: TeamsJS refuses both before
 * initialisation. The store factory comes from the composition root (src/server/tab-entry.tsx).
 */
import { FluentProvider, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ThemeName } from '../host';
import { createChannelsClient } from '../../service-api/channels-client';
import { MicrosoftSignIn } from '../hosts/MicrosoftSignIn';
import type { TabRuntimeConfig } from '../hosts/runtime-config';
import type { StoreFactory } from '../Root';
import { describeProblem } from '../lib/errors';
import { useFluentTheme } from '../themes';
import { choiceFromSettings, tabBaseFrom, type ChannelTabChoice } from './channel-tab';
import { ConfigurationPage, type RegisterList } from './ConfigurationPage';
import type { PagesConfig } from './teams-pages-config';

export type ConfigurationRootProps = {
  config: TabRuntimeConfig;
  createStore: StoreFactory;
  /** Tests pass a fake Teams; default TeamsJS's pages.config once app.initialize() has resolved. */
  connect?: () => Promise<PagesConfig>;
};

type Connection =
  | { status: 'connecting' }
  | { status: 'ready'; pages: PagesConfig; initial?: ChannelTabChoice }
  | { status: 'failed'; message: string };

const defaultConnect = () => import('./teams-pages-config').then((m) => m.connectPagesConfig());

/** The configuration page with its data; mount it where the manifest's configurationUrl points. */
export function ConfigurationRoot({ config, createStore, connect = defaultConnect }: ConfigurationRootProps) {
  const [theme, setTheme] = useState<ThemeName>('light');
  const fluentTheme = useFluentTheme(theme);
  const [connection, setConnection] = useState<Connection>({ status: 'connecting' });
  const [registers, setRegisters] = useState<RegisterList>({ status: 'loading' });
  const [signIn, setSignIn] = useState<() => Promise<void>>();
  const [recordChannel, setRecordChannel] = useState<(register?: string) => Promise<void>>();

  useEffect(() => {
    let cancelled = false;
    (async () => {
      let getToken: () => Promise<string>;
      let signInSilently = async (): Promise<void> => undefined;
      let signInInteractively = async (): Promise<void> => undefined;
      let isSignInRequired = (_: unknown) => false;
      if (config.host === 'local') {
        const token = config.demoPeople[0]?.token ?? '';
        getToken = async () => token;
      } else {
        const [{ startMicrosoft365Host }, { SignInRequiredError }] = await Promise.all([
          import('../hosts/microsoft365'),
          import('../hosts/sign-in'),
        ]);
        const host = await startMicrosoft365Host(config);
        if (host.kind !== 'teams')
          throw new Error(
            'This page is the channel tab’s settings: it opens inside Teams when the tab is added to a channel or edited.',
          );
        if (!cancelled) setTheme(host.theme);
        host.onThemeChange((t) => !cancelled && setTheme(t));
        getToken = host.getToken;
        const channel = host.channel;
        if (channel && config.host === 'microsoft365' && config.apiUrl) {
          const client = createChannelsClient({ baseUrl: config.apiUrl, getToken: host.getApiToken });
          if (!cancelled)
            setRecordChannel(() => async (register?: string) => {
              await client.record({ ...channel, ...(register ? { register } : {}) });
            });
        }
        signInSilently = host.signInSilently;
        signInInteractively = host.signInInteractively;
        isSignInRequired = (err) => err instanceof SignInRequiredError;
      }
      const pages = await connect();
      // Reconfiguring: Teams holds the saved content URL; a new tab has none.
      const initial = choiceFromSettings(await pages.getConfig());
      if (cancelled) return;
      setConnection({ status: 'ready', pages, initial });
      const list = async () => {
        const names = await createStore(config.siteUrl, getToken).listRegisters();
        if (!cancelled) setRegisters({ status: 'ready', names });
      };
      try {
        await signInSilently();
      } catch (err) {
        if (!isSignInRequired(err)) throw err;
        if (!cancelled)
          setSignIn(() => async () => {
            await signInInteractively();
            setSignIn(undefined);
            await list();
          });
        return;
      }
      await list();
    })().catch((err: unknown) => {
      if (cancelled) return;
      const message = describeProblem(err).message;
      setConnection((c) => (c.status === 'ready' ? c : { status: 'failed', message }));
      setRegisters({ status: 'failed', message });
    });
    return () => {
      cancelled = true;
    };
  }, [config, createStore, connect]);

  return (
    <FluentProvider theme={fluentTheme} style={{ minHeight: '100vh' }}>
      {connection.status === 'ready' ? (
        <>
          {signIn ? (
            <div style={{ padding: 16 }}>
              <MicrosoftSignIn onSignIn={signIn} />
            </div>
          ) : null}
          <ConfigurationPage
            registers={registers}
            pagesConfig={connection.pages}
            tabBaseUrl={tabBaseFrom(window.location)}
            initial={connection.initial}
            {...(recordChannel ? { recordChannel } : {})}
          />
        </>
      ) : connection.status === 'failed' ? (
        <Text role="alert" style={{ display: 'block', padding: 16 }}>
          The tab settings could not open: {connection.message}
        </Text>
      ) : (
        <Spinner style={{ padding: 16 }} label="Connecting to Teams…" />
      )}
    </FluentProvider>
  );
}
