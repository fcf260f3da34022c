/** @jest-environment jsdom */
/**
 * One truth about periods in the tab: the review status says whether the period is open or closed as the
 * review service keeps it (domain/review-window.ts), and each risk's detail lists its review requests and
 * their state in words.
 */
import { screen, within } from '@testing-library/react';
import { App } from '../../src/tab/App';
import { FakeStore, manager, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

jest.setTimeout(30_000);
beforeEach(() => {
  installLayout();
  // The tab reads today from Date (in Europe/London); pin it to the fake store's 22 November 2026, so
  // Q3 is closed and Q4's lead days have not begun whatever day the tests run. Only the clock is fake.
  jest.useFakeTimers({
    now: new Date('2026-11-22T09:00:00Z'),
    doNotFake: [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'setImmediate',
      'clearImmediate',
      'queueMicrotask',
      'nextTick',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'performance',
      'hrtime',
    ],
  });
});
afterEach(() => jest.useRealTimers());

function store() {
  const s = new FakeStore(manager);
  s.addRegister(settings('Corporate', 'kent', 12));
  const r = s.seed(risk({ reference: 'CRR01', title: 'Budget gap' }));
  const owner = { id: 2, name: 'Priya Shah', email: 'priya@x.example' };
  const stamp = { etag: '"1"', modified: '2026-10-01T08:00:00Z' };
  s.requests.push(
    {
      ...stamp,
      id: 900,
      key: `${r.id}|2026/27-Q3|2`,
      riskId: r.id,
      riskReference: 'CRR01',
      periodId: '2026/27-Q3',
      owner,
      status: 'reminded',
      attempts: 1,
      sentAt: '2026-09-24T08:00:00Z',
      remindedAt: '2026-10-01T08:00:00Z',
    },
    {
      ...stamp,
      id: 901,
      key: `${r.id}|2026/27-Q2|2`,
      riskId: r.id,
      riskReference: 'CRR01',
      periodId: '2026/27-Q2',
      owner,
      status: 'answered',
      attempts: 1,
      sentAt: '2026-06-24T08:00:00Z',
      answeredAt: '2026-07-02T08:00:00Z',
    },
  );
  return { s, r };
}

it("shows each of the risk's review requests with its state, beside the periods' windows", async () => {
  const { s, r } = store();
  setUrl(`?risk=${r.id}`);
  renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
  const table = await screen.findByRole('table', { name: 'Review requests' });
  const rows = within(table).getAllByRole('row').slice(1);
  expect(rows.map((x) => x.textContent)).toEqual([
    expect.stringMatching(
      /Q3 2026\/27.*Priya Shah.*Reminded.*reminder was posted.*sent 24 Sept? 2026, reminded 1 Oct 2026/,
    ),
    expect.stringMatching(/Q2 2026\/27.*Priya Shah.*Answered.*answered 2 Jul 2026/),
  ]);
  const periods = screen.getByRole('list', { name: 'Review periods' });
  // The fake's today is 22 November 2026: Q3's answers closed in October (1 October + the cut-off days).
  expect(periods).toHaveTextContent(
    /Q3 2026\/27: requests go out 24 Sept? 2026, answers accepted until \d+ Oct 2026 \(closed\)/,
  );
});

it('says the period is closed when the review service has closed it, not open until its end', async () => {
  const { s } = store();
  setUrl('?view=reviews');
  renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
  const periods = await screen.findByRole('list', { name: 'Review periods' });
  expect(periods).toHaveTextContent(
    /Q3 2026\/27 is closed: closed on \d+ Oct 2026; unanswered reviews are recorded as not reviewed\./,
  );
});

it('heads every cell of the audit trail and review request tables with its column, for the stacked cards', async () => {
  const { s, r } = store();
  s.audit.push({
    id: 1,
    at: '2026-10-02T09:00:00Z',
    by: 'morgan@x.example',
    entity: 'risk',
    entityId: r.id,
    riskId: r.id,
    riskReference: 'CRR01',
    field: 'Title',
    oldValue: 'Budget',
    newValue: 'Budget gap',
    source: 'tab',
  });
  setUrl(`?risk=${r.id}`);
  renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
  for (const name of ['Review requests', 'Audit trail']) {
    const table = await screen.findByRole('table', { name });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(
        within(row)
          .getAllByRole('cell')
          .map((c) => c.getAttribute('data-label')),
      ).toEqual(headers);
  }
});
