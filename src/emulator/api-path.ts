/**
 * Splits a REST path such as `web/lists/getByTitle('Risk%20Register')/items(3)` into segments
 * with their arguments, honouring quoted arguments (`''` escapes a quote; `/` may appear inside).
 */
import { badRequest, SpCodes } from './errors';

export type Segment = { name: string; args?: string[] };

/** Parses the path after `_api/` (URL-encoded); names are lower-cased for matching. */
export function parseApiPath(encoded: string): Segment[] {
  let path: string;
  try {
    path = decodeURIComponent(encoded);
  } catch {
    throw badRequest(`The request path '${encoded}' is not correctly URL-encoded.`, SpCodes.invalidQuery);
  }
  const segments: Segment[] = [];
  let i = 0;
  while (i < path.length) {
    let name = '';
    while (i < path.length && path[i] !== '/' && path[i] !== '(') name += path[i++];
    const seg: Segment = { name: name.toLowerCase() };
    if (path[i] === '(') {
      const { args, end } = readArgs(path, i);
      seg.args = args;
      i = end;
    }
    if (seg.name || seg.args) segments.push(seg);
    if (path[i] === '/') i++;
    else if (i < path.length)
      throw badRequest(`Cannot parse the request path '${path}' at position ${i}.`, SpCodes.invalidQuery);
  }
  return segments;
}

function readArgs(path: string, open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let cur = '';
  let i = open + 1;
  let quoted = false;
  for (; i < path.length; i++) {
    const c = path[i] as string;
    if (quoted) {
      if (c === "'" && path[i + 1] === "'") {
        cur += "'";
        i++;
      } else if (c === "'") quoted = false;
      else cur += c;
    } else if (c === "'") quoted = true;
    else if (c === ',') {
      args.push(cur.trim());
      cur = '';
    } else if (c === ')') {
      if (cur.trim() || args.length) args.push(cur.trim());
      return { args, end: i + 1 };
    } else cur += c;
  }
  throw badRequest(`Unclosed '(' in the request path '${path}'.`, SpCodes.invalidQuery);
}

/** A guid argument as written by clients: `guid'x'` arrives as `guidx` after quote removal. */
export function guidArg(arg: string): string {
  return arg.replace(/^guid/i, '').replace(/[{}]/g, '').toLowerCase();
}

/** `@user` style aliases resolve from the query string (`?@user='i:0#.f|membership|x'`); quotes are removed. */
export function argValue(arg: string | undefined, query: URLSearchParams): string {
  const raw = arg?.startsWith('@') ? (query.get(arg) ?? '') : (arg ?? '');
  return raw.replace(/^'(.*)'$/s, '$1').replace(/''/g, "'");
}
