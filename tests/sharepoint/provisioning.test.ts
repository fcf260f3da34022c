import { F, ListTitles, listSpec, lists } from '../../src/sharepoint/schema';
import { provision } from '../../src/sharepoint/provisioning';
import { startHarness, type Harness } from './harness';

type FieldInfo = {
  InternalName: string;
  TypeAsString: string;
  Indexed: boolean;
  EnforceUniqueValues: boolean;
};

describe('provisioning against the local list service', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('creates every list, field, index and unique key, then a second run reports no changes', async () => {
    const lines: string[] = [];
    const first = await provision(h.sp, { registers: ['Corporate'], log: (l) => lines.push(l) });
    expect(first.changes.length).toBeGreaterThan(lists.length);
    expect(first.warnings).toEqual([]);
    expect(lines.at(-1)).toMatch(/change\(s\)/);

    const risksFields = (await h.sp.web.lists
      .getByTitle(ListTitles.risks)
      .fields.select('InternalName', 'TypeAsString', 'Indexed', 'EnforceUniqueValues')()) as FieldInfo[];
    const byName = new Map(risksFields.map((f) => [f.InternalName, f]));
    expect(byName.get(F.risks.key)).toMatchObject({ Indexed: true, EnforceUniqueValues: true });
    expect(byName.get(F.risks.register)).toMatchObject({ Indexed: true });
    expect(byName.get(F.risks.status)).toMatchObject({ Indexed: true, TypeAsString: 'Choice' });
    expect(byName.get(F.risks.owners)).toMatchObject({ TypeAsString: 'UserMulti' });
    expect(byName.get(F.risks.primaryOwner)).toMatchObject({ Indexed: true, TypeAsString: 'User' });
    const controls = (await h.sp.web.lists
      .getByTitle(ListTitles.controls)
      .fields.select('InternalName', 'TypeAsString', 'Indexed', 'EnforceUniqueValues')()) as FieldInfo[];
    expect(controls.find((f) => f.InternalName === 'Risk')).toMatchObject({
      TypeAsString: 'Lookup',
      Indexed: true,
    });
    const info = (await h.sp.web.lists.getByTitle(ListTitles.snapshots).select('EnableVersioning')()) as {
      EnableVersioning: boolean;
    };
    expect(info.EnableVersioning).toBe(true);

    const secondLines: string[] = [];
    const second = await provision(h.sp, { registers: ['Corporate'], log: (l) => secondLines.push(l) });
    expect(second.changes).toEqual([]);
    expect(secondLines.at(-1)).toMatch(/no changes/);
    const settings = await h.sp.web.lists.getByTitle(ListTitles.settings).items();
    expect(settings).toHaveLength(1);
  });

  it('upgrades an older schema by adding the missing field and index without touching data', async () => {
    const risks = listSpec(ListTitles.risks);
    // The older schema lacked Risks.LinkedRisks and did not index Controls.Register.
    const older = lists.map((l) =>
      l.title === ListTitles.risks
        ? { ...l, fields: l.fields.filter((f) => f.name !== F.risks.linkedRisks) }
        : l.title === ListTitles.controls
          ? {
              ...l,
              fields: l.fields.map((f) => (f.name === F.controls.register ? { ...f, indexed: false } : f)),
            }
          : l,
    );
    await provision(h.sp, { lists: older, registers: ['Corporate'] });
    const list = h.sp.web.lists.getByTitle(ListTitles.risks);
    await list.items.add({
      Title: 'Flooding',
      RiskReference: 'CRR1',
      RiskKey: 'Corporate|CRR1',
      Register: 'Corporate',
    });
    const settingsBefore = (await h.sp.web.lists.getByTitle(ListTitles.settings).items()) as Record<
      string,
      unknown
    >[];

    const upgrade = await provision(h.sp, { registers: ['Corporate'] });
    expect(upgrade.changes).toEqual([
      expect.stringContaining(`${ListTitles.risks}.${F.risks.linkedRisks}: field added`),
      `${ListTitles.controls}.${F.controls.register}: Indexed set`,
    ]);
    expect(risks.fields.some((f) => f.name === F.risks.linkedRisks)).toBe(true);

    const items = (await list.items()) as Record<string, unknown>[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ Title: 'Flooding', RiskReference: 'CRR1', Register: 'Corporate' });
    const settingsAfter = (await h.sp.web.lists.getByTitle(ListTitles.settings).items()) as Record<
      string,
      unknown
    >[];
    expect(settingsAfter.map((s) => s.SettingsJson)).toEqual(settingsBefore.map((s) => s.SettingsJson));
  });

  it('leaves corrupt settings untouched and reports them instead of writing defaults', async () => {
    await provision(h.sp, { registers: ['Corporate'] });
    const settings = h.sp.web.lists.getByTitle(ListTitles.settings);
    const [item] = (await settings.items()) as { Id: number }[];
    await settings.items.getById(item!.Id).update({ SettingsJson: '{"register": "Corporate", "matrix": ' });

    const again = await provision(h.sp, { registers: ['Corporate'] });
    expect(again.changes).toEqual([]);
    expect(again.warnings).toEqual([expect.stringMatching(/Corporate.*not valid.*left untouched/)]);
    const [after] = (await settings.items()) as { SettingsJson: string }[];
    expect(after!.SettingsJson).toBe('{"register": "Corporate", "matrix": ');
  });

  it("puts the user-facing columns in each list's default view with readable display names", async () => {
    // An older site: provisioned before the default view was part of the schema.
    await provision(h.sp, { lists: lists.map((l) => ({ ...l, view: [] })), registers: ['Corporate'] });
    const risks = h.sp.web.lists.getByTitle(ListTitles.risks);
    expect(((await risks.defaultView.fields()) as unknown as { Items: string[] }).Items).toEqual([
      'LinkTitle',
    ]);

    const upgrade = await provision(h.sp, { registers: ['Corporate'] });
    expect(upgrade.changes).toEqual(lists.map((l) => `${l.title}: default view shows ${l.view.join(', ')}`));
    const view = (await risks.defaultView.fields()) as unknown as { Items: string[] };
    expect(view.Items).toEqual(['LinkTitle', ...listSpec(ListTitles.risks).view]);
    expect(view.Items).not.toContain(F.risks.key);
    const field = (await risks.fields.getByInternalNameOrTitle(F.risks.nextReviewDate)()) as {
      Title: string;
      InternalName: string;
      DisplayFormat: number;
    };
    expect(field).toMatchObject({
      Title: 'Next review date',
      InternalName: 'NextReviewDate',
      DisplayFormat: 0,
    });
    expect((await provision(h.sp, { registers: ['Corporate'] })).changes).toEqual([]);
  });

  it('adds new fields straight into the default view (AddFieldToDefaultView) on a fresh site', async () => {
    await provision(h.sp, { registers: ['Corporate'] });
    const actions = h.sp.web.lists.getByTitle(ListTitles.actions);
    const view = (await actions.defaultView.fields()) as unknown as { Items: string[] };
    expect(view.Items).toEqual(['LinkTitle', ...listSpec(ListTitles.actions).view]);
  });
});
