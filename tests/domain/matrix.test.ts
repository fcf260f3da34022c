import {
  attainableScores,
  bandOf,
  cellsWithScore,
  checkRating,
  compareSeverity,
  KENT,
  MEDWAY,
  maxScore,
  presetById,
  scoreOf,
  validateMatrix,
  type RiskMatrix,
} from '../../src/domain';

const kent = (): RiskMatrix => presetById('kent')!;

describe('scoring', () => {
  it('multiplies likelihood and impact values', () => {
    expect(scoreOf(KENT, { likelihood: 5, impact: 5 })).toBe(25);
    expect(scoreOf(KENT, { likelihood: 3, impact: 5 })).toBe(15);
    expect(maxScore(MEDWAY)).toBe(20);
  });

  it('bands by score range (Kent: Low 1-6, Medium 8-15, High 16-25)', () => {
    expect(bandOf(KENT, { likelihood: 2, impact: 3 })?.name).toBe('Low');
    expect(bandOf(KENT, { likelihood: 2, impact: 4 })?.name).toBe('Medium');
    expect(bandOf(KENT, { likelihood: 3, impact: 5 })?.name).toBe('Medium');
    expect(bandOf(KENT, { likelihood: 4, impact: 4 })?.name).toBe('High');
  });

  it('bands by cell table (Medway), where codes run from most to least severe', () => {
    // B = likelihood 4, II = impact 3; D = 2, IV = 1.
    expect(bandOf(MEDWAY, { likelihood: 4, impact: 3 })?.name).toBe('High');
    expect(bandOf(MEDWAY, { likelihood: 2, impact: 1 })?.name).toBe('Low');
  });

  it('has no band for a rating off the scale and says why', () => {
    expect(bandOf(KENT, { likelihood: 6, impact: 1 })).toBeUndefined();
    const [error] = checkRating(KENT, { likelihood: 6, impact: 1 }, 'current', 'CRR0001');
    expect(error).toMatchObject({ record: 'CRR0001', field: 'current.likelihood', value: 6 });
    expect(error?.allowed).toContain('5 (5 Very Likely)');
  });

  it('knows which scores a matrix can produce and which cells give a score', () => {
    expect(attainableScores(KENT)).not.toContain(7);
    expect(attainableScores(KENT)).toContain(16);
    expect(cellsWithScore(KENT, 12)).toEqual([
      { likelihood: 3, impact: 4 },
      { likelihood: 4, impact: 3 },
    ]);
  });

  it('orders severity by band, then score', () => {
    expect(compareSeverity(KENT, { likelihood: 4, impact: 4 }, { likelihood: 3, impact: 5 })).toBeGreaterThan(
      0,
    );
    expect(compareSeverity(KENT, { likelihood: 3, impact: 4 }, { likelihood: 4, impact: 3 })).toBe(0);
  });
});

describe('validateMatrix', () => {
  const fields = (m: RiskMatrix) => validateMatrix(m).map((e) => e.field);

  it('accepts a valid matrix', () => {
    expect(validateMatrix(kent())).toEqual([]);
  });

  it('rejects an empty scale', () => {
    const m = kent();
    m.impact.levels = [];
    const errors = validateMatrix(m);
    expect(errors).toContainEqual(expect.objectContaining({ record: 'kent', field: 'impact.levels' }));
  });

  it('rejects duplicate codes, case-insensitively', () => {
    const m = presetById('medway')!;
    m.likelihood.levels[1]!.code = 'e';
    expect(validateMatrix(m)).toContainEqual(
      expect.objectContaining({ field: 'likelihood.levels[1].code', value: 'e' }),
    );
  });

  it('rejects levels out of order and missing labels', () => {
    const m = kent();
    m.likelihood.levels[2]!.value = 7;
    m.impact.levels[0]!.label = ' ';
    expect(fields(m)).toEqual(
      expect.arrayContaining(['likelihood.levels[2].value', 'impact.levels[0].label']),
    );
  });

  it('reports a gap in score bands with the uncovered scores', () => {
    const m = kent();
    m.bands[1]!.minScore = 10; // 8 and 9 now uncovered
    const gap = validateMatrix(m).find((e) => e.field === 'bands');
    expect(gap?.value).toEqual([8, 9]);
    expect(gap?.message).toMatch(/8, 9/);
  });

  it('does not treat unattainable scores as gaps (no product of 1-5 values is 7)', () => {
    expect(validateMatrix(KENT).some((e) => e.field === 'bands')).toBe(false);
  });

  it('reports overlapping score bands', () => {
    const m = kent();
    m.bands[1]!.minScore = 5;
    expect(validateMatrix(m)).toContainEqual(
      expect.objectContaining({
        field: 'bands[1].minScore',
        message: expect.stringMatching(/overlaps band "Low"/),
      }),
    );
  });

  it('reports a band without text or a readable colour', () => {
    const m = kent();
    m.bands[0]!.name = '';
    m.bands[2]!.textColour = '#d4351c';
    m.bands[1]!.colour = 'amber';
    expect(fields(m)).toEqual(
      expect.arrayContaining(['bands[0].name', 'bands[2].textColour', 'bands[1].colour']),
    );
  });

  it('reports a band range that is missing or upside down', () => {
    const m = kent();
    delete m.bands[0]!.maxScore;
    m.bands[2]!.minScore = 30;
    expect(fields(m)).toEqual(expect.arrayContaining(['bands[0].minScore', 'bands[2].minScore']));
  });

  it('reports a cell table missing cells, naming unknown bands, or naming cells off the matrix', () => {
    const m = presetById('medway')!;
    if (m.bandRule.kind !== 'cells') throw new Error('Medway bands by cell');
    delete m.bandRule.cells['4x3'];
    m.bandRule.cells['1x1'] = 'purple';
    m.bandRule.cells['9x9'] = 'low';
    const errors = validateMatrix(m);
    expect(errors).toContainEqual(
      expect.objectContaining({ field: 'bandRule.cells.4x3', message: expect.stringMatching(/Cell BII/) }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({
        field: 'bandRule.cells.1x1',
        value: 'purple',
        allowed: ['low', 'medium', 'high'],
      }),
    );
    expect(errors).toContainEqual(expect.objectContaining({ field: 'bandRule.cells.9x9' }));
  });

  it('rejects codes that read two ways when written together', () => {
    const m = presetById('medway')!;
    // Likelihood "BI" + impact "I" would read like likelihood "B" + impact "II".
    m.likelihood.levels[0]!.code = 'BI';
    m.impact.levels[3]!.code = 'I';
    m.impact.levels[2]!.code = 'II';
    expect(fields(m)).toContain('notation');
  });

  it('rejects a matrix without bands or name', () => {
    const m = kent();
    m.bands = [];
    m.name = '';
    expect(fields(m)).toEqual(expect.arrayContaining(['bands', 'name']));
  });
});

describe('validateMatrix on data from outside (settings list, import)', () => {
  it('returns errors, not exceptions, for a malformed object', () => {
    expect(validateMatrix({} as RiskMatrix).map((e) => e.field)).toEqual(
      expect.arrayContaining(['id', 'name', 'notation', 'likelihood.levels', 'impact.levels', 'bands']),
    );
    expect(validateMatrix(null as unknown as RiskMatrix)).toEqual([
      expect.objectContaining({ field: 'matrix' }),
    ]);
    const noRule = { ...kent(), bandRule: undefined } as unknown as RiskMatrix;
    expect(validateMatrix(noRule)).toContainEqual(
      expect.objectContaining({ field: 'bandRule', allowed: ['score', 'cells'] }),
    );
  });
});
