/**
 * Parser for the OData v3 `$filter` subset SharePoint list items accept: eq ne lt le gt ge,
 * and / or / not, parentheses, startswith, substringof, string / number / boolean /
 * null / datetime'...' literals, and property paths such as `OwnerId`, `Owner/Id`, `Owner/Title`.
 * Syntax errors say where (a 0-based character position) so the caller can fix the query.
 * OData functions SharePoint does not support in list item queries (endswith, tolower, length...)
 * are refused, as SharePoint refuses them: Learn, "Use OData query operations in SharePoint REST
 * requests" lists startswith and substringof as the supported string functions and endswith,
 * replace, substring, tolower, toupper, trim, concat (and arithmetic) as not supported.
 */
import { badRequest, SpCodes, SpError } from './errors';

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type Operand =
  | { type: 'prop'; path: string; pos: number }
  | {
      type: 'lit';
      kind: 'string' | 'number' | 'bool' | 'null' | 'datetime';
      value: string | number | boolean | null;
    }
  | { type: 'call'; name: FunctionName; args: Operand[]; pos: number };

export type FunctionName = 'startswith' | 'substringof';

export type FilterExpr =
  | { type: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { type: 'not'; expr: FilterExpr }
  | { type: 'cmp'; op: CompareOp; left: Operand; right: Operand }
  | { type: 'call'; name: FunctionName; args: Operand[]; pos: number };

type Token =
  | { t: 'ident'; v: string; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'num'; v: number; pos: number }
  | { t: 'datetime'; v: string; pos: number }
  | { t: 'punct'; v: '(' | ')' | ','; pos: number }
  | { t: 'end'; pos: number };

const compareOps = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const functions = new Set(['startswith', 'substringof']);
// OData v3 functions and operators SharePoint's list item $filter does not support.
const unsupportedFunctions = new Set([
  'endswith',
  'length',
  'indexof',
  'replace',
  'substring',
  'tolower',
  'toupper',
  'trim',
  'concat',
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'round',
  'floor',
  'ceiling',
  'isof',
  'cast',
]);
const unsupportedOperators = new Set(['add', 'sub', 'mul', 'div', 'mod']);

/** A construct SharePoint refuses in a list item `$filter` (not a syntax error). */
class UnsupportedFilterError extends Error {}

class FilterSyntaxError extends Error {
  constructor(
    readonly pos: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: 'punct', v: ch, pos: i++ });
    } else if (ch === "'") {
      tokens.push({ t: 'str', v: readQuoted(src, i, (end) => (i = end)), pos: start });
    } else if (/[-0-9]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?[mMdDfFlL]?/.exec(src.slice(i));
      if (!m) throw new FilterSyntaxError(i, `unexpected '${ch}'`);
      tokens.push({ t: 'num', v: parseFloat(m[0]), pos: start });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][\w]*(\/[A-Za-z_][\w]*)*/.exec(src.slice(i)) as RegExpExecArray;
      i += m[0].length;
      const word = m[0];
      if (/^(datetime|guid)$/i.test(word) && src[i] === "'") {
        const v = readQuoted(src, i, (end) => (i = end));
        tokens.push(
          word.toLowerCase() === 'datetime' ? { t: 'datetime', v, pos: start } : { t: 'str', v, pos: start },
        );
      } else {
        tokens.push({ t: 'ident', v: word, pos: start });
      }
    } else {
      throw new FilterSyntaxError(i, `unexpected character '${ch}'`);
    }
  }
  tokens.push({ t: 'end', pos: src.length });
  return tokens;
}

function readQuoted(src: string, openAt: number, setEnd: (end: number) => void): string {
  let out = '';
  let i = openAt + 1;
  for (;;) {
    if (i >= src.length) throw new FilterSyntaxError(openAt, 'string literal is not closed with a quote');
    const c = src[i] as string;
    if (c === "'") {
      if (src[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      setEnd(i + 1);
      return out;
    }
    out += c;
    i++;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    return this.tokens[this.i++] as Token;
  }

  private isWord(tok: Token, word: string): boolean {
    return tok.t === 'ident' && tok.v.toLowerCase() === word;
  }

  parse(): FilterExpr {
    const e = this.parseOr();
    const tok = this.peek();
    if (tok.t !== 'end')
      throw new FilterSyntaxError(tok.pos, `expected 'and', 'or' or the end, found ${describe(tok)}`);
    return e;
  }

  private parseOr(): FilterExpr {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = { type: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpr {
    let left = this.parseUnary();
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = { type: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterExpr {
    if (this.isWord(this.peek(), 'not')) {
      this.next();
      return { type: 'not', expr: this.parseUnary() };
    }
    const tok = this.peek();
    if (tok.t === 'punct' && tok.v === '(') {
      this.next();
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    const left = this.parseOperand();
    const opTok = this.peek();
    if (opTok.t === 'ident' && unsupportedOperators.has(opTok.v.toLowerCase())) {
      throw new UnsupportedFilterError(
        `The arithmetic operator '${opTok.v}' (position ${opTok.pos}) is not supported in a SharePoint list item $filter. ` +
          'Compare a column with a value instead.',
      );
    }
    if (opTok.t === 'ident' && compareOps.has(opTok.v.toLowerCase())) {
      this.next();
      const right = this.parseOperand();
      return { type: 'cmp', op: opTok.v.toLowerCase() as CompareOp, left, right };
    }
    if (left.type === 'call') return left;
    throw new FilterSyntaxError(
      opTok.pos,
      `expected a comparison operator (eq, ne, lt, le, gt, ge), found ${describe(opTok)}`,
    );
  }

  private parseOperand(): Operand {
    const tok = this.next();
    switch (tok.t) {
      case 'str':
        return { type: 'lit', kind: 'string', value: tok.v };
      case 'num':
        return { type: 'lit', kind: 'number', value: tok.v };
      case 'datetime':
        if (Number.isNaN(Date.parse(tok.v)))
          throw new FilterSyntaxError(tok.pos, `'${tok.v}' is not a valid datetime`);
        return { type: 'lit', kind: 'datetime', value: tok.v };
      case 'ident': {
        const word = tok.v.toLowerCase();
        if (word === 'null') return { type: 'lit', kind: 'null', value: null };
        if (word === 'true' || word === 'false') return { type: 'lit', kind: 'bool', value: word === 'true' };
        if (functions.has(word) && this.peek().t === 'punct')
          return this.parseCall(word as FunctionName, tok.pos);
        if (unsupportedFunctions.has(word) && this.peek().t === 'punct') {
          throw new UnsupportedFilterError(
            `The function '${tok.v}' (position ${tok.pos}) is not supported in a SharePoint list item $filter. ` +
              'SharePoint supports startswith and substringof; filter with those or with eq/ne/lt/le/gt/ge.',
          );
        }
        if (compareOps.has(word) || word === 'and' || word === 'or' || word === 'not') {
          throw new FilterSyntaxError(tok.pos, `expected a field name or a value, found '${tok.v}'`);
        }
        return { type: 'prop', path: tok.v, pos: tok.pos };
      }
      default:
        throw new FilterSyntaxError(tok.pos, `expected a field name or a value, found ${describe(tok)}`);
    }
  }

  private parseCall(name: FunctionName, pos: number): Operand {
    this.expectPunct('(');
    const args: Operand[] = [this.parseOperand()];
    while (this.peek().t === 'punct' && (this.peek() as { v: string }).v === ',') {
      this.next();
      args.push(this.parseOperand());
    }
    this.expectPunct(')');
    if (args.length !== 2) throw new FilterSyntaxError(pos, `${name} takes 2 arguments, got ${args.length}`);
    return { type: 'call', name, args, pos };
  }

  private expectPunct(p: '(' | ')'): void {
    const tok = this.next();
    if (tok.t !== 'punct' || tok.v !== p)
      throw new FilterSyntaxError(tok.pos, `expected '${p}', found ${describe(tok)}`);
  }
}

function describe(tok: Token): string {
  switch (tok.t) {
    case 'end':
      return 'the end of the expression';
    case 'str':
      return `'${tok.v}'`;
    case 'punct':
      return `'${tok.v}'`;
    default:
      return `'${String(tok.v)}'`;
  }
}

/** Parses a `$filter` value; throws a 400 SpError naming the position of the first error. */
export function parseFilter(src: string): FilterExpr {
  try {
    return new Parser(tokenize(src)).parse();
  } catch (e) {
    if (e instanceof FilterSyntaxError) {
      throw badRequest(
        `The expression "${src}" is not valid. Syntax error at position ${e.pos}: ${e.reason}.`,
        SpCodes.invalidQuery,
      );
    }
    // SharePoint's exact wording for this refusal is not documented; ours names the construct.
    if (e instanceof UnsupportedFilterError) throw new SpError(400, SpCodes.invalidQuery, e.message);
    throw e;
  }
}

/** Every property path the expression reads (for column checks and the list view threshold). */
export function filterPaths(
  e: FilterExpr | Operand,
  out: { path: string; pos: number }[] = [],
): { path: string; pos: number }[] {
  switch (e.type) {
    case 'and':
    case 'or':
      filterPaths(e.left, out);
      filterPaths(e.right, out);
      break;
    case 'not':
      filterPaths(e.expr, out);
      break;
    case 'cmp':
      filterPaths(e.left, out);
      filterPaths(e.right, out);
      break;
    case 'call':
      e.args.forEach((a) => filterPaths(a, out));
      break;
    case 'prop':
      out.push({ path: e.path, pos: e.pos });
      break;
    case 'lit':
      break;
  }
  return out;
}
