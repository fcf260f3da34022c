/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FirstScreen, RegisterStore, RowsPage } from '../../src/ports';
import { App } from '../../src/tab/App';
import { todayIso } from '../../src/tab/lib/dates';
import { periodFor } from '../../src/tab/lib/period';
import { FakeStore, manager, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

function store() {
  const s = new FakeStore(manager);
  s.addRegister(settings('Adults', 'medway'));
  s.seed(
    risk({
      reference: 'AH01',
      register: 'Adults',
      current: { likelihood: 4, impact: 3 },
      target: { likelihood: 2, impact: 2 },
    }),
  );
  s.seed(risk({ reference: 'AH02', register: 'Adults', current: { likelihood: 4, impact: 3 } }));
  s.seed(risk({ reference: 'AH03', register: 'Adults', current: { likelihood: 1, impact: 1 } }));
  return s;
}

beforeEach(() => {
  installLayout();
  setUrl('?view=heatmap');
});

describe('the heat map', () => {
  it('draws Medway’s 5 x 4 matrix with band words, counts and references in each cell', async () => {
    renderInTheme(<App session={{ store: store(), user: manager, hostLabel: 'Test' }} theme="light" />);
    const map = await screen.findByRole('group', { name: 'Adults heat map, current ratings' });
    const cells = within(map).getAllByRole('button');
    expect(cells).toHaveLength(20);
    const busy = within(map).getByRole('button', {
      name: /B High, Impact .*: .* band, 2 risks \(AH01, AH02\)/,
    });
    expect(busy).toHaveTextContent('2');
    expect(busy).toHaveTextContent('AH01, AH02');
  });

  it('has an equivalent table for screen readers', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={{ store: store(), user: manager, hostLabel: 'Test' }} theme="light" />);
    await user.click(await screen.findByRole('button', { name: 'Heat map as a table' }));
    const table = screen.getByRole('table');
    expect(within(table).getByRole('row', { name: /AH01, AH02/ })).toBeInTheDocument();
  });

  it('switches to target ratings and filters the register when a cell is activated', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={{ store: store(), user: manager, hostLabel: 'Test' }} theme="light" />);
    await user.click(await screen.findByRole('radio', { name: 'Target' }));
    const cell = screen.getByRole('button', { name: /1 risk \(AH01\)/ });
    cell.focus();
    await user.keyboard('{Enter}');
    const grid = await screen.findByRole('grid');
    expect(within(grid).getAllByRole('row')).toHaveLength(2);
    expect(within(grid).getByRole('row', { name: /AH01/ })).toBeInTheDocument();
    expect(window.location.search).toContain('cell=target%3A2x2');
  });
});

describe('risks rated by a score alone', () => {
  it('are listed beside the map as "cell not recorded", in the register notation, and in no cell', async () => {
    const s = new FakeStore(manager);
    s.addRegister(settings('Corporate', 'kent'));
    s.seed(risk({ reference: 'CRR1', register: 'Corporate', current: { likelihood: 3, impact: 4 } }));
    const scoreOnly = risk({ reference: 'CRR2', register: 'Corporate', currentScoreOnly: 12 });
    delete scoreOnly.current;
    s.seed(scoreOnly);
    renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
    const map = await screen.findByRole('group', { name: 'Corporate heat map, current ratings' });
    expect(within(map).queryByText(/CRR2/)).toBeNull();
    expect(screen.getByText(/Cell not recorded/)).toHaveTextContent('CRR2 (Medium (12))');
  });
});

/** The store and its first screen holding only the first row; the next page of rows never arrives. */
async function stillLoading() {
  const s: FakeStore & RegisterStore = store();
  const settingsOf = await s.getSettings('Adults');
  const period = periodFor(settingsOf, todayIso());
  const view = await s.loadRegisterView({ register: 'Adults', periodId: period.id });
  const rows = [...view.rows].sort((a, b) => a.risk.id - b.risk.id);
  s.loadRowsAfter = () => new Promise<RowsPage>(() => undefined);
  const first: FirstScreen = {
    user: manager,
    registers: [{ name: 'Adults', settings: settingsOf, period }],
    rows: rows.slice(0, 1),
    issues: [],
    lastRiskId: rows[rows.length - 1]!.risk.id,
    nextAfterId: rows[0]!.risk.id,
  };
  const open = () =>
    renderInTheme(
      <App session={{ store: s, user: manager, hostLabel: 'Test', firstScreen: first }} theme="light" />,
    );
  return { s, rows, open };
}

describe('the heat map of a register still loading', () => {
  it('counts every risk from the compact projection while the rows are still arriving', async () => {
    const { s, rows, open } = await stillLoading();
    s.loadRiskSummary = async () =>
      rows.map(({ risk: r }) => ({
        id: r.id,
        reference: r.reference,
        register: r.register,
        status: r.status,
        ...(r.current ? { current: r.current } : {}),
        ...(r.target ? { target: r.target } : {}),
      }));
    open();
    const map = await screen.findByRole('group', { name: 'Adults heat map, current ratings' });
    expect(
      await within(map).findByRole('button', { name: /B High, Impact .*: .* band, 2 risks \(AH01, AH02\)/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The heat map counts every risk; the register's rows are still loading \(1 so far\)/),
    ).toBeInTheDocument();
  });

  it('counts the rows read so far, and says so, while the projection has not arrived', async () => {
    const { s, open } = await stillLoading();
    s.loadRiskSummary = () => new Promise(() => undefined);
    open();
    const map = await screen.findByRole('group', { name: 'Adults heat map, current ratings' });
    expect(within(map).getByRole('button', { name: /B High, .* 1 risk \(AH01\)/ })).toBeInTheDocument();
    expect(
      screen.getByText(/Loading the register: 1 risks so far; counts are not complete yet/),
    ).toBeInTheDocument();
  });
});
