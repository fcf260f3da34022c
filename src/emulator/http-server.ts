/**
 * The HTTP face of the service: CORS (so a tab served from another port can call it), fault
 * injection, bearer authentication, `$batch`, and hand-off of every other call to the router.
 */
import http from 'node:http';
import { authenticate } from './auth';
import { batchResponse, parseBatch } from './batch';
import type { ServiceContext } from './context';
import { checkEdge, correlationId, declaredTooLarge, readBody, type EdgeOptions } from './edge';
import { errorBody, SpCodes, SpError } from './errors';
import type { FaultInjector } from './faults';
import type { ResourceMeter } from './resource-units';
import { apiPathOf, dispatch, toSpRequest, type RawRequest } from './router';
import type { SpResponse } from './types';

export type ServerState = {
  ctx: ServiceContext;
  faults: FaultInjector;
  /** The application resource-unit budget (src/emulator/resource-units.ts); a no-op unless configured. */
  meter: ResourceMeter;
  requests: number;
  /** Injected wait before each request is handled (ListServiceOptions.latencyMs). */
  latencyMs?: number;
  log?: (line: string) => void;
  edge: EdgeOptions;
};

const jsonType = 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8';

function corsHeaders(req: http.IncomingMessage, allowed: string[]): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined || !allowed.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'ETag, Retry-After, Content-Type',
    Vary: 'Origin',
  };
}

function preflight(req: http.IncomingMessage): SpResponse {
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, MERGE, DELETE, OPTIONS',
      'Access-Control-Allow-Headers':
        req.headers['access-control-request-headers'] ??
        'Authorization, Content-Type, Accept, IF-Match, X-HTTP-Method, X-RequestDigest, X-ClientService-ClientTag, X-PnPjs-RequestId',
      'Access-Control-Max-Age': '600',
    },
    body: '',
  };
}

function errorResponse(err: SpError, extra: Record<string, string> = {}): SpResponse {
  return { status: err.status, headers: { 'Content-Type': jsonType, ...extra }, body: errorBody(err) };
}

function lowerHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function handle(state: ServerState, req: http.IncomingMessage): Promise<SpResponse> {
  const refused = checkEdge(req, state.edge);
  if (refused) return errorResponse(refused);
  if (req.method === 'OPTIONS') return preflight(req);
  state.requests++;
  if (state.latencyMs) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
  const injected = state.faults.next();
  if (injected) return injected;
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const { ctx } = state;
  const apiPath = apiPathOf(ctx, url.pathname);
  if (apiPath === undefined) {
    if (url.pathname.replace(/\/$/, '').toLowerCase() === ctx.sitePath.toLowerCase()) {
      return {
        status: 200,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        body: `Local SharePoint-compatible list service. REST API at ${url.origin}${ctx.sitePath}/_api/\n`,
      };
    }
    return errorResponse(
      new SpError(404, '-1, System.IO.FileNotFoundException', `No site at '${url.pathname}'.`),
    );
  }
  const headers = lowerHeaders(req);
  // Who is calling is settled before a byte of the body is read, and an oversize body is refused
  // from its declared length: an anonymous 50 MB post costs nothing.
  let caller;
  try {
    caller = authenticate(headers.authorization, ctx.callers);
  } catch (e) {
    return errorResponse(e instanceof SpError ? e : unexpected(e, state), {
      'WWW-Authenticate': `Bearer realm="local", client_id="00000003-0000-0ff1-ce00-000000000000"`,
    });
  }
  const oversize = declaredTooLarge(req);
  if (oversize) return errorResponse(oversize);
  const body = await readBody(req);
  const raw: RawRequest = { method: req.method ?? 'GET', url, headers, body };
  if (apiPath.toLowerCase() === '$batch' && raw.method === 'POST') {
    const parts = parseBatch(headers['content-type'] ?? '', body, {}, url);
    const responses = parts.map((part) => {
      const partPath = apiPathOf(ctx, part.url.pathname);
      if (partPath === undefined) {
        // All requests of a batch must target the batch's own site, as in SharePoint.
        return errorResponse(
          new SpError(
            400,
            '-1, System.ArgumentException',
            `Batch part URL '${part.url.href}' is not in this site.`,
          ),
        );
      }
      const injected = state.faults.nextPart();
      if (injected) return injected;
      const spent = state.meter.charge(caller, part.method, partPath);
      if (spent) return spent;
      return dispatch(
        ctx,
        toSpRequest(
          { ...part, url: new URL(part.url.pathname + part.url.search, url.origin) },
          partPath,
          caller,
        ),
      );
    });
    const reply = batchResponse(responses);
    return {
      status: 200,
      headers: { 'Content-Type': reply.contentType, ...state.meter.headers(caller) },
      body: reply.body,
    };
  }
  const spent = state.meter.charge(caller, raw.method, apiPath);
  if (spent) return spent;
  const response = dispatch(ctx, toSpRequest(raw, apiPath, caller));
  return { ...response, headers: { ...response.headers, ...state.meter.headers(caller) } };
}

/**
 * A failure the service did not expect: logged in full with its correlation id, answered with the
 * id only, so no stack, file path or SQL reaches the caller.
 */
function unexpected(e: unknown, state: ServerState, id: string = correlationId()): SpError {
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  (state.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(`list service error ${id}: ${detail}`);
  return new SpError(
    500,
    SpCodes.spException,
    `Unexpected failure in the local list service. Correlation id ${id}: the detail is in the service's log.`,
  );
}

/** Creates the Node HTTP server around the service state. */
export function createHttpServer(state: ServerState): http.Server {
  return http.createServer((req, res) => {
    const started = Date.now();
    const id = correlationId();
    handle(state, req)
      .catch((e: unknown) => errorResponse(e instanceof SpError ? e : unexpected(e, state, id)))
      .then((r) => {
        const body = Buffer.from(r.body, 'utf8');
        res.writeHead(r.status, {
          ...corsHeaders(req, state.edge.allowedOrigins),
          ...r.headers,
          SPRequestGuid: id,
          'request-id': id,
          'Content-Length': String(body.length),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
        state.log?.(`${req.method ?? ''} ${req.url ?? ''} -> ${r.status} (${Date.now() - started} ms)`);
      })
      .catch(() => res.destroy());
  });
}
