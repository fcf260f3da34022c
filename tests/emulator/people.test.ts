/**
 * ensureUser against the local directory through real PnPjs: people resolve by claims login,
 * sign-in name or mail address (which may differ), directory people join the site, anyone else
 * is refused as SharePoint refuses them.
 */
import type { SPFI } from '@pnp/sp';
import {
  demoDirectoryOnly,
  demoManager,
  demoReader,
  demoUpnPerson,
  startListService,
  type ListService,
} from '../../src/emulator';
import { failureOf } from './fixtures';
import { spFor } from './pnp-client';

jest.setTimeout(60_000);

let service: ListService;
const as = (token: string): SPFI => spFor(service.siteUrl, token);
const added = {
  upn: 'kim.lowe@northmoorcc.onmicrosoft.com',
  title: 'Kim Lowe',
  email: 'kim.lowe@council.example',
};
const notYetAdded = {
  upn: 'lee.grant@council.example',
  title: 'Lee Grant',
  email: 'lee.grant@council.example',
};

beforeAll(async () => {
  service = await startListService({ directory: [added, notYetAdded] });
});

afterAll(async () => {
  await service.close();
});

const siteUserLogins = async (): Promise<string[]> =>
  (await as(demoManager.token).web.siteUsers()).map((u: { LoginName: string }) => u.LoginName);

describe('ensureUser', () => {
  it('resolves a site user by claims login, mail address or sign-in name to the same user', async () => {
    const sp = as(demoManager.token);
    const byMail = await sp.web.ensureUser(demoUpnPerson.email);
    const byUpn = await sp.web.ensureUser(demoUpnPerson.loginName);
    const byClaims = await sp.web.ensureUser(`i:0#.f|membership|${demoUpnPerson.loginName}`);
    expect(byMail).toMatchObject({
      Id: demoUpnPerson.id,
      LoginName: 'i:0#.f|membership|r.patel@northmoorcc.onmicrosoft.com',
      Email: 'ravi.patel@council.example',
      UserPrincipalName: 'r.patel@northmoorcc.onmicrosoft.com',
    });
    expect(byUpn.Id).toBe(byMail.Id);
    expect(byClaims.Id).toBe(byMail.Id);
  });

  it('adds a directory person who is not a site user yet, once', async () => {
    const [dana, chidi] = demoDirectoryOnly as [(typeof demoDirectoryOnly)[0], (typeof demoDirectoryOnly)[0]];
    expect(await siteUserLogins()).not.toContain(`i:0#.f|membership|${dana.upn}`);
    const first = await as(demoManager.token).web.ensureUser(dana.email);
    expect(first).toMatchObject({
      Title: dana.title,
      Email: dana.email,
      LoginName: `i:0#.f|membership|${dana.upn}`,
    });
    const again = await as(demoManager.token).web.ensureUser(`i:0#.f|membership|${dana.upn}`);
    expect(again.Id).toBe(first.Id);
    // A sign-in name that differs from the mail address: found by mail, stored under the UPN.
    const byMail = await as(demoManager.token).web.ensureUser(chidi.email);
    expect(byMail).toMatchObject({ LoginName: `i:0#.f|membership|${chidi.upn}`, Email: chidi.email });
    expect((await as(demoManager.token).web.siteUsers.getByEmail(chidi.email)()).Id).toBe(byMail.Id);
  });

  it('resolves people the test adds to the directory', async () => {
    const user = await as(demoManager.token).web.ensureUser(added.upn);
    expect(user).toMatchObject({ Title: added.title, Email: added.email });
  });

  it('refuses an address the directory does not know and adds nobody', async () => {
    const before = await siteUserLogins();
    const failure = await failureOf(as(demoManager.token).web.ensureUser('someone.new@elsewhere.example'));
    expect(failure.status).toBe(500);
    expect(failure.message).toBe('The specified user someone.new@elsewhere.example could not be found.');
    expect(await siteUserLogins()).toEqual(before);
  });

  it('lets a visitor resolve site users (Browse User Information) but not add new ones', async () => {
    const me = await as(demoReader.token).web.ensureUser(demoReader.email);
    expect(me.Id).toBe(demoReader.id);
    const refused = await failureOf(as(demoReader.token).web.ensureUser(notYetAdded.email));
    expect(refused.status).toBe(403);
  });
});

describe('site users', () => {
  it('finds a user by the login PnPjs sends for getByLoginName', async () => {
    const user = await as(demoManager.token).web.siteUsers.getByLoginName(
      `i:0#.f|membership|${demoUpnPerson.loginName}`,
    )();
    expect(user.Title).toBe(demoUpnPerson.title);
  });
});
