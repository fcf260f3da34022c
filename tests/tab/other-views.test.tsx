/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import { Root } from '../../src/tab/Root';
import type { TabRuntimeConfig } from '../../src/tab/hosts/runtime-config';
import { FakeStore, manager, owner, reader, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

jest.setTimeout(30_000);

function store(user = manager) {
  const s = new FakeStore(user);
  s.addRegister(settings('Corporate', 'kent', 12));
  const a = s.seed(
    risk({
      reference: 'CRR01',
      title: 'Budget gap',
      current: { likelihood: 4, impact: 5 },
      target: { likelihood: 2, impact: 4 },
    }),
  );
  s.seed(
    risk({
      reference: 'CRR02',
      title: 'Cyber attack',
      current: { likelihood: 2, impact: 2 },
      owners: [{ id: 9, name: 'Helen Marsh' }],
    }),
  );
  s.snapshots.push({
    ...{
      riskId: a.id,
      riskReference: 'CRR01',
      periodId: '2026/27-Q3',
      current: a.current,
      comment: 'Checked',
      recordedAt: '2026-11-01T10:00:00Z',
      source: 'card',
      outcome: 'confirmed',
    },
    id: 500,
    etag: '"1"',
    modified: '2026-11-01T10:00:00Z',
  });
  return s;
}

beforeEach(() => installLayout());

describe('summary', () => {
  it('lists open risks highest first with owner, rating with band, target and direction', async () => {
    setUrl('?view=summary');
    renderInTheme(<App session={{ store: store(), user: manager, hostLabel: 'Test' }} theme="light" />);
    const table = await screen.findByRole('table', { name: 'Corporate summary' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(/CRR01.*Priya Shah.*Budget gap.*High \(20\).*Medium \(8\)/);
    expect(rows[1]).toHaveTextContent('CRR02');
  });
});

describe('review status', () => {
  it('counts confirmed and outstanding reviews per owner and lists the risks still waiting', async () => {
    setUrl('?view=reviews');
    renderInTheme(<App session={{ store: store(), user: manager, hostLabel: 'Test' }} theme="light" />);
    expect(await screen.findByText('1 of 2 due reviews recorded')).toBeInTheDocument();
    const byOwner = screen.getByRole('table', { name: 'Review status by owner' });
    expect(within(byOwner).getByRole('row', { name: /Helen Marsh 0 0 1 0/ })).toBeInTheDocument();
    expect(within(byOwner).getByRole('row', { name: /Priya Shah 1 0 0 0/ })).toBeInTheDocument();
    const waiting = screen.getByRole('table', { name: 'Risks waiting for a review' });
    expect(within(waiting).getAllByRole('row')).toHaveLength(2);
    expect(within(waiting).getByText('Cyber attack')).toBeInTheDocument();
  });
});

describe('settings', () => {
  it('is offered to managers only', async () => {
    setUrl('');
    renderInTheme(<App session={{ store: store(owner), user: owner, hostLabel: 'Test' }} theme="light" />);
    await screen.findByRole('grid');
    expect(screen.queryByRole('tab', { name: 'Settings' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New risk' })).not.toBeInTheDocument();
  });

  it('previews a preset, refuses a bad appetite in words, and saves', async () => {
    const user = userEvent.setup();
    const s = store();
    setUrl('?view=settings');
    renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
    const preview = await screen.findByRole('table', { name: 'Matrix preview' });
    expect(within(preview).getAllByRole('cell')).toHaveLength(25);
    await user.selectOptions(screen.getByLabelText(/Start from a council preset/), 'medway');
    expect(within(screen.getByRole('table', { name: 'Matrix preview' })).getAllByRole('cell')).toHaveLength(
      20,
    );
    const appetite = screen.getByLabelText('Default appetite (score)');
    await user.clear(appetite);
    await user.type(appetite, '40');
    // The register has ratings, so the preset is a matrix change to confirm (tests/tab/matrix-change.test.tsx).
    await user.click(screen.getByRole('checkbox', { name: /I have checked these/ }));
    await user.click(screen.getByRole('button', { name: 'Change the matrix and save' }));
    expect(
      screen.getByText(/default appetite is a score on the .* matrix: a whole number from 0 to 20/),
    ).toBeInTheDocument();
    expect(s.calls).toEqual([]);
    await user.clear(appetite);
    await user.type(appetite, '9');
    await user.click(screen.getByRole('button', { name: 'Change the matrix and save' }));
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    expect(s.settings.get('Corporate')?.matrix.id).toBe('medway');
    expect(s.settings.get('Corporate')?.defaultAppetite).toBe(9);
  });
});

describe("settings: the managers' channel", () => {
  it('takes the channel from the link Teams copies, refuses a link that is not a channel, and clears it', async () => {
    const user = userEvent.setup();
    const s = store();
    setUrl('?view=settings');
    renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
    const field = await screen.findByLabelText(/Managers' channel/);
    await user.type(field, 'https://example.org/l/channel/x');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByText(/Paste the link from the channel’s menu in Teams/)).toBeInTheDocument();
    expect(s.calls).toEqual([]);
    await user.clear(field);
    // "Get link to channel" in Teams: the id is URL-encoded in the path.
    await user.type(
      field,
      'https://teams.microsoft.com/l/channel/19%3aa1b2c3%40thread.tacv2/Risk%20managers?groupId=5f9c0a4e-1d2b-4c3a-9e8f-7a6b5c4d3e2f&tenantId=0d3e1c2b-1111-2222-3333-444455556666',
    );
    expect(screen.getByText(/Digests go to channel 19:a1b2c3@thread.tacv2/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    expect(s.settings.get('Corporate')?.managersChannelId).toBe('19:a1b2c3@thread.tacv2');
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved.');
    expect(s.settings.get('Corporate')?.managersChannelId).toBeUndefined();
  });
});

describe('settings: choosing a channel the app is in', () => {
  it('lists the channels the review service captured and saves the one chosen', async () => {
    const user = userEvent.setup();
    const s = store();
    setUrl('?view=settings');
    const listChannels = async () => [
      { id: '19:a1b2c3@thread.tacv2', label: 'Children’s Services › Risk managers' },
      { id: '19:ffee99@thread.tacv2', label: 'Corporate Leadership › General' },
    ];
    renderInTheme(
      <App session={{ store: s, user: manager, hostLabel: 'Test', listChannels }} theme="light" />,
    );
    const picker = await screen.findByRole('combobox', { name: /Or choose a channel/ });
    await screen.findByRole('option', { name: 'Children’s Services › Risk managers' });
    await user.selectOptions(picker, '19:a1b2c3@thread.tacv2');
    expect(screen.getByText(/Digests go to channel 19:a1b2c3@thread.tacv2/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    expect(s.settings.get('Corporate')?.managersChannelId).toBe('19:a1b2c3@thread.tacv2');
  });

  it('says why when the channels cannot be listed, and the pasted link still works', async () => {
    const s = store();
    setUrl('?view=settings');
    const listChannels = async () => {
      throw new Error('The review service refused: only register managers may list channels.');
    };
    renderInTheme(
      <App session={{ store: s, user: manager, hostLabel: 'Test', listChannels }} theme="light" />,
    );
    expect(await screen.findByText(/The channels could not be listed/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /Or choose a channel/ })).toBeDisabled();
    expect(screen.getByLabelText(/Managers' channel/)).toBeEnabled();
  });
});

describe('local sign-in', () => {
  const config: TabRuntimeConfig = {
    host: 'local',
    siteUrl: '/sites/risk',
    apiUrl: '',
    tokenUrl: '/_local-idp/token',
    demoPeople: [
      { name: 'Morgan Reid', email: 'm@x', jobTitle: 'Corporate Risk Officer', role: 'manager', token: 'tm' },
      { name: 'Sam Lee', email: 's@x', jobTitle: 'Audit Committee member', role: 'read', token: 'ts' },
    ],
  };

  it('lets you pick a demo person, uses their token and the access SharePoint reports, and signs out again', async () => {
    const user = userEvent.setup();
    sessionStorage.clear();
    setUrl('');
    const tokens: string[] = [];
    // As the list service does: the token decides who you are and what you may do.
    const createStore = jest.fn((_site: string, getToken: () => Promise<string>) => {
      const s = store(manager);
      s.currentUser = async () => {
        const token = await getToken();
        tokens.push(token);
        return token === 'ts' ? reader : manager;
      };
      return s;
    });
    renderInTheme(<Root config={config} createStore={createStore} />);
    await user.click(await screen.findByRole('button', { name: 'Sign in as Sam Lee' }));
    expect(await screen.findByText('Read-only')).toBeInTheDocument();
    expect(tokens).toEqual(['ts']);
    expect(screen.queryByRole('button', { name: 'New risk' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in as Morgan Reid' })).toBeInTheDocument();
  });
});
