/**
 * Who the signed-in person is and what they may do, from three SharePoint reads that can travel in
 * one `$batch`: `web/currentuser`, `web/currentuser/groups` and `web/EffectiveBasePermissions`.
 */
import type { AccessLevel, CurrentUser } from '../ports';
import { managerGroupName } from './schema';

/** `web/currentuser` as read here. */
export type SpCurrentUser = { Id: number; Title: string; Email?: string; LoginName?: string };
/** SP.BasePermissions as the REST API returns it (High/Low may come as strings). */
export type SpPermissions = { High: number | string; Low: number | string };

// SharePoint PermissionKind bit position (1-based) of Edit List Items.
const editListItems = 3;

function hasPermission(perms: { High: number | string; Low: number | string }, kind: number): boolean {
  const high = Number(perms.High);
  const low = Number(perms.Low);
  // FullMask (Full Control) sets every bit.
  if (high === 0x7fffffff && low >>> 0 === 0xffffffff) return true;
  const bit = kind - 1;
  return bit < 32 ? ((low >>> bit) & 1) === 1 : ((high >>> (bit - 32)) & 1) === 1;
}

/**
 * What a person may do. `manage` comes only from membership of the register managers' SharePoint
 * group, never from a permission level (the site's Members hold Edit, which includes Manage Lists).
 * Otherwise a member who can edit items on the site (Edit or Contribute) may own risks and record
 * their reviews through the review service; anyone else reads.
 */
export function accessOf(
  groups: string[],
  perms: { High: number | string; Low: number | string } | undefined,
): AccessLevel {
  if (groups.some((g) => g.toLowerCase() === managerGroupName.toLowerCase())) return 'manage';
  return perms && hasPermission(perms, editListItems) ? 'contribute' : 'read';
}

/**
 * The person from the three reads. Without effective permissions (a host that does not expose them)
 * the person is shown as a member who may own risks; the review service decides every write anyway.
 */
export function toCurrentUser(
  user: SpCurrentUser,
  groups: string[],
  perms: SpPermissions | undefined,
): CurrentUser {
  return {
    id: user.Id,
    name: user.Title,
    ...(user.Email ? { email: user.Email } : {}),
    ...(user.LoginName ? { loginName: user.LoginName } : {}),
    access: accessOf(groups, perms ?? { High: 0, Low: 1 << (editListItems - 1) }),
  };
}
