/**
 * The two small parsers of the list service on their own: `$filter` (precedence, literals, error
 * positions) and createfieldasxml's SchemaXml reader.
 */
import fc from 'fast-check';
import { SpError } from '../../src/emulator/errors';
import { parseFilter } from '../../src/emulator/filter-parser';
import { parseSchemaXml } from '../../src/emulator/schema-xml';

function errorOf(fn: () => unknown): SpError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SpError) return e;
    throw e;
  }
  throw new Error('expected an SpError');
}

describe('$filter parser', () => {
  it('binds and tighter than or, and not tightest', () => {
    expect(parseFilter("not A eq 1 or B eq 2 and C eq 'x'")).toEqual({
      type: 'or',
      left: { type: 'not', expr: expect.objectContaining({ type: 'cmp', op: 'eq' }) },
      right: {
        type: 'and',
        left: expect.objectContaining({ op: 'eq' }),
        right: expect.objectContaining({ op: 'eq' }),
      },
    });
  });

  it('reads string, number, boolean, null and datetime literals and paths', () => {
    const e = parseFilter(
      "Owner/Title eq 'O''Neil' and Score ge -2.5 and Done eq true and X eq null and D lt datetime'2026-01-01T00:00:00Z'",
    );
    const flat = JSON.stringify(e);
    expect(flat).toContain('"path":"Owner/Title"');
    expect(flat).toContain(`"value":"O'Neil"`);
    expect(flat).toContain('"value":-2.5');
    expect(flat).toContain('"kind":"bool","value":true');
    expect(flat).toContain('"kind":"null"');
    expect(flat).toContain('"kind":"datetime","value":"2026-01-01T00:00:00Z"');
  });

  it.each([
    ["Status eq 'Open", 10, 'string literal is not closed'],
    ['Status eq', 9, 'expected a field name or a value'],
    ['Status Open', 7, 'expected a comparison operator'],
    ['(A eq 1', 7, "expected ')'"],
    ['A eq 1 B eq 2', 7, "expected 'and', 'or' or the end"],
    ['startswith(Title)', 0, 'takes 2 arguments'],
    ["D gt datetime'soon'", 5, 'not a valid datetime'],
    ['A eq 1 & B', 7, "unexpected character '&'"],
  ])('%s fails at position %i', (filter, pos, reason) => {
    const err = errorOf(() => parseFilter(filter));
    expect(err.status).toBe(400);
    expect(err.message).toContain(`position ${pos}:`);
    expect(err.message).toContain(reason);
    expect(err.message).toContain(`The expression "${filter}" is not valid.`);
  });
});

describe('$filter parser robustness', () => {
  // Any input either parses or fails with a 400 that names a position inside (or at the end of) it.
  const pieces = fc.constantFrom(
    'Title',
    'Owner/Id',
    ' eq ',
    ' ne ',
    ' and ',
    ' or ',
    'not ',
    '(',
    ')',
    ',',
    "'x'",
    "''",
    '12',
    '-3.5',
    'null',
    'true',
    "datetime'2026-01-01T00:00:00Z'",
    'startswith(',
    'substringof(',
    ' ',
    "'",
    '&',
    'é',
  );
  it('never fails with anything but a positioned 400', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const src = parts.join('');
        try {
          parseFilter(src);
        } catch (e) {
          if (!(e instanceof SpError) || e.status !== 400) throw e;
          const pos = Number(/position (\d+):/.exec(e.message)?.[1]);
          if (!(pos >= 0 && pos <= src.length)) throw new Error(`bad position in: ${e.message}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('SchemaXml reader', () => {
  it('reads attributes, even with > inside a quoted value', () => {
    expect(parseSchemaXml('<Field Type="Note" DisplayName="A > B" Name=\'AB\' />').attributes).toEqual({
      Type: 'Note',
      DisplayName: 'A > B',
      Name: 'AB',
    });
  });

  it('reads choices and the default, decoding entities', () => {
    const parsed = parseSchemaXml(
      '<Field Type="Choice" DisplayName="C"><Default>x</Default><CHOICES><CHOICE>x</CHOICE><CHOICE>y &amp; z</CHOICE></CHOICES></Field>',
    );
    expect(parsed.choices).toEqual(['x', 'y & z']);
    expect(parsed.defaultValue).toBe('x');
  });

  it('says what is wrong with malformed XML', () => {
    expect(errorOf(() => parseSchemaXml('<Field Type="Text"')).message).toContain('must start with a <Field');
    expect(errorOf(() => parseSchemaXml('<Field Type="Text" Display Name="C" />')).message).toContain(
      "near 'Display'",
    );
    expect(errorOf(() => parseSchemaXml('<Field Type="Text">')).message).toContain('not closed');
  });
});
