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
});
