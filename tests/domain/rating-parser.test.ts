import { parseLevel, parseRating, presetById, type ParsedRating, type RiskMatrix } from '../../src/domain';

const m = (id: string): RiskMatrix => presetById(id)!;

function parsed(id: string, text: string): ParsedRating {
  const result = parseRating(m(id), text);
  if (!result.ok) throw new Error(`expected "${text}" to parse on ${id}: ${result.errors[0]?.message}`);
  return result.value;
}

function error(id: string, text: string) {
  const result = parseRating(m(id), text);
  if (result.ok) throw new Error(`expected "${text}" to be rejected on ${id}`);
  return result.errors[0]!;
}

describe('parseRating: what councils write', () => {
  it('reads Medway codes into a cell', () => {
    expect(parsed('medway', 'BII')).toMatchObject({ kind: 'cell', rating: { likelihood: 4, impact: 3 } });
    expect(parsed('medway', 'DIV')).toMatchObject({ kind: 'cell', rating: { likelihood: 2, impact: 1 } });
    expect(parsed('medway', ' b ii ')).toMatchObject({ kind: 'cell', rating: { likelihood: 4, impact: 3 } });
    expect(parsed('medway', 'E-I')).toMatchObject({ kind: 'cell', rating: { likelihood: 1, impact: 4 } });
  });

  it('reads band with score as a score, since a score alone does not locate a cell', () => {
    expect(parsed('kent', 'Medium (15)')).toMatchObject({
      kind: 'score',
      score: 15,
      band: { name: 'Medium' },
    });
    expect(parsed('kent', 'High (16)')).toMatchObject({ kind: 'score', score: 16, band: { name: 'High' } });
    expect(parsed('gloucestershire', 'Medium 12')).toMatchObject({ kind: 'score', score: 12 });
    expect(parsed('cambridgeshire', '15')).toMatchObject({
      kind: 'score',
      score: 15,
      band: { name: 'High' },
    });
  });

  it('reads Halton columns as impact, likelihood, score', () => {
    expect(parsed('halton', '4 3 12')).toMatchObject({
      kind: 'cell',
      rating: { impact: 4, likelihood: 3 },
      score: 12,
    });
    expect(parsed('halton', '4 x 3')).toMatchObject({ kind: 'cell', rating: { impact: 4, likelihood: 3 } });
  });

  it('reads likelihood x impact on other matrices, checking a stated score', () => {
    expect(parsed('cambridgeshire', '4 x 3 = 12')).toMatchObject({
      kind: 'cell',
      rating: { likelihood: 4, impact: 3 },
    });
    expect(parsed('kent', '4×3')).toMatchObject({ kind: 'cell', rating: { likelihood: 4, impact: 3 } });
    expect(error('cambridgeshire', '4 x 3 = 13').message).toMatch(
      /stated score 13 is not likelihood x impact \(12\)/,
    );
  });

  it('reads one level with its code as a level of the right axis', () => {
    expect(parsed('kent', 'Possible (3)')).toMatchObject({
      kind: 'level',
      axis: 'likelihood',
      level: { value: 3 },
    });
    expect(parsed('kent', 'Very Likely (5)')).toMatchObject({
      kind: 'level',
      axis: 'likelihood',
      level: { value: 5 },
    });
    expect(parsed('kent', 'Serious (4)')).toMatchObject({
      kind: 'level',
      axis: 'impact',
      level: { value: 4 },
    });
  });

  it('ignores whitespace, case and HTML noise', () => {
    expect(parsed('kent', '<p>medium&nbsp;(15)</p>')).toMatchObject({ kind: 'score', score: 15 });
    expect(parsed('kent', '  HIGH   (25) ')).toMatchObject({ kind: 'score', score: 25 });
    expect(parsed('gloucestershire', 'Medium&#160;9')).toMatchObject({ kind: 'score', score: 9 });
  });
});

describe('parseRating: never guesses', () => {
  it("rejects Medway's All, naming the text, the matrix and what is accepted", () => {
    const e = error('medway', 'All');
    expect(e.field).toBe('rating');
    expect(e.value).toBe('All');
    expect(e.message).toContain('"All"');
    expect(e.message).toContain('Medway');
    expect(e.allowed?.join(' ')).toMatch(/E, D, C, B, A/);
    expect(e.allowed?.join(' ')).toMatch(/IV, III, II, I/);
  });

  it.each([
    ['kent', 'ZZ', /matches none/],
    ['kent', 'Low (20)', /score 20 is High, not Low/],
    ['kent', 'Medium (7)', /no cell of the matrix scores 7/],
    ['kent', '26', /scores run from 1 to 25/],
    ['kent', '0', /scores run from 1 to 25/],
    ['kent', 'Possible (4)', /Possible is likelihood 3/],
    ['kent', 'High', /band name alone/],
    ['kent', '6 x 1', /likelihood 6 is not on the scale/],
    ['kent', '4 3 12', /separate numbers are ambiguous/],
    ['kent', '', /empty/],
    ['halton', '4 3 13', /stated score 13/],
    ['halton', '4 3', /impact, likelihood and score/],
    ['medway', 'FII', /matches none/],
    ['medway', 'High', /band name alone/],
    ['medway', '4', /bands by cell and cells scoring 4 are/],
    ['gloucestershire', 'Purple 12', /neither a band/],
  ])('%s rejects %j', (id, text, message) => {
    const e = error(id, text);
    expect(e.message).toMatch(message);
    expect(e.value).toBe(text);
    expect(e.allowed?.length).toBeGreaterThan(0);
  });

  it('accepts a band with a score on a cell-table matrix only if some cell agrees', () => {
    expect(parsed('medway', 'High (12)')).toMatchObject({ kind: 'score', score: 12, band: { id: 'high' } });
    expect(error('medway', 'Low (20)').message).toMatch(/no cell scoring 20 is Low/);
  });
});

describe('parseLevel', () => {
  it('reads codes, labels and both together', () => {
    const kent = m('kent');
    for (const text of ['Possible (3)', 'possible', '3', '3 Possible']) {
      expect(parseLevel(kent, 'likelihood', text)).toMatchObject({ ok: true, value: { value: 3 } });
    }
    expect(parseLevel(m('medway'), 'impact', 'II')).toMatchObject({ ok: true, value: { value: 3 } });
  });

  it('rejects unknown levels with the scale as allowed values', () => {
    const result = parseLevel(m('kent'), 'impact', 'Possible (3)');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ field: 'impact', value: 'Possible (3)' });
    expect(result.errors[0]!.allowed).toContain('3 (Significant)');
    const wrongCode = parseLevel(m('kent'), 'likelihood', 'Likely (5)');
    expect(wrongCode.ok ? '' : wrongCode.errors[0]!.message).toMatch(/Likely is 4, not 5/);
  });
});

describe('labels that are both a band and a level', () => {
  it('refuses a text that reads both ways, and reads one that fits only one way', () => {
    const odd = m('kent');
    odd.likelihood.levels[4]!.label = 'Low'; // likelihood 5 is now called Low, like the band for scores 1-6
    expect(parseRating(odd, 'Low (5)')).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/both a band and a likelihood level/) }],
    });
    expect(parseRating(odd, 'Low (4)')).toMatchObject({ ok: true, value: { kind: 'score', score: 4 } });
    odd.likelihood.levels[2]!.label = 'Medium';
    expect(parseRating(odd, 'Medium (3)')).toMatchObject({
      ok: true,
      value: { kind: 'level', axis: 'likelihood' },
    });
  });
});

describe('parsing on a broken matrix', () => {
  it('reports what is wrong with the matrix instead of guessing or throwing', () => {
    const broken = m('kent');
    broken.bands = [];
    const result = parseRating(broken, 'Medium (15)');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ record: 'kent', field: 'matrix.bands' });
    expect(parseLevel({ ...m('kent'), likelihood: { name: 'L', levels: [] } }, 'impact', '3').ok).toBe(false);
  });
});
