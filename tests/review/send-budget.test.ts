/**
 * The tenant's Teams budget shared by two instances through the state (two SQLite connections on one
 * file, as two instances share Azure Table Storage): together they never take more than the budget in
 * any one second, and one instance alone uses all of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sharedSendBudget } from '../../src/review/send-budget';
import type { StateTable } from '../../src/review/state-table';
import { openSqliteStateTable } from '../../src/server/state-sqlite';
import { virtualClock } from './fakes';

/** The most grants in any window of `ms` among the times. */
function busiest(times: number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('the shared Teams budget', () => {
  let dir: string;
  let tables: StateTable[];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'send-budget-'));
    tables = [0, 1].map(() => openSqliteStateTable(path.join(dir, 'state.db')));
  });
  afterEach(async () => {
    for (const t of tables) await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never grants two instances together more than the budget in a second', async () => {
    const clock = virtualClock('2026-04-02T09:00:00Z');
    const granted: { who: string; at: number }[] = [];
    // The time of each slot as the budget wrote it (the virtual clock jumps while the other sleeps).
    const recording = (who: string, t: StateTable): StateTable => {
      const note = <T>(written: T): T => {
        const value = (written as { value?: { granted?: number[] } }).value;
        if (value?.granted) granted.push({ who, at: value.granted.at(-1)! });
        return written;
      };
      return {
        ...t,
        insert: async (p, k, v) => note(await t.insert(p, k, v)),
        replace: async (p, k, v, e) => note(await t.replace(p, k, v, e)),
      };
    };
    const [a, b] = [recording('a', tables[0]!), recording('b', tables[1]!)].map((t) =>
      sharedSendBudget(t, clock, 10),
    );
    const take = async (budget: typeof a, n: number) => {
      for (let k = 0; k < n; k++) await budget!.acquire();
    };
    // Several calls in flight per instance, as the sender has.
    await Promise.all([...[0, 1, 2].map(() => take(a, 20)), ...[0, 1, 2].map(() => take(b, 20))]);
    expect(granted).toHaveLength(120);
    expect(
      busiest(
        granted.map((g) => g.at),
        1_000,
      ),
    ).toBe(10);
    // Both instances took slots in the first second: neither waits for the other to finish.
    const firstSecond = granted.filter((g) => g.at < granted[0]!.at + 1_000);
    expect(firstSecond).toHaveLength(10);
    expect(new Set(firstSecond.map((g) => g.who))).toEqual(new Set(['a', 'b']));
  });

  it('lets one instance use what the other leaves', async () => {
    const clock = virtualClock('2026-04-02T09:00:00Z');
    const [a, b] = tables.map((t) => sharedSendBudget(t, clock, 10));
    const start = clock.now();
    // Instance b took 4 slots, then went quiet: a gets the other 6 at once, then the whole budget.
    for (let k = 0; k < 4; k++) await b!.acquire();
    const times: number[] = [];
    for (let k = 0; k < 26; k++) {
      await a!.acquire();
      times.push(clock.now() - start);
    }
    expect(times.filter((t) => t < 1_000)).toHaveLength(6);
    expect(times.filter((t) => t >= 1_000 && t < 2_001)).toHaveLength(10);
    expect(busiest(times, 1_000)).toBe(10);
  });

  it('refuses a budget that is not a whole number of calls', () => {
    const clock = virtualClock('2026-04-02T09:00:00Z');
    expect(() => sharedSendBudget(tables[0]!, clock, 0)).toThrow(/whole number of calls per second, got 0/);
  });
});
