/**
 * The people picker's directory search (clientPeoplePickerSearchUser) through real PnPjs, and the
 * register store's `searchDirectory` over it: how an import finds a person who is not a site user yet.
 */
import '@pnp/sp/profiles';
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { failureOf } from './fixtures';
import { spFor } from './pnp-client';

jest.setTimeout(60_000);

let service: ListService;
const ann = { upn: 'ann.james@council.example', title: 'Ann James', email: 'ann.james@council.example' };
const annie = { upn: 'annie.jameson@council.example', title: 'Annie Jameson', email: 'aj@council.example' };

beforeAll(async () => {
  service = await startListService({ directory: [ann, annie] });
});

afterAll(async () => {
  await service.close();
});

describe('clientPeoplePickerSearchUser', () => {
  it('finds directory people by the start of their name, a word of it or their e-mail, as picker entities', async () => {
    const sp = spFor(service.siteUrl, demoManager.token);
    const byName = await sp.profiles.clientPeoplePickerSearchUser({
      QueryString: 'Ann',
      MaximumEntitySuggestions: 10,
    });
    expect(byName.map((e) => e.DisplayText).sort()).toEqual(['Ann James', 'Annie Jameson']);
    expect(byName.find((e) => e.DisplayText === 'Ann James')).toMatchObject({
      Key: 'i:0#.f|membership|ann.james@council.example',
      EntityType: 'User',
      IsResolved: true,
      EntityData: { Email: 'ann.james@council.example' },
    });
    const bySurname = await sp.profiles.clientPeoplePickerSearchUser({
      QueryString: 'jameson',
      MaximumEntitySuggestions: 10,
    });
    expect(bySurname.map((e) => e.DisplayText)).toEqual(['Annie Jameson']);
    const byMail = await sp.profiles.clientPeoplePickerSearchUser({
      QueryString: 'aj@',
      MaximumEntitySuggestions: 10,
    });
    expect(byMail.map((e) => e.DisplayText)).toEqual(['Annie Jameson']);
  });

  it('refuses a query under three characters, as SharePoint does', async () => {
    const sp = spFor(service.siteUrl, demoManager.token);
    const failure = await failureOf(
      sp.profiles.clientPeoplePickerSearchUser({ QueryString: 'An', MaximumEntitySuggestions: 10 }),
    );
    expect(failure.status).toBe(400);
  });

  it('lets the register store find a person and ensureUser add them to the site', async () => {
    const store = createRegisterStore(
      createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token }),
    );
    const found = await store.searchDirectory?.('Ann James');
    expect(found).toEqual([
      {
        name: 'Ann James',
        email: 'ann.james@council.example',
        login: 'i:0#.f|membership|ann.james@council.example',
      },
    ]);
    const user = await store.ensureSiteUser(found?.[0]?.login ?? '');
    expect(user).toMatchObject({ name: 'Ann James', email: 'ann.james@council.example' });
    expect((await store.listSiteUsers()).some((u) => u.email === 'ann.james@council.example')).toBe(true);
  });
});
