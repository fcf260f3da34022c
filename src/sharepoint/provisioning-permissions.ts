/**
 * The register lists' permissions, so that the review service is their only writer: each register
 * list stops inheriting the site's permissions (where Members hold Edit, which includes editing and
 * deleting every item) and gets exactly
 *
 * - the site's Owners group: Full Control (site owners and admins stay able to repair things),
 * - the site's Members and Visitors groups and the register managers' group: Read,
 * - the review service's principal, when named: Contribute.
 *
 * It also creates the managers' group, whose membership (not a permission level) makes a manager.
 * Idempotent: a list already set up is left alone; Members or Visitors widened beyond Read are put
 * back to Read; anyone else granted access directly is reported as a warning, never removed.
 * Sources: learn.microsoft.com "Set custom permissions on a SharePoint list by using the REST
 * interface" (breakroleinheritance, roleassignments/addroleassignment); SP.RoleType.
 */
import '@pnp/sp/security';
import '@pnp/sp/site-groups/web';
import type { SPFI } from '@pnp/sp';
import type { RoleTypeKind } from '@pnp/sp/security/types';
import { httpStatus } from './errors';
import { lists as schemaLists, managerGroupName, type ListSpec } from './schema';

export type PermissionOptions = {
  /**
   * The review service's login on the site, e.g. `i:0i.t|ms.sp.ext|<client id>@<tenant id>`: given
   * Contribute on every register list. App-only Sites.Selected 'write' already lets the app write;
   * the explicit grant keeps the lists writable by it even where a tenant applies list permissions
   * to apps.
   */
  serviceLogin?: string;
  managerGroup?: string;
};

type Result = { changes: string[]; warnings: string[] };

// SP.RoleType values.
const reader: RoleTypeKind = 2;
const contributor: RoleTypeKind = 3;
const administrator: RoleTypeKind = 5;

type Assignment = {
  PrincipalId: number;
  Member?: { Title?: string };
  RoleDefinitionBindings?: { Id: number }[];
};

async function ensureManagerGroup(sp: SPFI, title: string, change: (line: string) => void): Promise<number> {
  try {
    const group = (await sp.web.siteGroups.getByName(title).select('Id')()) as { Id: number };
    return group.Id;
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
  }
  const created = (await sp.web.siteGroups.add({
    Title: title,
    Description:
      'Register managers: change risks, controls, actions, settings and people through the review service. ' +
      'Membership is what makes a manager; the group itself only has Read on the register lists.',
    AllowMembersEditMembership: false,
    OnlyAllowMembersViewMembership: false,
    AllowRequestToJoinLeave: false,
  })) as { Id: number };
  change(`Created the SharePoint group '${title}' (add the register managers to it).`);
  return created.Id;
}

/** Sets the permissions of every register list; appends what changed to `result`. */
export async function ensureListPermissions(
  sp: SPFI,
  options: PermissionOptions,
  result: Result,
  specs: readonly ListSpec[] = schemaLists,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  const managerGroup = options.managerGroup ?? managerGroupName;
  const me = (await sp.web.currentUser.select('Id')()) as { Id: number };
  const change = (line: string) => {
    result.changes.push(line);
    log(`  ${line}`);
  };
  const managersId = await ensureManagerGroup(sp, managerGroup, change);
  const [owners, members, visitors] = (await Promise.all([
    sp.web.associatedOwnerGroup.select('Id', 'Title')(),
    sp.web.associatedMemberGroup.select('Id', 'Title')(),
    sp.web.associatedVisitorGroup.select('Id', 'Title')(),
  ])) as { Id: number; Title: string }[];
  const roles = await Promise.all(
    [reader, contributor, administrator].map(
      async (kind) => ((await sp.web.roleDefinitions.getByType(kind).select('Id')()) as { Id: number }).Id,
    ),
  );
  const [readId, contributeId, fullId] = roles as [number, number, number];
  const serviceId = options.serviceLogin
    ? ((await sp.web.ensureUser(options.serviceLogin)) as unknown as { Id: number; data?: { Id: number } })
    : undefined;
  const expected = new Map<number, { name: string; role: number }>([
    [owners!.Id, { name: owners!.Title, role: fullId }],
    [members!.Id, { name: members!.Title, role: readId }],
    [visitors!.Id, { name: visitors!.Title, role: readId }],
    [managersId, { name: managerGroup, role: readId }],
  ]);
  if (serviceId)
    expected.set(serviceId.data?.Id ?? serviceId.Id, { name: 'the review service', role: contributeId });
  // Anyone granted access to the site directly (not through its groups) keeps reading the register,
  // but only reading: a direct Contribute on the site must not become a way around the service.
  const onWeb = (await sp.web.roleAssignments.expand('Member')()) as Assignment[];
  for (const a of onWeb) {
    if (!expected.has(a.PrincipalId))
      expected.set(a.PrincipalId, { name: a.Member?.Title ?? `principal ${a.PrincipalId}`, role: readId });
  }

  for (const spec of specs) {
    log(`Permissions of ${spec.title}`);
    const list = sp.web.lists.getByTitle(spec.title);
    const info = (await list.select('HasUniqueRoleAssignments')()) as { HasUniqueRoleAssignments?: boolean };
    if (!info.HasUniqueRoleAssignments) {
      // Start from nothing: copying the site's assignments would carry Members' Edit over.
      await list.breakRoleInheritance(false, true);
      change(`${spec.title}: stopped inheriting the site's permissions.`);
    }
    const assignments = (await list.roleAssignments.expand(
      'Member',
      'RoleDefinitionBindings',
    )()) as Assignment[];
    const byPrincipal = new Map(assignments.map((a) => [a.PrincipalId, a]));
    for (const [principalId, want] of expected) {
      const have = (byPrincipal.get(principalId)?.RoleDefinitionBindings ?? []).map((b) => b.Id);
      for (const extra of have.filter((id) => id !== want.role)) {
        await list.roleAssignments.remove(principalId, extra);
      }
      if (!have.includes(want.role)) await list.roleAssignments.add(principalId, want.role);
      if (have.length !== 1 || have[0] !== want.role) {
        const level =
          want.role === fullId ? 'Full Control' : want.role === contributeId ? 'Contribute' : 'Read';
        change(`${spec.title}: ${want.name} now has ${level} only.`);
      }
    }
    for (const a of assignments) {
      if (expected.has(a.PrincipalId)) continue;
      if (a.PrincipalId === me.Id) {
        // SharePoint gives whoever breaks inheritance without copying Full Control of their own;
        // the Owners group already has it, so the direct grant goes.
        await list.roleAssignments.getById(a.PrincipalId).delete();
        change(
          `${spec.title}: removed the direct permissions of ${a.Member?.Title ?? 'the provisioning account'}.`,
        );
        continue;
      }
      result.warnings.push(
        `${spec.title}: ${a.Member?.Title ?? `principal ${a.PrincipalId}`} holds permissions of its own on the list; ` +
          'remove them unless they are a site administrator, or they can write around the review service.',
      );
    }
  }
}
