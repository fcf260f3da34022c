import {
  DomainError,
  accessibleRatingText,
  bandDisplay,
  formatLevel,
  formatParsedRating,
  formatRating,
  formatScore,
  presetById,
  type RiskMatrix,
} from '../../src/domain';

const m = (id: string): RiskMatrix => presetById(id)!;

describe('formatRating in each council notation', () => {
  it.each([
    ['medway', { likelihood: 4, impact: 3 }, 'BII'],
    ['medway', { likelihood: 2, impact: 1 }, 'DIV'],
    ['kent', { likelihood: 3, impact: 5 }, 'Medium (15)'],
    ['kent', { likelihood: 5, impact: 5 }, 'High (25)'],
    ['gloucestershire', { likelihood: 3, impact: 4 }, 'Medium 12'],
    ['cambridgeshire', { likelihood: 4, impact: 3 }, '4 x 3 = 12'],
    ['halton', { likelihood: 3, impact: 4 }, '4 3 12'],
  ])('%s %j -> %s', (id, rating, text) => {
    expect(formatRating(m(id), rating)).toBe(text);
  });

  it('throws a labelled DomainError for a rating off the scale', () => {
    let caught: unknown;
    try {
      formatRating(m('kent'), { likelihood: 9, impact: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).errors[0]).toMatchObject({ field: 'rating.likelihood', value: 9 });
  });
});

describe('scores and levels', () => {
  it('formats a bare score where the notation can show it', () => {
    expect(formatScore(m('gloucestershire'), 12)).toBe('Medium 12');
    expect(formatScore(m('kent'), 16)).toBe('High (16)');
    expect(formatScore(m('cambridgeshire'), 15)).toBe('15');
    expect(formatScore(m('medway'), 12)).toBe('12');
  });

  it('formats levels as Kent prints them, letter codes first', () => {
    expect(formatLevel(m('kent').likelihood.levels[2]!)).toBe('Possible (3)');
    expect(formatLevel(m('medway').likelihood.levels[3]!)).toBe('B High');
  });

  it('writes back parsed scores and levels', () => {
    const kent = m('kent');
    expect(formatParsedRating(kent, { kind: 'score', score: 15, band: kent.bands[1]! })).toBe('Medium (15)');
    expect(formatParsedRating(kent, { kind: 'level', axis: 'impact', level: kent.impact.levels[4]! })).toBe(
      'Major (5)',
    );
  });
});

describe('band display and accessible text', () => {
  it('gives band name and colours together', () => {
    expect(bandDisplay(m('kent'), { likelihood: 4, impact: 4 })).toEqual({
      id: 'high',
      name: 'High',
      colour: '#d4351c',
      textColour: '#ffffff',
    });
    expect(bandDisplay(m('kent'), { likelihood: 0, impact: 4 })).toBeUndefined();
  });

  it('describes a rating in words, never by colour alone', () => {
    expect(accessibleRatingText(m('kent'), { likelihood: 4, impact: 4 })).toBe(
      'High, score 16: likelihood 4 Likely, impact 4 Serious',
    );
    expect(accessibleRatingText(m('medway'), { likelihood: 4, impact: 3 })).toBe(
      'High: likelihood B High, impact II Major',
    );
  });
});
