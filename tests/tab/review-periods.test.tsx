/** @jest-environment jsdom */
/**
 * One truth about periods: during the lead days the review status shows the next period, whose requests
 * the review service has already sent, as open and due (the domain's dueWindows, the rule the scheduled
 * walk runs), beside the calendar period, for a manager and for an owner's own reviews alike.
 */
import { screen, within } from '@testing-library/react';
import type { CurrentUser, ReviewRequestStatus } from '../../src/ports';
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

describe("during the lead days, the next period's review requests", () => {
  const jo = { id: 4, name: 'Jo Patel', email: 'jo@x.example' };
  const priya = { id: 2, name: 'Priya Shah', email: 'priya@x.example' };

  /** Corporate (CRR01 Priya, CRR02 Jo, CRR03 closed) and People (PPL01 Jo); Q4's requests as the service left them. */
  async function showRequests(user: CurrentUser, search: string, fail?: Error) {
    const today = '2026-12-26';
    const s = new FakeStore(user, today);
    s.addRegister(settings('Corporate', 'kent', 12));
    s.addRegister(settings('People', 'kent', 12));
    const a = s.seed(risk({ reference: 'CRR01', title: 'Budget gap' }));
    const b = s.seed(risk({ reference: 'CRR02', title: 'Recruitment', owners: [jo] }));
    const c = s.seed(risk({ reference: 'CRR03', title: 'Old risk', status: 'closed' }));
    const d = s.seed(risk({ reference: 'PPL01', title: 'Agency staff', register: 'People', owners: [jo] }));
    const request = (
      r: { id: number; reference: string },
      who: typeof jo,
      status: ReviewRequestStatus,
      periodId = '2026/27-Q4',
    ) => ({
      id: 900 + s.requests.length,
      etag: '"1"',
      modified: '2026-12-25T08:00:00Z',
      key: `${r.id}|${periodId}|${who.id}`,
      riskId: r.id,
      riskReference: r.reference,
      periodId,
      owner: who,
      status,
      attempts: 1,
      sentAt: '2026-12-25T08:00:00Z',
    });
    s.requests.push(
      request(a, priya, 'answered'),
      request(b, jo, 'unreachable'),
      request(c, priya, 'closed'),
      request(d, jo, 'sent'),
      // Q3's, already closed: not the upcoming period's.
      request(a, priya, 'closed', '2026/27-Q3'),
    );
    if (fail) s.getPeriodRequests = () => Promise.reject(fail);
    const data = await dataOf(s, today);
    renderInTheme(
      <ReviewStatusView
        data={data}
        location={parseLocation(search)}
        navigate={() => {}}
        user={user}
        store={s}
      />,
    );
    return s;
  }

  it('are counted and the unanswered ones listed, for the chosen register', async () => {
    const s = await showRequests(manager, '?view=reviews&register=Corporate');
    const block = await screen.findByRole('region', { name: 'Q4 2026/27 review requests' });
    expect(block).toHaveTextContent(
      '1 of 2 Q4 2026/27 review requests answered (answers accepted until 29 Jan 2027).',
    );
    const states = within(block).getByRole('list', { name: 'Q4 2026/27 review requests by state' });
    expect(
      within(states)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Could not be delivered: 1', 'Answered: 1']);
    const table = within(block).getByRole('table', { name: 'Q4 2026/27 review requests not yet answered' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['CRR02RecruitmentJo PatelCould not be delivered']);
    // One read for the period, not one per risk.
    expect(s.calls.filter((c) => c.startsWith('getPeriodRequests'))).toEqual([
      'getPeriodRequests:2026/27-Q4',
    ]);
  });

  it('for every register, each named, when none is chosen', async () => {
    await showRequests(manager, '?view=reviews');
    const corporate = await screen.findByRole('region', { name: 'Corporate: Q4 2026/27 review requests' });
    const people = screen.getByRole('region', { name: 'People: Q4 2026/27 review requests' });
    expect(corporate).toHaveTextContent('1 of 2');
    expect(people).toHaveTextContent('0 of 1 Q4 2026/27 review requests answered');
    expect(within(people).getByRole('table')).toHaveTextContent('PPL01Agency staffJo PatelSent');
  });

  it("for an owner's own reviews, only their risks' requests", async () => {
    await showRequests(owner, '?view=reviews&mine=1&register=Corporate');
    const block = await screen.findByRole('region', { name: 'Q4 2026/27 review requests' });
    expect(block).toHaveTextContent('1 of 1 Q4 2026/27 review requests answered');
    expect(within(block).queryByRole('table')).toBeNull();
  });

  it('says so, and what to do, when they cannot be read', async () => {
    await showRequests(
      manager,
      '?view=reviews&register=Corporate',
      new Error('The list service did not answer'),
    );
    const block = await screen.findByRole('region', { name: 'Q4 2026/27 review requests' });
    await within(block).findByText(/could not be read .*Reload the tab to try again\./);
  });

  it('are not shown when no other period is due', async () => {
    const s = new FakeStore(manager, '2026-11-22');
    s.addRegister(settings('Corporate', 'kent', 12));
    s.seed(risk({ reference: 'CRR01' }));
    const data = await dataOf(s, '2026-11-22');
    renderInTheme(
      <ReviewStatusView
        data={data}
        location={parseLocation('?view=reviews')}
        navigate={() => {}}
        store={s}
      />,
    );
    await screen.findByRole('list', { name: 'Review periods' });
    expect(screen.queryByRole('region', { name: /review requests/ })).toBeNull();
    expect(s.calls.filter((c) => c.startsWith('getPeriodRequests'))).toEqual([]);
  });
});
