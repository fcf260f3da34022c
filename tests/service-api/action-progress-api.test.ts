/**
 * Owners update the progress of their own risks' actions through the review service's API, enforced on
 * the service: the risk's owner and delegate may change an action's status, progress and note (not its
 * title, owners or dates); the owner of another risk is refused, with nothing written.
 */
import { createStoreContext, getChild } from '../../src/sharepoint';
import { aRisk } from '../sharepoint/fixtures';
import { helen, morgan, priya, startApiHarness, tom, type ApiHarness } from './api-harness';

let h: ApiHarness;
let otherActionId: number;
beforeAll(async () => {
  h = await startApiHarness();
  // CRR02 is Tom's risk; Priya owns CRR01 only.
  const other = await h.store.createRisk(
    aRisk({ reference: 'CRR02', owners: [{ id: tom.id, name: tom.name, email: tom.email }] }),
    morgan,
    'import',
  );
  const action = await h.store.addAction(
    other.id,
    {
      title: 'Patch the firewalls',
      owners: [{ id: tom.id, name: tom.name, email: tom.email }],
      status: 'not-started',
    },
    morgan,
    'import',
  );
  otherActionId = action.id as number;
});
afterAll(() => h?.close());

const read = async (id: number) => (await getChild(createStoreContext(h.sp), 'action', id)).value;

it("lets a risk's owner and delegate update the progress of its actions, audited as them", async () => {
  const action = await read(h.actionId);
  const res = await h.call(
    'updateAction',
    {
      id: h.actionId,
      action: { ...action, status: 'overdue', progress: 45, progressNote: 'Four posts filled' },
      etag: action.etag,
    },
    await h.identity.mint(priya.email),
  );
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ status: 'overdue', progress: 45, progressNote: 'Four posts filled' });
  const again = await read(h.actionId);
  const delegate = await h.call(
    'updateAction',
    { id: h.actionId, action: { ...again, progress: 50 }, etag: again.etag },
    await h.identity.mint(helen.email),
  );
  expect(delegate.status).toBe(200);
  const audit = await h.store.getAudit(h.riskId);
  expect(
    audit
      .filter((a) => a.entity === 'action' && a.by === priya.email)
      .map((a) => a.field)
      .sort(),
  ).toEqual(['ActionStatus', 'Progress', 'ProgressNote']);
});

it("refuses a risk's owner changing an action's other fields, and the owner of another risk anything", async () => {
  const action = await read(h.actionId);
  const before = await h.counts();
  const retitle = await h.call(
    'updateAction',
    { id: h.actionId, action: { ...action, title: 'Something easier', progress: 90 }, etag: action.etag },
    await h.identity.mint(priya.email),
  );
  expect(retitle.status).toBe(403);
  expect(retitle.json.error).toMatchObject({ rule: 'own-action-progress' });
  const other = await read(otherActionId);
  const stranger = await h.call(
    'updateAction',
    { id: otherActionId, action: { ...other, progress: 90 }, etag: other.etag },
    await h.identity.mint(priya.email),
  );
  expect(stranger.status).toBe(403);
  expect(stranger.json.error).toMatchObject({ rule: 'managers-only' });
  expect(String(stranger.json.error?.message)).toMatch(/Patch the firewalls" of CRR02/);
  expect(await h.counts()).toEqual(before);
});
