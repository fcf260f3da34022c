/** @jest-environment jsdom */
/**
 * The bundle's entry: the channel tab's configuration page at `?page=config`, the tab itself otherwise.
 * SharePoint's client and TeamsJS's pages.config are the host boundary, replaced here by fakes.
 */
import { screen } from '@testing-library/react';
import type { ChannelTabSettings } from '../../src/tab/config/channel-tab';
import type { TabRuntimeConfig } from '../../src/tab/hosts/runtime-config';
import { FakeStore, manager, settings } from './fake-store';
import { setUrl } from './render-helpers';

const saved: ChannelTabSettings[] = [];

jest.mock('../../src/sharepoint/register-store', () => ({
  createRegisterStore: () => {
    const {
      FakeStore: Store,
      manager: user,
      settings: s,
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.mock factories cannot import
    } = require('./fake-store') as {
      FakeStore: typeof FakeStore;
      manager: typeof manager;
      settings: typeof settings;
    };
    const store = new Store(user);
    store.addRegister(s('Corporate'));
    store.addRegister(s('Adult Social Care'));
    return store;
  },
}));
jest.mock('../../src/sharepoint/sp-client', () => ({ createSpClient: () => ({}) }));
jest.mock('../../src/tab/config/teams-pages-config', () => ({
  connectPagesConfig: async () => ({
    setValidityState: () => undefined,
    registerOnSaveHandler: () => undefined,
    setConfig: async (x: ChannelTabSettings) => void saved.push(x),
    getConfig: async () => ({ contentUrl: '', entityId: '' }),
  }),
}));

const broadcasts: string[] = [];
jest.mock('@azure/msal-browser/redirect-bridge', () => ({
  broadcastResponseToMainFrame: async () => void broadcasts.push(window.location.hash),
}));

const config: TabRuntimeConfig = {
  host: 'local',
  siteUrl: '/sites/risk',
  apiUrl: '',
  tokenUrl: '/_local-idp/token',
  demoPeople: [
    {
      name: 'Morgan Reid',
      email: 'morgan@x.example',
      jobTitle: 'Risk officer',
      role: 'manager',
      token: 't1',
    },
  ],
};

function startEntry() {
  document.body.innerHTML = '<div id="root"></div>';
  global.fetch = jest.fn(async () => ({ ok: true, status: 200, json: async () => config })) as never;
  // A fresh module registry per start, so the entry runs again and its lazy import shares its React.
  jest.resetModules();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry runs on load
  require('../../src/server/tab-entry');
}

jest.setTimeout(30_000);

beforeEach(() => sessionStorage.clear());

it('renders the channel tab configuration page at ?page=config, listing the site’s registers', async () => {
  setUrl('?page=config');
  startEntry();
  await screen.findByRole('combobox', { name: 'Register' }, { timeout: 10_000 });
  expect(await screen.findByRole('option', { name: 'Adult Social Care' })).toBeInTheDocument();
  expect(screen.getByRole('radio', { name: 'Heat map' })).toBeInTheDocument();
  expect(screen.queryByRole('list', { name: 'Demo people' })).not.toBeInTheDocument();
});

it('renders the tab (local sign-in) on any other URL', async () => {
  setUrl('?view=reviews');
  startEntry();
  expect(await screen.findByRole('list', { name: 'Demo people' }, { timeout: 10_000 })).toBeInTheDocument();
  expect(screen.queryByRole('combobox', { name: 'Register' })).not.toBeInTheDocument();
});

it('hands a sign-in response (the popup or redirect coming back) to MSAL and renders nothing else', async () => {
  setUrl('#code=abc&state=xyz');
  startEntry();
  await screen.findByText('Finishing sign-in…');
  await new Promise((r) => setTimeout(r, 50));
  expect(broadcasts).toEqual(['#code=abc&state=xyz']);
  expect(global.fetch).not.toHaveBeenCalled();
  expect(screen.queryByRole('list', { name: 'Demo people' })).not.toBeInTheDocument();
});
