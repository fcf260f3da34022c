/**
 * REVIEW_TIMEZONE: "today", whether a period is still open, the times cards show and the schedule's
 * hours are all read in the service's zone (default Europe/London), with daylight saving from the
 * IANA database.
 */
import { periodById } from '../../src/domain';
import { calendarDay } from '../../src/review/clock';
import { createDispatcher } from '../../src/review/dispatcher';
import { dueBy, isOpen } from '../../src/review/review-cards';
import { runPeriod, startSchedule } from '../../src/review/scheduler';
import { priya, world } from './fakes';
import { answer, cardFor, PERIOD, textOf } from './helpers';

const comment = 'No change this quarter.';

describe('REVIEW_TIMEZONE', () => {
  it('reads the calendar day of an instant in the zone', () => {
    // 23:30 UTC on 28 October: still the 28th in London (GMT after 25 October), the 29th in Auckland (NZDT).
    const t = Date.parse('2026-10-28T23:30:00Z');
    expect(calendarDay(t)).toBe('2026-10-28');
    expect(calendarDay(t, 'Europe/London')).toBe('2026-10-28');
    expect(calendarDay(t, 'Pacific/Auckland')).toBe('2026-10-29');
    expect(calendarDay(t, 'America/New_York')).toBe('2026-10-28');
  });

  it('closes a period at midnight after its cut-off day in the configured zone, not in London', async () => {
    const london = world('2026-10-29T12:00:00Z');
    const auckland = world('2026-10-29T12:00:00Z');
    auckland.deps = { ...auckland.deps, timeZone: 'Pacific/Auckland' };
    const found = periodById(PERIOD, london.store.settings.financialYearStartMonth);
    if (!found.ok) throw new Error(`${PERIOD} did not parse`);
    const period = found.value;
    expect(dueBy(london.store.settings, period)).toBe('2026-10-29');
    // Noon UTC on the cut-off day is 01:00 on the 30th in Auckland.
    expect(isOpen(london.store.settings, period, london.clock.now())).toBe(true);
    expect(isOpen(london.store.settings, period, london.clock.now(), 'Pacific/Auckland')).toBe(false);
    for (const w of [london, auckland]) w.teams.addChat(priya.email);
    const inLondon = await runPeriod(london.deps, createDispatcher(london.deps), { periodId: PERIOD });
    const inAuckland = await runPeriod(auckland.deps, createDispatcher(auckland.deps), { periodId: PERIOD });
    expect(inLondon.send?.sent.length).toBeGreaterThan(0);
    expect(inAuckland.registers[0]?.skipped).toMatch(/closed on 2026-10-29/);
    expect(auckland.teams.cards()).toHaveLength(0);
  });

  it('shows when an answer was recorded in the configured zone', async () => {
    for (const [zone, time] of [
      [undefined, '5 Oct 2026, 10:00'],
      ['Pacific/Auckland', '5 Oct 2026, 22:00'],
    ] as const) {
      const w = world('2026-10-05T09:00:00Z');
      if (zone) w.deps = { ...w.deps, timeZone: zone };
      w.teams.addChat(priya.email);
      await runPeriod(w.deps, createDispatcher(w.deps), { periodId: PERIOD });
      const res = await answer(w, cardFor(w, 'CRR0001').card, 'confirm', {
        likelihood: '3',
        impact: '4',
        comment,
      });
      expect(textOf(res.value)).toContain(time);
    }
  });

  it('runs the schedule on the hours of the configured zone', async () => {
    const w = world();
    w.deps = { ...w.deps, timeZone: 'Pacific/Auckland' };
    const schedule = await startSchedule(w.deps, createDispatcher(w.deps), '0 8 * * *');
    const next = schedule.nextRun();
    schedule.stop();
    const hour = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Pacific/Auckland',
      hour: '2-digit',
      hour12: false,
    });
    expect(next).toBeDefined();
    expect(hour.format(next)).toBe('08');
    const london = await startSchedule(world().deps, createDispatcher(world().deps), '0 8 * * *');
    const inLondon = london.nextRun();
    london.stop();
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hour12: false }).format(
        inLondon,
      ),
    ).toBe('08');
  });
});
