/**
 * SharePoint groups: `web/sitegroups` (GET, POST, `(id)`, `getById(n)`, `getByName('x')`,
 * `removeById(n)`, `removeByLoginName('x')`), one group (GET, MERGE) and its `users` (GET, POST
 * `{LoginName}`, `getById`, `getByEmail`, `('!@v::login')`, `removeById(n)`, `removeByLoginName(@v)`),
 * `web/associatedOwnerGroup|MemberGroup|VisitorGroup`, and the groups of a user
 * (`currentuser/groups`, `siteusers/getById(n)/groups`).
 *
 * Who may do what ("Users, groups, and roles REST API reference"; SharePoint's group settings):
 * reading groups and members needs Browse User Information, and a group that only lets members
 * see its membership hides it from others; creating a group needs Create Groups; changing a group
 * or its members needs Manage Permissions, or being the group's owner, or being a member of a
 * group that allows members to edit membership.
 */
import { demand, callerHas, accessDenied, theWeb } from './access';
import { argValue, type Segment } from './api-path';
import { associatedGroup, claimsLogin, type DefaultGroupKind } from './auth';
import { Directory } from './directory';
import { jsonBody, type ServiceContext } from './context';
import { badRequest, notFound, SpCodes, SpError } from './errors';
import { queryEntities, selectProps } from './odata-collection';
import { apiBase, collectionResponse, entityResponse, noContent, userJson } from './odata-json';
import type { SpGroup } from './security-store';
import { siteUserBySegment } from './site-user-lookup';
import type { Caller, SiteUser, SpRequest, SpResponse } from './types';

type Json = Record<string, unknown>;

/** SP.Group as SharePoint returns it. */
export function groupJson(ctx: ServiceContext, base: string, g: SpGroup): Json {
  const owner = ctx.security.groupById(g.ownerId) ?? ctx.store.userById(g.ownerId);
  return {
    'odata.type': 'SP.Group',
    'odata.id': `${base}Web/SiteGroups/GetById(${g.id})`,
    'odata.editLink': `Web/SiteGroups/GetById(${g.id})`,
    Id: g.id,
    IsHiddenInUI: false,
    LoginName: g.title,
    Title: g.title,
    PrincipalType: 8,
    AllowMembersEditMembership: g.allowMembersEditMembership,
    AllowRequestToJoinLeave: false,
    AutoAcceptRequestToJoinLeave: false,
    Description: g.description,
    OnlyAllowMembersViewMembership: g.onlyAllowMembersViewMembership,
    OwnerTitle: owner?.title ?? '',
    RequestToJoinLeaveEmailSetting: null,
  };
}

function groupNotFound(what: string): SpError {
  return notFound(`Group cannot be found. (${what})`, SpCodes.spException);
}

function userNotFound(what: string): SpError {
  return notFound(`User cannot be found. (${what})`, SpCodes.spException);
}

/** SharePoint's refusal of a logon name the directory does not know (SPWeb.EnsureUser's SPException). */
export function unknownPerson(logonName: string): SpError {
  return new SpError(
    500,
    '-2146232832, Microsoft.SharePoint.SPException',
    `The specified user ${logonName} could not be found.`,
  );
}

/**
 * The site user a logon name resolves to (claims login, UPN or mail), adding a directory person
 * to the site's users when they are not one yet (after `beforeAdd`, which may refuse); refuses a
 * name the directory does not know.
 */
export function ensureSiteUser(ctx: ServiceContext, logonName: string, beforeAdd?: () => void): SiteUser {
  const text = logonName.trim();
  const existing = ctx.store.userByLogin(claimsLogin(text));
  if (existing) return existing;
  const person = ctx.directory.resolve(text);
  if (!person) throw unknownPerson(text);
  const login = Directory.loginOf(person);
  const known = ctx.store.userByLogin(login);
  if (known) return known;
  beforeAdd?.();
  return ctx.store.upsertUser({
    id: ctx.security.nextPrincipalId(),
    loginName: login,
    title: person.title,
    email: person.email,
    isSiteAdmin: false,
    ...(person.objectId ? { objectId: person.objectId } : {}),
  });
}

function isMember(ctx: ServiceContext, caller: Caller, g: SpGroup): boolean {
  return ctx.security.memberIds(g.id).includes(caller.user.id);
}

function isOwner(ctx: ServiceContext, caller: Caller, g: SpGroup): boolean {
  if (g.ownerId === caller.user.id) return true;
  const ownerGroup = ctx.security.groupById(g.ownerId);
  return ownerGroup !== undefined && isMember(ctx, caller, ownerGroup);
}

function requireViewMembership(ctx: ServiceContext, req: SpRequest, g: SpGroup): void {
  demand(ctx, req, theWeb, ['BrowseUserInfo'], 'reading site groups');
  if (!g.onlyAllowMembersViewMembership) return;
  if (isMember(ctx, req.caller, g) || isOwner(ctx, req.caller, g)) return;
  if (callerHas(ctx, req.caller, theWeb, 'ManagePermissions')) return;
  throw accessDenied(`only members of '${g.title}' may see its membership.`);
}

function requireEditGroup(ctx: ServiceContext, req: SpRequest, g: SpGroup, membership: boolean): void {
  if (callerHas(ctx, req.caller, theWeb, 'ManagePermissions')) return;
  if (isOwner(ctx, req.caller, g)) return;
  if (membership && g.allowMembersEditMembership && isMember(ctx, req.caller, g)) return;
  throw accessDenied(
    `${req.caller.user.title} may not change '${g.title}': that needs ManagePermissions on the site or ownership of the group.`,
  );
}

function groupsResponse(ctx: ServiceContext, req: SpRequest, groups: SpGroup[]): SpResponse {
  const base = apiBase(req, ctx.sitePath);
  return collectionResponse(
    req,
    queryEntities(
      groups.map((g) => groupJson(ctx, base, g)),
      req.query,
      'SP.Group',
    ),
    `${base}$metadata#SP.ApiData.Groups`,
  );
}

/** The groups a user belongs to (`currentuser/groups`, `siteusers/getById(n)/groups`). */
export function userGroupsResponse(ctx: ServiceContext, req: SpRequest, user: SiteUser): SpResponse {
  demand(ctx, req, theWeb, ['BrowseUserInfo'], 'reading site groups');
  const visible = ctx.security
    .groupsOf(user.id)
    .filter(
      (g) =>
        user.id === req.caller.user.id ||
        !g.onlyAllowMembersViewMembership ||
        isMember(ctx, req.caller, g) ||
        isOwner(ctx, req.caller, g) ||
        callerHas(ctx, req.caller, theWeb, 'ManagePermissions'),
    );
  return groupsResponse(ctx, req, visible);
}

function groupResponse(ctx: ServiceContext, req: SpRequest, g: SpGroup): SpResponse {
  const entity = groupJson(ctx, apiBase(req, ctx.sitePath), g);
  return entityResponse(req, 200, selectProps(entity, req.query.get('$select'), 'SP.Group'));
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function createGroup(ctx: ServiceContext, req: SpRequest): SpResponse {
  demand(ctx, req, theWeb, ['CreateGroups'], 'creating a SharePoint group');
  const body = jsonBody(req);
  const title = typeof body.Title === 'string' ? body.Title.trim() : '';
  if (!title) throw badRequest('A new group needs a Title.');
  if (ctx.security.groupByTitle(title)) {
    throw badRequest(
      `The specified name is already in use. Please try again with a new name. ('${title}')`,
      SpCodes.spException,
    );
  }
  // The creator owns a new group, as in SharePoint's "New group" page.
  const group = ctx.security.saveGroup({
    id: ctx.security.nextPrincipalId(),
    title,
    description: typeof body.Description === 'string' ? body.Description : '',
    ownerId: req.caller.user.id,
    allowMembersEditMembership: bool(body.AllowMembersEditMembership, false),
    onlyAllowMembersViewMembership: bool(body.OnlyAllowMembersViewMembership, true),
  });
  return entityResponse(req, 201, groupJson(ctx, apiBase(req, ctx.sitePath), group));
}

function updateGroup(ctx: ServiceContext, req: SpRequest, g: SpGroup): SpResponse {
  requireEditGroup(ctx, req, g, false);
  const body = jsonBody(req);
  const title = typeof body.Title === 'string' && body.Title.trim() ? body.Title.trim() : g.title;
  const clash = ctx.security.groupByTitle(title);
  if (clash && clash.id !== g.id) {
    throw badRequest(
      `The specified name is already in use. Please try again with a new name. ('${title}')`,
      SpCodes.spException,
    );
  }
  ctx.security.saveGroup({
    ...g,
    title,
    description: typeof body.Description === 'string' ? body.Description : g.description,
    allowMembersEditMembership: bool(body.AllowMembersEditMembership, g.allowMembersEditMembership),
    onlyAllowMembersViewMembership: bool(
      body.OnlyAllowMembersViewMembership,
      g.onlyAllowMembersViewMembership,
    ),
  });
  return noContent();
}

function memberBy(ctx: ServiceContext, req: SpRequest, g: SpGroup, seg: Segment): SiteUser {
  const arg = argValue(seg.args?.[0], req.query);
  const members = ctx.security.memberIds(g.id);
  const user = siteUserBySegment(ctx, seg.name, arg, ['getbyid', 'users']);
  if (!user || !members.includes(user.id)) throw userNotFound(`${seg.name} '${arg}' in group '${g.title}'`);
  return user;
}

function handleGroupUsers(
  ctx: ServiceContext,
  req: SpRequest,
  g: SpGroup,
  seg: Segment,
  rest: Segment[],
): SpResponse {
  const base = apiBase(req, ctx.sitePath);
  const [sel] = rest;
  if (!seg.args && !sel) {
    if (req.method === 'GET') {
      requireViewMembership(ctx, req, g);
      const users = ctx.security
        .memberIds(g.id)
        .map((id) => ctx.store.userById(id))
        .filter((u): u is SiteUser => u !== undefined);
      return collectionResponse(
        req,
        queryEntities(
          users.map((u) => userJson(base, u)),
          req.query,
          'SP.User',
        ),
        `${base}$metadata#SP.ApiData.Users`,
      );
    }
    if (req.method !== 'POST') throw badRequest(`${req.method} is not supported on a group's users.`);
    requireEditGroup(ctx, req, g, true);
    const login = jsonBody(req).LoginName;
    if (typeof login !== 'string' || !login.trim())
      throw badRequest(`Adding a user to '${g.title}' needs a body {LoginName: "i:0#.f|membership|upn"}.`);
    const user = ensureSiteUser(ctx, login);
    ctx.security.addMember(g.id, user.id);
    return entityResponse(req, 201, userJson(base, user));
  }
  if (sel && (sel.name === 'removebyid' || sel.name === 'removebyloginname')) {
    if (req.method !== 'POST') throw badRequest(`${sel.name} needs POST.`, SpCodes.invalidQuery);
    requireEditGroup(ctx, req, g, true);
    const arg = argValue(sel.args?.[0], req.query);
    const user =
      sel.name === 'removebyid' ? ctx.store.userById(Number(arg)) : ctx.store.userByLogin(claimsLogin(arg));
    if (!user || !ctx.security.memberIds(g.id).includes(user.id))
      throw userNotFound(`${sel.name} '${arg}' in group '${g.title}'`);
    ctx.security.removeMember(g.id, user.id);
    return noContent();
  }
  requireViewMembership(ctx, req, g);
  const user = memberBy(ctx, req, g, seg.args ? seg : (sel as Segment));
  if (req.method === 'DELETE') {
    requireEditGroup(ctx, req, g, true);
    ctx.security.removeMember(g.id, user.id);
    return { status: 200, headers: {}, body: '' };
  }
  return entityResponse(req, 200, selectProps(userJson(base, user), req.query.get('$select'), 'SP.User'));
}

function handleGroup(ctx: ServiceContext, req: SpRequest, g: SpGroup, rest: Segment[]): SpResponse {
  const [next, ...tail] = rest;
  if (next?.name === 'users') return handleGroupUsers(ctx, req, g, next, tail);
  if (next)
    throw notFound(
      `The local list service does not implement sitegroups(${g.id})/${next.name}.`,
      SpCodes.notFound,
    );
  demand(ctx, req, theWeb, ['BrowseUserInfo'], 'reading site groups');
  if (req.method === 'GET') return groupResponse(ctx, req, g);
  if (req.method === 'MERGE' || req.method === 'PATCH') return updateGroup(ctx, req, g);
  throw badRequest(
    `${req.method} is not supported on a group; use sitegroups/removeById(n).`,
    SpCodes.invalidQuery,
  );
}

/** `web/sitegroups...`; `rest` are the segments after `sitegroups`. */
export function handleSiteGroups(
  ctx: ServiceContext,
  req: SpRequest,
  seg: Segment,
  rest: Segment[],
): SpResponse {
  const [sel, ...after] = rest;
  if (!seg.args && !sel) {
    if (req.method === 'POST') return createGroup(ctx, req);
    demand(ctx, req, theWeb, ['BrowseUserInfo'], 'reading site groups');
    return groupsResponse(ctx, req, ctx.security.groups());
  }
  if (sel && (sel.name === 'removebyid' || sel.name === 'removebyloginname')) {
    if (req.method !== 'POST') throw badRequest(`${sel.name} needs POST.`, SpCodes.invalidQuery);
    const arg = argValue(sel.args?.[0], req.query);
    const g =
      sel.name === 'removebyid' ? ctx.security.groupById(Number(arg)) : ctx.security.groupByTitle(arg);
    if (!g) throw groupNotFound(`${sel.name} '${arg}'`);
    requireEditGroup(ctx, req, g, false);
    if (g.id >= 3 && g.id <= 5) {
      throw badRequest(
        `'${g.title}' is one of the site's associated groups; the local list service keeps them.`,
      );
    }
    ctx.security.deleteGroup(g.id);
    return noContent();
  }
  const by = seg.args ? { name: 'getbyid', args: seg.args } : (sel as Segment);
  const arg = argValue(by.args?.[0], req.query);
  const g =
    by.name === 'getbyid'
      ? ctx.security.groupById(Number(arg))
      : by.name === 'getbyname'
        ? ctx.security.groupByTitle(arg)
        : undefined;
  if (!g) {
    if (by.name !== 'getbyid' && by.name !== 'getbyname')
      throw notFound(`The local list service does not implement sitegroups/${by.name}.`, SpCodes.notFound);
    throw groupNotFound(`${by.name} '${arg}'`);
  }
  return handleGroup(ctx, req, g, seg.args ? rest : after);
}

const associated: Record<string, DefaultGroupKind> = {
  associatedownergroup: 'Owners',
  associatedmembergroup: 'Members',
  associatedvisitorgroup: 'Visitors',
};

/** `web/associatedOwnerGroup` and the like, or undefined when `seg` is not one of them. */
export function handleAssociatedGroup(
  ctx: ServiceContext,
  req: SpRequest,
  seg: Segment,
  rest: Segment[],
): SpResponse | undefined {
  const kind = associated[seg.name];
  if (!kind) return undefined;
  return handleGroup(ctx, req, associatedGroup(ctx.security, ctx.siteTitle, kind), rest);
}
