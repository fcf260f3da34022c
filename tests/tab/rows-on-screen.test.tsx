/** @jest-environment jsdom */
/**
 * Rows read as the grid shows them (issue 20): the grid lists every risk from the compact projection
 * and reads, by ID, only the rows on screen once the scrolling pauses; views and filters that need
 * every risk's row read the rest a page at a time. Against the tab's in-memory store, extended with
 * the first-screen reads the SharePoint store has (their requests are tested in
 * tests/sharepoint/first-screen.test.ts).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FirstScreen, RegisterRow, RegisterStore, RiskSummaryRow, RowsPage } from '../../src/ports';
import { App } from '../../src/tab/App';
import {
  readAfterMs,
  readersAtOnce,
  readEveryRow,
  RowSession,
  type Timers,
} from '../../src/tab/data/row-session';
import type { RegisterData } from '../../src/tab/data/use-register-data';
import { periodFor } from '../../src/tab/lib/period';
import { todayIso } from '../../src/tab/lib/dates';
import { FakeStore, manager, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

const today = todayIso();

// Only the browser download is replaced: the export is built as in the tab.
const downloads: { content: unknown; fileName: string }[] = [];
jest.mock('../../src/tab/views/reports/download', () => ({
  ...jest.requireActual('../../src/tab/views/reports/download'),
  downloadFile: (content: unknown, fileName: string) => downloads.push({ content, fileName }),
}));

/**
 * `count` risks, the first screen holding the first `firstCount`; the store's reads by ID and after an
 * ID answer from its rows and log what was asked.
 */
async function register(count: number, firstCount = 100) {
  const s: FakeStore & RegisterStore = new FakeStore(manager);
  s.addRegister(settings('Corporate', 'kent', 12));
  for (let i = 1; i <= count; i++) {
    s.seed(
      risk({
        reference: `CRR${String(i).padStart(4, '0')}`,
        title: `Risk ${i}`,
        owners: [{ name: i % 2 ? 'Ann Odd' : 'Ed Even' }],
        current: { likelihood: 1 + (i % 5), impact: 1 + (i % 4) },
      }),
    );
  }
  const stored = await s.getSettings('Corporate');
  const period = periodFor(stored, today);
  const rows: RegisterRow[] = [
    ...(await s.loadRegisterView({ register: 'Corporate', periodId: period.id })).rows,
  ].sort((a, b) => a.risk.id - b.risk.id);
  const byId = new Map(rows.map((r) => [r.risk.id, r]));
  const asked: number[][] = [];
  const after: number[] = [];
  s.loadRowsById = async (ids) => {
    asked.push(ids);
    return { rows: ids.flatMap((id) => byId.get(id) ?? []), issues: [] };
  };
  s.loadRowsAfter = async (afterId, n): Promise<RowsPage> => {
    after.push(afterId);
    const rest = rows.filter((r) => r.risk.id > afterId);
    const page = rest.slice(0, n);
    return { rows: page, issues: [], ...(rest.length > n ? { nextAfterId: page.at(-1)!.risk.id } : {}) };
  };
  s.loadRiskSummary = async (): Promise<RiskSummaryRow[]> =>
    rows.map(({ risk: r }) => ({
      id: r.id,
      reference: r.reference,
      register: r.register,
      status: r.status,
      ...(r.current ? { current: r.current } : {}),
    }));
  const first: FirstScreen = {
    user: manager,
    registers: [{ name: 'Corporate', settings: stored, period }],
    rows: rows.slice(0, firstCount),
    issues: [],
    lastRiskId: rows.at(-1)!.risk.id,
    ...(count > firstCount ? { nextAfterId: rows[firstCount - 1]!.risk.id } : {}),
  };
  return { s, rows, first, asked, after };
}

/** Timers run by hand: `run()` fires whatever is due. */
function manualTimers(): Timers & { run: () => void; pending: () => number } {
  let queue: (() => void)[] = [];
  return {
    now: () => 0,
    setTimeout: (f) => {
      queue.push(f);
      return f;
    },
    clearTimeout: (h) => {
      queue = queue.filter((f) => f !== h);
    },
    run: () => {
      const due = queue;
      queue = [];
      due.forEach((f) => f());
    },
    pending: () => queue.length,
  };
}

/** A session whose every-row read fails fails the test with the reason. */
const fail = (err: unknown) => {
  throw err instanceof Error ? err : new Error(String(err));
};

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the row session', () => {
  it('reads the projection, then only the rows asked for, once each, after the scrolling pauses', async () => {
    const { s, rows, first, asked, after } = await register(450);
    const timers = manualTimers();
    const seen: { data: RegisterData; reading: boolean }[] = [];
    const session = new RowSession(
      s,
      first,
      today,
      { publish: (data, reading) => seen.push({ data, reading }), failed: fail },
      timers,
    );
    session.start();
    await settle();
    const ready = seen.at(-1)!;
    expect(ready.reading).toBe(false);
    expect(ready.data.partial).toBe(true);
    expect(ready.data.summary).toHaveLength(450);
    expect(ready.data.rows).toHaveLength(100);

    const id = (k: number) => rows[k]!.risk.id;
    // A fast scroll: three asks in a row, only the last is read, in parts of 100.
    session.readRows([id(200), id(201)]);
    session.readRows([id(300)]);
    session.readRows([...Array.from({ length: 150 }, (_, k) => id(250 + k)), id(5)]);
    expect(timers.pending()).toBe(1);
    timers.run();
    await settle();
    expect(asked.map((a) => a.length)).toEqual([100, 50]);
    expect(asked.flat()).not.toContain(id(5)); // on the first screen: already read
    expect(asked.flat()).not.toContain(id(200));
    expect(seen.at(-1)!.data.rows).toHaveLength(250);
    // Asked again: nothing is read twice. No page was read after an ID.
    session.readRows([id(260), id(399)]);
    expect(timers.pending()).toBe(0);
    expect(after).toEqual([]);
    // While every row is read a page at a time, the rows on screen are still read by ID at once.
    session.readAll();
    session.readRows([id(440)]);
    expect(timers.pending()).toBe(1);
  });

  it('says when rows could not be read, asks again only on Retry, and then reads them', async () => {
    const { s, rows, first, asked } = await register(300);
    const real = s.loadRowsById!;
    let failing = true;
    s.loadRowsById = (ids, t, regs) =>
      failing ? Promise.reject(new Error('The site did not answer.')) : real(ids, t, regs);
    const timers = manualTimers();
    let last: RegisterData | undefined;
    const session = new RowSession(s, first, today, { publish: (d) => (last = d), failed: fail }, timers);
    session.start();
    await settle();
    const ids = [rows[150]!.risk.id, rows[151]!.risk.id];
    session.readRows(ids);
    timers.run();
    await settle();
    expect(last!.readProblem?.message).toMatch(/did not answer/);
    // Shown again (a publish re-renders the grid): not asked by itself.
    session.readRows(ids);
    expect(timers.pending()).toBe(0);
    failing = false;
    last!.retryRows!();
    expect(last!.readProblem).toBeUndefined();
    session.readRows(ids);
    timers.run();
    await settle();
    expect(asked.flat()).toEqual(ids);
    expect(last!.rows.map((r) => r.risk.id)).toEqual(expect.arrayContaining(ids));
  });

  it('reads every row when the projection fails, or when the store cannot read rows by ID', async () => {
    const failed = await register(600);
    failed.s.loadRiskSummary = () => Promise.reject(new Error('refused'));
    let last: RegisterData | undefined;
    new RowSession(failed.s, failed.first, today, { publish: (d) => (last = d), failed: fail }).start();
    await waitFor(() => expect(last?.partial).toBe(false));
    expect(last!.rows).toHaveLength(600);
    expect(failed.after.length).toBeGreaterThan(0);

    const noIds = await register(600);
    delete noIds.s.loadRowsById;
    let data: RegisterData | undefined;
    new RowSession(noIds.s, noIds.first, today, { publish: (d) => (data = d), failed: fail }).start();
    await waitFor(() => expect(data?.partial).toBe(false));
    expect(data!.summary).toHaveLength(600);
    expect(data!.rows).toHaveLength(600);
  });
});

describe('every row, when a view needs them', () => {
  it('reads ID windows four at a time, each risk once, across deleted ids and risks added since', async () => {
    const { s, rows, first } = await register(1_300);
    // Every seventh risk deleted since the projection's newest ID was read, and two risks added after it.
    const kept = rows.filter((_, k) => k < 100 || k % 7 !== 0);
    const newest = rows.at(-1)!.risk.id;
    const added = [1, 2].map((n) => ({ ...rows[0]!, risk: { ...rows[0]!.risk, id: newest + n } }));
    const list = [...kept, ...added];
    let inFlight = 0;
    let most = 0;
    const reads: number[] = [];
    s.loadRowsAfter = async (afterId, n): Promise<RowsPage> => {
      reads.push(afterId);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      const rest = list.filter((r) => r.risk.id > afterId);
      const page = rest.slice(0, n);
      return { rows: page, issues: [], ...(rest.length > n ? { nextAfterId: page.at(-1)!.risk.id } : {}) };
    };
    const data = await readEveryRow(s, first, today);
    expect(most).toBe(readersAtOnce);
    const ids = data.rows.map((r) => r.risk.id).sort((a, b) => a - b);
    expect(ids).toEqual(list.map((r) => r.risk.id));
    expect(data.partial).toBe(false);
    // 1,200 ids after the first screen: five windows of 250 ids, one read each.
    expect(reads).toHaveLength(5);
  });
});

describe('the register grid on a register larger than its first screen', () => {
  beforeEach(() => {
    installLayout(800);
    setUrl('');
  });

  it('lists every risk at once, reads the rows on screen as it scrolls, and no page of the rest', async () => {
    const { s, first, asked, after } = await register(2_000);
    renderInTheme(
      <App session={{ store: s, user: manager, hostLabel: 'Test', firstScreen: first }} theme="light" />,
    );
    const grid = await screen.findByRole('grid', { name: /2000 risks/ });
    expect(screen.getByText('Showing 2,000 of 2,000 risks')).toBeInTheDocument();
    expect(within(grid).getByRole('row', { name: /CRR0001 Risk 1 / })).toBeInTheDocument();

    // Row 1,000: its reference and rating at once (the projection), its title once read.
    act(() => {
      grid.scrollTop = 1_000 * 44;
      fireEvent.scroll(grid);
    });
    const row = within(grid).getByRole('row', { name: /CRR1001/ });
    expect(row).toHaveTextContent(/Loading…/);
    await waitFor(() => expect(row).toHaveTextContent('Risk 1001'), { timeout: readAfterMs + 2_000 });
    expect(asked).toHaveLength(1);
    // The rows rendered there (the viewport and overscan), none of the first screen's.
    expect(asked[0]).toHaveLength(43);
    expect(after).toEqual([]);
    expect(screen.queryByText(/risks so far/)).toBeNull();
  });

  it('reads every row when a filter needs them: the owner filter lists every owner, then matches', async () => {
    const { s, first, after } = await register(1_200);
    renderInTheme(
      <App session={{ store: s, user: manager, hostLabel: 'Test', firstScreen: first }} theme="light" />,
    );
    await screen.findByRole('grid', { name: /1200 risks/ });
    const owner = await screen.findByRole('combobox', { name: 'Owner' });
    await userEvent.click(owner);
    await waitFor(() => expect(after.length).toBeGreaterThan(0));
    await userEvent.selectOptions(owner, 'Ed Even');
    expect(await screen.findByRole('grid', { name: /600 risks/ }, { timeout: 5_000 })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText(/risks so far/)).toBeNull());
    expect(screen.getByText('Showing 600 of 1,200 risks')).toBeInTheDocument();
  });

  it('exports every risk: an export asked for before the rest is read waits for it', async () => {
    const { s, first, after } = await register(700);
    renderInTheme(
      <App session={{ store: s, user: manager, hostLabel: 'Test', firstScreen: first }} theme="light" />,
    );
    await screen.findByRole('grid', { name: /700 risks/ });
    expect(after).toEqual([]);
    await userEvent.click(await screen.findByRole('button', { name: 'Export' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Register (CSV)' }));
    await waitFor(() => expect(downloads).toHaveLength(1), { timeout: 10_000 });
    expect(after.length).toBeGreaterThan(0);
    const csv = String(downloads[0]!.content);
    expect(csv).toContain('CRR0700');
    expect(csv.match(/\bCRR\d{4}\b/g)?.length).toBe(700);
  });
});
