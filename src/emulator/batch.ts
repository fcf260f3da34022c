/**
 * `$batch` in the multipart/mixed form PnPjs sends: top-level parts (GETs) and one or more
 * changesets (writes), each part an `application/http` request with an absolute URL. The reply is
 * flat: one `--batchresponse_` part per request in order (PnPjs does not read nested changeset
 * responses), and it ends with a newline after the closing boundary, which PnPjs requires.
 * As in SharePoint, a batch is not a transaction: a failed part does not undo the others.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, SpCodes } from './errors';
import type { RawRequest } from './router';
import type { SpResponse } from './types';

const reasons: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function boundaryOf(contentType: string): string | undefined {
  const m = /boundary="?([^";]+)"?/i.exec(contentType);
  return m?.[1];
}

function splitParts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const chunks = body.split(delimiter);
  const parts: string[] = [];
  // chunks[0] is the preamble; a chunk starting with "--" is the closing delimiter's tail.
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    parts.push(chunk.replace(/^\r?\n/, ''));
  }
  return parts;
}

function splitHead(text: string): { head: string[]; rest: string } {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text.split(/\r?\n/).filter(Boolean), rest: '' };
  return { head: text.slice(0, m.index).split(/\r?\n/), rest: text.slice(m.index + m[0].length) };
}

function headerMap(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

function parseHttpPart(part: string, outer: Record<string, string>, base: URL): RawRequest {
  // MIME headers of the part, then the embedded HTTP request.
  const { rest } = splitHead(part);
  const { head, rest: body } = splitHead(rest);
  const requestLine = head.shift() ?? '';
  const m = /^(\w+)\s+(\S+)\s+HTTP\/\d\.\d$/i.exec(requestLine.trim());
  if (!m)
    throw badRequest(
      `A $batch part has no valid request line: '${requestLine.slice(0, 80)}'.`,
      SpCodes.invalidQuery,
    );
  const headers = { ...outer, ...headerMap(head) };
  return {
    method: (m[1] as string).toUpperCase(),
    url: new URL(m[2] as string, base),
    headers,
    body: body.replace(/\r?\n$/, ''),
  };
}

/**
 * Reads a batch body into its requests in order. `outer` are headers the parts inherit
 * (Authorization is not copied into parts by PnPjs; the batch's own caller applies); relative
 * part URLs resolve against `base`.
 */
export function parseBatch(
  contentType: string,
  body: string,
  outer: Record<string, string>,
  base: URL,
): RawRequest[] {
  const boundary = boundaryOf(contentType);
  if (!boundary)
    throw badRequest('$batch needs Content-Type multipart/mixed with a boundary.', SpCodes.invalidQuery);
  const requests: RawRequest[] = [];
  for (const part of splitParts(body, boundary)) {
    const { head, rest } = splitHead(part);
    const partType = headerMap(head)['content-type'] ?? '';
    if (/multipart\/mixed/i.test(partType)) {
      const inner = boundaryOf(partType);
      if (!inner) throw badRequest('A $batch changeset has no boundary.', SpCodes.invalidQuery);
      for (const p of splitParts(rest, inner)) requests.push(parseHttpPart(p, outer, base));
    } else {
      requests.push(parseHttpPart(part, outer, base));
    }
  }
  return requests;
}

/** Writes the batch reply: one part per response, in order, ending with a newline. */
export function batchResponse(responses: SpResponse[]): { contentType: string; body: string } {
  const boundary = `batchresponse_${randomUUID()}`;
  const lines: string[] = [];
  for (const r of responses) {
    lines.push(`--${boundary}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '');
    lines.push(`HTTP/1.1 ${r.status} ${reasons[r.status] ?? 'Status'}`);
    for (const [k, v] of Object.entries(r.headers)) lines.push(`${k.toUpperCase()}: ${v}`);
    lines.push('', r.body);
  }
  lines.push(`--${boundary}--`, '');
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: lines.join('\n') };
}
