/**
 * A matrix change on the SharePoint write path (src/sharepoint/matrix-change.ts), through real PnPjs
 * against the list service: a new matrix that strands a stored rating is refused with nothing written;
 * changeMatrix with a mapping saves the settings and re-rates the risks, audited; past snapshots keep the
 * matrix they were recorded on.
 */
import { HALTON, proposeMapping, type RegisterSettings } from '../../src/domain';
import type { RegisterStore, Stored } from '../../src/ports';
import { ValidationError } from '../../src/sharepoint/errors';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { aRisk } from './fixtures';
import { manager, startHarness, type Harness } from './harness';

let h: Harness;
let store: RegisterStore;
beforeEach(async () => {
  h = await startHarness();
  await provision(h.sp, { registers: ['Corporate'] });
  store = createRegisterStore(h.sp);
});
afterEach(() => h.close());

const plain = ({ id: _i, etag: _e, modified: _m, ...s }: Stored<RegisterSettings>): RegisterSettings => s;
const audit = async () => (await h.sp.web.lists.getByTitle('AuditLog').items()) as Record<string, unknown>[];

async function seed() {
  let high = await store.createRisk(
    aRisk({
      reference: 'CRR0001',
      inherent: { likelihood: 5, impact: 5 },
      current: { likelihood: 5, impact: 4 },
      target: { likelihood: 2, impact: 4 },
    }),
    manager,
  );
  const low = await store.createRisk(
    aRisk({
      reference: 'CRR0002',
      inherent: { likelihood: 2, impact: 3 },
      current: { likelihood: 2, impact: 3 },
      target: { likelihood: 1, impact: 1 },
    }),
    manager,
  );
  // Reviewed last quarter on the 5 x 5 matrix.
  ({ risk: high } = await store.recordReview({
    riskId: high.id,
    riskEtag: high.etag,
    actor: manager,
    source: 'import',
    snapshot: {
      riskReference: high.reference,
      periodId: '2023/24-Q4',
      inherent: { likelihood: 5, impact: 5 },
      current: { likelihood: 5, impact: 4 },
      target: { likelihood: 2, impact: 4 },
      currentScore: 20,
      comment: 'Reviewed on the old matrix.',
      recordedAt: '2024-03-20T10:00:00Z',
      source: 'import',
      outcome: 'confirmed',
    },
  }));
  return { high, low };
}

it('refuses a matrix that strands stored ratings, writing nothing', async () => {
  const { high } = await seed();
  const settings = await store.getSettings('Corporate');
  const before = (await audit()).length;
  const refusal = store.saveSettings({ ...plain(settings), matrix: HALTON }, settings.etag, manager);
  await expect(refusal).rejects.toBeInstanceOf(ValidationError);
  await expect(refusal).rejects.toThrow(
    /has no place for 2 existing ratings of register 'Corporate' \(CRR0001 inherent rating .*\)\. Nothing was saved/,
  );
  expect((await store.getSettings('Corporate')).matrix.id).toBe(settings.matrix.id);
  expect((await store.getRisk(high.id)).current).toEqual({ likelihood: 5, impact: 4 });
  expect((await audit()).length).toBe(before);
});

it('changes the matrix with a mapping: re-rates the risks, audits, and leaves history on its own matrix', async () => {
  const { high, low } = await seed();
  const settings = await store.getSettings('Corporate');
  const mapping = proposeMapping(settings.matrix, HALTON);

  // An incomplete mapping is refused before anything is written.
  await expect(
    store.changeMatrix(
      {
        settings: { ...plain(settings), matrix: HALTON },
        etag: settings.etag,
        mapping: { likelihood: {}, impact: {} },
      },
      manager,
    ),
  ).rejects.toThrow(/mapping of existing ratings is not complete: .*Nothing was saved/);
  expect((await store.getSettings('Corporate')).matrix.id).toBe(settings.matrix.id);

  const result = await store.changeMatrix(
    { settings: { ...plain(settings), matrix: HALTON }, etag: settings.etag, mapping },
    manager,
  );
  expect(result.rerated).toEqual(['CRR0001']);
  expect(result.failed).toEqual([]);
  expect(result.changes.map((c) => [c.reference, c.tier, c.kind])).toEqual(
    expect.arrayContaining([
      ['CRR0001', 'inherent', 'band'],
      ['CRR0001', 'current', 'band'],
    ]),
  );
  const saved = await store.getSettings('Corporate');
  expect(saved.matrix.id).toBe('halton');
  expect(saved.matrixHistory?.map((m) => m.matrix.id)).toEqual([settings.matrix.id]);
  const rerated = await store.getRisk(high.id);
  expect(rerated.inherent).toEqual({ likelihood: 4, impact: 4 });
  expect(rerated.current).toEqual({ likelihood: 4, impact: 4 });
  expect(rerated.target).toEqual({ likelihood: 2, impact: 4 });
  expect((await store.getRisk(low.id)).current).toEqual({ likelihood: 2, impact: 3 });

  // History is never re-rated: last quarter's snapshot still reads 5 x 4 on the matrix it was recorded on.
  const [past] = await store.getHistory(high.id);
  expect(past?.current).toEqual({ likelihood: 5, impact: 4 });
  const view = await store.loadRegisterView({ register: 'Corporate', periodId: '2024/25-Q1' });
  expect(view.rows.find((r) => r.risk.id === high.id)?.previous?.current).toEqual({
    likelihood: 5,
    impact: 4,
  });
  expect(view.issues ?? []).toEqual([]);

  const entries = await audit();
  expect(entries.some((a) => a.Entity === 'settings' && String(a.NewValue).includes('"id": "halton"'))).toBe(
    true,
  );
  expect(
    entries.filter((a) => a.Entity === 'risk' && Number(a.EntityId) === high.id && a.AuditSource === 'tab')
      .length,
  ).toBeGreaterThan(0);
});

it('refuses a matrix with no cell for a score recorded alone, with a mapping too, writing nothing', async () => {
  // Imported from a paper that printed the current rating as a score only: 20 has no cell on 4 x 4.
  const { current: _cell, ...withoutCell } = aRisk({
    reference: 'CRR0003',
    inherent: { likelihood: 4, impact: 4 },
    target: { likelihood: 2, impact: 2 },
  });
  const scored = await store.createRisk({ ...withoutCell, currentScoreOnly: 20 }, manager);
  const settings = await store.getSettings('Corporate');
  const before = (await audit()).length;
  const mapping = proposeMapping(settings.matrix, HALTON);
  const attempts = [
    store.saveSettings({ ...plain(settings), matrix: HALTON }, settings.etag, manager),
    store.changeMatrix(
      { settings: { ...plain(settings), matrix: HALTON }, etag: settings.etag, mapping },
      manager,
    ),
  ];
  for (const attempt of attempts) {
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(
      /CRR0003's current rating is the score 20 alone.*Record its likelihood and impact.*Nothing was saved/,
    );
  }
  expect((await store.getSettings('Corporate')).matrix.id).toBe(settings.matrix.id);
  const stored = await store.getRisk(scored.id);
  expect(stored.current).toBeUndefined();
  expect(stored.currentScoreOnly).toBe(20);
  expect((await audit()).length).toBe(before);
});
