import { createDispatcher } from '../../src/review/dispatcher';
import { startSchedule } from '../../src/review/scheduler';
import { priya, world } from './fakes';

describe('the in-process schedule', () => {
  it("walks the registers on the register's cron, and sends nothing more once stopped", async () => {
    const w = world('2026-09-25T08:00:00Z');
    w.teams.addChat(priya.email);
    // croner's six-field form: every second, so the test sees real ticks of the real timer.
    w.store.settings.review.cron = '* * * * * *';
    const schedule = await startSchedule(w.deps, createDispatcher(w.deps));
    try {
      expect(schedule.cron).toBe('* * * * * *');
      await waitUntil(() => w.requests.items.some((r) => r.periodId === '2026/27-Q3'));
      await waitUntil(() => w.teams.cards().length > 0);
    } finally {
      schedule.stop();
    }
    const sent = w.teams.cards().length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(w.teams.cards()).toHaveLength(sent);
  });

  it('prefers the service-wide override (REVIEW_SCHEDULE) to the register setting', async () => {
    const w = world();
    const schedule = await startSchedule(w.deps, createDispatcher(w.deps), '0 7 * * 1-5');
    schedule.stop();
    expect(schedule.cron).toBe('0 7 * * 1-5');
  });
});

/** Polls `check` until it holds; the limit only stops a broken test from hanging. */
async function waitUntil(check: () => boolean, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('The scheduled walk did not happen.');
    await new Promise((r) => setTimeout(r, 50));
  }
}
