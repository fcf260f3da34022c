import { filterAndSort, toGridRows } from '../../src/tab/views/register/grid-rows';
import { FakeStore, manager, risk, settings } from './fake-store';
import { dataOf } from './render-helpers';

async function rows() {
  const store = new FakeStore(manager);
  store.addRegister(settings('Corporate', 'kent', 12));
  store.addRegister(settings('Adults', 'medway'));
  store.seed(risk({ reference: 'CRR2', title: 'Cyber attack', current: { likelihood: 4, impact: 5 } }));
  store.seed(
    risk({
      reference: 'CRR10',
      title: 'Budget gap',
      current: { likelihood: 2, impact: 2 },
      status: 'closed',
    }),
  );
  store.seed(
    risk({ reference: 'CRR1', title: 'Flooding', current: { likelihood: 3, impact: 3 }, appetite: 6 }),
  );
  store.seed(
    risk({
      reference: 'AH01',
      register: 'Adults',
      title: 'Home care',
      current: { likelihood: 4, impact: 3 },
    }),
  );
  return toGridRows((await dataOf(store)).rows);
}

describe('register grid rows', () => {
  it('prints each rating in its own register’s notation with the band word', async () => {
    const all = await rows();
    const byRef = new Map(all.map((r) => [r.reference, r]));
    expect(byRef.get('CRR2')?.current?.text).toBe('High (20)');
    expect(byRef.get('AH01')?.current?.text).toMatch(/^B/);
    expect(byRef.get('AH01')?.current?.band?.name).toBeTruthy();
  });

  it('flags risks above their own or the register’s appetite', async () => {
    const all = await rows();
    const above = filterAndSort(
      all,
      { status: 'open', aboveAppetite: true },
      { key: 'reference', descending: false },
    );
    expect(above.map((r) => r.reference)).toEqual(['CRR1', 'CRR2']);
  });

  it('hides closed risks unless asked, and sorts references naturally', async () => {
    const all = await rows();
    const sort = { key: 'reference' as const, descending: false };
    expect(
      filterAndSort(all, { status: 'open', register: 'Corporate' }, sort).map((r) => r.reference),
    ).toEqual(['CRR1', 'CRR2']);
    expect(
      filterAndSort(all, { status: 'all', register: 'Corporate' }, sort).map((r) => r.reference),
    ).toEqual(['CRR1', 'CRR2', 'CRR10']);
  });

  it('sorts by current score, highest first, and matches every search word', async () => {
    const all = await rows();
    const byScore = filterAndSort(all, { status: 'open' }, { key: 'current', descending: true });
    expect(byScore[0]?.reference).toBe('CRR2');
    expect(
      filterAndSort(all, { status: 'all', q: 'cyber crr' }, { key: 'reference', descending: false }).map(
        (r) => r.reference,
      ),
    ).toEqual(['CRR2']);
  });

  it('keeps only the risks in a heat-map cell', async () => {
    const all = await rows();
    const cell = filterAndSort(
      all,
      { status: 'open', cell: { tier: 'current', likelihood: 3, impact: 3 } },
      { key: 'reference', descending: false },
    );
    expect(cell.map((r) => r.reference)).toEqual(['CRR1']);
  });
});
