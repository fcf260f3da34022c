/**
 * Evaluates a parsed `$filter` against one record. Comparisons follow SharePoint's SQL-backed
 * semantics: text compares case-insensitively, dates compare as instants, a multi-value
 * person/lookup column matches `eq` when any of its ids does, and null only equals null.
 */
import type { CompareOp, FilterExpr, Operand } from './filter-parser';
import { badRequest, SpCodes } from './errors';

/** A column value as the evaluator sees it; `kind` steers coercion (DateTime, Boolean...). */
export type Resolved = { value: unknown; kind?: string };

/** Resolves a property path of the current record (throws an SpError for an unknown column). */
export type PathResolver = (path: string, pos: number) => Resolved;

type Scalar = string | number | boolean | null;

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function operandValue(o: Operand, resolve: PathResolver): Resolved {
  switch (o.type) {
    case 'prop':
      return resolve(o.path, o.pos);
    case 'lit':
      return { value: o.value, kind: o.kind === 'datetime' ? 'DateTime' : undefined };
    case 'call':
      return { value: callValue(o.name, o.args, resolve), kind: 'Boolean' };
  }
}

function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).toLowerCase();
}

function callValue(name: string, args: Operand[], resolve: PathResolver): boolean {
  const [a, b] = args.map((x) => operandValue(x, resolve).value);
  switch (name) {
    case 'startswith':
      return textOf(a).startsWith(textOf(b));
    default:
      // substringof(needle, haystack), OData v3 argument order.
      return textOf(b).includes(textOf(a));
  }
}

function normalise(v: unknown, kind: string | undefined): Scalar {
  if (isEmpty(v)) return null;
  if (kind === 'DateTime') {
    const t = Date.parse(String(v));
    return Number.isNaN(t) ? String(v).toLowerCase() : t;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.toLowerCase();
  return JSON.stringify(v);
}

function compareScalars(a: Scalar, b: Scalar, op: CompareOp): boolean {
  if (a === null || b === null) {
    if (op === 'eq') return a === b;
    if (op === 'ne') return a !== b;
    return false;
  }
  // Mixed number and string (e.g. `Score eq '5'`): compare as numbers when both are numeric.
  if (typeof a !== typeof b) {
    const na = Number(a);
    const nb = Number(b);
    if (Number.isNaN(na) || Number.isNaN(nb)) return op === 'ne';
    a = na;
    b = nb;
  }
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

function compare(left: Resolved, right: Resolved, op: CompareOp): boolean {
  const kind = left.kind === 'DateTime' || right.kind === 'DateTime' ? 'DateTime' : (left.kind ?? right.kind);
  const many = Array.isArray(left.value) ? left.value : Array.isArray(right.value) ? right.value : undefined;
  if (many && many.length > 0) {
    const other = Array.isArray(left.value) ? right : left;
    const hits = many.some((v) => compareScalars(normalise(v, kind), normalise(other.value, kind), 'eq'));
    if (op === 'eq') return hits;
    if (op === 'ne') return !hits;
    throw badRequest(
      `Operator '${op}' cannot compare a multi-value column; use eq or ne.`,
      SpCodes.invalidQuery,
    );
  }
  return compareScalars(normalise(left.value, kind), normalise(right.value, kind), op);
}

/** True when the record satisfies the expression. */
export function evaluate(e: FilterExpr, resolve: PathResolver): boolean {
  switch (e.type) {
    case 'and':
      return evaluate(e.left, resolve) && evaluate(e.right, resolve);
    case 'or':
      return evaluate(e.left, resolve) || evaluate(e.right, resolve);
    case 'not':
      return !evaluate(e.expr, resolve);
    case 'call':
      return callValue(e.name, e.args, resolve);
    case 'cmp':
      return compare(operandValue(e.left, resolve), operandValue(e.right, resolve), e.op);
  }
}

/** Orders two column values as `$orderby` does (nulls first ascending, text case-insensitive). */
export function compareForSort(a: unknown, b: unknown, kind: string | undefined): number {
  const x = normalise(Array.isArray(a) ? a[0] : a, kind);
  const y = normalise(Array.isArray(b) ? b[0] : b, kind);
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (typeof x === typeof y) return x < y ? -1 : 1;
  return String(x) < String(y) ? -1 : 1;
}
