/** @jest-environment jsdom */
/** The heat-map cell banner in the register's own codes, and sorting by rating across registers. */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import { filterAndSort, toGridRows } from '../../src/tab/views/register/grid-rows';
import { FakeStore, manager, risk, settings } from './fake-store';
import { dataOf, installLayout, renderInTheme, setUrl } from './render-helpers';

jest.setTimeout(30_000);

beforeEach(() => installLayout());

describe('the heat-map cell filter banner', () => {
  it('names the cell in the register’s codes and labels, not internal numbers', async () => {
    const user = userEvent.setup();
    const store = new FakeStore(manager);
    store.addRegister(settings('Adults', 'medway'));
    store.seed(risk({ reference: 'AH01', register: 'Adults', current: { likelihood: 4, impact: 3 } }));
    setUrl('?view=heatmap');
    renderInTheme(<App session={{ store, user: manager, hostLabel: 'Test' }} theme="light" />);
    const map = await screen.findByRole('group', { name: 'Adults heat map, current ratings' });
    await user.click(within(map).getByRole('button', { name: /B High, Impact .*1 risk/ }));
    // Medway: likelihood 4 is B High, impact 3 is II Major.
    const banner = await screen.findByText(/^Showing heat map cell:/);
    expect(banner).toHaveTextContent(
      'Showing heat map cell: likelihood B High, impact II Major (current rating)',
    );
    expect(banner).not.toHaveTextContent(/likelihood 4|impact 3/);
  });
});

describe('sorting by rating across registers', () => {
  async function rows() {
    const store = new FakeStore(manager);
    // Halton 4 x 4: High is 12-16. Kent 5 x 5: Medium reaches 15, High starts at 16.
    store.addRegister(settings('Halton', 'halton'));
    store.addRegister(settings('Kent', 'kent'));
    store.seed(risk({ reference: 'H-HIGH-12', register: 'Halton', current: { likelihood: 3, impact: 4 } }));
    store.seed(risk({ reference: 'H-LOW-4', register: 'Halton', current: { likelihood: 2, impact: 2 } }));
    store.seed(risk({ reference: 'K-MED-15', register: 'Kent', current: { likelihood: 5, impact: 3 } }));
    store.seed(risk({ reference: 'K-HIGH-16', register: 'Kent', current: { likelihood: 4, impact: 4 } }));
    store.seed(risk({ reference: 'K-UNRATED', register: 'Kent', current: undefined }));
    return toGridRows((await dataOf(store)).rows);
  }
  const order = (all: Awaited<ReturnType<typeof rows>>, descending: boolean) =>
    filterAndSort(all, { status: 'open' }, { key: 'current', descending }).map((r) => r.reference);

  it('keeps each band together, highest band first, then by score within it', async () => {
    const all = await rows();
    // By score alone Kent's Medium 15 would sit above Halton's High 12.
    expect(order(all, true)).toEqual(['K-HIGH-16', 'H-HIGH-12', 'K-MED-15', 'H-LOW-4', 'K-UNRATED']);
    expect(order(all, false)).toEqual(['K-UNRATED', 'H-LOW-4', 'K-MED-15', 'H-HIGH-12', 'K-HIGH-16']);
  });

  it('orders Medway’s per-cell bands by band, not by score', async () => {
    const store = new FakeStore(manager);
    store.addRegister(settings('Adults', 'medway'));
    // Medway's bands come per cell: D-III (2 x 2) is Low and E-I (1 x 4) Medium, both scoring 4.
    for (const [reference, likelihood, impact] of [
      ['AH-A', 2, 2],
      ['AH-B', 1, 4],
      ['AH-C', 5, 2],
      ['AH-D', 3, 3],
    ] as const)
      store.seed(risk({ reference, register: 'Adults', current: { likelihood, impact } }));
    const all = toGridRows((await dataOf(store)).rows);
    const sorted = filterAndSort(all, { status: 'open' }, { key: 'current', descending: true });
    expect(sorted.map((r) => `${r.reference} ${r.current?.band?.name} ${r.current?.score}`)).toEqual([
      'AH-C High 10',
      'AH-D Medium 9',
      'AH-B Medium 4',
      'AH-A Low 4',
    ]);
  });
});
