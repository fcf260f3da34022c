/**
 * Person columns hold site user ids. People arriving without an id (an import, a picker that only
 * knows e-mail addresses) are resolved with `web.ensureUser`, which also adds them to the site.
 */
import { coalescerOf } from './coalesce';
import type { SPFI } from '@pnp/sp';
import type { Person } from '../domain/types';
import { httpStatus, toStorageError, ValidationError } from './errors';
import type { SitePerson } from './item-codec';
import type { SiteUser } from '../ports';

export type PeopleResolver = (people: Person[], field: string, record: string) => Promise<SitePerson[]>;

/** A resolver with a per-instance cache by e-mail (lower case). */
export function createPeopleResolver(sp: SPFI): PeopleResolver {
  const cache = new Map<string, number>();
  return async (people, field, record) => {
    const out: SitePerson[] = [];
    for (const p of people) {
      if (typeof p.id === 'number') {
        out.push({ ...p, id: p.id });
        continue;
      }
      const email = p.email?.trim().toLowerCase();
      if (!email) {
        throw new ValidationError(
          `${record}: ${field} '${p.name}' has neither a SharePoint user id nor an e-mail address. ` +
            'Pick the person from the directory or give their e-mail address.',
          field,
          record,
        );
      }
      let id = cache.get(email);
      if (id === undefined) {
        try {
          const user = (await sp.web.ensureUser(email)) as { Id?: number; data?: { Id: number } };
          id = user.Id ?? user.data?.Id;
        } catch (err) {
          throw toStorageError(err, {
            operation: `find ${field} '${p.name}' <${email}> for ${record} on the site`,
          });
        }
        if (typeof id !== 'number') {
          throw new ValidationError(
            `${record}: ${field} <${email}> is not a user of the site.`,
            field,
            record,
          );
        }
        cache.set(email, id);
      }
      out.push({ ...p, id });
    }
    return out;
  };
}

type UserJson = {
  Id?: number;
  Title?: string;
  Email?: string;
  PrincipalType?: number;
  IsHiddenInUI?: boolean;
};

const toSiteUser = (u: UserJson, fallbackEmail?: string): SiteUser | undefined =>
  typeof u.Id === 'number'
    ? {
        id: u.Id,
        name: u.Title || fallbackEmail || `user ${u.Id}`,
        ...(u.Email || fallbackEmail ? { email: u.Email || fallbackEmail } : {}),
      }
    : undefined;

/** Site users who are people (PrincipalType 1), without hidden system accounts. */
export async function listSiteUsers(sp: SPFI): Promise<SiteUser[]> {
  try {
    const users = (await sp.web.siteUsers.select(
      'Id',
      'Title',
      'Email',
      'PrincipalType',
      'IsHiddenInUI',
    )()) as UserJson[];
    return users
      .filter((u) => (u.PrincipalType === undefined || u.PrincipalType === 1) && !u.IsHiddenInUI)
      .flatMap((u) => toSiteUser(u) ?? []);
  } catch (err) {
    throw toStorageError(err, { operation: 'list the users of the register site' });
  }
}

/** A directory account the people picker found: its name, e-mail and the login `ensureUser` takes. */
export type DirectoryMatch = { name: string; email?: string; login: string };

/**
 * The organisation's people whose name (or e-mail) starts with `text`, through the people picker's
 * search (`ClientPeoplePickerWebServiceInterface.clientPeoplePickerSearchUser`, users only): how a name
 * that is not yet a site user is found in the directory. Queries under three characters find nobody.
 */
export async function searchDirectory(sp: SPFI, text: string): Promise<DirectoryMatch[]> {
  const query = text.trim();
  if (query.length < 3) return [];
  try {
    // The people picker's augmentation of SPFI is only needed here: loaded on first search, not at sign-in.
    await import('@pnp/sp/profiles');
    const entities = (await sp.profiles.clientPeoplePickerSearchUser({
      QueryString: query,
      MaximumEntitySuggestions: 10,
      PrincipalType: 1,
      PrincipalSource: 15,
      AllowEmailAddresses: true,
    })) as { Key?: string; DisplayText?: string; EntityType?: string; EntityData?: { Email?: string } }[];
    return entities
      .filter((e) => e.EntityType === 'User' && e.Key && e.DisplayText)
      .map((e) => ({
        name: e.DisplayText as string,
        login: e.Key as string,
        ...(e.EntityData?.Email ? { email: e.EntityData.Email } : {}),
      }));
  } catch (err) {
    throw toStorageError(err, { operation: `search the organisation's directory for '${query}'` });
  }
}

/** `web.ensureUser` by e-mail; undefined when SharePoint does not know the address. */
export async function ensureSiteUser(sp: SPFI, email: string): Promise<SiteUser | undefined> {
  try {
    const user = (await sp.web.ensureUser(email)) as UserJson & { data?: UserJson };
    return toSiteUser(user.data ?? user, email);
  } catch (err) {
    const status = httpStatus(err);
    // SharePoint answers 404, or 500 "The specified user could not be found", for an unknown login.
    if (status === 404 || status === 500) return undefined;
    throw toStorageError(err, { operation: `find ${email} in the organisation's directory` });
  }
}

/**
 * Titles of the SharePoint groups a site user belongs to (`siteusers/getById(id)/groups`), read with
 * the caller's identity: the review service uses it to find register managers.
 */
export async function siteUserGroups(sp: SPFI, userId: number): Promise<string[]> {
  try {
    const groups = (await sp.web.siteUsers.getById(userId).groups.select('Title')()) as { Title: string }[];
    return groups.map((g) => g.Title);
  } catch (err) {
    throw toStorageError(err, { operation: `read the SharePoint groups of site user ${userId}` });
  }
}

/** Titles of the signed-in person's SharePoint groups (`web/currentuser/groups`). */
export async function currentUserGroups(sp: SPFI): Promise<string[]> {
  try {
    const groups = (await sp.web.currentUser.groups.select('Title')()) as { Title: string }[];
    return groups.map((g) => g.Title);
  } catch (err) {
    throw toStorageError(err, { operation: 'read your SharePoint groups on the register site' });
  }
}

/** Who a site user is in Entra ID: the object id and sign-in name the review flow reaches them by. */
export type SiteUserIdentity = {
  id: number;
  name: string;
  email?: string;
  /** userPrincipalName (the sign-in name); may differ from `email`. */
  upn?: string;
  /** Entra object id (`SP.User.AadObjectId.NameId`); absent where SharePoint has none. */
  aadObjectId?: string;
};

type IdentityJson = UserJson & {
  LoginName?: string;
  UserPrincipalName?: string | null;
  AadObjectId?: { NameId?: string | null } | null;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A site user's Entra identity (`siteusers/getById(n)` with `AadObjectId` and `UserPrincipalName`,
 * SP.User in the CSOM reference: User.AadObjectId is a UserIdInfo whose NameId is the object id).
 * `UserId.NameId` is the user's PUID, not the object id, so it is never used. The UPN falls back to
 * the claims login (`i:0#.f|membership|<upn>`). Undefined when the site has no such user.
 */
export async function siteUserIdentity(sp: SPFI, id: number): Promise<SiteUserIdentity | undefined> {
  let u: IdentityJson;
  try {
    // The review service looks up the owners in flight at once: their reads share batches (coalesce.ts).
    u = (await coalescerOf(sp)((s) =>
      s.web.siteUsers
        .getById(id)
        .select('Id', 'Title', 'Email', 'LoginName', 'UserPrincipalName', 'AadObjectId')(),
    )) as IdentityJson;
  } catch (err) {
    if (httpStatus(err) === 404) return undefined;
    throw toStorageError(err, { operation: `read the Entra identity of site user ${id}` });
  }
  const claims = /^i:0#\.f\|membership\|(.+)$/i.exec(u.LoginName ?? '')?.[1];
  const upn = u.UserPrincipalName?.trim() || claims;
  const oid = u.AadObjectId?.NameId?.trim();
  return {
    id,
    name: u.Title || upn || `user ${id}`,
    ...(u.Email ? { email: u.Email } : {}),
    ...(upn ? { upn: upn.toLowerCase() } : {}),
    ...(oid && GUID.test(oid) ? { aadObjectId: oid.toLowerCase() } : {}),
  };
}
