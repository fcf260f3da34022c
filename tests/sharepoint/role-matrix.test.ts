/**
 * The trust boundary, as SharePoint itself enforces it once provisioning has set the register lists'
 * permissions: every person (a manager, an owner with Edit, an owner with Contribute, a delegate, a
 * reader) who writes to a register list directly over REST, through real PnPjs, gets 403 and nothing
 * is written; the review service's identity writes; the site owner (an administrator) still can.
 * Adding a directory person as a site user (`ensureUser`) needs only Browse User Information in
 * SharePoint, so it succeeds for everyone: it grants nobody any access to the lists.
 */
import type { SPFI } from '@pnp/sp';
import {
  demoManager,
  demoReader,
  demoRiskOwners,
  demoService,
  demoSiteOwner,
  demoUsers,
  startListService,
  type ListService,
} from '../../src/emulator';
import { createRegisterStore, provision } from '../../src/sharepoint';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { ListTitles } from '../../src/sharepoint/schema';
import { aRisk } from './fixtures';

jest.setTimeout(300_000);

const [priya, tom, helen] = demoRiskOwners as [
  (typeof demoRiskOwners)[0],
  (typeof demoRiskOwners)[0],
  (typeof demoRiskOwners)[0],
];

/** Who, how they sit on the site, and what SharePoint answers their direct writes to the lists. */
const roles = [
  { role: 'manager (Members + Risk Register Managers)', token: demoManager.token, writes: 403 },
  { role: 'owner with Edit (Members)', token: tom.token, writes: 403 },
  { role: 'owner with Contribute (direct on the site)', token: priya.token, writes: 403 },
  { role: 'delegate (Members)', token: helen.token, writes: 403 },
  { role: 'reader (Visitors)', token: demoReader.token, writes: 403 },
  { role: 'the review service (Sites.Selected)', token: demoService.token, writes: 2 },
  { role: 'site owner (Owners, Full Control)', token: demoSiteOwner.token, writes: 2 },
] as const;

const lists = [
  ListTitles.risks,
  ListTitles.controls,
  ListTitles.actions,
  ListTitles.snapshots,
  ListTitles.reviewRequests,
  ListTitles.audit,
  ListTitles.settings,
];

let list: ListService;
let service: SPFI;
const client = (token: string) =>
  createSpClient({ siteUrl: list.siteUrl, getToken: async () => token, retry: { maxAttempts: 1 } });
const seeded = new Map<string, number>();

beforeAll(async () => {
  list = await startListService({ users: demoUsers });
  const owner = client(demoSiteOwner.token);
  await provision(owner, { registers: ['Corporate'], permissions: { serviceLogin: demoService.loginName } });
  service = client(demoService.token);
  const store = createRegisterStore(service);
  const actor = { id: demoManager.id as number, name: demoManager.title, email: demoManager.email };
  const risk = await store.createRisk(
    aRisk({
      reference: 'CRR01',
      owners: [{ id: tom.id as number, name: tom.title, email: tom.email }],
      delegates: [{ id: helen.id as number, name: helen.title, email: helen.email }],
    }),
    actor,
    'import',
  );
  await store.addControl(risk.id, { title: 'Weekly triage', owners: [] }, actor, 'import');
  await store.addAction(risk.id, { title: 'Recruit', owners: [], status: 'in-progress' }, actor, 'import');
  await store.recordReview({
    riskId: risk.id,
    riskEtag: risk.etag,
    snapshot: {
      riskReference: 'CRR01',
      periodId: '2026/27-Q3',
      comment: 'Reviewed',
      recordedAt: new Date().toISOString(),
      source: 'tab',
      outcome: 'confirmed',
    },
    actor,
    source: 'tab',
  });
  await service.web.lists.getByTitle(ListTitles.reviewRequests).items.add({
    Title: 'CRR01 2026/27-Q3',
    RequestKey: `${risk.id}|2026/27-Q3|${tom.id}`,
    PeriodId: '2026/27-Q3',
    RequestStatus: 'pending',
  });
  for (const title of lists) {
    const [first] = await service.web.lists.getByTitle(title).items.select('Id').top(1)();
    seeded.set(title, Number(first?.Id));
  }
});
afterAll(() => list?.close());

async function snapshotOfLists(): Promise<string> {
  const all: unknown[] = [];
  for (const title of lists)
    all.push(await service.web.lists.getByTitle(title).items.select('Id', 'Modified', 'Title').top(5000)());
  return JSON.stringify(all);
}

async function statusOf(write: () => Promise<unknown>): Promise<number> {
  try {
    await write();
    return 2;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}

describe.each(roles)('$role writing directly over REST', ({ token, writes }) => {
  it.each(lists)(`%s: add, update and delete get ${writes === 2 ? '2xx' : '403'}`, async (title) => {
    const sp = client(token);
    const items = sp.web.lists.getByTitle(title).items;
    const before = writes === 2 ? '' : await snapshotOfLists();
    const id = seeded.get(title) as number;
    expect(await statusOf(() => items.add({ Title: `direct write to ${title}` }))).toBe(writes);
    expect(await statusOf(() => items.getById(id).update({ Title: 'overwritten' }))).toBe(writes);
    const extra = await service.web.lists.getByTitle(title).items.add({ Title: 'to delete' });
    expect(await statusOf(() => items.getById(Number(extra.Id)).delete())).toBe(writes);
    if (writes !== 2) {
      await service.web.lists.getByTitle(title).items.getById(Number(extra.Id)).delete();
      expect(await snapshotOfLists()).toEqual(before);
    }
  });

  it('site users: ensureUser adds a directory person (Browse User Information), which grants no list access', async () => {
    const sp = client(token);
    expect(await statusOf(() => sp.web.ensureUser('dana.whitfield@council.example'))).toBe(2);
  });
});

it('everyone on the site can still read the register lists', async () => {
  for (const { token } of roles) {
    const sp = client(token);
    for (const title of lists) {
      expect((await sp.web.lists.getByTitle(title).items.select('Id').top(1)()).length).toBe(1);
    }
  }
});
