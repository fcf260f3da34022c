/**
 * The list service's edge, before any SharePoint behaviour: which browser origins and Host names it
 * answers, how much body it reads, and the correlation id every response carries.
 *
 * Stricter than SharePoint Online on purpose. The local tab reaches the service through the tab
 * server's proxy on the tab's own origin, so no browser page needs CORS here; reflecting any origin
 * (with the demo tokens published in the README) let every web page the user opened read and write
 * the local register. A Host check stops DNS rebinding (a hostile name resolving to 127.0.0.1).
 * SharePoint itself sends a correlation id on every response (`SPRequestGuid`, `request-id`), and a
 * failure's full detail stays in its ULS log, not in the response.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { SpError } from './errors';

/** Bodies beyond this are refused with 413: far above a 100-part `$batch` of register items. */
export const maxBodyBytes = 10 * 1024 * 1024;

export type EdgeOptions = {
  /** Browser origins (scheme://host:port) allowed to call; default none: only non-browser callers. */
  allowedOrigins: string[];
  /** Host header values accepted beyond loopback names with the service's own port. */
  allowedHosts: string[];
  port(): number;
};

const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

/** A correlation id, as SharePoint's SPRequestGuid. */
export const correlationId = (): string => randomUUID();

/**
 * Refuses a browser request from another origin (403) and a Host that is not this service (400,
 * as IIS answers an unknown host name). Returns undefined when the request may go on.
 */
export function checkEdge(req: http.IncomingMessage, options: EdgeOptions): SpError | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  const port = options.port();
  const hosts = [
    ...loopbackNames.map((n) => `${n}:${port}`),
    ...options.allowedHosts.map((h) => h.toLowerCase()),
  ];
  if (!hosts.includes(host)) {
    return new SpError(
      400,
      '-1, System.ArgumentException',
      `Bad Request - Invalid Hostname: '${host}' is not this list service. Call it as 127.0.0.1:${port} or localhost:${port}.`,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !options.allowedOrigins.includes(origin)) {
    return new SpError(
      403,
      '-2147024891, System.UnauthorizedAccessException',
      `Requests from the web origin '${origin}' are not allowed. Open the register through the local tab, or start the list service with that origin allowed (--allow-origin).`,
    );
  }
  return undefined;
}

/** 413 before reading anything when the declared length is already over the limit. */
export function declaredTooLarge(req: http.IncomingMessage): SpError | undefined {
  const declared = Number(req.headers['content-length'] ?? 0);
  return declared > maxBodyBytes ? tooLarge() : undefined;
}

function tooLarge(): SpError {
  return new SpError(
    413,
    '-2147024882, System.OutOfMemoryException',
    `The request body is over ${maxBodyBytes} bytes. Send fewer items per request.`,
  );
}

/** Reads the body, stopping (413) as soon as it passes the limit, whatever Content-Length said. */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > maxBodyBytes) {
        done = true;
        // Stop buffering; the rest is drained and dropped so the 413 can still be sent.
        chunks.length = 0;
        req.resume();
        reject(tooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!done) reject(e);
    });
  });
}
