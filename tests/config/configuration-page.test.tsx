/** @jest-environment jsdom */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { channelTabSettings, isConfigurationPage, tabBaseFrom } from '../../src/tab/config/channel-tab';
import { ConfigurationPage } from '../../src/tab/config/ConfigurationPage';
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
