/** @jest-environment jsdom */
/**
 * One truth about periods: during the lead days the review status shows the next period, whose requests
 * the review service has already sent, as open and due (the domain's dueWindows, the rule the scheduled
 * walk runs), beside the calendar period, for a manager and for an owner's own reviews alike.
 */
import { screen } from '@testing-library/react';
import type { CurrentUser } from '../../src/ports';
import { parseLocation } from '../../src/tab/lib/url-state';
import { ReviewStatusView } from '../../src/tab/views/review-status/ReviewStatusView';
import { FakeStore, manager, owner, reader, risk, settings } from './fake-store';
import { dataOf, installLayout, renderInTheme } from './render-helpers';

jest.setTimeout(30_000);
beforeEach(() => installLayout());

async function show(user: CurrentUser, today: string, search = '?view=reviews') {
  const s = new FakeStore(user, today);
  s.addRegister(settings('Corporate', 'kent', 12));
  s.seed(risk({ reference: 'CRR01', title: 'Budget gap' }));
  const data = await dataOf(s, today);
  renderInTheme(
    <ReviewStatusView data={data} location={parseLocation(search)} navigate={() => {}} user={user} />,
  );
  return screen.findByRole('list', { name: 'Review periods' });
}

describe.each([
  ['a manager', manager, '?view=reviews'],
  ['an owner, their own reviews', owner, '?view=reviews&mine=1'],
  ['a reader', reader, '?view=reviews'],
])('for %s', (_who, user, search) => {
  it('shows the next period open with its requests out during the lead days', async () => {
    // 26 December: Q3 closed 28 days after 1 October; Q4's requests went out 7 days before 1 January.
    const periods = await show(user, '2026-12-26', search);
    expect(periods).toHaveTextContent(/Q3 2026\/27 is closed: closed on 29 Oct 2026/);
    expect(periods).toHaveTextContent(
      /Q4 2026\/27 is open: requests went out on 25 Dec 2026; answers accepted until 29 Jan 2027\./,
    );
  });

  it('shows only the calendar period when no other period is due', async () => {
    const periods = await show(user, '2026-11-22', search);
    expect(periods).toHaveTextContent(/Q3 2026\/27 is closed/);
    expect(periods).not.toHaveTextContent(/Q4/);
  });
});
