/**
 * The web and its people: `contextinfo` (flat JSON, as PnPjs's digest step needs), `web`,
 * `web/currentUser`, `web/EffectiveBasePermissions`, `web/ensureuser`, `web/siteusers[/getById(n)|getByEmail('x')]`, `web/getUserById(n)`.
 */
import { randomBytes } from 'node:crypto';
import type { Segment } from './api-path';
import { claimsLogin } from './auth';
import { jsonBody, type ServiceContext } from './context';
import { badRequest, notFound, SpCodes, SpError } from './errors';
import { queryEntities, selectProps } from './odata-collection';
import { apiBase, collectionResponse, entityResponse, userJson } from './odata-json';
import { handleRegionalSettings } from './regional-settings';
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
    Title: 'Risk register (local list service)',
    Url: `${req.origin}${ctx.sitePath}`,
    ServerRelativeUrl: ctx.sitePath,
    // en-GB: the councils are in the UK.
    Language: 2057,
  };
}

function userResponse(ctx: ServiceContext, req: SpRequest, user: SiteUser): SpResponse {
  const entity = userJson(apiBase(req, ctx.sitePath), user);
  return entityResponse(req, 200, selectProps(entity, req.query.get('$select'), 'SP.User'));
}

function userNotFound(what: string): SpError {
  return notFound(`User cannot be found. (${what})`, SpCodes.spException);
}

/** ensureuser: known logins resolve; an unknown e-mail-like login becomes a new site user. */
function ensureUser(ctx: ServiceContext, req: SpRequest): SpResponse {
  const logon = jsonBody(req).logonName;
  if (typeof logon !== 'string' || !logon.trim())
    throw badRequest('web/ensureuser needs a body {logonName: "..."}.');
  const login = claimsLogin(logon.trim());
  const email = login.slice(login.lastIndexOf('|') + 1);
  const existing =
    ctx.store.userByLogin(login) ??
    ctx.store.users().find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (existing) return userResponse(ctx, req, existing);
  if (req.caller.role === 'read') {
    throw new SpError(
      403,
      SpCodes.accessDenied,
      `Access denied. Adding '${logon}' to the site needs 'contribute' or 'full'.`,
    );
  }
  if (!/^[^@\s|]+@[^@\s|]+\.[^@\s|]+$/.test(email)) {
    throw new SpError(500, SpCodes.spException, `The specified user ${logon} could not be found.`);
  }
  const local = email.split('@')[0] as string;
  const title = local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(' ');
  const user = ctx.store.upsertUser({ loginName: login, title, email, isSiteAdmin: false });
  return userResponse(ctx, req, user);
}

/**
 * `SP.BasePermissions` masks of SharePoint's default permission levels, so clients can tell what the
 * caller may do before trying (Read, Contribute, Full Control).
 */
const rolePermissions = {
  read: { High: 176, Low: 138612833 },
  contribute: { High: 432, Low: 1011028719 },
  full: { High: 2147483647, Low: 4294967295 },
} as const;

/** Everything under `web/` except lists. `rest` are the segments after `web`. */
export function handleWeb(ctx: ServiceContext, req: SpRequest, rest: Segment[]): SpResponse {
  const [first, second] = rest;
  if (!first)
    return entityResponse(req, 200, selectProps(webEntity(ctx, req), req.query.get('$select'), 'SP.Web'));
  switch (first.name) {
    case 'currentuser':
      return userResponse(ctx, req, req.caller.user);
    case 'effectivebasepermissions':
      return entityResponse(req, 200, {
        'odata.type': 'SP.BasePermissions',
        ...rolePermissions[req.caller.role],
      });
    case 'regionalsettings':
      return handleRegionalSettings(ctx, req, second);
    case 'ensureuser':
      if (req.method !== 'POST') break;
      return ensureUser(ctx, req);
    case 'getuserbyid': {
      const user = ctx.store.userById(Number(first.args?.[0]));
      if (!user) throw userNotFound(`id ${first.args?.[0] ?? ''}`);
      return userResponse(ctx, req, user);
    }
    case 'siteusers': {
      if (!second && !first.args) {
        const base = apiBase(req, ctx.sitePath);
        const entities = ctx.store.users().map((u) => userJson(base, u));
        return collectionResponse(
          req,
          queryEntities(entities, req.query, 'SP.User'),
          `${base}$metadata#SP.ApiData.Users`,
        );
      }
      const seg = second ?? { name: 'getbyid', args: first.args };
      const arg = seg.args?.[0] ?? '';
      const user =
        seg.name === 'getbyid'
          ? ctx.store.userById(Number(arg))
          : seg.name === 'getbyemail'
            ? ctx.store.users().find((u) => u.email.toLowerCase() === arg.toLowerCase())
            : seg.name === 'getbyloginname'
              ? ctx.store.userByLogin(arg)
              : undefined;
      if (!user) throw userNotFound(`${seg.name} '${arg}'`);
      return userResponse(ctx, req, user);
    }
    default:
      break;
  }
  throw notFound(
    `The local list service does not implement ${req.method} web/${first.name}.`,
    SpCodes.notFound,
  );
}
