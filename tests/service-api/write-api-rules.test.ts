/**
 * The review service's write API over HTTP, per role: managers (the managers' SharePoint group),
 * owners and delegates of a risk, an action's owner, a read-only member. Audit comes from what
 * changed, with the actor from the token; nothing is written on a 403 or 412.
 */
import { demoManager, demoReader } from '../../src/emulator';
import { createStoreContext, getChild } from '../../src/sharepoint';
import { helen, morgan, priya, startApiHarness, tom, type ApiHarness } from './api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.close());

const newRisk = { reference: 'CRR02', title: 'Cyber attack', register: 'Corporate' };

async function riskBody() {
  const { aRisk } = await import('../sharepoint/fixtures');
  return { risk: aRisk({ ...newRisk, owners: [{ id: priya.id, name: priya.name, email: priya.email }] }) };
}

describe('rules per role', () => {
  it('lets a manager add a risk, audited as the manager from the token', async () => {
    const res = await h.call('createRisk', await riskBody(), await h.identity.mint(demoManager.email));
    expect(res.status).toBe(201);
    const audit = await h.store.getAudit(Number(res.json.id));
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.by === morgan.email && a.source === 'tab')).toBe(true);
  });

  it('refuses a risk owner adding a risk or changing one, naming the rule', async () => {
    const before = await h.counts();
    const token = await h.identity.mint(priya.email);
    const add = await h.call(
      'createRisk',
      { risk: { ...(await riskBody()).risk, reference: 'CRR03' } },
      token,
    );
    expect(add.status).toBe(403);
    expect(add.json.error).toMatchObject({ code: 'forbidden', rule: 'managers-only' });
    expect(String(add.json.error?.message)).toMatch(/Risk Register Managers/);
    const risk = await h.store.getRisk(h.riskId);
    const change = await h.call(
      'updateRisk',
      { id: h.riskId, patch: { title: 'Mine now' }, etag: risk.etag },
      token,
    );
    expect(change.status).toBe(403);
    expect(change.json.error).toMatchObject({ rule: 'managers-only' });
    const settings = await h.store.getSettings('Corporate');
    const save = await h.call('saveSettings', { settings, etag: settings.etag }, token);
    expect(save.status).toBe(403);
    expect(await h.counts()).toEqual(before);
  });

  it('closes a risk through the API only with a reason, refusing one without it in words', async () => {
    const token = await h.identity.mint(demoManager.email);
    const created = await h.call(
      'createRisk',
      { risk: { ...(await riskBody()).risk, reference: 'CRR09' } },
      token,
    );
    const id = Number(created.json.id);
    const before = await h.counts();
    const refused = await h.call('closeRisk', { id, etag: String(created.json.etag) }, token);
    expect(refused.status).toBe(400);
    expect(String(refused.json.error?.message)).toMatch(/give the reason for closing it/);
    expect(await h.counts()).toEqual(before);
    const closed = await h.call(
      'closeRisk',
      { id, etag: String(created.json.etag), reason: 'Merged into the partnership register' },
      token,
    );
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({
      status: 'closed',
      closureReason: 'Merged into the partnership register',
    });
    const audit = await h.store.getAudit(id);
    expect(audit.some((a) => a.field === 'ClosureReason' && a.by === morgan.email)).toBe(true);
  });

  it("records an owner's and a delegate's review of their own risk, and refuses anyone else's", async () => {
    const risk = await h.store.getRisk(h.riskId);
    const snapshot = {
      riskReference: risk.reference,
      periodId: '2026/27-Q3',
      current: { likelihood: 2, impact: 4 },
      comment: 'Recruitment is improving.',
      recordedAt: '2000-01-01T00:00:00Z',
      recordedBy: { name: 'Someone else', email: demoManager.email },
      source: 'card',
      outcome: 'changed',
    };
    const before = await h.counts();
    const stranger = await h.call(
      'recordReview',
      { riskId: h.riskId, riskEtag: risk.etag, snapshot, source: 'tab' },
      await h.identity.mint(tom.email),
    );
    expect(stranger.status).toBe(403);
    expect(stranger.json.error).toMatchObject({ rule: 'own-risk-review' });
    const reader = await h.call(
      'recordReview',
      { riskId: h.riskId, riskEtag: risk.etag, snapshot, source: 'tab' },
      await h.identity.mint(demoReader.email),
    );
    expect(reader.status).toBe(403);
    expect(await h.counts()).toEqual(before);

    const own = await h.call(
      'recordReview',
      { riskId: h.riskId, riskEtag: risk.etag, snapshot, source: 'tab' },
      await h.identity.mint(priya.email),
    );
    expect(own.status).toBe(200);
    const recorded = own.json.snapshot as Record<string, unknown>;
    // Who and when come from the token and the service's clock, not from the body.
    expect(recorded).toMatchObject({ source: 'tab', recordedBy: { id: priya.id } });
    expect(recorded.recordedAt).not.toBe('2000-01-01T00:00:00Z');
    const audit = await h.store.getAudit(h.riskId);
    expect(audit.filter((a) => a.entity === 'snapshot').every((a) => a.by === priya.email)).toBe(true);
    const ratingChange = audit.filter((a) => a.entity === 'risk' && a.field === 'CurrentLikelihood').at(-1);
    expect(ratingChange).toMatchObject({
      by: priya.email,
      oldValue: '3',
      newValue: '2',
    });

    const updated = await h.store.getRisk(h.riskId);
    const delegate = await h.call(
      'recordReview',
      {
        riskId: h.riskId,
        riskEtag: updated.etag,
        snapshot: { ...snapshot, comment: 'Delegate adds: agency staff down.' },
        source: 'tab',
      },
      await h.identity.mint(helen.email),
    );
    expect(delegate.status).toBe(200);
  });

  it('refuses to record or change a past period, and a stale ETag gets 412 with the current risk', async () => {
    const risk = await h.store.getRisk(h.riskId);
    const before = await h.counts();
    const past = await h.call(
      'recordReview',
      {
        riskId: h.riskId,
        riskEtag: risk.etag,
        snapshot: {
          riskReference: risk.reference,
          periodId: '2024/25-Q1',
          current: { likelihood: 1, impact: 1 },
          comment: 'Rewriting history',
          outcome: 'changed',
        },
        source: 'tab',
      },
      await h.identity.mint(demoManager.email),
    );
    expect(past.status).toBe(403);
    expect(past.json.error).toMatchObject({ rule: 'past-snapshots-frozen' });
    const stale = await h.call(
      'updateRisk',
      { id: h.riskId, patch: { title: 'Late edit' }, etag: '"1"' },
      await h.identity.mint(demoManager.email),
    );
    expect(stale.status).toBe(412);
    expect(stale.json.error).toMatchObject({ code: 'conflict', current: { id: h.riskId, etag: risk.etag } });
    expect(await h.counts()).toEqual(before);
  });

  it("lets an action's owner change its progress only", async () => {
    const action = (await getChild(createStoreContext(h.sp), 'action', h.actionId)).value;
    const token = await h.identity.mint(tom.email);
    const before = await h.counts();
    const retitle = await h.call(
      'updateAction',
      { id: h.actionId, action: { ...action, title: 'Something easier' }, etag: action.etag },
      token,
    );
    expect(retitle.status).toBe(403);
    expect(retitle.json.error).toMatchObject({ rule: 'own-action-progress' });
    expect(String(retitle.json.error?.message)).toMatch(/not its title/);
    expect(await h.counts()).toEqual(before);
    const progress = await h.call(
      'updateAction',
      {
        id: h.actionId,
        action: { ...action, progress: 60, progressNote: 'Six posts filled' },
        etag: action.etag,
      },
      token,
    );
    expect(progress.status).toBe(200);
    expect(progress.json).toMatchObject({ progress: 60, progressNote: 'Six posts filled' });
    const audit = await h.store.getAudit(h.riskId);
    expect(
      audit
        .filter((a) => a.entity === 'action' && a.by === tom.email)
        .map((a) => a.field)
        .sort(),
    ).toEqual(['Progress', 'ProgressNote']);
  });
});
