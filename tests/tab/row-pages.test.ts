/**
 * Rows after the first screen: the data so far is handed on after the first page and then at most
 * once a second (each hand-on filters and sorts every row read), and the rows already converted for
 * the grid are not converted again when a page arrives.
 */
import type { FirstScreen, RegisterStore, RowsPage } from '../../src/ports';
import { readEveryRow, type Timers } from '../../src/tab/data/row-session';
import { periodFor } from '../../src/tab/lib/period';
import { todayIso } from '../../src/tab/lib/dates';
import { toGridRows } from '../../src/tab/views/register/grid-rows';
import { FakeStore, manager, risk, settings } from './fake-store';

/** A register of 12 risks whose pages come 2 at a time, each page taking `msPerPage` on a fake clock. */
async function paged(msPerPage: number) {
  const s: FakeStore & RegisterStore = new FakeStore(manager);
  s.addRegister(settings('Corporate', 'kent'));
  for (let i = 1; i <= 12; i++)
    s.seed(risk({ reference: `CRR${String(i).padStart(2, '0')}`, title: `Risk ${i}` }));
  const stored = await s.getSettings('Corporate');
  const period = periodFor(stored, todayIso());
  const rows = [...(await s.loadRegisterView({ register: 'Corporate', periodId: period.id })).rows].sort(
    (a, b) => a.risk.id - b.risk.id,
  );
  let clock = 0;
  s.loadRowsAfter = async (after: number): Promise<RowsPage> => {
    clock += msPerPage;
    const rest = rows.filter((r) => r.risk.id > after);
    const page = rest.slice(0, 2);
    return { rows: page, issues: [], ...(rest.length > 2 ? { nextAfterId: page.at(-1)!.risk.id } : {}) };
  };
  const first: FirstScreen = {
    user: manager,
    registers: [{ name: 'Corporate', settings: stored, period }],
    rows: rows.slice(0, 1),
    issues: [],
    lastRiskId: rows.at(-1)!.risk.id,
    nextAfterId: rows[0]!.risk.id,
  };
  return { s, first, now: () => clock };
}

/** A fake clock for the session: `now` only (the reads by ID, with their pause, are tested below). */
const clockOf = (now: () => number): Timers => ({
  now,
  setTimeout: () => undefined,
  clearTimeout: () => undefined,
});

describe('rows after the first screen', () => {
  it('hands on the first page at once and then at most once a second, and returns every row', async () => {
    // 6 pages (risks 2-3, 4-5, … 12) at 400 ms each: handed on at 400 ms (3 rows) and at 1,600 ms
    // (9 rows); the last page is the result's.
    const { s, first, now } = await paged(400);
    const seen: number[] = [];
    const data = await readEveryRow(s, first, todayIso(), (d) => seen.push(d.rows.length), clockOf(now));
    expect(seen).toEqual([3, 9]);
    expect(data.rows.map((r) => r.risk.reference)).toEqual(
      Array.from({ length: 12 }, (_, i) => `CRR${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('hands on every page when pages take longer than a second', async () => {
    const { s, first, now } = await paged(1500);
    const seen: number[] = [];
    await readEveryRow(s, first, todayIso(), (d) => seen.push(d.rows.length), clockOf(now));
    expect(seen).toEqual([3, 5, 7, 9, 11, 12]);
  });

  it('keeps each row’s grid values across pages: the same object for the same row', async () => {
    const { s, first, now } = await paged(400);
    const pages: ReturnType<typeof toGridRows>[] = [];
    await readEveryRow(s, first, todayIso(), (d) => pages.push(toGridRows(d.rows)), clockOf(now));
    const [early, late] = pages as [ReturnType<typeof toGridRows>, ReturnType<typeof toGridRows>];
    expect(late.slice(0, early.length)).toEqual(early);
    early.forEach((row, i) => expect(late[i]).toBe(row));
  });
});
