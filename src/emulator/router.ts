/**
 * Maps one REST call to its handler. Used for plain HTTP requests and for each part of a $batch,
 * so both paths behave identically.
 */
import { parseApiPath, type Segment } from './api-path';
import type { ServiceContext } from './context';
import { errorBody, notFound, SpCodes, toSpError } from './errors';
import { handleItems } from './handlers-items';
import { handleFields, handleList, handleLists, resolveList } from './handlers-lists';
import { handleSecurable, securableSegments } from './handlers-security';
import { handleContextInfo, handleWeb } from './handlers-web';
import { handlePeoplePickerSearch, peoplePickerSearchPath } from './handlers-people-picker';
import { demand, theWeb } from './access';
import { flavourOf } from './odata-json';
import type { Caller, SpRequest, SpResponse } from './types';
import { handleDefaultView } from './views';

/** A request as it arrived (over HTTP or inside a batch), before routing. */
export type RawRequest = { method: string; url: URL; headers: Record<string, string>; body: string };

/** The part of a URL path after `{sitePath}/_api/`, or undefined when it is not under the site. */
export function apiPathOf(ctx: ServiceContext, pathname: string): string | undefined {
  const prefix = `${ctx.sitePath}/_api/`.toLowerCase();
  const lower = pathname.toLowerCase();
  if (lower.startsWith(prefix)) return pathname.slice(prefix.length);
  if (lower === prefix.slice(0, -1)) return '';
  return undefined;
}

/** Builds the routed request: X-HTTP-Method overrides POST, as SharePoint honours it. */
export function toSpRequest(raw: RawRequest, apiPath: string, caller: Caller): SpRequest {
  const override = raw.headers['x-http-method'];
  const method = (raw.method.toUpperCase() === 'POST' && override ? override : raw.method).toUpperCase();
  return {
    method,
    apiPath,
    query: raw.url.searchParams,
    headers: raw.headers,
    body: raw.body,
    caller,
    origin: raw.url.origin,
  };
}

function routeList(ctx: ServiceContext, req: SpRequest, segs: Segment[]): SpResponse {
  // segs start after `web`: lists, then getByTitle('x') | getById('g') | lists('g') forms.
  const [listsSeg, maybeSel, ...after] = segs;
  if (!listsSeg) throw notFound('Missing list path.');
  let list;
  let rest: Segment[];
  if (listsSeg.args) {
    list = resolveList(ctx, req, listsSeg, listsSeg.args[0]);
    rest = maybeSel ? [maybeSel, ...after] : [];
  } else if (maybeSel && (maybeSel.name === 'getbytitle' || maybeSel.name === 'getbyid')) {
    list = resolveList(ctx, req, maybeSel);
    rest = after;
  } else if (!maybeSel) {
    return handleLists(ctx, req);
  } else {
    throw notFound(`The local list service does not implement web/lists/${maybeSel.name}.`, SpCodes.notFound);
  }
  demand(ctx, req, { kind: 'list', list }, ['Open'], `using list '${list.title}'`);
  const [next, ...tail] = rest;
  if (!next) return handleList(ctx, req, list);
  if (securableSegments.has(next.name)) return handleSecurable(ctx, req, { kind: 'list', list }, next, tail);
  if (next.name === 'fields') return handleFields(ctx, req, list, next, tail);
  if (next.name === 'items') return handleItems(ctx, req, list, next, tail);
  if (next.name === 'defaultview') return handleDefaultView(ctx, req, list, tail);
  throw notFound(`The local list service does not implement lists/${next.name}.`, SpCodes.notFound);
}

function route(ctx: ServiceContext, req: SpRequest): SpResponse {
  const segs = parseApiPath(req.apiPath);
  // Every call needs Open on the site: a site user without a permission level is refused outright.
  demand(ctx, req, theWeb, ['Open'], 'any request to this site');
  const [first, second, ...rest] = segs;
  if (first?.name === 'contextinfo' && req.method === 'POST') return handleContextInfo(ctx, req);
  if (first?.name === peoplePickerSearchPath && !second) return handlePeoplePickerSearch(ctx, req);
  if (first?.name === 'web') {
    if (second?.name === 'lists') return routeList(ctx, req, [second, ...rest]);
    return handleWeb(ctx, req, second ? [second, ...rest] : []);
  }
  if (first?.name === 'lists') return routeList(ctx, req, segs);
  throw notFound(
    `The local list service does not implement ${req.method} _api/${req.apiPath}.`,
    SpCodes.notFound,
  );
}

/** Runs one request; any failure becomes SharePoint's JSON error with its status. */
export function dispatch(ctx: ServiceContext, req: SpRequest): SpResponse {
  try {
    return route(ctx, req);
  } catch (e) {
    const err = toSpError(e);
    const verbose = flavourOf(req) === 'verbose';
    return {
      status: err.status,
      headers: {
        'Content-Type': verbose
          ? 'application/json;odata=verbose;charset=utf-8'
          : 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8',
      },
      body: errorBody(err, verbose),
    };
  }
}
