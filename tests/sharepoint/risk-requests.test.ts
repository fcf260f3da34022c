/**
 * The risk detail's review requests (RegisterStore.getReviewRequests) and the review status's requests of
 * one period (getPeriodRequests) through real PnPjs against the list service, and the register view's overdue state on the review service's cut-off, not the period's end.
 */
import { createRegisterStore, createReviewRequestStore } from '../../src/sharepoint';
import { provision } from '../../src/sharepoint/provisioning';
import { loadRegisterView } from '../../src/sharepoint/register-view';
import { createStoreContext } from '../../src/sharepoint/store-context';
import { aRisk } from './fixtures';
import { manager, owners, readerToken, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await provision(h.sp, { registers: ['Corporate'] });
});
afterEach(() => h.close());

it("reads one risk's requests in the periods asked for, and no other risk's", async () => {
  const store = createRegisterStore(h.sp);
  const a = await store.createRisk(aRisk({ reference: 'CRR01' }), manager);
  const b = await store.createRisk(aRisk({ reference: 'CRR02' }), manager);
  const owner = owners[0]!;
  const request = (riskId: number, reference: string, periodId: string) => ({
    key: `${riskId}|${periodId}|${owner.id}`,
    riskId,
    riskReference: reference,
    periodId,
    owner,
    status: 'pending' as const,
    attempts: 0,
  });
  await createReviewRequestStore(h.sp).ensureRequests([
    request(a.id, 'CRR01', '2026/27-Q2'),
    request(a.id, 'CRR01', '2026/27-Q3'),
    request(b.id, 'CRR02', '2026/27-Q3'),
    request(a.id, 'CRR01', '2025/26-Q1'),
  ]);
  const got = await store.getReviewRequests!(a.id, ['2026/27-Q3', '2026/27-Q2']);
  expect(got.map((r) => [r.riskReference, r.periodId, r.status])).toEqual([
    ['CRR01', '2026/27-Q2', 'pending'],
    ['CRR01', '2026/27-Q3', 'pending'],
  ]);
});

it('reads every request of one period, of any risk and state, for anyone who can read the register', async () => {
  const store = createRegisterStore(h.sp);
  const a = await store.createRisk(aRisk({ reference: 'CRR01' }), manager);
  const b = await store.createRisk(aRisk({ reference: 'CRR02' }), manager);
  const [first, second] = [owners[0]!, owners[1]!];
  const request = (riskId: number, reference: string, periodId: string, owner: typeof first) => ({
    key: `${riskId}|${periodId}|${owner.id}`,
    riskId,
    riskReference: reference,
    periodId,
    owner,
    status: 'pending' as const,
    attempts: 0,
  });
  const requests = createReviewRequestStore(h.sp);
  const made = await requests.ensureRequests([
    request(a.id, 'CRR01', '2026/27-Q4', first),
    request(a.id, 'CRR01', '2026/27-Q4', second),
    request(b.id, 'CRR02', '2026/27-Q4', second),
    request(a.id, 'CRR01', '2026/27-Q3', first),
  ]);
  const sent = made.find((r) => r.riskId === b.id)!;
  await requests.updateRequest(sent.id, { status: 'sent', sentAt: '2026-12-25T08:00:00Z' }, sent.etag, sent);
  // A Visitor (Read) sees the review status too.
  const reader = createRegisterStore(h.clientFor(readerToken));
  const got = await reader.getPeriodRequests!('2026/27-Q4');
  expect(got.map((r) => [r.riskReference, r.owner.id, r.status]).sort()).toEqual(
    [
      ['CRR01', first.id, 'pending'],
      ['CRR01', second.id, 'pending'],
      ['CRR02', second.id, 'sent'],
    ].sort(),
  );
});

it('shows a review overdue once the period has closed for answers, not only after the period ends', async () => {
  const store = createRegisterStore(h.sp);
  await store.createRisk(aRisk({ reference: 'CRR01' }), manager);
  const settings = await store.getSettings('Corporate');
  const ctx = createStoreContext(h.sp);
  // Q3 starts 1 October; answers close `cutOffDays` later, well before 31 December.
  const cutOff = new Date(Date.UTC(2026, 9, 1 + settings.review.cutOffDays)).toISOString().slice(0, 10);
  const dayAfter = new Date(Date.UTC(2026, 9, 2 + settings.review.cutOffDays)).toISOString().slice(0, 10);
  const on = async (today: string) =>
    (await loadRegisterView(ctx, { register: 'Corporate', periodId: '2026/27-Q3' }, today)).rows[0]
      ?.reviewState;
  expect(await on(cutOff)).toBe('outstanding');
  expect(await on(dayAfter)).toBe('overdue');
});
