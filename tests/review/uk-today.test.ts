/**
 * "Today" for the review flow is the UK calendar date: in the first hour of a BST day the UTC
 * date is still the day before, so a cut-off compared on the UTC date would stay open an hour late.
 */
import { periodById } from '../../src/domain';
import { dueBy, isOpen } from '../../src/review/review-cards';
import { defaultSettings } from '../../src/sharepoint/settings-codec';

describe('the cut-off day in UK time', () => {
  const settings = defaultSettings('Corporate');
  const found = periodById('2026/27-Q1', settings.financialYearStartMonth);
  if (!found.ok) throw new Error('period 2026/27-Q1 did not parse');
  const period = found.value;

  it('closes at UK midnight after the cut-off day (a BST day)', () => {
    const due = dueBy(settings, period);
    expect(due).toBe('2026-04-29');
    const dayAfter = new Date(Date.parse(`${due}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // 23:30 UTC on the cut-off day is 00:30 BST on the next day (the cut-off falls in summer).
    expect(isOpen(settings, period, Date.parse(`${due}T22:59:00Z`))).toBe(true);
    expect(isOpen(settings, period, Date.parse(`${due}T23:30:00Z`))).toBe(false);
    expect(isOpen(settings, period, Date.parse(`${dayAfter}T00:30:00Z`))).toBe(false);
  });
});
