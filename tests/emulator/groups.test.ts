/**
 * SharePoint groups through real PnPjs: the site's associated groups and the product's manager
 * group, who belongs to which, who may see and change membership.
 */
import type { SPFI } from '@pnp/sp';
import {
  demoManager,
  demoReader,
  demoRiskOwners,
  demoService,
  demoSiteOwner,
  managersGroupTitle,
  startListService,
  type ListService,
} from '../../src/emulator';
import { failureOf, statusOf } from './fixtures';
import { spFor } from './pnp-client';

jest.setTimeout(60_000);

let service: ListService;
const as = (token: string): SPFI => spFor(service.siteUrl, token);
const [priya, tom] = demoRiskOwners as [(typeof demoRiskOwners)[0], (typeof demoRiskOwners)[0]];
const titles = (groups: { Title: string }[]): string[] => groups.map((g) => g.Title).sort();

beforeAll(async () => {
  service = await startListService();
});

afterAll(async () => {
  await service.close();
});

describe('site groups', () => {
  it("lists the site's associated groups and the managers group, with SharePoint's ids", async () => {
    const groups = await as(demoReader.token).web.siteGroups();
    expect(groups.map((g: { Id: number; Title: string }) => [g.Id, g.Title])).toEqual(
      expect.arrayContaining([
        [3, 'Risk Register Owners'],
        [4, 'Risk Register Visitors'],
        [5, 'Risk Register Members'],
      ]),
    );
    expect(titles(groups)).toContain(managersGroupTitle);
    expect(groups[0]).toMatchObject({ PrincipalType: 8, OwnerTitle: 'Risk Register Owners' });
  });

  it('finds a group by id and by name, and answers 404 for a missing one', async () => {
    const sp = as(demoManager.token);
    expect((await sp.web.siteGroups.getById(5)()).Title).toBe('Risk Register Members');
    const managers = await sp.web.siteGroups.getByName(managersGroupTitle)();
    expect(managers.LoginName).toBe(managersGroupTitle);
    const missing = await failureOf(sp.web.siteGroups.getByName('No such group')());
    expect(missing.status).toBe(404);
    expect(missing.message).toContain('Group cannot be found');
    expect((await sp.web.associatedMemberGroup()).Id).toBe(5);
  });

  it('lists the members of a group', async () => {
    const managers = await as(demoManager.token).web.siteGroups.getByName(managersGroupTitle).users();
    expect(managers.map((u: { Title: string }) => u.Title)).toEqual([demoManager.title]);
    const members = await as(demoManager.token).web.siteGroups.getById(5).users();
    expect(members.map((u: { Id: number }) => u.Id)).toEqual(expect.arrayContaining([7, 9, 10]));
    expect(members.map((u: { Id: number }) => u.Id)).not.toContain(8);
  });
});

describe('the groups of a user', () => {
  it("names the current user's groups: managers by their group, owners by Members only", async () => {
    expect(titles(await as(demoManager.token).web.currentUser.groups())).toEqual([
      'Risk Register Managers',
      'Risk Register Members',
    ]);
    expect(titles(await as(tom.token).web.currentUser.groups())).toEqual(['Risk Register Members']);
    // Priya holds Contribute directly, not through a group.
    expect(await as(priya.token).web.currentUser.groups()).toEqual([]);
    expect(titles(await as(demoReader.token).web.currentUser.groups())).toEqual(['Risk Register Visitors']);
    expect(titles(await as(demoSiteOwner.token).web.currentUser.groups())).toEqual(['Risk Register Owners']);
  });

  it("reads another user's groups by site user id", async () => {
    const app = as(demoService.token);
    expect(titles(await app.web.siteUsers.getById(demoManager.id as number).groups())).toContain(
      managersGroupTitle,
    );
    expect(await statusOf(app.web.siteUsers.getById(999).groups())).toBe(404);
  });
});

describe('changing membership', () => {
  it('lets the site owner add and remove a member, and refuses a site member', async () => {
    const owner = as(demoSiteOwner.token);
    const managers = owner.web.siteGroups.getByName(managersGroupTitle);
    const denied = await failureOf(
      as(tom.token)
        .web.siteGroups.getByName(managersGroupTitle)
        .users.add(`i:0#.f|membership|${tom.loginName}`),
    );
    expect(denied.status).toBe(403);
    expect(denied.message).toContain(
      'Access denied. You do not have permission to perform this action or access this resource.',
    );
    await managers.users.add(`i:0#.f|membership|${tom.loginName}`);
    expect(titles(await as(tom.token).web.currentUser.groups())).toContain(managersGroupTitle);
    await managers.users.removeById(demoRiskOwners[1]?.id as number);
    expect(titles(await as(tom.token).web.currentUser.groups())).not.toContain(managersGroupTitle);
  });

  it('refuses to add someone the directory does not know', async () => {
    const failure = await failureOf(
      as(demoSiteOwner.token)
        .web.siteGroups.getById(5)
        .users.add('i:0#.f|membership|nobody@elsewhere.example'),
    );
    expect(failure.status).toBe(500);
    expect(failure.message).toBe(
      'The specified user i:0#.f|membership|nobody@elsewhere.example could not be found.',
    );
  });

  it('lets a site owner create a group, which a member cannot', async () => {
    expect(await statusOf(as(tom.token).web.siteGroups.add({ Title: 'Audit panel' }))).toBe(403);
    const created = await as(demoSiteOwner.token).web.siteGroups.add({
      Title: 'Audit panel',
      Description: 'Audit',
    });
    expect(created).toMatchObject({ Title: 'Audit panel', OwnerTitle: demoSiteOwner.title });
    const clash = await failureOf(as(demoSiteOwner.token).web.siteGroups.add({ Title: 'audit panel' }));
    expect(clash.message).toContain('The specified name is already in use');
    await as(demoSiteOwner.token).web.siteGroups.removeById(created.Id as number);
    expect(await statusOf(as(demoSiteOwner.token).web.siteGroups.getByName('Audit panel')())).toBe(404);
  });
});
