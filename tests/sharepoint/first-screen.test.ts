/**
 * The register in two round trips, at any size (src/sharepoint/first-screen.ts), through real PnPjs
 * against the list service, which refuses every query SharePoint would refuse over the list view
 * threshold (5,000). The 50,000-risk register is seeded straight into the service's SQLite store
 * (bench/lib/seed.ts `seedStraight`), so the test takes seconds, not minutes.
 */
import { provision } from '../../src/sharepoint/provisioning';
import { createStoreContext } from '../../src/sharepoint/store-context';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import {
  firstRowCount,
  loadRiskSummary,
  loadRowsAfter,
  loadRowsById,
  openFirstScreen,
  rowsByIdLimit,
} from '../../src/sharepoint/first-screen';
import { controlRow, payloadOf, riskRow, snapshotRow } from '../../src/sharepoint/item-codec';
import { ListTitles } from '../../src/sharepoint/schema';
import { seedStraight } from '../../bench/lib/seed';
import { loadRegisterData } from '../../src/tab/data/use-register-data';
import { readEveryRow } from '../../src/tab/data/row-session';
import { aRisk, london, seedRisks } from './fixtures';
import { startHarness, type Harness } from './harness';

jest.setTimeout(240_000);

const today = '2025-02-10'; // 2024/25-Q4 with an April year start
const reference = (n: number) => `R${String(n).padStart(5, '0')}`;

/** `count` risks in `register`; the first `withChildren` get a control and a Q3 snapshot. */
function seedLarge(h: Harness, count: number, register: string, withChildren: number): number[] {
  const ids = seedStraight(
    h.service,
    ListTitles.risks,
    Array.from({ length: count }, (_, k) =>
      payloadOf(
        riskRow(aRisk({ reference: reference(k + 1), register, title: `Risk ${reference(k + 1)}` }), london),
      ),
    ),
  );
  const parents = ids
    .slice(0, withChildren)
    .map((riskId, k) => ({ riskId, register, reference: reference(k + 1) }));
  seedStraight(
    h.service,
    ListTitles.controls,
    parents.map((p) => payloadOf(controlRow(p, { title: `Control of ${p.reference}`, owners: [] }))),
  );
  seedStraight(
    h.service,
    ListTitles.snapshots,
    parents.map((p) =>
      payloadOf(
        snapshotRow(p, {
          riskReference: p.reference,
          periodId: '2024/25-Q3',
          current: { likelihood: 2, impact: 4 },
          comment: 'Reviewed at DMT',
          recordedAt: '2024-10-15T09:00:00Z',
          source: 'card',
          outcome: 'confirmed',
        }),
      ),
    ),
  );
  return ids;
}

describe('the first screen in two requests', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate', 'Schools'] });
  });
  afterEach(() => h.close());

  it('reads the person, their access, the registers and the first rows in 2 HTTP requests', async () => {
    await seedRisks(h.sp, 150);
    const ctx = createStoreContext(h.sp);
    h.requests.length = 0;
    h.service.resetRequestCount();

    const screen = await openFirstScreen(ctx, { today });

    // Each `$batch` is one HTTP request; two is also the most that can run one after another.
    expect(h.requests).toHaveLength(2);
    expect(h.service.requestCount()).toBe(2);
    expect(screen.user.access).toBe('manage');
    expect(screen.user.name).toBe((await createRegisterStore(h.sp).currentUser()).name);
    expect(screen.registers.map((r) => [r.name, r.period.id])).toEqual([
      ['Corporate', '2024/25-Q4'],
      ['Schools', '2024/25-Q4'],
    ]);
    expect(screen.rows).toHaveLength(firstRowCount);
    const first = screen.rows[0]!;
    expect(first.risk.reference).toBe('R00001');
    expect(first.risk.controls.map((c) => c.title)).toEqual(['Control of R00001']);
    expect(first.previous?.periodId).toBe('2024/25-Q3');
    expect(first.direction).toBe('up');
    expect(screen.nextAfterId).toBe(first.risk.id + firstRowCount - 1);

    // The same rows as the register view builds for them.
    const view = await createRegisterStore(h.sp).loadRegisterView({
      register: 'Corporate',
      periodId: '2024/25-Q4',
    });
    const byId = new Map(view.rows.map((r) => [r.risk.id, r]));
    for (const row of screen.rows) {
      const same = byId.get(row.risk.id)!;
      expect({ ...row, reviewState: undefined }).toEqual({ ...same, reviewState: undefined });
    }

    // The rest as the grid scrolls: two requests a page, until there is no next page.
    h.requests.length = 0;
    const rest = await loadRowsAfter(ctx, {
      afterId: screen.nextAfterId!,
      today,
      registers: screen.registers,
    });
    expect(h.requests).toHaveLength(2);
    expect(rest.rows.map((r) => r.risk.reference)).toEqual(
      Array.from({ length: 50 }, (_, k) => reference(k + 101)),
    );
    expect(rest.nextAfterId).toBeUndefined();

    // The tab's data after its first screen: the same rows, settings and periods as the old load.
    const store = createRegisterStore(h.sp);
    const pages: number[] = [];
    const tab = await readEveryRow(store, screen, today, (d) => pages.push(d.rows.length));
    expect(pages).toEqual([150]);
    const old = await loadRegisterData(store, today);
    const key = (r: { risk: { id: number }; settings: { register: string }; period: { id: string } }) =>
      `${r.risk.id} ${r.settings.register} ${r.period.id}`;
    expect(tab.rows.map(key)).toEqual(old.rows.map(key).sort((a, b) => parseInt(a) - parseInt(b)));
    expect(tab.registers.map((r) => r.name)).toEqual(old.registers.map((r) => r.name));
  });

  it('opens a site whose risks have no register settings with no rows, as the old load did', async () => {
    await seedRisks(h.sp, 3, 'Unconfigured', false);
    const first = await openFirstScreen(createStoreContext(h.sp), { today });
    expect(first.registers.map((r) => r.name)).toEqual(['Corporate', 'Schools']);
    const tab = await readEveryRow(createRegisterStore(h.sp), first, today, () => undefined);
    expect(tab.rows).toEqual([]);
    expect((await loadRegisterData(createRegisterStore(h.sp), today)).rows).toEqual([]);
  });

  it('on a 50,000-risk register, never asks for more than the list view threshold', async () => {
    const ids = seedLarge(h, 50_000, 'Corporate', 300);
    const ctx = createStoreContext(h.sp);
    // The old way is refused, as SharePoint refuses it: Register eq 'Corporate' matches 50,000 items.
    await expect(
      createRegisterStore(h.sp).loadRegisterView({ register: 'Corporate', periodId: '2024/25-Q4' }),
    ).rejects.toThrow(/list view threshold/);

    h.requests.length = 0;
    const screen = await openFirstScreen(ctx, { today });
    expect(h.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(screen.rows).toHaveLength(firstRowCount);
    expect(screen.rows.every((r) => r.risk.controls.length === 1 && r.previous)).toBe(true);
    expect(screen.lastRiskId).toBe(ids[ids.length - 1]);

    // Scrolling on, and jumping to the middle and to the end of the register.
    for (const afterId of [screen.nextAfterId!, ids[25_000]!, ids[49_950]!]) {
      h.requests.length = 0;
      const page = await loadRowsAfter(ctx, { afterId, today, registers: screen.registers });
      expect(h.requests).toHaveLength(2);
      expect(page.rows[0]?.risk.id).toBe(afterId + 1);
      expect(page.rows.length).toBe(afterId === ids[49_950] ? 49 : firstRowCount);
    }

    // Rows in the order a sorted grid reaches them, scattered over the register: two requests.
    const scattered = [ids[49_999]!, ids[7]!, ids[25_001]!, ...ids.slice(40_000, 40_097)];
    h.requests.length = 0;
    const byIds = await loadRowsById(ctx, { ids: scattered, today, registers: screen.registers });
    expect(h.requests).toHaveLength(2);
    expect(byIds.rows.map((r) => r.risk.id)).toEqual([...scattered].sort((a, b) => a - b));
    // The same rows as reading on by ID gives them: controls and snapshots (the first 300) included.
    const early = await loadRowsAfter(ctx, {
      afterId: ids[6]!,
      count: 1,
      today,
      registers: screen.registers,
    });
    expect(byIds.rows[0]).toEqual(early.rows[0]);
    expect(byIds.rows[0]?.risk.controls).toHaveLength(1);
    await expect(
      loadRowsById(ctx, { ids: ids.slice(0, rowsByIdLimit + 1), today, registers: screen.registers }),
    ).rejects.toThrow(/At most 100 risks/);

    // Counts and the heat map: every risk, a dozen columns, one request.
    h.requests.length = 0;
    const summary = await loadRiskSummary(ctx, screen.lastRiskId);
    expect(h.requests).toHaveLength(1);
    expect(summary).toHaveLength(50_000);
    expect(new Set(summary.map((s) => s.id)).size).toBe(50_000);
    // Each risk reads as the same risk does in full (the first screen's rows), tier by tier.
    const byId = new Map(summary.map((r) => [r.id, r]));
    const tiers = ['inherent', 'current', 'target'] as const;
    for (const { risk } of screen.rows) {
      const compact = byId.get(risk.id)!;
      expect(compact).toMatchObject({
        reference: risk.reference,
        register: risk.register,
        status: risk.status,
      });
      expect(compact.appetite).toEqual(risk.appetite);
      for (const t of tiers) {
        expect(compact[t]).toEqual(risk[t]);
        expect(compact[`${t}ScoreOnly`]).toEqual(risk[`${t}ScoreOnly`]);
      }
    }
    expect(summary[0]).toMatchObject({ id: ids[0], current: { likelihood: 3, impact: 4 } });
    // Every HTTP exchange succeeded: no query was refused for the threshold along the way.
    expect(h.requests.every((r) => r.status === 200)).toBe(true);
  });
});
