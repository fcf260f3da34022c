/**
 * Permissions on a securable object (web, list or item), as PnPjs 4.21 addresses them:
 * `roleassignments` (GET, `(principalId)`, `getbyprincipalid(n)`, `addroleassignment(principalid=,roledefid=)`,
 * `removeroleassignment(...)`, DELETE, `/member`, `/roledefinitionbindings`), `breakroleinheritance(copyroleassignments=,
 * clearsubscopes=)`, `resetroleinheritance`, `EffectiveBasePermissions`, `getusereffectivepermissions(@user)`;
 * and the web's `roledefinitions` (`(id)`, `getbyid`, `getbyname`, `getbytype`).
 *
 * Sources: "Users, groups, and roles REST API reference" and "Set custom permissions on a list by
 * using the REST interface" (learn.microsoft.com, SharePoint add-ins); PnPjs packages/sp/security.
 */
import { callerMask, demand, effectiveScope, ownScope, parentOf, userMask, type Securable } from './access';
import { argValue, type Segment } from './api-path';
import { claimsLogin } from './auth';
import type { ServiceContext } from './context';
import { badRequest, notFound, SpCodes, SpError } from './errors';
import { groupJson } from './handlers-groups';
import { queryEntities, selectProps } from './odata-collection';
import { apiBase, collectionResponse, entityResponse, noContent, userJson } from './odata-json';
import { fullControl, limitedAccess, maskJson, roleDefinitions, type RoleDefinition } from './permissions';
import { itemScope, listScope } from './security-store';
import type { SiteUser, SpRequest, SpResponse } from './types';

type Json = Record<string, unknown>;

/** Segment names this module answers on a web, list or item. */
export const securableSegments = new Set([
  'roleassignments',
  'effectivebasepermissions',
  'getusereffectivepermissions',
  'breakroleinheritance',
  'resetroleinheritance',
]);

/** The REST path of an object, for odata ids. */
function pathOf(t: Securable): string {
  if (t.kind === 'item') return `Web/Lists(guid'${t.list.id}')/Items(${t.item.id})`;
  if (t.kind === 'list') return `Web/Lists(guid'${t.list.id}')`;
  return 'Web';
}

/** `name=value` pairs of a call such as `addroleassignment(principalid=7, roledefid=1073741827)`. */
function namedArgs(seg: Segment, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  (seg.args ?? []).forEach((a, i) => {
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(0, eq).trim().toLowerCase()] = a.slice(eq + 1).trim();
    else if (names[i]) out[names[i] as string] = a.trim();
  });
  return out;
}

function roleDefJson(base: string, d: RoleDefinition): Json {
  return {
    'odata.type': 'SP.RoleDefinition',
    'odata.id': `${base}Web/RoleDefinitions(${d.id})`,
    'odata.editLink': `Web/RoleDefinitions(${d.id})`,
    BasePermissions: maskJson(d.mask),
    Description: d.description,
    Hidden: d.hidden,
    Id: d.id,
    Name: d.name,
    Order: d.order,
    RoleTypeKind: d.roleTypeKind,
  };
}

function roleDefNotFound(what: string): SpError {
  return notFound(`Permission level cannot be found. (${what})`, SpCodes.spException);
}

/** `web/roledefinitions[...]`: the site's permission levels (built-in ones only). */
export function handleRoleDefinitions(
  ctx: ServiceContext,
  req: SpRequest,
  seg: Segment,
  rest: Segment[],
): SpResponse {
  const base = apiBase(req, ctx.sitePath);
  const [sel] = rest;
  if (req.method !== 'GET') {
    throw badRequest(
      'The local list service has the built-in permission levels only; adding, changing or deleting one is not implemented.',
      SpCodes.invalidQuery,
    );
  }
  if (!seg.args && !sel) {
    return collectionResponse(
      req,
      queryEntities(
        roleDefinitions.map((d) => roleDefJson(base, d)),
        req.query,
        'SP.RoleDefinition',
      ),
      `${base}$metadata#SP.ApiData.RoleDefinitions`,
    );
  }
  const by = seg.args ? { name: 'getbyid', args: seg.args } : (sel as Segment);
  const arg = argValue(by.args?.[0], req.query);
  const def =
    by.name === 'getbyid'
      ? roleDefinitions.find((d) => d.id === Number(arg))
      : by.name === 'getbyname'
        ? roleDefinitions.find((d) => d.name.toLowerCase() === arg.toLowerCase())
        : by.name === 'getbytype'
          ? roleDefinitions.find((d) => d.roleTypeKind === Number(arg))
          : undefined;
  if (!def) throw roleDefNotFound(`${by.name} '${arg}'`);
  return entityResponse(
    req,
    200,
    selectProps(roleDefJson(base, def), req.query.get('$select'), 'SP.RoleDefinition'),
  );
}

/** A site user by login name as clients pass it: claims login, UPN or mail address. */
export function siteUserByLogin(ctx: ServiceContext, login: string): SiteUser | undefined {
  const claims = claimsLogin(login.trim());
  const byLogin = ctx.store.userByLogin(claims);
  if (byLogin) return byLogin;
  const person = ctx.directory.resolve(login);
  if (person) return ctx.store.userByLogin(claimsLogin(person.upn));
  return ctx.store.users().find((u) => u.email && u.email.toLowerCase() === login.trim().toLowerCase());
}

function principalJson(ctx: ServiceContext, base: string, principalId: number): Json {
  const group = ctx.security.groupById(principalId);
  if (group) return groupJson(ctx, base, group);
  const user = ctx.store.userById(principalId);
  return user ? userJson(base, user) : { PrincipalId: principalId };
}

function assignmentJson(ctx: ServiceContext, req: SpRequest, t: Securable, principalId: number): Json {
  const base = apiBase(req, ctx.sitePath);
  const path = `${pathOf(t)}/RoleAssignments/GetByPrincipalId(${principalId})`;
  const entity: Json = {
    'odata.type': 'SP.RoleAssignment',
    'odata.id': `${base}${path}`,
    'odata.editLink': path,
    PrincipalId: principalId,
  };
  const expand = (req.query.get('$expand') ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => s.trim());
  if (expand.includes('member')) entity.Member = principalJson(ctx, base, principalId);
  if (expand.includes('roledefinitionbindings'))
    entity.RoleDefinitionBindings = bindingsOf(ctx, base, t, principalId);
  return entity;
}

function bindingsOf(ctx: ServiceContext, base: string, t: Securable, principalId: number): Json[] {
  const ids = ctx.security
    .assignments(effectiveScope(ctx, t))
    .filter((a) => a.principalId === principalId)
    .map((a) => a.roleDefId);
  return roleDefinitions.filter((d) => ids.includes(d.id)).map((d) => roleDefJson(base, d));
}

function principalIdsAt(ctx: ServiceContext, t: Securable): number[] {
  return [...new Set(ctx.security.assignments(effectiveScope(ctx, t)).map((a) => a.principalId))];
}

function requireUnique(ctx: ServiceContext, t: Securable): void {
  if (t.kind === 'web' || ctx.security.hasUniqueScope(ownScope(t))) return;
  throw new SpError(
    500,
    SpCodes.spException,
    'This operation is not allowed on an object that inherits permissions. ' +
      '(Call breakroleinheritance on it first.)',
  );
}

function checkPrincipal(ctx: ServiceContext, principalId: number): void {
  if (
    !Number.isInteger(principalId) ||
    (!ctx.security.groupById(principalId) && !ctx.store.userById(principalId))
  ) {
    throw badRequest(
      `Principal id ${principalId} is neither a user of this site nor a SharePoint group. ` +
        'Use a user id from web/ensureuser or a group id from web/sitegroups.',
    );
  }
}

function roleDefOf(id: number): RoleDefinition {
  const def = roleDefinitions.find((d) => d.id === id);
  if (!def)
    throw badRequest(
      `Role definition id ${id} is not a permission level of this site (see web/roledefinitions).`,
    );
  return def;
}

/**
 * A principal given access inside an object with unique permissions also gets Limited Access on
 * the ancestors where it has nothing, so it can reach the object (SharePoint adds it automatically:
 * "Understanding permission levels in SharePoint", Limited Access).
 */
function grantLimitedAccessAbove(ctx: ServiceContext, t: Securable, principalId: number): void {
  let above: Securable | undefined = t.kind === 'web' ? undefined : parentOf(t);
  while (above) {
    const scope = effectiveScope(ctx, above);
    if (!ctx.security.assignments(scope).some((a) => a.principalId === principalId))
      ctx.security.addAssignment(scope, principalId, limitedAccess.id);
    above = above.kind === 'web' ? undefined : parentOf(above);
  }
}

function handleRoleAssignments(
  ctx: ServiceContext,
  req: SpRequest,
  t: Securable,
  seg: Segment,
  rest: Segment[],
): SpResponse {
  const base = apiBase(req, ctx.sitePath);
  const [sel, sub] = rest;
  if (sel?.name === 'addroleassignment' || sel?.name === 'removeroleassignment') {
    if (req.method !== 'POST') throw badRequest(`${sel.name} needs POST.`, SpCodes.invalidQuery);
    demand(ctx, req, t, ['ManagePermissions'], `changing permissions (${sel.name})`);
    requireUnique(ctx, t);
    const args = namedArgs(sel, ['principalid', 'roledefid']);
    const principalId = Number(args.principalid);
    const def = roleDefOf(Number(args.roledefid));
    checkPrincipal(ctx, principalId);
    const scope = ownScope(t);
    if (sel.name === 'addroleassignment') {
      ctx.store.transaction(() => {
        ctx.security.addAssignment(scope, principalId, def.id);
        grantLimitedAccessAbove(ctx, t, principalId);
      });
    } else ctx.security.removeAssignment(scope, principalId, def.id);
    return noContent();
  }
  if (!seg.args && !sel) {
    if (req.method !== 'GET') throw badRequest(`${req.method} is not supported on roleassignments.`);
    demand(ctx, req, t, ['EnumeratePermissions'], 'reading role assignments');
    const entities = principalIdsAt(ctx, t).map((id) => assignmentJson(ctx, req, t, id));
    return collectionResponse(
      req,
      queryEntities(entities, new URLSearchParams(filterOnly(req.query)), 'SP.RoleAssignment'),
      `${base}$metadata#SP.ApiData.RoleAssignments`,
    );
  }
  const by = seg.args ? { name: 'getbyprincipalid', args: seg.args } : (sel as Segment);
  const next = seg.args ? sel : sub;
  if (by.name !== 'getbyprincipalid')
    throw notFound(`The local list service does not implement roleassignments/${by.name}.`, SpCodes.notFound);
  const principalId = Number(by.args?.[0]);
  demand(ctx, req, t, ['EnumeratePermissions'], 'reading role assignments');
  if (!principalIdsAt(ctx, t).includes(principalId)) {
    throw notFound(
      `Can not find the principal with id: ${principalId}. (No role assignment for it on this object.)`,
      SpCodes.argument,
    );
  }
  if (req.method === 'DELETE') {
    demand(ctx, req, t, ['ManagePermissions'], 'removing a role assignment');
    requireUnique(ctx, t);
    ctx.security.removeAssignment(ownScope(t), principalId);
    return { status: 200, headers: {}, body: '' };
  }
  if (next?.name === 'member') return entityResponse(req, 200, principalJson(ctx, base, principalId));
  if (next?.name === 'roledefinitionbindings')
    return collectionResponse(
      req,
      bindingsOf(ctx, base, t, principalId),
      `${base}$metadata#SP.ApiData.RoleDefinitions`,
    );
  if (next)
    throw notFound(
      `The local list service does not implement roleassignments/${next.name}.`,
      SpCodes.notFound,
    );
  return entityResponse(req, 200, assignmentJson(ctx, req, t, principalId));
}

/** `$expand` is honoured by the assignment builder; only `$filter`/`$top`/`$select` go to the generic query. */
function filterOnly(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(query);
  out.delete('$expand');
  return out;
}

/**
 * SPSecurableObject.BreakRoleInheritance documents SPException -2146232832 when "this securable
 * object is a site and it is the top level site"; the service has only the top-level web.
 */
function topLevelSite(hint: string): SpError {
  return new SpError(
    500,
    '-2146232832, Microsoft.SharePoint.SPException',
    `This securable object is a site and it is the top level site. (${hint})`,
  );
}

function breakInheritance(ctx: ServiceContext, req: SpRequest, t: Securable, seg: Segment): SpResponse {
  if (t.kind === 'web') throw topLevelSite('break inheritance on a list or item instead');
  demand(ctx, req, t, ['ManagePermissions'], 'breaking permission inheritance');
  const args = namedArgs(seg, ['copyroleassignments', 'clearsubscopes']);
  const copy = (args.copyroleassignments ?? 'true').toLowerCase() !== 'false';
  const clear = (args.clearsubscopes ?? 'true').toLowerCase() !== 'false';
  const inherited = ctx.security.assignments(effectiveScope(ctx, parentOf(t)));
  // Without a copy only the caller is assigned, with Full Control ("false to assign only the
  // current user to security roles": SPSecurableObject.BreakRoleInheritance).
  const own = [{ principalId: req.caller.user.id, roleDefId: fullControl.id }];
  ctx.security.breakInheritance(
    ownScope(t),
    copy ? inherited : own,
    clear && t.kind === 'list' ? t.list.id : undefined,
  );
  return noContent();
}

function resetInheritance(ctx: ServiceContext, req: SpRequest, t: Securable): SpResponse {
  if (t.kind === 'web') throw topLevelSite('it has no parent to inherit from');
  demand(ctx, req, t, ['ManagePermissions'], 'resetting permission inheritance');
  ctx.security.resetInheritance(t.kind === 'list' ? listScope(t.list.id) : itemScope(t.list.id, t.item.id));
  return noContent();
}

/** Permissions of a web, list or item; `seg` is the first segment after the object. */
export function handleSecurable(
  ctx: ServiceContext,
  req: SpRequest,
  t: Securable,
  seg: Segment,
  rest: Segment[],
): SpResponse {
  switch (seg.name) {
    case 'effectivebasepermissions':
      if (req.method !== 'GET') break;
      return entityResponse(req, 200, maskJson(callerMask(ctx, req.caller, t)));
    case 'getusereffectivepermissions': {
      if (req.method !== 'GET') break;
      demand(ctx, req, t, ['EnumeratePermissions'], "reading another user's permissions");
      const login = argValue(seg.args?.[0], req.query);
      const user = siteUserByLogin(ctx, login);
      if (!user) throw notFound(`User cannot be found. (login '${login}')`, SpCodes.spException);
      return entityResponse(req, 200, maskJson(userMask(ctx, user, t)));
    }
    case 'breakroleinheritance':
      if (req.method !== 'POST') break;
      return breakInheritance(ctx, req, t, seg);
    case 'resetroleinheritance':
      if (req.method !== 'POST') break;
      return resetInheritance(ctx, req, t);
    case 'roleassignments':
      return handleRoleAssignments(ctx, req, t, seg, rest);
    default:
      break;
  }
  throw notFound(
    `The local list service does not implement ${req.method} ${pathOf(t)}/${seg.name}.`,
    SpCodes.notFound,
  );
}

/** The security properties a client `$select`ed, and the rest of its `$select`. */
export type SecuritySelect = {
  select: string | null;
  effectiveBasePermissions: boolean;
  hasUniqueRoleAssignments: boolean;
};

/**
 * Splits `EffectiveBasePermissions` and `HasUniqueRoleAssignments` (which a client may `$select` on
 * a web, list or item) from the rest of `$select`, which goes through the object's own projection.
 */
export function splitSecuritySelect(select: string | null): SecuritySelect {
  const out: SecuritySelect = { select, effectiveBasePermissions: false, hasUniqueRoleAssignments: false };
  if (!select) return out;
  const others: string[] = [];
  for (const name of select
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const lower = name.toLowerCase();
    if (lower === 'effectivebasepermissions') out.effectiveBasePermissions = true;
    else if (lower === 'hasuniqueroleassignments') out.hasUniqueRoleAssignments = true;
    else others.push(name);
  }
  const any = out.effectiveBasePermissions || out.hasUniqueRoleAssignments;
  out.select = others.length ? others.join(',') : any ? 'Id' : select;
  return out;
}

/** The selected security properties of one object. */
export function securityPropsOf(
  ctx: ServiceContext,
  req: SpRequest,
  t: Securable,
  sel: SecuritySelect,
): Json {
  const props: Json = {};
  if (sel.effectiveBasePermissions) props.EffectiveBasePermissions = maskJson(callerMask(ctx, req.caller, t));
  if (sel.hasUniqueRoleAssignments)
    props.HasUniqueRoleAssignments = t.kind === 'web' || ctx.security.hasUniqueScope(ownScope(t));
  return props;
}

/** Both of the above for a single object: the remaining `$select` and the properties to add. */
export function securityProps(
  ctx: ServiceContext,
  req: SpRequest,
  t: Securable,
): { select: string | null; props: Json } {
  const sel = splitSecuritySelect(req.query.get('$select'));
  return { select: sel.select, props: securityPropsOf(ctx, req, t, sel) };
}
