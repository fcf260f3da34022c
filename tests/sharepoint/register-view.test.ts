import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { seedRisks } from './fixtures';
import { startHarness, type Harness } from './harness';

describe('register view over the local list service', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate'] });
  });
  afterEach(() => h.close());

  it('loads 500 risks with controls and two periods of snapshots in at most 2 HTTP requests', async () => {
    await seedRisks(h.sp, 500);
    const store = createRegisterStore(h.sp);
    h.requests.length = 0;
    h.service.resetRequestCount();

    const view = await store.loadRegisterView({ register: 'Corporate', periodId: '2024/25-Q4' });

    expect(h.service.requestCount()).toBeLessThanOrEqual(2);
    expect(h.requests.length).toBeLessThanOrEqual(2);
    expect(view.rows).toHaveLength(500);
    expect(view.period.id).toBe('2024/25-Q4');
    const first = view.rows.find((r) => r.risk.reference === 'R00001')!;
    expect(first.risk.controls.map((c) => c.title)).toEqual(['Control of R00001']);
    expect(first.previous?.periodId).toBe('2024/25-Q3');
    expect(first.snapshot).toBeUndefined();
    // Current 3x4 = 12 against last quarter's 2x4 = 8: worse.
    expect(first.direction).toBe('up');
    expect(view.issues).toEqual([]);
  });

  it('pages 6,000 risks through odata.nextLink with indexed filters, without threshold errors', async () => {
    await seedRisks(h.sp, 6000, 'Corporate', false);
    const store = createRegisterStore(h.sp);
    h.requests.length = 0;

    const view = await store.loadRegisterView({ register: 'Corporate', periodId: '2024/25-Q4' });

    expect(view.rows).toHaveLength(6000);
    expect(new Set(view.rows.map((r) => r.risk.reference)).size).toBe(6000);
    expect(view.rows.every((r) => r.direction === 'new' && r.reviewState !== 'confirmed')).toBe(true);
    // settings + one $batch + the second risks page followed from odata.nextLink
    expect(h.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(h.requests[2]!.url).toMatch(/skiptoken/i);
  }, 120_000);
});
