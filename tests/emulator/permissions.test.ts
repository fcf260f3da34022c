/**
 * Permission levels, role assignments, inheritance and effective permissions through real PnPjs,
 * and every request authorised against the effective permissions of the object it touches.
 */
import { PermissionKind } from '@pnp/sp/security';
import type { SPFI } from '@pnp/sp';
import {
  demoManager,
  demoReader,
  demoRiskOwners,
  demoService,
  demoSiteOwner,
  demoUpnPerson,
  startListService,
  type ListService,
} from '../../src/emulator';
import { ensureSimpleRisks, failureOf, statusOf } from './fixtures';
import { spFor } from './pnp-client';

jest.setTimeout(60_000);

// SharePoint Online's masks of the default permission levels (web/roledefinitions).
const masks = {
  'Full Control': { High: '2147483647', Low: '4294967295' },
  Design: { High: '432', Low: '1012866047' },
  Edit: { High: '432', Low: '1011030767' },
  Contribute: { High: '432', Low: '1011028719' },
  Read: { High: '176', Low: '138612833' },
  'Limited Access': { High: '48', Low: '134287360' },
};
const noPermissions = { High: '0', Low: '0' };
const roleIds = { fullControl: 1073741829, contribute: 1073741827, read: 1073741826 };

let service: ListService;
const as = (token: string): SPFI => spFor(service.siteUrl, token);
const [priya, tom, helen] = demoRiskOwners as [
  (typeof demoRiskOwners)[0],
  (typeof demoRiskOwners)[0],
  (typeof demoRiskOwners)[0],
];
const claims = (upn: string): string => `i:0#.f|membership|${upn}`;
const risks = (token: string) => as(token).web.lists.getByTitle('Risks');
const bits = (p: { High: string | number; Low: string | number }) => ({
  High: String(p.High),
  Low: String(p.Low),
});

beforeAll(async () => {
  service = await startListService();
  await ensureSimpleRisks(as(demoService.token));
  await risks(demoService.token).items.add({ Title: 'Seed', RiskCode: 'S-1' });
  await risks(demoService.token).items.add({ Title: 'Second', RiskCode: 'S-2' });
});

afterAll(async () => {
  await service.close();
});

describe('permission levels', () => {
  it("lists SharePoint's permission levels with their masks", async () => {
    const defs = await as(demoReader.token).web.roleDefinitions<
      { Name: string; BasePermissions: { High: string; Low: string } }[]
    >();
    const byName = Object.fromEntries(
      defs.map((d: { Name: string; BasePermissions: { High: string; Low: string } }) => [
        d.Name,
        d.BasePermissions,
      ]),
    );
    for (const [name, mask] of Object.entries(masks)) expect(byName[name]).toEqual(mask);
  });

  it('finds a level by name, id and type', async () => {
    const sp = as(demoManager.token);
    const edit = await sp.web.roleDefinitions.getByName('Edit')();
    expect(edit).toMatchObject({ Id: 1073741830, RoleTypeKind: 6, BasePermissions: masks.Edit });
    expect((await sp.web.roleDefinitions.getById(roleIds.read)()).Name).toBe('Read');
    expect((await sp.web.roleDefinitions.getByType(3)()).Name).toBe('Contribute');
    expect(await statusOf(sp.web.roleDefinitions.getByName('Owner')())).toBe(404);
  });
});

describe('effective permissions on the web', () => {
  it("answers each person's exact mask", async () => {
    expect(await as(demoManager.token).web.getCurrentUserEffectivePermissions()).toEqual(masks.Edit);
    expect(await as(tom.token).web.getCurrentUserEffectivePermissions()).toEqual(masks.Edit);
    expect(await as(priya.token).web.getCurrentUserEffectivePermissions()).toEqual(masks.Contribute);
    expect(await as(demoReader.token).web.getCurrentUserEffectivePermissions()).toEqual(masks.Read);
    expect(await as(demoSiteOwner.token).web.getCurrentUserEffectivePermissions()).toEqual(
      masks['Full Control'],
    );
    expect(await as(demoService.token).web.getCurrentUserEffectivePermissions()).toEqual(
      masks['Full Control'],
    );
    const web = await as(priya.token).web.select('Title', 'EffectiveBasePermissions')<{
      EffectiveBasePermissions: unknown;
    }>();
    expect(web.EffectiveBasePermissions).toEqual(masks.Contribute);
  });

  it('tells Edit from Contribute by ManageLists, as PnPjs reads it', async () => {
    expect(await as(tom.token).web.currentUserHasPermissions(PermissionKind.ManageLists)).toBe(true);
    expect(await as(priya.token).web.currentUserHasPermissions(PermissionKind.ManageLists)).toBe(false);
    expect(await as(priya.token).web.currentUserHasPermissions(PermissionKind.EditListItems)).toBe(true);
  });

  it("reads another person's permissions only with EnumeratePermissions", async () => {
    const app = as(demoService.token);
    expect(await app.web.getUserEffectivePermissions(claims(demoUpnPerson.loginName))).toEqual(masks.Edit);
    expect(await app.web.getUserEffectivePermissions(claims(demoReader.loginName))).toEqual(masks.Read);
    expect(await statusOf(as(tom.token).web.getUserEffectivePermissions(claims(priya.loginName)))).toBe(403);
  });
});

describe('role assignments on the web', () => {
  it('grants a directory person a level directly on the web and takes it away', async () => {
    const owner = as(demoSiteOwner.token);
    const dana = await owner.web.ensureUser('dana.whitfield@council.example');
    const login = claims('dana.whitfield@council.example');
    expect(await owner.web.getUserEffectivePermissions(login)).toEqual(noPermissions);
    await owner.web.roleAssignments.add(dana.Id, roleIds.contribute);
    expect(await owner.web.getUserEffectivePermissions(login)).toEqual(masks.Contribute);
    const mine = await owner.web.roleAssignments.getById(dana.Id).bindings<{ Name: string }[]>();
    expect(mine.map((b) => b.Name)).toEqual(['Contribute']);
    await owner.web.roleAssignments.remove(dana.Id, roleIds.contribute);
    expect(await owner.web.getUserEffectivePermissions(login)).toEqual(noPermissions);
    const unknown = await failureOf(owner.web.roleAssignments.add(dana.Id, 42));
    expect(unknown.status).toBe(400);
    expect(unknown.message).toContain('Role definition id 42');
  });
});

describe('authorisation by permission level', () => {
  it('lets a site member (Edit) add a column, which Contribute and Read cannot', async () => {
    await risks(tom.token).fields.addText('MemberNote');
    const refused = await failureOf(risks(priya.token).fields.addText('ContributorNote'));
    expect(refused.status).toBe(403);
    expect(refused.message).toContain(
      'Access denied. You do not have permission to perform this action or access this resource.',
    );
    expect(refused.message).toContain('ManageLists');
    expect(await statusOf(risks(demoReader.token).fields.addText('ReaderNote'))).toBe(403);
    const names = (await risks(demoService.token).fields.select('InternalName')()).map(
      (f: { InternalName: string }) => f.InternalName,
    );
    expect(names).toContain('MemberNote');
    expect(names).not.toContain('ContributorNote');
  });

  it('keeps visitors read-only and writes nothing on a refusal', async () => {
    const before = (await risks(demoReader.token).items()).length;
    expect(await statusOf(risks(demoReader.token).items.add({ Title: 'nope' }))).toBe(403);
    expect(await statusOf(risks(demoReader.token).items.getById(1).update({ Title: 'x' }))).toBe(403);
    expect(await statusOf(risks(demoReader.token).items.getById(1).delete())).toBe(403);
    expect(await statusOf(as(demoReader.token).web.lists.add('Reader list'))).toBe(403);
    expect((await risks(demoService.token).items()).length).toBe(before);
    expect((await risks(demoService.token).items.getById(1)()).Title).toBe('Seed');
  });

  it('authorises each part of a $batch on its own', async () => {
    const [batched, execute] = as(priya.token).batched();
    const list = batched.web.lists.getByTitle('Risks');
    const added = list.items.add({ Title: 'From a batch', RiskCode: 'B-1' });
    const field = list.fields.addText('BatchNote');
    await execute();
    await expect(added).resolves.toBeDefined();
    expect((await failureOf(field)).status).toBe(403);
    const codes = (await risks(demoService.token).items.select('RiskCode')()).map(
      (i: { RiskCode: string }) => i.RiskCode,
    );
    expect(codes).toContain('B-1');
  });
});

describe('unique permissions on a list', () => {
  afterEach(async () => {
    await risks(demoSiteOwner.token).resetRoleInheritance();
  });

  it('changes who can write when inheritance is broken with a custom assignment, and reset restores it', async () => {
    const owner = risks(demoSiteOwner.token);
    // Site members may only read this list; Priya keeps Contribute directly.
    await owner.breakRoleInheritance(false, true);
    await owner.roleAssignments.add(3, roleIds.fullControl);
    await owner.roleAssignments.add(5, roleIds.read);
    await owner.roleAssignments.add(priya.id as number, roleIds.contribute);
    expect(
      (await owner.select('HasUniqueRoleAssignments')<{ HasUniqueRoleAssignments: boolean }>())
        .HasUniqueRoleAssignments,
    ).toBe(true);

    expect(await risks(tom.token).getCurrentUserEffectivePermissions()).toEqual(masks.Read);
    expect(await statusOf(risks(tom.token).items.getById(1).update({ Title: 'Tom was here' }))).toBe(403);
    expect(await statusOf(risks(tom.token).fields.addText('TomNote'))).toBe(403);
    expect((await risks(tom.token).items()).length).toBeGreaterThan(0);
    await risks(priya.token).items.getById(1).update({ Score: 3 });
    // Visitors were not given anything on the list: it is not theirs to open.
    expect(await statusOf(risks(demoReader.token).items())).toBe(403);
    const readerLists = (await as(demoReader.token).web.lists.select('Title')()).map(
      (l: { Title: string }) => l.Title,
    );
    expect(readerLists).not.toContain('Risks');

    const assignments = await owner.roleAssignments.expand('Member', 'RoleDefinitionBindings')<
      { PrincipalId: number; Member: { Title: string }; RoleDefinitionBindings: { Name: string }[] }[]
    >();
    const summary = assignments.map(
      (a: { PrincipalId: number; Member: { Title: string }; RoleDefinitionBindings: { Name: string }[] }) => [
        a.PrincipalId,
        a.Member.Title,
        a.RoleDefinitionBindings.map((b) => b.Name),
      ],
    );
    expect(summary).toEqual([
      [3, 'Risk Register Owners', ['Full Control']],
      [5, 'Risk Register Members', ['Read']],
      [priya.id, priya.title, ['Contribute']],
      // Breaking without a copy keeps the person who did it, with Full Control.
      [demoSiteOwner.id, demoSiteOwner.title, ['Full Control']],
    ]);

    await owner.resetRoleInheritance();
    expect(await risks(tom.token).getCurrentUserEffectivePermissions()).toEqual(masks.Edit);
    await risks(tom.token).items.getById(1).update({ Title: 'Seed' });
    expect(
      (await owner.select('HasUniqueRoleAssignments')<{ HasUniqueRoleAssignments: boolean }>())
        .HasUniqueRoleAssignments,
    ).toBe(false);
  });

  it('copies the parent assignments when asked, and refuses changes on an object that inherits', async () => {
    const owner = risks(demoSiteOwner.token);
    const inherits = await failureOf(owner.roleAssignments.add(5, roleIds.read));
    expect(inherits.message).toContain(
      'This operation is not allowed on an object that inherits permissions.',
    );
    await owner.breakRoleInheritance(true, false);
    expect(await risks(tom.token).getCurrentUserEffectivePermissions()).toEqual(masks.Edit);
    await owner.roleAssignments.remove(5, 1073741830);
    const app = risks(demoService.token);
    expect(await app.getUserEffectivePermissions(claims(tom.loginName))).toEqual(noPermissions);
    expect(await app.getUserEffectivePermissions(claims(demoManager.loginName))).toEqual(noPermissions);
    // Without any permission on the list, the list itself is refused.
    expect(await statusOf(risks(tom.token).items())).toBe(403);
  });

  it('lets only ManagePermissions break inheritance or change assignments', async () => {
    expect(await statusOf(risks(tom.token).breakRoleInheritance(false))).toBe(403);
    expect(await statusOf(as(tom.token).web.roleAssignments())).toBe(403);
    const topLevel = await failureOf(as(demoSiteOwner.token).web.breakRoleInheritance(false));
    expect(topLevel.message).toContain('This securable object is a site and it is the top level site.');
    expect(
      (await risks(tom.token).select('HasUniqueRoleAssignments')<{ HasUniqueRoleAssignments: boolean }>())
        .HasUniqueRoleAssignments,
    ).toBe(false);
  });
});

describe('unique permissions on an item', () => {
  afterEach(async () => {
    await risks(demoSiteOwner.token).items.getById(2).resetRoleInheritance();
  });

  it('hides an item from people without an assignment on it and lets the assigned person write it', async () => {
    const item = risks(demoSiteOwner.token).items.getById(2);
    await item.breakRoleInheritance(false, false);
    await item.roleAssignments.add(tom.id as number, roleIds.contribute);

    expect(bits(await risks(tom.token).items.getById(2).getCurrentUserEffectivePermissions())).toEqual(
      masks.Contribute,
    );
    await risks(tom.token).items.getById(2).update({ Title: 'Second (Tom)' });
    expect(await statusOf(risks(helen.token).items.getById(2)())).toBe(404);
    const helenSees = (await risks(helen.token).items.select('Id')()).map((i: { Id: number }) => i.Id);
    expect(helenSees).not.toContain(2);
    expect(helenSees).toContain(1);
    const app = risks(demoService.token).items.getById(2);
    expect(await app.getUserEffectivePermissions(claims(helen.loginName))).toEqual(noPermissions);
    expect(await app.getUserEffectivePermissions(claims(tom.loginName))).toEqual(masks.Contribute);
    const selected = await risks(tom.token).items.select('Id', 'EffectiveBasePermissions')();
    const own = selected.find((i: { Id: number }) => i.Id === 2) as { EffectiveBasePermissions: unknown };
    expect(own.EffectiveBasePermissions).toEqual(masks.Contribute);

    await item.resetRoleInheritance();
    expect((await risks(helen.token).items.getById(2)()).Title).toBe('Second (Tom)');
  });

  it("clears items' own permissions when the list breaks inheritance with clearSubscopes", async () => {
    const item = risks(demoSiteOwner.token).items.getById(2);
    await item.breakRoleInheritance(false, false);
    expect(await statusOf(risks(helen.token).items.getById(2)())).toBe(404);
    await risks(demoSiteOwner.token).breakRoleInheritance(true, true);
    try {
      expect(
        (await item.select('HasUniqueRoleAssignments')<{ HasUniqueRoleAssignments: boolean }>())
          .HasUniqueRoleAssignments,
      ).toBe(false);
      expect((await risks(helen.token).items.getById(2)()).Id).toBe(2);
    } finally {
      await risks(demoSiteOwner.token).resetRoleInheritance();
    }
  });
});
