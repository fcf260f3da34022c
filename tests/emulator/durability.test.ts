/**
 * What makes the service an honest double: data survives a restart on a file database,
 * concurrent writers with one ETag cannot both win, unique keys and the list view threshold hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SPFI } from '@pnp/sp';
import {
  demoManager,
  demoReader,
  demoRiskOwners,
  demoSiteOwner,
  startListService,
  type ListService,
} from '../../src/emulator';
import { addRisks, ensureSimpleRisks, failureOf, statusOf } from './fixtures';
import { spFor } from './pnp-client';

// The machine is shared: allow slow runs; no test asserts on elapsed time.
jest.setTimeout(60_000);

describe('restart', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'list-service-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps lists, fields, items, versions, users and id counters across a restart', async () => {
    const dbPath = join(dir, 'site.db');
    const first = await startListService({ dbPath });
    const sp1 = spFor(first.siteUrl, demoManager.token);
    await ensureSimpleRisks(sp1);
    const added = await sp1.web.lists.getByTitle('Risks').items.add({ Title: 'Persisted', RiskCode: 'P-1' });
    await sp1.web.lists.getByTitle('Risks').items.getById(added.Id).update({ Score: 7 }, '"1"');
    const gone = await sp1.web.lists.getByTitle('Risks').items.add({ Title: 'Deleted', RiskCode: 'P-2' });
    await sp1.web.lists.getByTitle('Risks').items.getById(gone.Id).delete();
    const newcomer = await sp1.web.ensureUser('dana.whitfield@council.example');
    const owner1 = spFor(first.siteUrl, demoSiteOwner.token);
    await owner1.web.lists.getByTitle('Risks').breakRoleInheritance(true, false);
    await owner1.web.lists
      .getByTitle('Risks')
      .roleAssignments.remove(demoRiskOwners[0]?.id as number, 1073741827);
    const group = await owner1.web.siteGroups.add({ Title: 'Persisted group' });
    await owner1.web.siteGroups
      .getById(group.Id as number)
      .users.add(`i:0#.f|membership|${demoReader.loginName}`);
    await first.close();

    const second = await startListService({ dbPath });
    try {
      const sp2 = spFor(second.siteUrl, demoManager.token);
      const risks = sp2.web.lists.getByTitle('Risks');
      const item = await risks.items.getById(added.Id)();
      expect(item).toMatchObject({ Title: 'Persisted', Score: 7, 'odata.etag': '"2"' });
      const field = await risks.fields.getByInternalNameOrTitle('RiskCode')();
      expect(field).toMatchObject({ Indexed: true, EnforceUniqueValues: true });
      expect((await failureOf(risks.items.add({ RiskCode: 'p-1' }))).message).toContain('duplicate values');
      const next = await risks.items.add({ Title: 'After restart', RiskCode: 'P-3' });
      expect(next.Id).toBe(gone.Id + 1);
      const versions = await risks.items.getById(added.Id).versions();
      expect(versions.map((v: { VersionLabel: string }) => v.VersionLabel)).toEqual(['2.0', '1.0']);
      expect((await sp2.web.siteUsers.getById(newcomer.Id)()).Email).toBe('dana.whitfield@council.example');
      const owner2 = spFor(second.siteUrl, demoSiteOwner.token);
      expect(
        (
          await owner2.web.lists.getByTitle('Risks').select('HasUniqueRoleAssignments')<{
            HasUniqueRoleAssignments: boolean;
          }>()
        ).HasUniqueRoleAssignments,
      ).toBe(true);
      // Priya's Contribute was removed from the list before the restart.
      const priya = spFor(second.siteUrl, demoRiskOwners[0]?.token);
      expect(await statusOf(priya.web.lists.getByTitle('Risks').items())).toBe(403);
      const members = await owner2.web.siteGroups.getByName('Persisted group').users();
      expect(members.map((u: { Title: string }) => u.Title)).toEqual([demoReader.title]);
    } finally {
      await second.close();
    }
  });
});

describe('one process per database file', () => {
  it('refuses a second service on a file another one holds, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'list-service-lock-'));
    const dbPath = join(dir, 'site.db');
    const first = await startListService({ dbPath });
    try {
      await expect(startListService({ dbPath })).rejects.toThrow('is in use by another list service process');
    } finally {
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('concurrent writers', () => {
  let service: ListService;
  beforeAll(async () => {
    service = await startListService();
    await ensureSimpleRisks(spFor(service.siteUrl, demoManager.token));
  });
  afterAll(async () => {
    await service.close();
  });

  it('lets exactly one of two updates with the same ETag win; the other gets 412', async () => {
    const alice = spFor(service.siteUrl, demoRiskOwners[0]?.token);
    const bob = spFor(service.siteUrl, demoRiskOwners[1]?.token);
    const added = await alice.web.lists.getByTitle('Risks').items.add({ Title: 'Shared', RiskCode: 'C-1' });
    const etag = added['odata.etag'] as string;
    const results = await Promise.allSettled([
      alice.web.lists.getByTitle('Risks').items.getById(added.Id).update({ Title: 'Alice was here' }, etag),
      bob.web.lists.getByTitle('Risks').items.getById(added.Id).update({ Title: 'Bob was here' }, etag),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0]?.reason as { status: number }).status).toBe(412);
    const final = await alice.web.lists.getByTitle('Risks').items.getById(added.Id)();
    expect(final['odata.etag']).toBe('"2"');
    expect(['Alice was here', 'Bob was here']).toContain(final.Title);
  });
});

describe('list view threshold', () => {
  let service: ListService;
  let sp: SPFI;
  beforeAll(async () => {
    service = await startListService({ listViewThreshold: 60 });
    sp = spFor(service.siteUrl, demoManager.token);
    await ensureSimpleRisks(sp);
    await addRisks(sp, 61);
  });
  afterAll(async () => {
    await service.close();
  });
  const risks = () => sp.web.lists.getByTitle('Risks');

  it('refuses a filter on a non-indexed column of a list over the threshold', async () => {
    const err = await failureOf(risks().items.filter('Score gt 3')());
    expect(err.status).toBe(500);
    expect(err.message).toMatch(
      /^The attempted operation is prohibited because it exceeds the list view threshold\./,
    );
    expect(err.message).toContain("column 'Score' is not indexed");
  });

  it('refuses sorting on a non-indexed column', async () => {
    expect((await failureOf(risks().items.orderBy('Title')())).status).toBe(500);
  });

  it('allows indexed filters and ID order, and paging past the threshold', async () => {
    const open = await risks().items.select('Id').filter("Status eq 'Open'").top(5000)();
    expect(open).toHaveLength(41);
    const ids: number[] = [];
    for await (const page of risks().items.select('Id').top(25))
      ids.push(...page.map((r: { Id: number }) => r.Id));
    expect(ids).toHaveLength(61);
  });

  it('works again once a column is indexed', async () => {
    await risks().fields.getByInternalNameOrTitle('Score').update({ Indexed: true });
    const rows = await risks().items.select('Id').filter('Score ge 24').top(100)();
    expect(rows.map((r: { Id: number }) => r.Id)).toEqual([24, 49]);
  });
});

describe('lookup column threshold', () => {
  it('refuses to return all columns of a list with more than 12 person/lookup columns, unless $select narrows it', async () => {
    const service = await startListService();
    try {
      const sp = spFor(service.siteUrl, demoManager.token);
      const { list } = await sp.web.lists.ensure('Wide');
      // Created By and Modified By already count as two.
      for (let i = 1; i <= 11; i++) await list.fields.addUser(`Person${i}`);
      await list.items.add({ Title: 'wide row' });
      const err = await failureOf(list.items());
      expect(err.status).toBe(500);
      expect(err.message).toContain('exceeds the lookup column threshold');
      const narrow = await list.items.select('Title', 'Person1Id')();
      expect(narrow[0]).toMatchObject({ Title: 'wide row', Person1Id: null });
    } finally {
      await service.close();
    }
  });
});

describe('unique keys', () => {
  let service: ListService;
  let sp: SPFI;
  beforeAll(async () => {
    service = await startListService();
    sp = spFor(service.siteUrl, demoManager.token);
    await ensureSimpleRisks(sp);
  });
  afterAll(async () => {
    await service.close();
  });
  const risks = () => sp.web.lists.getByTitle('Risks');

  it('rejects a duplicate on update too, but allows an item to keep its own value and empty values to repeat', async () => {
    const a = await risks().items.add({ Title: 'A', RiskCode: 'K-1' });
    const b = await risks().items.add({ Title: 'B', RiskCode: 'K-2' });
    await risks().items.add({ Title: 'no code 1' });
    await risks().items.add({ Title: 'no code 2' });
    await risks().items.getById(a.Id).update({ RiskCode: 'K-1', Title: 'A2' });
    expect((await failureOf(risks().items.getById(b.Id).update({ RiskCode: 'K-1' }))).status).toBe(500);
    await risks().items.getById(a.Id).update({ RiskCode: 'K-9' });
    await risks().items.getById(b.Id).update({ RiskCode: 'k-1' });
  });

  it('can enforce unique titles, as SharePoint allows on the built-in Title column', async () => {
    const { list } = await sp.web.lists.ensure('Registers');
    await list.fields.getByInternalNameOrTitle('Title').update({ Indexed: true, EnforceUniqueValues: true });
    await list.items.add({ Title: 'Strategic' });
    expect((await failureOf(list.items.add({ Title: 'STRATEGIC' }))).message).toContain('duplicate values');
  });

  it('deletes a field with its values, and a list with its items', async () => {
    await risks().fields.addText('Scratch');
    await risks().items.add({ Title: 'scratch holder', Scratch: 'old value' });
    await risks().fields.getByInternalNameOrTitle('Scratch').delete();
    await risks().fields.addText('Scratch');
    const rows = await risks().items.select('Scratch').filter("Title eq 'scratch holder'")();
    expect(rows[0]?.Scratch).toBeNull();
    const { list } = await sp.web.lists.ensure('Throwaway');
    await list.items.add({ Title: 'gone soon' });
    await list.delete();
    expect((await failureOf(sp.web.lists.getByTitle('Throwaway')())).status).toBe(404);
  });

  it('refuses unique values on a column that is not indexed, or already holds duplicates', async () => {
    const fields = risks().fields;
    await fields.addText('Ref');
    const notIndexed = await failureOf(
      fields.getByInternalNameOrTitle('Ref').update({ EnforceUniqueValues: true }),
    );
    expect(notIndexed.status).toBe(400);
    expect(notIndexed.message).toContain('must be indexed');
    await risks().items.add({ Title: 'r1', Ref: 'same' });
    await risks().items.add({ Title: 'r2', Ref: 'SAME' });
    const dups = await failureOf(
      fields.getByInternalNameOrTitle('Ref').update({ Indexed: true, EnforceUniqueValues: true }),
    );
    expect(dups.message).toContain('duplicate values');
  });
});
