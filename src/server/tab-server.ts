/**
 * Serves the built tab, its runtime config, and proxies the register site's REST calls to the local
 * list service so the browser talks to one origin (no CORS, the same shape as a SharePoint-hosted tab).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

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
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`The local service at ${origin} did not answer: ${err.message}`);
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

/** Starts the tab server; port 0 picks a free port. */
export function startTabServer(options: TabServerOptions): Promise<TabServer> {
  const root = path.resolve(options.root);
  const configBody = JSON.stringify(options.config);
  const server = http.createServer((req, res) => {
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
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Could not serve ${urlPath}: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
        port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
