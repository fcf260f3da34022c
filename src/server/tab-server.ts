/**
 * Serves the built tab, its runtime config, and proxies the register site's REST calls to the local
 * list service so the browser talks to one origin (no CORS, the same shape as a SharePoint-hosted tab).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export type TabServerOptions = {
  /** Folder with index.html and the bundle (from buildTab). */
  root: string;
  /** Served as /tab-config.json. */
  config: unknown;
  /** Requests under this path go to `proxyOrigin` unchanged, e.g. `/sites/risk`. */
  proxyPath: string;
  proxyOrigin: string;
  /** More paths served by other local processes: the review service's API, the local token issuer. */
  proxies?: { path: string; origin: string; rewrite?: string }[];
  port?: number;
  host?: string;
  /** Host names (host:port) to answer besides 127.0.0.1, localhost and [::1] with the server's port. */
  allowedHosts?: string[];
};

export type TabServer = { url: string; port: number; close(): Promise<void> };

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function proxy(req: http.IncomingMessage, res: http.ServerResponse, origin: string, rewrite?: string) {
  const target = new URL(rewrite ?? req.url ?? '/', origin);
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    refuse(
      res,
      502,
      `A local service behind the tab did not answer (${req.method ?? ''} ${target.pathname}).`,
      err,
    );
  });
  req.pipe(upstream);
}

async function serveFile(root: string, urlPath: string, res: http.ServerResponse) {
  const clean = path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(root, clean === '/' ? 'index.html' : clean);
  if (!file.startsWith(root)) file = path.join(root, 'index.html');
  const info = await stat(file).catch(() => undefined);
  // Unknown paths get the app (the tab keeps its state in the query string, not the path).
  if (!info?.isFile()) file = path.join(root, 'index.html');
  res.writeHead(200, {
    'content-type': types[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': file.includes(`${path.sep}chunks${path.sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

/**
 * Answers with a JSON error and a correlation id; the full error (stack, paths) is logged here only.
 */
function refuse(res: http.ServerResponse, status: number, message: string, err?: unknown): void {
  const id = randomUUID();
  if (err !== undefined) {
    process.stderr.write(
      `tab server error ${id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-correlation-id': id });
  res.end(JSON.stringify({ error: { status, message, correlationId: id } }));
}

/**
 * The tab answers only its own names (no DNS rebinding: a hostile name pointed at 127.0.0.1 gets
 * 421) and, when a browser says where a request comes from, only its own origin (403): another web
 * page cannot use the signed-in tab's proxy to read or write the register.
 */
function edgeRefusal(
  req: http.IncomingMessage,
  hosts: string[] | 'any',
): { status: number; message: string } | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (hosts !== 'any' && !hosts.includes(host)) {
    return {
      status: 421,
      message: `This server does not answer for the host name '${host}'. Open the tab at its own address.`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return {
      status: 403,
      message: `Requests from the web origin '${origin}' are not allowed: only the tab's own pages may call it.`,
    };
  }
  // Fetches from another page (another port counts as same-site) are refused; following a link to
  // the tab (a navigation, e.g. from the Playground's card) is not.
  const site = req.headers['sec-fetch-site'];
  if ((site === 'cross-site' || site === 'same-site') && req.headers['sec-fetch-mode'] !== 'navigate') {
    return {
      status: 403,
      message: "Requests from other sites are not allowed: only the tab's own pages may call it.",
    };
  }
  return undefined;
}

/** Starts the tab server; port 0 picks a free port. */
export function startTabServer(options: TabServerOptions): Promise<TabServer> {
  const root = path.resolve(options.root);
  const configBody = JSON.stringify(options.config);
  let hosts: string[] | 'any' = [];
  const server = http.createServer((req, res) => {
    const refused = edgeRefusal(req, hosts);
    if (refused) return refuse(res, refused.status, refused.message);
    const urlPath = new URL(req.url ?? '/', 'http://tab').pathname;
    if (urlPath === options.proxyPath || urlPath.startsWith(`${options.proxyPath}/`))
      return proxy(req, res, options.proxyOrigin);
    const extra = options.proxies?.find((p) => urlPath === p.path || urlPath.startsWith(`${p.path}/`));
    if (extra) return proxy(req, res, extra.origin, extra.rewrite);
    if (urlPath === '/tab-config.json') {
      res.writeHead(200, {
        'content-type': types['.json'] ?? 'application/json',
        'cache-control': 'no-store',
      });
      return res.end(configBody);
    }
    serveFile(root, urlPath, res).catch((err: unknown) => {
      refuse(res, 500, 'The tab server could not serve this file.', err);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const bound = options.host ?? '127.0.0.1';
      // Exposed on purpose (a wildcard bind): any name this machine is reached by. Otherwise its own.
      hosts = ['0.0.0.0', '::'].includes(bound)
        ? 'any'
        : [
            ...['127.0.0.1', 'localhost', '[::1]'].map((n) => `${n}:${port}`),
            ...(bound === '127.0.0.1' ? [] : [`${bound}:${port}`]),
            ...(options.allowedHosts ?? []).map((h) => h.toLowerCase()),
          ];
      resolve({
        url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
        port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
