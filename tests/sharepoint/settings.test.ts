import { ConflictError, ValidationError } from '../../src/sharepoint/errors';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { manager, startHarness, type Harness } from './harness';

describe('register settings', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate'], councilName: 'Example County Council' });
  });
  afterEach(() => h.close());

  it('saves validated settings with the ETag, audits them and refuses stale or invalid saves', async () => {
    const store = createRegisterStore(h.sp);
    const settings = await store.getSettings('Corporate');
    expect(settings.councilName).toBe('Example County Council');
    expect(settings.review.periodKind).toBe('quarter');

    const { id: _id, etag, modified: _m, ...plain } = settings;
    const saved = await store.saveSettings({ ...plain, defaultAppetite: 12 }, etag, manager);
    expect(saved.defaultAppetite).toBe(12);
    expect((await store.getSettings('Corporate')).defaultAppetite).toBe(12);

    await expect(
      store.saveSettings({ ...plain, councilName: 'Stale' }, etag, manager),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      store.saveSettings({ ...plain, financialYearStartMonth: 0 }, saved.etag, manager),
    ).rejects.toBeInstanceOf(ValidationError);

    const audit = (await h.sp.web.lists.getByTitle('AuditLog').items()) as Record<string, unknown>[];
    const settingsEdits = audit.filter((a) => a.Entity === 'settings' && a.AuditSource === 'tab');
    expect(settingsEdits).toHaveLength(1);
    expect(String(settingsEdits[0]!.NewValue)).toContain('"defaultAppetite": 12');
  });
});
