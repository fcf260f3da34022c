/**
 * recordReview's claim: the period snapshot is written first under its unique key or ETag, and a
 * risk write refused after it (someone edited the risk in between) puts the snapshot back, so the
 * snapshot and the risk's rating never disagree.
 */
import { demoManager } from '../../src/emulator';
import { AnswerSupersededError, ConflictError } from '../../src/sharepoint/errors';
import type { PeriodSnapshot } from '../../src/domain';
import type { RegisterStore, StoredRisk } from '../../src/sharepoint';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { ListTitles } from '../../src/sharepoint/schema';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { aRisk } from './fixtures';
import { manager, startHarness, type Harness } from './harness';

let h: Harness;
let store: RegisterStore;
/** Runs once, right after the next snapshot write reaches the list service. */
let afterSnapshotWrite: (() => Promise<void>) | undefined;

beforeEach(async () => {
  h = await startHarness();
  await provision(h.sp, { registers: ['Corporate'] });
  const spy: typeof fetch = async (url, init) => {
    const response = await fetch(url, init);
    const isSnapshotWrite =
      String(url).includes(`getByTitle('${ListTitles.snapshots}')/items`) && init?.method === 'POST';
    const hook = afterSnapshotWrite;
    if (isSnapshotWrite && response.ok && hook) {
      afterSnapshotWrite = undefined;
      await hook();
    }
    return response;
  };
  store = createRegisterStore(
    createSpClient({ siteUrl: h.service.siteUrl, getToken: async () => demoManager.token, fetch: spy }),
  );
});
afterEach(() => h.close());

const answer = (risk: StoredRisk, likelihood: number, comment: string): PeriodSnapshot => ({
  riskReference: risk.reference,
  periodId: '2026/27-Q3',
  current: { likelihood, impact: 4 },
  comment,
  recordedAt: new Date().toISOString(),
  source: 'card',
  outcome: 'changed',
});

const snapshotsOf = async (riskId: number) =>
  (await store.getHistory(riskId)).filter((s) => s.periodId === '2026/27-Q3');

it('a first answer whose risk write is refused leaves no snapshot behind', async () => {
  const risk = await store.createRisk(aRisk({ current: { likelihood: 3, impact: 4 } }), manager);
  const other = createRegisterStore(h.sp);
  afterSnapshotWrite = async () => {
    await other.updateRisk(risk.id, { description: 'Edited by a manager meanwhile' }, risk.etag, manager);
  };
  await expect(
    store.recordReview({
      riskId: risk.id,
      riskEtag: risk.etag,
      snapshot: answer(risk, 5, 'Worse'),
      actor: manager,
      source: 'card',
      snapshotEtag: null,
    }),
  ).rejects.toBeInstanceOf(ConflictError);
  expect(await snapshotsOf(risk.id)).toEqual([]);
  expect((await store.getRisk(risk.id)).current).toEqual({ likelihood: 3, impact: 4 });
});

it('a replacement whose risk write is refused puts the earlier answer back', async () => {
  const risk = await store.createRisk(aRisk({ current: { likelihood: 3, impact: 4 } }), manager);
  const first = await store.recordReview({
    riskId: risk.id,
    riskEtag: risk.etag,
    snapshot: answer(risk, 2, 'Better'),
    actor: manager,
    source: 'card',
    snapshotEtag: null,
  });
  const other = createRegisterStore(h.sp);
  afterSnapshotWrite = async () => {
    await other.updateRisk(risk.id, { description: 'Edited meanwhile' }, first.risk.etag, manager);
  };
  await expect(
    store.recordReview({
      riskId: risk.id,
      riskEtag: first.risk.etag,
      snapshot: answer(risk, 5, 'Worse after all'),
      actor: manager,
      source: 'card',
      snapshotEtag: first.snapshot.etag,
    }),
  ).rejects.toBeInstanceOf(ConflictError);
  const [back] = await snapshotsOf(risk.id);
  expect(back).toMatchObject({ comment: 'Better', current: { likelihood: 2, impact: 4 } });
  expect((await store.getRisk(risk.id)).current).toEqual({ likelihood: 2, impact: 4 });
});

it('an answer expecting none, or an older snapshot, is superseded and writes nothing', async () => {
  const risk = await store.createRisk(aRisk({ current: { likelihood: 3, impact: 4 } }), manager);
  const first = await store.recordReview({
    riskId: risk.id,
    riskEtag: risk.etag,
    snapshot: answer(risk, 2, 'Better'),
    actor: manager,
    source: 'card',
    snapshotEtag: null,
  });
  const late = store.recordReview({
    riskId: risk.id,
    riskEtag: risk.etag,
    snapshot: answer(risk, 5, 'Worse'),
    actor: manager,
    source: 'card',
    snapshotEtag: null,
  });
  await expect(late).rejects.toBeInstanceOf(AnswerSupersededError);
  await expect(late).rejects.toMatchObject({ current: { comment: 'Better' } });
  expect(await snapshotsOf(risk.id)).toMatchObject([{ comment: 'Better', etag: first.snapshot.etag }]);
  expect((await store.getRisk(risk.id)).etag).toBe(first.risk.etag);
});
