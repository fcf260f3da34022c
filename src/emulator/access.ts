/**
 * Effective permissions and the authorisation of every request against them.
 *
 * A securable object (web, list, item) uses the role assignments of the nearest object with unique
 * permissions (item -> list -> web). A user's effective permissions there are the union of the
 * permission levels bound to them directly and to every SharePoint group they belong to; a site
 * collection administrator holds Full Control everywhere. For app-only calls SharePoint uses the
 * app's own permissions ("In the app-only case, this property returns only the permissions of the
 * app principal": Web.EffectiveBasePermissions, SharePoint REST reference); the app here holds a
 * Sites.Selected 'fullcontrol' grant, so Full Control on every object of the site.
 */
import type { ServiceContext } from './context';
import { SpCodes, SpError } from './errors';
import {
  emptyMask,
  fullMask,
  hasRight,
  missingRights,
  roleDefinitions,
  union,
  type Mask,
  type PermissionName,
} from './permissions';
import { itemScope, listScope, webScope } from './security-store';
import type { ItemRow, ListRow } from './store';
import type { Caller, SiteUser, SpRequest } from './types';

export type Securable =
  { kind: 'web' } | { kind: 'list'; list: ListRow } | { kind: 'item'; list: ListRow; item: ItemRow };

export const theWeb: Securable = { kind: 'web' };

/** The object's own scope key (whether or not it has unique permissions). */
export function ownScope(t: Securable): string {
  if (t.kind === 'item') return itemScope(t.list.id, t.item.id);
  if (t.kind === 'list') return listScope(t.list.id);
  return webScope;
}

/** The scope whose role assignments apply to the object: its own when unique, else its parent's. */
export function effectiveScope(ctx: ServiceContext, t: Securable): string {
  if (t.kind === 'item' && ctx.security.hasUniqueScope(itemScope(t.list.id, t.item.id)))
    return itemScope(t.list.id, t.item.id);
  if (t.kind !== 'web' && ctx.security.hasUniqueScope(listScope(t.list.id))) return listScope(t.list.id);
  return webScope;
}

/** The parent whose permissions an object inherits (the web for a list, the list for an item). */
export function parentOf(t: Securable): Securable {
  return t.kind === 'item' ? { kind: 'list', list: t.list } : theWeb;
}

export function roleMask(roleDefId: number): Mask {
  return roleDefinitions.find((d) => d.id === roleDefId)?.mask ?? emptyMask;
}

function maskAt(ctx: ServiceContext, user: SiteUser, scope: string): Mask {
  if (user.isSiteAdmin) return fullMask;
  const principals = new Set([user.id, ...ctx.security.groupsOf(user.id).map((g) => g.id)]);
  return union(
    ctx.security
      .assignments(scope)
      .filter((a) => principals.has(a.principalId))
      .map((a) => roleMask(a.roleDefId)),
  );
}

/** A user's effective permissions on an object (what `getUserEffectivePermissions` answers). */
export function userMask(ctx: ServiceContext, user: SiteUser, t: Securable): Mask {
  return maskAt(ctx, user, effectiveScope(ctx, t));
}

/** The caller's effective permissions (what `EffectiveBasePermissions` answers). */
export function callerMask(ctx: ServiceContext, caller: Caller, t: Securable): Mask {
  if (caller.appGrant === 'fullcontrol') return fullMask;
  return userMask(ctx, caller.user, t);
}

function describe(ctx: ServiceContext, t: Securable): string {
  if (t.kind === 'item') return `item ${t.item.id} of list '${t.list.title}'`;
  if (t.kind === 'list') return `list '${t.list.title}'`;
  return `the site ${ctx.sitePath}`;
}

/** SharePoint's refusal: 403, System.UnauthorizedAccessException, "Access denied. ..." */
export function accessDenied(detail: string): SpError {
  return new SpError(
    403,
    SpCodes.accessDenied,
    `Access denied. You do not have permission to perform this action or access this resource. (${detail})`,
  );
}

/** 403 unless the caller holds every right in `rights` on the object; `action` names what was refused. */
export function demand(
  ctx: ServiceContext,
  req: SpRequest,
  t: Securable,
  rights: PermissionName[],
  action: string,
): void {
  const missing = missingRights(callerMask(ctx, req.caller, t), rights);
  if (missing.length === 0) return;
  throw accessDenied(
    `${req.caller.user.title} lacks ${missing.join(', ')} on ${describe(ctx, t)}, which ${action} needs.`,
  );
}

/** Whether the caller holds one right on the object. */
export function callerHas(ctx: ServiceContext, caller: Caller, t: Securable, right: PermissionName): boolean {
  return hasRight(callerMask(ctx, caller, t), right);
}

/**
 * Which items of a list the caller may see (ViewListItems on each item's effective scope), as
 * SharePoint trims query results; undefined when every item shares the list's answer and the
 * caller may see them all.
 */
export function itemVisibility(
  ctx: ServiceContext,
  caller: Caller,
  list: ListRow,
): ((item: ItemRow) => boolean) | undefined {
  const listVisible = callerHas(ctx, caller, { kind: 'list', list }, 'ViewListItems');
  const unique = ctx.security.uniqueItemIds(list.id);
  if (unique.length === 0) return listVisible ? undefined : () => false;
  const own = new Map<number, boolean>();
  for (const id of unique) {
    const mask =
      caller.appGrant === 'fullcontrol' ? fullMask : maskAt(ctx, caller.user, itemScope(list.id, id));
    own.set(id, hasRight(mask, 'ViewListItems'));
  }
  return (item) => own.get(item.id) ?? listVisible;
}
