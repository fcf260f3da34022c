/**
 * From a validated token to the person the rules talk about: the site user (found with
 * `ensureUser` by the token's sign-in name, with the service's identity) and whether they belong to
 * the register managers' SharePoint group. The group is read with the service's identity too, so a
 * caller cannot claim a role: it is what SharePoint says now.
 */
import type { SiteUser } from '../ports';
import { ApiRefusal } from './http-handler';
import type { ApiCaller } from './rules';
import type { CallerIdentity } from './token';

export type CallerDirectory = {
  /** `web.ensureUser(login)`; undefined when the directory has nobody by that name. */
  ensureSiteUser(login: string): Promise<SiteUser | undefined>;
  /** Titles of the site user's SharePoint groups. */
  groupsOf(userId: number): Promise<string[]>;
};

/** A resolver over the service's own SharePoint access. */
export function createCallerResolver(directory: CallerDirectory, managerGroup: string) {
  return async (identity: CallerIdentity): Promise<ApiCaller> => {
    const user = await directory.ensureSiteUser(identity.username);
    if (!user) {
      throw new ApiRefusal(403, {
        code: 'forbidden',
        rule: 'site-user-required',
        message: `${identity.username} is not a user of the register site; ask the site owner for access.`,
      });
    }
    const groups = await directory.groupsOf(user.id);
    return {
      objectId: identity.objectId,
      manager: groups.some((g) => g.toLowerCase() === managerGroup.toLowerCase()),
      actor: {
        id: user.id,
        name: user.name || identity.name,
        email: user.email ?? identity.username,
      },
    };
  };
}
