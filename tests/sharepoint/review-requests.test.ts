import { ConflictError } from '../../src/sharepoint/errors';
import type { ReviewRequest } from '../../src/ports';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { createReviewRequestStore } from '../../src/sharepoint/review-request-repository';
import { createStoreContext } from '../../src/sharepoint/store-context';
import { coalescerOf } from '../../src/sharepoint/coalesce';
import { ListTitles } from '../../src/sharepoint/schema';
import { aRisk } from './fixtures';
import { manager, owners, startHarness, type Harness } from './harness';

describe('ReviewRequestStore', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate'] });
  });
  afterEach(() => h.close());

  it('creates each request once per risk, period and owner, and detects stale updates', async () => {
    const risk = await createRegisterStore(h.sp).createRisk(
      aRisk({ owners: [owners[0]!, owners[1]!] }),
      manager,
    );
    const store = createReviewRequestStore(createStoreContext(h.sp));
    const wanted: ReviewRequest[] = risk.owners.map((o) => ({
      key: '',
      riskId: risk.id,
      riskReference: risk.reference,
      periodId: '2024/25-Q4',
      owner: { id: o.id!, name: o.name },
      status: 'pending',
      attempts: 0,
    }));
    const first = await store.ensureRequests(wanted);
    const again = await store.ensureRequests([...wanted, wanted[0]!]);
    expect(first).toHaveLength(2);
    expect(again.map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
    expect(first.map((r) => r.key).sort()).toEqual([`${risk.id}|2024/25-Q4|8`, `${risk.id}|2024/25-Q4|9`]);

    const req = first[0]!;
    const sent = await store.updateRequest(
      req.id,
      { status: 'sent', attempts: 1, sentAt: '2025-01-02T08:00:00Z' },
      req.etag,
    );
    await expect(store.updateRequest(req.id, { status: 'answered' }, req.etag)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await store.listRequests({ periodId: '2024/25-Q4', status: ['sent'] })).toEqual([
      expect.objectContaining({ id: sent.id, status: 'sent', attempts: 1 }),
    ]);
    const audit = await createRegisterStore(h.sp).getAudit(risk.id);
    expect(audit.filter((a) => a.entity === 'review-request' && a.field === 'RequestStatus')).toHaveLength(3);
  });

  it('writes a request at the version the caller holds without reading it again, and still refuses a stale one', async () => {
    const risk = await createRegisterStore(h.sp).createRisk(aRisk({ owners: [owners[0]!] }), manager);
    const store = createReviewRequestStore(createStoreContext(h.sp));
    const [req] = await store.ensureRequests([
      {
        key: '',
        riskId: risk.id,
        riskReference: risk.reference,
        periodId: '2024/25-Q4',
        owner: { id: owners[0]!.id, name: owners[0]!.name },
        status: 'pending',
        attempts: 0,
      },
    ]);
    const reads = () =>
      h.requests.filter((r) => r.method === 'GET' && /ReviewRequests'\)\/items\(\d+\)/.test(r.url)).length;
    const withoutCopy = reads();
    await store
      .updateRequest(req!.id, { attempts: 1 }, req!.etag)
      .then((r) => store.updateRequest(r.id, { attempts: 0 }, r.etag));
    // Without the caller's copy: a read before each write and one after it.
    expect(reads() - withoutCopy).toBe(4);
    const [fresh] = await store.listRequests({ periodId: '2024/25-Q4' });
    const before = reads();
    const claimed = await store.updateRequest(fresh!.id, { attempts: 1 }, fresh!.etag, fresh);
    // No read at all: the MERGE's answer carries the new ETag (204 with an ETag header).
    expect(reads() - before).toBe(0);
    expect(claimed).toEqual(expect.objectContaining({ attempts: 1, status: 'pending', owner: fresh!.owner }));
    // The request comes with its risk's register (read through the Risk lookup).
    expect(fresh!.register).toBe(risk.register);
    // The ETag it returned is the item's: a write at it goes through, and a read agrees.
    const again = await store.updateRequest(claimed.id, { attempts: 3 }, claimed.etag, claimed);
    const [read] = await store.listRequests({ periodId: '2024/25-Q4' });
    expect(read!.etag).toBe(again.etag);
    expect(read!.attempts).toBe(3);
    // The copy is stale now: the write is refused by its ETag, as after a read.
    await expect(
      store.updateRequest(fresh!.id, { attempts: 2 }, claimed.etag, claimed),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('sends writes made at the same moment in one $batch, each with its own answer (a stale one refused alone)', async () => {
    const risk = await createRegisterStore(h.sp).createRisk(
      aRisk({ owners: [owners[0]!, owners[1]!, owners[2]!] }),
      manager,
    );
    const store = createReviewRequestStore(createStoreContext(h.sp));
    const made = await store.ensureRequests(
      risk.owners.map((o) => ({
        key: '',
        riskId: risk.id,
        riskReference: risk.reference,
        periodId: '2024/25-Q4',
        owner: { id: o.id!, name: o.name },
        status: 'pending' as const,
        attempts: 0,
      })),
    );
    const listed = await store.listRequests({ periodId: '2024/25-Q4' });
    // The third copy is stale: its request was written since it was read.
    const stale = listed[2]!;
    await store.updateRequest(stale.id, { attempts: 5 }, stale.etag, stale);
    const before = h.requests.length;
    const results = await Promise.allSettled(
      listed.map((r) => store.updateRequest(r.id, { status: 'sent', attempts: 1 }, r.etag, r)),
    );
    const sent = h.requests.slice(before);
    // The MERGEs went in a $batch (the first request), none alone; then the refused one's item is read.
    expect(sent[0]!.url).toMatch(/\/_api\/\$batch$/);
    expect(sent.filter((r) => /items\(\d+\)$/.test(r.url) && r.method === 'POST')).toHaveLength(0);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const after = await store.listRequests({ periodId: '2024/25-Q4' });
    expect(after.map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
      ['pending', 5],
    ]);
    expect(made).toHaveLength(3);
  });

  it('coalesces requests made within its window into one $batch, and sends a lone one as itself', async () => {
    const coalesce = coalescerOf(h.sp);
    const before = h.requests.length;
    const titles = await Promise.all(
      [ListTitles.risks, ListTitles.controls, ListTitles.actions].map((t) =>
        coalesce((s) => s.web.lists.getByTitle(t).select('Title')() as Promise<{ Title: string }>),
      ),
    );
    expect(titles.map((t) => t.Title)).toEqual([ListTitles.risks, ListTitles.controls, ListTitles.actions]);
    expect(h.requests.slice(before).map((r) => r.url.replace(/^.*\/_api\//, ''))).toEqual(['$batch']);
    const alone = h.requests.length;
    await coalesce((s) => s.web.lists.getByTitle(ListTitles.risks).select('Title')());
    expect(h.requests.slice(alone).map((r) => r.url.replace(/^.*\/_api\//, ''))).toEqual([
      "web/lists/getByTitle('Risks')?%24select=Title",
    ]);
  });

  it('lists the sent and reminded requests of every period, by the indexed status column', async () => {
    const risk = await createRegisterStore(h.sp).createRisk(aRisk({ owners: [owners[0]!] }), manager);
    const store = createReviewRequestStore(createStoreContext(h.sp));
    const request = (periodId: string): ReviewRequest => ({
      key: '',
      riskId: risk.id,
      riskReference: risk.reference,
      periodId,
      owner: { id: owners[0]!.id!, name: owners[0]!.name },
      status: 'pending',
      attempts: 0,
    });
    const [q3] = await store.ensureRequests([request('2024/25-Q3')]);
    const [q4] = await store.ensureRequests([request('2024/25-Q4')]);
    await store.ensureRequests([request('2025/26-Q1')]);
    await store.updateRequest(
      q3!.id,
      { status: 'reminded', conversationId: 'a:1', activityId: '1' },
      q3!.etag,
    );
    await store.updateRequest(q4!.id, { status: 'sent', conversationId: 'a:1', activityId: '2' }, q4!.etag);
    const outstanding = await store.listOutstanding();
    expect(outstanding.map((r) => `${r.periodId}:${r.status}:${r.conversationId}`).sort()).toEqual([
      '2024/25-Q3:reminded:a:1',
      '2024/25-Q4:sent:a:1',
    ]);
  });

  it("lists one risk's requests of a period through the indexed parent-risk column", async () => {
    const registers = createRegisterStore(h.sp);
    const a = await registers.createRisk(aRisk({ reference: 'CRR0101', owners: [owners[0]!] }), manager);
    const b = await registers.createRisk(aRisk({ reference: 'CRR0102', owners: [owners[1]!] }), manager);
    const store = createReviewRequestStore(createStoreContext(h.sp));
    await store.ensureRequests(
      [a, b].map((r) => ({
        key: '',
        riskId: r.id,
        riskReference: r.reference,
        periodId: '2024/25-Q4',
        owner: { id: r.owners[0]!.id!, name: r.owners[0]!.name },
        status: 'pending' as const,
        attempts: 0,
      })),
    );
    const onlyB = await store.listRequests({ periodId: '2024/25-Q4', riskId: b.id });
    expect(onlyB.map((r) => r.riskReference)).toEqual(['CRR0102']);
  });
});
