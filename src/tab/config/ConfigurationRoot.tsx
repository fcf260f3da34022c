/**
 * Starts the configuration page inside Teams: signs in through the Microsoft 365 host (Nested App
 * Authentication), lists the registers on the site, and renders the form in Teams' theme. The
 * store factory comes from the composition root (src/server/tab-entry.tsx), as for the tab itself.
 */
import { FluentProvider } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ThemeName } from '../host';
import { startMicrosoft365Host } from '../hosts/microsoft365';
import type { TabRuntimeConfig } from '../hosts/runtime-config';
import type { StoreFactory } from '../Root';
import { describeProblem } from '../lib/errors';
import { themes } from '../themes';
import { tabBaseFrom, type ChannelTabChoice, type ChannelTabView } from './channel-tab';
import { ConfigurationPage, type RegisterList } from './ConfigurationPage';
import { teamsPagesConfig, type PagesConfig } from './teams-pages-config';

export type ConfigurationRootProps = {
  config: TabRuntimeConfig;
  createStore: StoreFactory;
  /** Tests pass a fake; default TeamsJS's pages.config. */
  pagesConfig?: PagesConfig;
};

/** The tab's current choice, from the query Teams passes when reconfiguring (`register`, `view`). */
function initialChoice(search: string): ChannelTabChoice | undefined {
  const p = new URLSearchParams(search);
  const view = p.get('view') as ChannelTabView | null;
  if (!p.has('register') && !view) return undefined;
  return { register: p.get('register') ?? '', view: view ?? 'register' };
}

/** The configuration page with its data; mount it where the manifest's configurationUrl points. */
export function ConfigurationRoot({ config, createStore, pagesConfig }: ConfigurationRootProps) {
  const [theme, setTheme] = useState<ThemeName>('light');
  const [registers, setRegisters] = useState<RegisterList>({ status: 'loading' });
  const [pages] = useState<PagesConfig>(() => pagesConfig ?? teamsPagesConfig());

  useEffect(() => {
    let cancelled = false;
    (async () => {
      let getToken: () => Promise<string>;
      if (config.host === 'local') {
        const token = config.demoPeople[0]?.token ?? '';
        getToken = async () => token;
      } else {
        const host = await startMicrosoft365Host(config);
        if (!cancelled) setTheme(host.theme);
        host.onThemeChange((t) => !cancelled && setTheme(t));
        getToken = host.getToken;
      }
      const names = await createStore(config.siteUrl, getToken).listRegisters();
      if (!cancelled) setRegisters({ status: 'ready', names });
    })().catch((err: unknown) => {
      if (!cancelled) setRegisters({ status: 'failed', message: describeProblem(err).message });
    });
    return () => {
      cancelled = true;
    };
  }, [config, createStore]);

  return (
    <FluentProvider theme={themes[theme]}>
      <ConfigurationPage
        registers={registers}
        pagesConfig={pages}
        tabBaseUrl={tabBaseFrom(window.location)}
        initial={initialChoice(window.location.search)}
      />
    </FluentProvider>
  );
}
