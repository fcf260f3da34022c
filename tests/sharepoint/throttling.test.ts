import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { aRisk, seedRisks } from './fixtures';
import { manager, startHarness, type Harness } from './harness';

describe('throttling: 429/503 with Retry-After at 20% are absorbed by the client retries', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate'] });
    await seedRisks(h.sp, 50);
  });
  afterEach(() => h.close());

  it('completes reads and audited writes while a fifth of requests are throttled', async () => {
    h.service.setFaults({ rate: 0.2, retryAfterSeconds: 0, seed: 7 });
    h.requests.length = 0;
    const store = createRegisterStore(h.sp);
    for (let n = 0; n < 8; n++) {
      const risk = await store.createRisk(aRisk({ reference: `T${n}` }), manager);
      await store.updateRisk(risk.id, { appetite: 10 }, risk.etag, manager);
    }
    const view = await store.loadRegisterView({ register: 'Corporate', periodId: '2024/25-Q4' });
    expect(view.rows).toHaveLength(58);
    expect(view.rows.filter((r) => r.risk.appetite === 10)).toHaveLength(8);

    const throttled = h.requests.filter((r) => r.status === 429 || r.status === 503);
    expect(throttled.length).toBeGreaterThan(5);
    // Every throttled exchange was retried (same URL, next attempt).
    for (const t of throttled) {
      expect(h.requests.some((r) => r.url === t.url && r.attempt === t.attempt + 1)).toBe(true);
    }
    h.service.setFaults(undefined);
    const t3 = await store.findRiskByReference('Corporate', 'T3');
    const audit = await store.getAudit(t3!.id);
    expect(audit.filter((a) => a.field === 'Appetite')).toHaveLength(1);
  });

  it('retries on its own a part throttled inside a $batch, so the batch still completes', async () => {
    h.service.setFaults({ rate: 0.3, batchParts: true, retryAfterSeconds: 0, seed: 11 });
    h.requests.length = 0;
    const store = createRegisterStore(h.sp);
    for (let n = 0; n < 6; n++) {
      // Each write appends its audit entries in one batch; a throttled entry is added alone.
      const risk = await store.createRisk(
        aRisk({ reference: `B${n}`, controls: [{ title: `Control ${n}`, owners: [] }] }),
        manager,
      );
      await store.updateRisk(risk.id, { appetite: 12, description: `Batch ${n}` }, risk.etag, manager);
    }
    for (let n = 0; n < 5; n++) {
      const view = await store.loadRegisterView({ register: 'Corporate', periodId: '2024/25-Q4' });
      expect(view.rows).toHaveLength(56);
    }
    const b3 = await store.findRiskByReference('Corporate', 'B3');
    expect((await store.getRisk(b3!.id)).controls.map((c) => c.title)).toEqual(['Control 3']);
    h.service.setFaults(undefined);
    // Throttled parts went again on their own: plain requests besides the batches.
    const alone = h.requests.filter((r) => !r.url.includes('$batch'));
    expect(alone.some((r) => r.method === 'POST' && r.url.includes("getByTitle('AuditLog')/items"))).toBe(
      true,
    );
    expect(
      alone.some((r) => r.method === 'GET' && /getByTitle\('(Risks|Controls|Actions|Snapshots)/.test(r.url)),
    ).toBe(true);
    // Retried parts ran once: one audit entry per changed field, none lost, none doubled.
    const audit = await store.getAudit(b3!.id);
    expect(audit.filter((a) => a.field === 'Appetite' && a.newValue === '12')).toHaveLength(1);
    expect(audit.filter((a) => a.field === 'RiskDescription' && a.newValue === 'Batch 3')).toHaveLength(1);
    expect(audit.filter((a) => a.entity === 'control' && a.field === 'Title')).toHaveLength(1);
  });
});
