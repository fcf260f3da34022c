import { ConflictError, PermissionDeniedError, ValidationError } from '../../src/sharepoint/errors';
import type { AuditEntry, RegisterStore, StoredRisk } from '../../src/ports';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { ListTitles } from '../../src/sharepoint/schema';
import { aRisk } from './fixtures';
import { manager, owners, readerToken, startHarness, type Harness } from './harness';

describe('RegisterStore over PnPjs and the local list service', () => {
  let h: Harness;
  let store: RegisterStore;
  beforeEach(async () => {
    // People the tests name who are in the organisation's directory but not yet site users.
    h = await startHarness({
      directory: [
        { upn: 'jo.bloggs@council.example', title: 'Cllr Jo Bloggs', email: 'jo.bloggs@council.example' },
        { upn: 'new.officer@council.example', title: 'New Officer', email: 'new.officer@council.example' },
      ],
    });
    await provision(h.sp, { registers: ['Corporate'] });
    store = createRegisterStore(h.sp);
  });
  afterEach(() => h.close());

  const auditCount = async (): Promise<number> =>
    ((await h.sp.web.lists.getByTitle(ListTitles.audit).items.select('Id').top(5000)()) as unknown[]).length;

  it("refuses a control or action the domain refuses (the dialog's rules), naming the risk and field, writing nothing", async () => {
    const risk = await store.createRisk(aRisk(), manager);
    const before = await auditCount();
    await expect(store.addControl(risk.id, { title: '   ', owners: [] }, manager)).rejects.toMatchObject({
      name: ValidationError.name,
      field: 'control.title',
      record: risk.reference,
    });
    const action = await store.addAction(
      risk.id,
      { title: 'Recruit social workers', owners: [], status: 'in-progress' },
      manager,
    );
    const afterAdd = await auditCount();
    await expect(
      store.updateAction(action.id, { ...action, progress: 140 }, action.etag, manager),
    ).rejects.toThrow(/Progress is a whole percentage, 0 to 100/);
    // Advice never blocks: a completed action under 100% is stored as entered.
    const done = await store.updateAction(
      action.id,
      { ...action, status: 'completed', progress: 90 },
      action.etag,
      manager,
    );
    expect(done.progress).toBe(90);
    expect(afterAdd - before).toBeGreaterThan(0);
    expect((await store.getRisk(risk.id)).controls).toEqual([]);
  });

  it('appends one audit entry per changed field for every repository write', async () => {
    const writes: { name: string; added: number }[] = [];
    const track = async <T>(name: string, op: () => Promise<T>): Promise<T> => {
      const before = await auditCount();
      const result = await op();
      writes.push({ name, added: (await auditCount()) - before });
      return result;
    };

    const risk = await track('create risk', () =>
      store.createRisk(aRisk({ controls: [{ title: 'Multi-agency hub', owners: [owners[1]!] }] }), manager),
    );
    const updated = await track('update risk', () =>
      store.updateRisk(risk.id, { title: 'Safeguarding failure', appetite: 8 }, risk.etag, manager),
    );
    const control = await track('add control', () =>
      store.addControl(
        risk.id,
        { title: 'Quality assurance audits', owners: [owners[2]!], order: 2 },
        manager,
      ),
    );
    const changedControl = await track('update control', () =>
      store.updateControl(control.id, { ...control, title: 'Monthly QA audits' }, control.etag, manager),
    );
    await track('delete control', () => store.deleteControl(changedControl.id, changedControl.etag, manager));
    const action = await track('add action', () =>
      store.addAction(
        risk.id,
        { title: 'Recruit social workers', owners: [owners[0]!], status: 'in-progress' },
        manager,
      ),
    );
    await track('update action', () =>
      store.updateAction(
        action.id,
        { ...action, progress: 50, progressNote: 'Half recruited' },
        action.etag,
        manager,
      ),
    );
    const review = await track('record review', () =>
      store.recordReview({
        riskId: risk.id,
        riskEtag: updated.etag,
        snapshot: {
          riskReference: risk.reference,
          periodId: '2024/25-Q4',
          current: { likelihood: 2, impact: 4 },
          comment: 'Improving',
          recordedAt: '2025-01-10T10:00:00Z',
          source: 'card',
          outcome: 'changed',
        },
        actor: manager,
        source: 'card',
      }),
    );
    await track('close risk', () => store.closeRisk(risk.id, review.risk.etag, manager));

    expect(writes.filter((w) => w.added === 0)).toEqual([]);
    // Field-level counts: title + appetite; control title; action progress + note; delete = one entry.
    expect(writes.find((w) => w.name === 'update risk')!.added).toBe(2);
    expect(writes.find((w) => w.name === 'update control')!.added).toBe(1);
    expect(writes.find((w) => w.name === 'update action')!.added).toBe(2);
    expect(writes.find((w) => w.name === 'delete control')!.added).toBe(1);

    const audit = await store.getAudit(risk.id);
    expect(audit.length).toBe(writes.reduce((n, w) => n + w.added, 0));
    const titleChange = audit.find((a) => a.entity === 'risk' && a.field === 'Title' && a.oldValue !== '');
    expect(titleChange).toMatchObject<Partial<AuditEntry>>({
      by: manager.email!,
      oldValue: 'Failure to safeguard vulnerable children',
      newValue: 'Safeguarding failure',
      source: 'tab',
    });
    expect(
      audit.some((a) => a.entity === 'snapshot' && a.field === 'PeriodComment' && a.newValue === 'Improving'),
    ).toBe(true);
    expect(
      audit.some((a) => a.entity === 'risk' && a.field === 'CurrentLikelihood' && a.source === 'card'),
    ).toBe(true);
  });

  it('gives the loser of two concurrent updates a ConflictError with the current values, losing nothing', async () => {
    const risk = await store.createRisk(aRisk(), manager);
    const other = createRegisterStore(h.sp);
    const results = await Promise.allSettled([
      store.updateRisk(risk.id, { title: 'Title from Morgan' }, risk.etag, manager),
      other.updateRisk(risk.id, { appetite: 6 }, risk.etag, manager),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const conflict = lost[0]!.reason as ConflictError<StoredRisk>;
    expect(conflict).toBeInstanceOf(ConflictError);
    const winner = (won[0] as PromiseFulfilledResult<StoredRisk>).value;
    expect(conflict.current?.etag).toBe(winner.etag);
    expect(conflict.current?.title).toBe(winner.title);
    expect(conflict.message).toMatch(/someone else saved it/);

    // The loser re-applies on the current version: both changes survive.
    const retried = await store.updateRisk(
      risk.id,
      results[0]!.status === 'rejected' ? { title: 'Title from Morgan' } : { appetite: 6 },
      conflict.current!.etag,
      manager,
    );
    expect(retried.title).toBe('Title from Morgan');
    expect(retried.appetite).toBe(6);
  });

  it('records a review once per risk and period, and reads the history', async () => {
    const risk = await store.createRisk(aRisk(), manager);
    const snapshot = {
      riskReference: risk.reference,
      periodId: '2024/25-Q3',
      current: { likelihood: 3, impact: 4 },
      comment: 'No change',
      recordedAt: '2024-10-01T09:00:00Z',
      source: 'card' as const,
      outcome: 'confirmed' as const,
    };
    const first = await store.recordReview({
      riskId: risk.id,
      riskEtag: risk.etag,
      snapshot,
      actor: manager,
      source: 'card',
    });
    // A replayed card submission with the etag it was sent with: same result, no second snapshot.
    const replay = await store.recordReview({
      riskId: risk.id,
      riskEtag: risk.etag,
      snapshot,
      actor: manager,
      source: 'card',
    });
    expect(replay.snapshot.id).toBe(first.snapshot.id);
    const q4 = await store.recordReview({
      riskId: risk.id,
      riskEtag: first.risk.etag,
      snapshot: {
        ...snapshot,
        periodId: '2024/25-Q4',
        current: { likelihood: 4, impact: 4 },
        outcome: 'changed',
      },
      actor: manager,
      source: 'card',
    });
    expect(q4.risk.current).toEqual({ likelihood: 4, impact: 4 });
    const history = await store.getHistory(risk.id);
    expect(history.map((s) => [s.periodId, s.outcome])).toEqual([
      ['2024/25-Q3', 'confirmed'],
      ['2024/25-Q4', 'changed'],
    ]);
    expect(history[0]!.recordedBy?.name).toBe(manager.name);
  });

  it('refuses a duplicate reference in one register and a rating off the matrix, naming the field', async () => {
    await store.createRisk(aRisk(), manager);
    await expect(store.createRisk(aRisk({ title: 'Another' }), manager)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      store.createRisk(aRisk({ reference: 'CRR0001', register: 'Other' }), manager),
    ).resolves.toBeTruthy();
    const offScale = store.createRisk(
      aRisk({ reference: 'CRR0002', current: { likelihood: 6, impact: 1 } }),
      manager,
    );
    await expect(offScale).rejects.toMatchObject({ name: 'ValidationError', field: 'current.likelihood' });
  });

  it('resolves people given by e-mail to site users and refuses people it cannot identify', async () => {
    const risk = await store.createRisk(
      aRisk({ cabinetMembers: [{ name: 'Cllr Jo Bloggs', email: 'jo.bloggs@council.example' }] }),
      manager,
    );
    expect(risk.cabinetMembers).toEqual([
      expect.objectContaining({ id: expect.any(Number), email: 'jo.bloggs@council.example' }),
    ]);
    const nobody = store.createRisk(
      aRisk({ reference: 'CRR0003', delegates: [{ name: 'Someone' }] }),
      manager,
    );
    await expect(nobody).rejects.toMatchObject({ name: 'ValidationError', field: 'delegates' });
  });

  it('records the origin of control and action writes in the audit log', async () => {
    const risk = await store.createRisk(aRisk({ reference: 'CRR0020' }), manager);
    const control = await store.addControl(
      risk.id,
      { title: 'Panel', owners: [owners[0]!] },
      manager,
      'import',
    );
    await store.updateAction(
      (
        await store.addAction(
          risk.id,
          { title: 'Audit', owners: [owners[0]!], status: 'not-started' },
          manager,
        )
      ).id,
      { title: 'Audit', owners: [owners[0]!], status: 'completed' },
      '*',
      manager,
      'import',
    );
    const audit = await store.getAudit(risk.id);
    const sources = (entity: AuditEntry['entity']) =>
      [...new Set(audit.filter((a) => a.entity === entity).map((a) => a.source))].sort();
    expect(
      audit.some((a) => a.entity === 'control' && a.entityId === control.id && a.source === 'import'),
    ).toBe(true);
    expect(sources('action')).toEqual(['import', 'tab']);
  });

  it('keeps the audit of equal references in two registers apart', async () => {
    await provision(h.sp, { registers: ['Corporate', "Children's Services"] });
    const corporate = await store.createRisk(aRisk({ reference: 'CRR01' }), manager);
    const children = await store.createRisk(
      aRisk({ reference: 'CRR01', register: "Children's Services" }),
      manager,
    );
    await store.updateRisk(children.id, { appetite: 9 }, children.etag, manager);
    await store.addControl(children.id, { title: 'Placement panel', owners: [owners[1]!] }, manager);
    const ofCorporate = await store.getAudit(corporate.id);
    const ofChildren = await store.getAudit(children.id);
    expect(ofCorporate.length).toBeGreaterThan(0);
    expect(ofCorporate.every((a) => a.riskId === corporate.id && a.riskReference === 'CRR01')).toBe(true);
    expect(ofCorporate.some((a) => a.field === 'Appetite' && a.newValue === '9')).toBe(false);
    expect(ofChildren.some((a) => a.field === 'Appetite' && a.newValue === '9')).toBe(true);
    expect(ofChildren.some((a) => a.entity === 'control')).toBe(true);
    expect(ofCorporate.some((a) => a.entity === 'control')).toBe(false);
  });

  it('lists the site users for matching names, and adds an organisation account by e-mail', async () => {
    const users = await store.listSiteUsers();
    expect(users).toEqual(
      expect.arrayContaining([
        expect.objectContaining(manager),
        ...owners.map((o) => expect.objectContaining(o)),
      ]),
    );
    expect(users.every((u) => typeof u.id === 'number' && u.name.length > 0)).toBe(true);
    const added = await store.ensureSiteUser('new.officer@council.example');
    expect(added).toMatchObject({ id: expect.any(Number), email: 'new.officer@council.example' });
    expect((await store.listSiteUsers()).map((u) => u.id)).toContain(added!.id);
    // Asking again finds the same user.
    expect((await store.ensureSiteUser('NEW.officer@council.example'))?.id).toBe(added!.id);
  });

  it('merges a risk into another of the same register', async () => {
    const a = await store.createRisk(aRisk({ reference: 'CRR0010' }), manager);
    await store.createRisk(aRisk({ reference: 'CRR0011' }), manager);
    const merged = await store.mergeRisk(a.id, 'CRR0011', a.etag, manager);
    expect(merged).toMatchObject({ status: 'merged', mergedInto: 'CRR0011' });
    await expect(store.mergeRisk(a.id, 'NOPE', merged.etag, manager)).rejects.toThrow(/has no risk NOPE/);
  });

  it("surfaces a read-only member's write as PermissionDeniedError with their access", async () => {
    const risk = await store.createRisk(aRisk(), manager);
    const readerStore = createRegisterStore(h.clientFor(readerToken));
    const reader = { id: 11, name: 'Sam Lee' };
    const err = await readerStore
      .updateRisk(risk.id, { title: 'Nope' }, risk.etag, reader)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as PermissionDeniedError).access).toBe('read');
    expect((err as Error).message).toMatch(/read-only.*Contribute/);
    expect((await store.getRisk(risk.id)).title).toBe(risk.title);
  });
});
