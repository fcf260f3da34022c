import { StoredDataError } from '../../src/sharepoint/errors';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { restoreRisk, type RestoreReport } from '../../src/sharepoint/restore';
import { restoreSettings } from '../../src/sharepoint/restore-settings';
import { F, ListTitles } from '../../src/sharepoint/schema';
import { defaultMatrix, defaultSettings } from '../../src/sharepoint/settings-codec';
import { aRisk, london } from './fixtures';
import { manager, startHarness, type Harness } from './harness';

describe('restore: stored items to domain objects', () => {
  const item = (extra: Record<string, unknown>) => ({
    Id: 5,
    'odata.etag': '"3"',
    Modified: '2025-01-01T00:00:00Z',
    Title: 'Flooding',
    RiskReference: 'CRR9',
    Register: 'Corporate',
    ...extra,
  });

  it('repairs a rating outside the matrix to unrated and says so', () => {
    const report: RestoreReport = [];
    const risk = restoreRisk(
      item({ CurrentLikelihood: 7, CurrentImpact: 3, InherentLikelihood: 4, InherentImpact: 4 }),
      defaultMatrix,
      report,
      london,
    );
    expect(risk?.current).toBeUndefined();
    expect(risk?.inherent).toEqual({ likelihood: 4, impact: 4 });
    expect(report).toEqual([
      expect.objectContaining({
        record: 'CRR9',
        field: 'CurrentLikelihood/CurrentImpact',
        action: 'repaired',
        problem: expect.stringMatching(/outside the register's matrix \(likelihood 1\/2\/3\/4\/5/),
      }),
    ]);
  });

  it('rejects a risk without a reference, repairs unknown choices and tidies newline lists', () => {
    const report: RestoreReport = [];
    expect(restoreRisk(item({ RiskReference: '' }), defaultMatrix, report, london)).toBeUndefined();
    expect(report[0]).toMatchObject({ action: 'rejected', field: 'RiskReference' });
    const risk = restoreRisk(
      item({ RiskStatus: 'Live', Aliases: 'PH09\r\n\nPH09\n DR2 ' }),
      defaultMatrix,
      report,
      london,
    );
    expect(risk?.status).toBe('open');
    expect(risk?.aliases).toEqual(['PH09', 'DR2']);
    expect(report[1]).toMatchObject({ action: 'repaired', field: 'RiskStatus', value: 'Live' });
  });

  it('refuses corrupt settings JSON with the path of each problem', () => {
    const good = { Id: 1, Register: 'Corporate', SettingsJson: JSON.stringify(defaultSettings('Corporate')) };
    expect(restoreSettings(good).matrix.id).toBe(defaultMatrix.id);
    expect(() => restoreSettings({ ...good, SettingsJson: '{"register":' })).toThrow(StoredDataError);
    const bad = { ...defaultSettings('Corporate'), financialYearStartMonth: 13 };
    expect(() => restoreSettings({ ...good, SettingsJson: JSON.stringify(bad) })).toThrow(
      /SettingsJson\.financialYearStartMonth.*nothing was overwritten/,
    );
  });
});

describe('restore through the store', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate'] });
  });
  afterEach(() => h.close());

  it('reports a hand-edited out-of-scale rating in the register view instead of failing', async () => {
    const store = createRegisterStore(h.sp);
    const risk = await store.createRisk(aRisk(), manager);
    await h.sp.web.lists
      .getByTitle(ListTitles.risks)
      .items.getById(risk.id)
      .update({ [F.risks.currentImpact]: 9 });
    const view = await store.loadRegisterView({ register: 'Corporate', periodId: '2024/25-Q4' });
    expect(view.rows[0]!.risk.current).toBeUndefined();
    expect(view.issues).toEqual([expect.objectContaining({ record: 'CRR0001', action: 'repaired' })]);
  });

  it('gives a clear error for corrupt settings and leaves them as they are', async () => {
    const settings = h.sp.web.lists.getByTitle(ListTitles.settings);
    const [item] = (await settings.items()) as { Id: number }[];
    await settings.items.getById(item!.Id).update({ [F.settings.json]: 'not json' });
    const store = createRegisterStore(h.sp);
    await expect(store.getSettings('Corporate')).rejects.toThrow(/register 'Corporate'.*not valid JSON/);
    await provision(h.sp, { registers: ['Corporate'] });
    const [after] = (await settings.items()) as Record<string, unknown>[];
    expect(after![F.settings.json]).toBe('not json');
  });
});
