/** @jest-environment jsdom */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  channelTabSettings,
  choiceFromSettings,
  isConfigurationPage,
  tabBaseFrom,
} from '../../src/tab/config/channel-tab';
import { ConfigurationPage } from '../../src/tab/config/ConfigurationPage';
import { ConfigurationRoot } from '../../src/tab/config/ConfigurationRoot';
import type { TabRuntimeConfig } from '../../src/tab/hosts/runtime-config';
import { FakeStore, manager, settings } from '../tab/fake-store';
import { setUrl } from '../tab/render-helpers';
import type { PagesConfig, SaveOutcome } from '../../src/tab/config/teams-pages-config';
import type { ChannelTabSettings } from '../../src/tab/config/channel-tab';

/** A fake Teams: records validity and saved settings; `save()` presses Teams' Save button. */
function fakeTeams(setConfigResult: () => Promise<void> = () => Promise.resolve()) {
  const validity: boolean[] = [];
  const saved: ChannelTabSettings[] = [];
  let onSave: ((o: SaveOutcome) => void) | undefined;
  const pagesConfig: PagesConfig = {
    setValidityState: (v) => validity.push(v),
    registerOnSaveHandler: (h) => {
      onSave = h;
    },
    setConfig: (s) => {
      saved.push(s);
      return setConfigResult();
    },
    getConfig: async () => saved.at(-1) ?? { contentUrl: '', entityId: '' },
  };
  const save = () =>
    new Promise<{ ok: boolean; reason?: string }>((resolve) =>
      onSave?.({
        notifySuccess: () => resolve({ ok: true }),
        notifyFailure: (reason) => resolve({ ok: false, reason }),
      }),
    );
  return { pagesConfig, validity, saved, save };
}

const base = 'https://risk.borough.gov.uk/tab';

describe('channel tab configuration page', () => {
  it('saves the chosen register and view as the tab content URL', async () => {
    const teams = fakeTeams();
    render(
      <ConfigurationPage
        registers={{ status: 'ready', names: ['Strategic', 'Adult Social Care'] }}
        pagesConfig={teams.pagesConfig}
        tabBaseUrl={base}
      />,
    );
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Register/ }), 'Adult Social Care');
    await userEvent.click(screen.getByRole('radio', { name: 'Heat map' }));
    expect(teams.validity.at(-1)).toBe(true);
    await expect(teams.save()).resolves.toEqual({ ok: true });
    expect(teams.saved.at(-1)).toEqual({
      entityId: 'risk-register:Adult Social Care:heatmap',
      contentUrl: `${base}/index.html?view=heatmap&register=Adult+Social+Care`,
      websiteUrl: `${base}/index.html?view=heatmap&register=Adult+Social+Care`,
      suggestedDisplayName: 'Risks: Adult Social Care',
    });
  });

  it("with the option ticked, makes this channel the register's digest channel before saving the tab", async () => {
    const teams = fakeTeams();
    const calls: (string | undefined)[] = [];
    render(
      <ConfigurationPage
        registers={{ status: 'ready', names: ['Strategic', 'Adult Social Care'] }}
        pagesConfig={teams.pagesConfig}
        tabBaseUrl={base}
        recordChannel={async (register) => {
          calls.push(register);
          expect(teams.saved).toHaveLength(0);
        }}
      />,
    );
    // All registers: no register to set the channel of, so no option.
    expect(screen.queryByRole('checkbox')).toBeNull();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Register/ }), 'Strategic');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Post the escalation digests of Strategic in this channel' }),
    );
    await expect(teams.save()).resolves.toEqual({ ok: true });
    expect(calls).toEqual(['Strategic']);
    expect(teams.saved).toHaveLength(1);
  });

  it('adds no tab when the service refuses the digest channel, and says what to do', async () => {
    const teams = fakeTeams();
    render(
      <ConfigurationPage
        registers={{ status: 'ready', names: ['Strategic'] }}
        pagesConfig={teams.pagesConfig}
        tabBaseUrl={base}
        recordChannel={async () => {
          throw new Error('Only register managers can change the register settings.');
        }}
      />,
    );
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Register/ }), 'Strategic');
    await userEvent.click(screen.getByRole('checkbox'));
    const result = await teams.save();
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/digests of Strategic could not be sent to this channel/);
    expect(result.reason).toMatch(/Untick the option/);
    expect(teams.saved).toHaveLength(0);
  });

  it('without the option, saves the tab and only makes the channel known; a refusal there changes nothing', async () => {
    const teams = fakeTeams();
    const calls: (string | undefined)[] = [];
    render(
      <ConfigurationPage
        registers={{ status: 'ready', names: ['Strategic'] }}
        pagesConfig={teams.pagesConfig}
        tabBaseUrl={base}
        recordChannel={async (register) => {
          calls.push(register);
          throw new Error('403');
        }}
      />,
    );
    await expect(teams.save()).resolves.toEqual({ ok: true });
    expect(calls).toEqual([undefined]);
    expect(teams.saved).toHaveLength(1);
  });

  it('keeps Save disabled while the registers load and says why when they cannot be read', () => {
    const teams = fakeTeams();
    const { rerender } = render(
      <ConfigurationPage
        registers={{ status: 'loading' }}
        pagesConfig={teams.pagesConfig}
        tabBaseUrl={base}
      />,
    );
    expect(teams.validity).toEqual([false]);
    rerender(
      <ConfigurationPage
        registers={{ status: 'failed', message: 'You do not have access to the register site.' }}
        pagesConfig={teams.pagesConfig}
        tabBaseUrl={base}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('You do not have access to the register site.');
    expect(teams.validity.at(-1)).toBe(false);
  });

  it('refuses a register that is no longer on the site when reconfiguring', () => {
    const teams = fakeTeams();
    render(
      <ConfigurationPage
        registers={{ status: 'ready', names: ['Strategic'] }}
        pagesConfig={teams.pagesConfig}
        tabBaseUrl={base}
        initial={{ register: 'Old directorate', view: 'summary' }}
      />,
    );
    expect(screen.getByText(/“Old directorate” is not a register on the site any more/)).toBeInTheDocument();
    expect(teams.validity.at(-1)).toBe(false);
  });

  it('tells Teams when saving fails, with the reason', async () => {
    const teams = fakeTeams(() => Promise.reject(new Error('Teams could not save the tab.')));
    render(
      <ConfigurationPage
        registers={{ status: 'ready', names: [] }}
        pagesConfig={teams.pagesConfig}
        tabBaseUrl={base}
      />,
    );
    await waitFor(() => expect(teams.validity.at(-1)).toBe(true));
    await expect(teams.save()).resolves.toEqual({ ok: false, reason: 'Teams could not save the tab.' });
  });
});

describe('channel tab URLs', () => {
  it('opens every register on the register view with a short URL', () => {
    expect(channelTabSettings(`${base}/`, { register: '', view: 'register' })).toMatchObject({
      contentUrl: `${base}/index.html`,
      suggestedDisplayName: 'Risk register',
    });
  });

  it('recognises the configuration page and finds the tab folder from its location', () => {
    expect(isConfigurationPage('?page=config')).toBe(true);
    expect(isConfigurationPage('?view=heatmap')).toBe(false);
    expect(tabBaseFrom({ origin: 'https://risk.borough.gov.uk', pathname: '/tab/index.html' })).toBe(base);
  });
});

describe('reconfiguring', () => {
  it('reads the saved choice back from the content URL pages.getConfig() returns', () => {
    const saved = channelTabSettings(base, { register: 'Adult Social Care', view: 'summary' });
    expect(choiceFromSettings(saved)).toEqual({ register: 'Adult Social Care', view: 'summary' });
    expect(choiceFromSettings(channelTabSettings(base, { register: '', view: 'register' }))).toEqual({
      register: '',
      view: 'register',
    });
  });

  it('treats a new tab (empty content URL) and an unknown view as no previous choice or the register view', () => {
    expect(choiceFromSettings({ contentUrl: '' })).toBeUndefined();
    expect(choiceFromSettings(undefined)).toBeUndefined();
    expect(choiceFromSettings({ contentUrl: 'not a url' })).toBeUndefined();
    expect(choiceFromSettings({ contentUrl: `${base}/index.html?view=gallery&register=X` })).toEqual({
      register: 'X',
      view: 'register',
    });
  });
});

describe('configuration page start-up', () => {
  const local: TabRuntimeConfig = {
    host: 'local',
    siteUrl: '/sites/risk',
    apiUrl: '',
    demoPeople: [{ name: 'Morgan Reid', email: 'm@x.example', jobTitle: '', role: 'manager', token: 't' }],
  };
  const createStore = () => {
    const store = new FakeStore(manager);
    store.addRegister(settings('Corporate'));
    store.addRegister(settings('Adult Social Care'));
    return store;
  };

  it('touches pages.config only after Teams has initialised, then reconfigures from pages.getConfig()', async () => {
    const teams = fakeTeams();
    const calls: string[] = [];
    const spied: PagesConfig = {
      setValidityState: (v) => (calls.push('setValidityState'), teams.pagesConfig.setValidityState(v)),
      registerOnSaveHandler: (h) => (
        calls.push('registerOnSaveHandler'),
        teams.pagesConfig.registerOnSaveHandler(h)
      ),
      setConfig: (x) => teams.pagesConfig.setConfig(x),
      getConfig: async () => (
        calls.push('getConfig'),
        channelTabSettings(base, { register: 'Adult Social Care', view: 'summary' })
      ),
    };
    let initialised: (p: PagesConfig) => void = () => undefined;
    const connect = () => new Promise<PagesConfig>((resolve) => (initialised = resolve));
    // The page's own query names another choice: Teams' saved settings win.
    setUrl('?page=config&register=Corporate&view=heatmap');
    render(<ConfigurationRoot config={local} createStore={createStore} connect={connect} />);
    expect(await screen.findByText('Connecting to Teams…')).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual([]);
    initialised(spied);
    await screen.findByRole('option', { name: 'Adult Social Care' });
    expect(calls[0]).toBe('getConfig');
    expect(screen.getByRole('combobox', { name: /Register/ })).toHaveValue('Adult Social Care');
    expect(screen.getByRole('radio', { name: 'Summary' })).toBeChecked();
    await waitFor(() => expect(teams.validity.at(-1)).toBe(true));
    await expect(teams.save()).resolves.toEqual({ ok: true });
    expect(teams.saved.at(-1)?.contentUrl).toBe(
      `${window.location.origin}/index.html?view=summary&register=Adult+Social+Care`,
    );
  });

  it('says so when Teams cannot be reached, instead of a blank page', async () => {
    setUrl('?page=config');
    const connect = () => Promise.reject(new Error('Initialization Failed. No Parent window found.'));
    render(<ConfigurationRoot config={local} createStore={createStore} connect={connect} />);
    expect(await screen.findByRole('alert')).toHaveTextContent(/The tab settings could not open/);
  });
});
