/** @jest-environment jsdom */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import { FakeStore, manager, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

function store() {
  const s = new FakeStore(manager);
  s.addRegister(settings('Corporate', 'kent', 12));
  s.addRegister(settings('Adults', 'medway'));
  s.seed(risk({ reference: 'CRR01', title: 'Budget gap', current: { likelihood: 4, impact: 5 } }));
  s.seed(
    risk({
      reference: 'CRR02',
      title: 'Cyber attack',
      current: { likelihood: 2, impact: 2 },
      owners: [{ id: 9, name: 'Helen Marsh' }],
    }),
  );
  s.seed(
    risk({
      reference: 'AH01',
      register: 'Adults',
      title: 'Home care market',
      current: { likelihood: 4, impact: 3 },
    }),
  );
  return s;
}

const session = (s: FakeStore) => ({ store: s, user: manager, hostLabel: 'Test' });

beforeEach(() => {
  installLayout();
  setUrl('');
});

describe('the register view', () => {
  it('shows a skeleton, then every open risk with its rating in the register’s notation', async () => {
    renderInTheme(<App session={session(store())} theme="light" />);
    expect(screen.getByRole('progressbar', { name: 'Loading the register' })).toBeInTheDocument();
    const grid = await screen.findByRole('grid', { name: /Risk register, 3 risks/ });
    const row = within(grid).getByRole('row', { name: /CRR01/ });
    expect(within(row).getByText('High (20)')).toBeInTheDocument();
    expect(within(grid).getByRole('row', { name: /AH01/ })).toBeInTheDocument();
  });

  it('filters by register and owner and keeps the filters in the URL', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={session(store())} theme="light" />);
    await screen.findByRole('grid');
    // The filter bar's code arrives beside the rows (it is not in the first render).
    const search = await screen.findByRole('search');
    await user.selectOptions(within(search).getByLabelText('Register'), 'Corporate');
    await user.selectOptions(within(search).getByLabelText('Owner'), 'Helen Marsh');
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('Showing 1 of 3 risks');
    expect(window.location.search).toContain('register=Corporate');
    expect(window.location.search).toContain('owner=Helen+Marsh');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(screen.getByText('Showing 3 of 3 risks')).toBeInTheDocument();
  });

  it('says when no risk matches the search and offers to clear it', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={session(store())} theme="light" />);
    await screen.findByRole('grid');
    await user.type(await screen.findByRole('searchbox'), 'flooding');
    expect(await screen.findByText('No risks match these filters')).toBeInTheDocument();
  });

  it('sorts by a column header and marks the sort for screen readers', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={session(store())} theme="light" />);
    const grid = await screen.findByRole('grid');
    await user.click(within(grid).getByRole('button', { name: /Current rating/ }));
    await user.click(within(grid).getByRole('button', { name: /Current rating/ }));
    expect(within(grid).getByRole('columnheader', { name: /Current rating/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    const rows = within(grid).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('CRR01');
  });

  it('resizes a column from the keyboard', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={session(store())} theme="light" />);
    await screen.findByRole('grid');
    const handle = screen.getByRole('separator', { name: 'Resize Title column' });
    const before = Number(handle.getAttribute('aria-valuenow'));
    handle.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(Number(handle.getAttribute('aria-valuenow'))).toBe(before + 32);
  });

  it('moves between cells with the arrow keys, Home and End, one cell in the tab order', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={session(store())} theme="light" />);
    const grid = await screen.findByRole('grid');
    const cells = (row: number) =>
      within(within(grid).getAllByRole('row')[row + 1]!).getAllByRole('gridcell');
    expect(
      within(grid)
        .getAllByRole('gridcell')
        .filter((c) => c.tabIndex === 0),
    ).toEqual([cells(0)[0]]);
    act(() => cells(0)[0]!.focus());
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(cells(0)[1]).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(cells(1)[1]).toHaveFocus());
    await user.keyboard('{End}');
    await waitFor(() => expect(cells(1).at(-1)).toHaveFocus());
    await user.keyboard('{Home}');
    await waitFor(() => expect(cells(1)[0]).toHaveFocus());
    await user.keyboard('{ArrowLeft}{ArrowUp}{ArrowUp}');
    await waitFor(() => expect(cells(0)[0]).toHaveFocus());
    // Still one cell in the tab order: the focused one.
    expect(
      within(grid)
        .getAllByRole('gridcell')
        .filter((c) => c.tabIndex === 0),
    ).toEqual([cells(0)[0]]);
  });

  it('opens a risk with Enter on a focused cell', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={session(store())} theme="light" />);
    const grid = await screen.findByRole('grid');
    act(() => within(within(grid).getAllByRole('row')[1]!).getAllByRole('gridcell')[2]?.focus());
    await user.keyboard('{Enter}');
    expect(
      await screen.findByRole('heading', { level: 1, name: /AH01: Home care market/ }),
    ).toBeInTheDocument();
    expect(window.location.search).toMatch(/risk=\d+/);
  });

  it('keeps a 5,000-risk register to a window of rendered rows', async () => {
    const s = new FakeStore(manager);
    s.addRegister(settings('Corporate', 'kent', 12));
    for (let i = 1; i <= 5000; i++) {
      s.seed(risk({ reference: `R${i}`, current: { likelihood: (i % 5) + 1, impact: ((i * 7) % 5) + 1 } }));
    }
    renderInTheme(<App session={session(s)} theme="light" />);
    const grid = await screen.findByRole('grid', { name: /5000 risks/ });
    expect(grid).toHaveAttribute('aria-rowcount', '5001');
    const rendered = within(grid).getAllByRole('row').length - 1;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(80);
  });

  it('shows an error bar with Retry when the register cannot be loaded, and recovers', async () => {
    const user = userEvent.setup();
    const s = store();
    const realList = s.listRegisters.bind(s);
    let fail = true;
    s.listRegisters = async () => {
      if (fail)
        throw Object.assign(new Error('Could not read the registers: throttled (429).'), { status: 429 });
      return realList();
    };
    renderInTheme(<App session={session(s)} theme="light" />);
    expect(await screen.findByText('SharePoint is busy')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByRole('grid')).toBeInTheDocument());
  });
});
