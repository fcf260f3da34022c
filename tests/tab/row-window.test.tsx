/** @jest-environment jsdom */
/**
 * The register grid keeps only the rows near its viewport in the DOM (fixed 44 px rows, the window
 * computed from the scroll box), and keyboard moves reach rows far outside it.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import { FakeStore, manager, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

const COUNT = 2_000;

function bigStore() {
  const s = new FakeStore(manager);
  s.addRegister(settings('Corporate', 'kent', 12));
  for (let i = 1; i <= COUNT; i++) {
    s.seed(
      risk({
        reference: `CRR${String(i).padStart(4, '0')}`,
        title: `Risk ${i}`,
        current: { likelihood: 1 + (i % 5), impact: 1 + (i % 4) },
      }),
    );
  }
  return s;
}

beforeEach(() => {
  installLayout(800);
  setUrl('');
});

const renderedRows = (grid: HTMLElement) =>
  within(grid)
    .getAllByRole('row')
    .slice(1)
    .map((r) => Number(r.getAttribute('aria-rowindex')));

describe('the grid’s row window', () => {
  it('renders the rows in an 800 px viewport and the overscan, not all 2,000', async () => {
    renderInTheme(<App session={{ store: bigStore(), user: manager, hostLabel: 'Test' }} theme="light" />);
    const grid = await screen.findByRole('grid', { name: /2000 risks/ });
    const rows = renderedRows(grid);
    // 800 / 44 = 18.2 rows in view, 12 beyond the edge: rows 1-31 (aria-rowindex 2-32; 1 is the header).
    expect(rows[0]).toBe(2);
    expect(rows).toHaveLength(31);
    expect(grid).toHaveAttribute('aria-rowcount', String(COUNT + 1));
    const group = within(grid).getByRole('rowgroup');
    expect(group.style.height).toBe(`${COUNT * 44}px`);

    // Scrolled to row 1,000: rows 988-1,031 around it, none from the top.
    act(() => {
      grid.scrollTop = 1_000 * 44;
      fireEvent.scroll(grid);
    });
    const after = renderedRows(grid);
    expect(after[0]).toBe(988 + 2);
    expect(after.at(-1)).toBe(1_031 + 1);
    expect(within(grid).queryByRole('row', { name: /CRR0001/ })).toBeNull();
  });

  it('reaches the last row with Ctrl+End and the first with Ctrl+Home, focused', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={{ store: bigStore(), user: manager, hostLabel: 'Test' }} theme="light" />);
    const grid = await screen.findByRole('grid', { name: /2000 risks/ });
    act(() => within(grid).getAllByRole('gridcell')[0]!.focus());
    await user.keyboard('{Control>}{End}{/Control}');
    await waitFor(() =>
      expect(document.activeElement?.closest('[role="row"]')).toHaveAttribute(
        'aria-rowindex',
        String(COUNT + 1),
      ),
    );
    // Scrolled the least that shows the last row: its bottom at the viewport's bottom.
    expect(grid.scrollTop).toBe(COUNT * 44 - 800);
    await user.keyboard('{Control>}{Home}{/Control}');
    await waitFor(() =>
      expect(document.activeElement?.closest('[role="row"]')).toHaveAttribute('aria-rowindex', '2'),
    );
    expect(grid.scrollTop).toBe(0);
  });
});
