/**
 * Production: the Entra identity of a register person. SharePoint first (the site user's
 * `AadObjectId` and `UserPrincipalName`, read with the service's app-only token); when SharePoint has
 * no object id, Graph by UPN (`GET /users/{upn}?$select=id,userPrincipalName`, application permission
 * User.Read.All, least privileged per learn.microsoft.com/graph/api/user-get). Never by mail address.
 * Graph calls go through the send budget (`budget`), as every call of the app counts against its limits.
 */
import type { SPFI } from '@pnp/sp';
import type { IdentityLookup } from '../review/identity';
import { siteUserIdentity } from '../sharepoint';
import { createGraphCaller, graphError, type GraphOptions } from './graph-http';

/** Least-privileged application permission of `GET /users/{id | userPrincipalName}`. */
export const USER_READ_PERMISSION = 'User.Read.All';

export type IdentityLookupOptions = {
  sp: SPFI;
  /** Graph by UPN where SharePoint has no object id; absent, such a person cannot be reached. */
  graph?: GraphOptions;
  /** Runs a Graph call inside the send budget (Dispatcher.lookup). */
  budget?: <T>(what: string, call: () => Promise<T>) => Promise<T>;
};

export function createIdentityLookup(options: IdentityLookupOptions): IdentityLookup {
  const graph = options.graph ? createGraphCaller(options.graph) : undefined;
  const budget = options.budget ?? (<T>(_what: string, call: () => Promise<T>) => call());
  return async (person) => {
    const site = await siteUserIdentity(options.sp, person.id);
    if (!site)
      return {
        ok: false,
        reason: `${person.name} (site user ${person.id}) is no longer a user of the register site.`,
      };
    if (site.aadObjectId)
      return {
        ok: true,
        identity: { aadObjectId: site.aadObjectId, ...(site.upn ? { upn: site.upn } : {}) },
      };
    if (!site.upn)
      return {
        ok: false,
        reason: `SharePoint holds neither an Entra object id nor a sign-in name for ${person.name} (site user ${person.id}); they cannot be found in Teams.`,
      };
    if (!graph)
      return {
        ok: false,
        reason: `SharePoint holds no Entra object id for ${person.name} (${site.upn}), and Graph look-ups are not configured: set GRAPH_USER_LOOKUP=true and grant ${USER_READ_PERMISSION} (application, admin consent).`,
      };
    const upn = site.upn;
    const r = await budget(`look up ${upn} in Graph`, () =>
      graph.call('GET', `/users/${encodeURIComponent(upn)}?$select=id,userPrincipalName`),
    );
    const id = typeof r.json.id === 'string' ? r.json.id : undefined;
    if (r.status === 200 && id) return { ok: true, identity: { aadObjectId: id.toLowerCase(), upn } };
    return {
      ok: false,
      reason:
        r.status === 404
          ? `${person.name} (${upn}) was not found in the organisation's directory.`
          : r.status === 401 || r.status === 403
            ? `Graph refused to look up ${person.name} (${upn}) (${graphError(r)}): missing permission ${USER_READ_PERMISSION} (application, admin consent).`
            : `Graph could not look up ${person.name} (${upn}) (${graphError(r)}).`,
    };
  };
}
