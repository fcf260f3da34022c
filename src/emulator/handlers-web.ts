/**
 * The web and its people: `contextinfo` (flat JSON, as PnPjs's digest step needs), `web` (with
 * `$select=EffectiveBasePermissions,HasUniqueRoleAssignments`), `web/currentUser[/groups]`,
 * `web/ensureuser`, `web/siteusers[(n)|/getById(n)|/getByEmail('x')|/getByLoginName('x')][/groups]`,
 * `web/getUserById(n)`; groups, role definitions and permissions are handed to their modules.
 */
import { randomBytes } from 'node:crypto';
import { demand, theWeb } from './access';
import { argValue, type Segment } from './api-path';
import { jsonBody, type ServiceContext } from './context';
import { badRequest, notFound, SpCodes, SpError } from './errors';
import {
  ensureSiteUser,
  handleAssociatedGroup,
  handleSiteGroups,
  userGroupsResponse,
} from './handlers-groups';
import {
  handleRoleDefinitions,
  handleSecurable,
  securableSegments,
  securityProps,
} from './handlers-security';
import { queryEntities, selectProps } from './odata-collection';
import { apiBase, collectionResponse, entityResponse, userJson } from './odata-json';
import { handleRegionalSettings } from './regional-settings';
import { siteUserBySegment } from './site-user-lookup';
import type { SiteUser, SpRequest, SpResponse } from './types';

/** POST `_api/contextinfo`: a form digest PnPjs caches for its POSTs (not checked by this service). */
export function handleContextInfo(ctx: ServiceContext, req: SpRequest): SpResponse {
  const site = `${req.origin}${ctx.sitePath}`;
  const digest = `0x${randomBytes(32).toString('hex').toUpperCase()},${new Date().toUTCString()}`;
  // Flat JSON even for verbose clients: PnPjs reads FormDigestValue at the top level.
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8' },
    body: JSON.stringify({
      'odata.metadata': `${apiBase(req, ctx.sitePath)}$metadata#SP.ContextWebInformation`,
      FormDigestTimeoutSeconds: 1800,
      FormDigestValue: digest,
      LibraryVersion: '16.0.0.0',
      SiteFullUrl: site,
      SupportedSchemaVersions: ['14.0.0.0', '15.0.0.0'],
      WebFullUrl: site,
    }),
  };
}

function webEntity(ctx: ServiceContext, req: SpRequest): Record<string, unknown> {
  const base = apiBase(req, ctx.sitePath);
  return {
    'odata.type': 'SP.Web',
    'odata.id': `${base}Web`,
    'odata.editLink': 'Web',
    // One fixed web per service, so clients that cache the web id keep seeing the same site.
    Id: '5f3a7c1e-0000-4000-8000-000000000001',
    Title: ctx.siteTitle,
    Url: `${req.origin}${ctx.sitePath}`,
    ServerRelativeUrl: ctx.sitePath,
    // en-GB: the councils are in the UK.
    Language: 2057,
  };
}

function webResponse(ctx: ServiceContext, req: SpRequest): SpResponse {
  const { select, props } = securityProps(ctx, req, theWeb);
  const entity = { ...selectProps(webEntity(ctx, req), select, 'SP.Web'), ...props };
  return entityResponse(req, 200, entity);
}

function userResponse(ctx: ServiceContext, req: SpRequest, user: SiteUser): SpResponse {
  const entity = userJson(apiBase(req, ctx.sitePath), user);
  return entityResponse(req, 200, selectProps(entity, req.query.get('$select'), 'SP.User'));
}

function userNotFound(what: string): SpError {
  return notFound(`User cannot be found. (${what})`, SpCodes.spException);
}

/**
 * ensureuser: resolves the logon name (claims login, sign-in name or mail address) against the
 * site's users, then the directory, adding a directory person to the site; anyone else is refused
 * as SharePoint does (SPWeb.EnsureUser: SPException "The specified user {0} could not be found.").
 * Resolving needs Browse User Information (documented); adding someone new also needs Edit Items
 * on the site here (Contribute or above), since Microsoft documents no lower bar for adding.
 */
function ensureUser(ctx: ServiceContext, req: SpRequest): SpResponse {
  const logon = jsonBody(req).logonName;
  if (typeof logon !== 'string' || !logon.trim())
    throw badRequest('web/ensureuser needs a body {logonName: "..."}.');
  demand(ctx, req, theWeb, ['BrowseUserInfo'], 'web/ensureuser');
  const user = ensureSiteUser(ctx, logon, () =>
    demand(ctx, req, theWeb, ['EditListItems'], `adding '${logon}' to the site's users`),
  );
  return userResponse(ctx, req, user);
}

/** A site user by the segment that addresses it: `(n)`, `getById(n)`, `getByEmail('x')`, `getByLoginName('x')`, `('!@v::x')`. */
function siteUserBy(ctx: ServiceContext, req: SpRequest, seg: Segment): SiteUser {
  const arg = argValue(seg.args?.[0], req.query);
  const user = siteUserBySegment(ctx, seg.name, arg);
  if (!user) throw userNotFound(`${seg.name} '${arg}'`);
  return user;
}

/** One user, or `/groups` of that user. */
function userOrGroups(ctx: ServiceContext, req: SpRequest, user: SiteUser, rest: Segment[]): SpResponse {
  const [next] = rest;
  if (!next) return userResponse(ctx, req, user);
  if (next.name === 'groups') return userGroupsResponse(ctx, req, user);
  throw notFound(`The local list service does not implement users/${next.name}.`, SpCodes.notFound);
}

/**
 * Everything under `web/` except lists. `rest` are the segments after `web`. Every request needs
 * Open on the web (a site user without any permission level gets 403, as in SharePoint); people
 * and groups need Browse User Information.
 */
export function handleWeb(ctx: ServiceContext, req: SpRequest, rest: Segment[]): SpResponse {
  const [first, second, ...tail] = rest;
  if (!first) return webResponse(ctx, req);
  const associated = handleAssociatedGroup(ctx, req, first, second ? [second, ...tail] : []);
  if (associated) return associated;
  if (securableSegments.has(first.name))
    return handleSecurable(ctx, req, theWeb, first, second ? [second, ...tail] : []);
  switch (first.name) {
    case 'currentuser':
      return userOrGroups(ctx, req, req.caller.user, second ? [second, ...tail] : []);
    case 'regionalsettings':
      return handleRegionalSettings(ctx, req, second);
    case 'ensureuser':
      if (req.method !== 'POST') break;
      return ensureUser(ctx, req);
    case 'roledefinitions':
      return handleRoleDefinitions(ctx, req, first, second ? [second, ...tail] : []);
    case 'sitegroups':
      return handleSiteGroups(ctx, req, first, second ? [second, ...tail] : []);
    case 'getuserbyid': {
      demand(ctx, req, theWeb, ['BrowseUserInfo'], 'reading site users');
      return userOrGroups(
        ctx,
        req,
        siteUserBy(ctx, req, { name: 'getbyid', args: first.args ?? [] }),
        second ? [second, ...tail] : [],
      );
    }
    case 'siteusers': {
      demand(ctx, req, theWeb, ['BrowseUserInfo'], 'reading site users');
      if (!second && !first.args) {
        if (req.method !== 'GET')
          throw badRequest(
            'Adding site users directly is not implemented; use web/ensureuser.',
            SpCodes.invalidQuery,
          );
        const base = apiBase(req, ctx.sitePath);
        const entities = ctx.store.users().map((u) => userJson(base, u));
        return collectionResponse(
          req,
          queryEntities(entities, req.query, 'SP.User'),
          `${base}$metadata#SP.ApiData.Users`,
        );
      }
      if (first.args)
        return userOrGroups(
          ctx,
          req,
          siteUserBy(ctx, req, { name: 'getbyid', args: first.args }),
          second ? [second, ...tail] : [],
        );
      return userOrGroups(ctx, req, siteUserBy(ctx, req, second as Segment), tail);
    }
    default:
      break;
  }
  throw notFound(
    `The local list service does not implement ${req.method} web/${first.name}.`,
    SpCodes.notFound,
  );
}
