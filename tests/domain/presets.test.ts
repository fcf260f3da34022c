import { PRESETS, bandOf, formatRating, presetById, validateMatrix } from '../../src/domain';

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s is a valid matrix', (_id, preset) => {
    expect(validateMatrix(preset)).toEqual([]);
  });

  it('covers the five seed councils', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      'gloucestershire',
      'kent',
      'medway',
      'cambridgeshire',
      'halton',
    ]);
  });

  it('reproduces the scales and notation of each paper', () => {
    const medway = presetById('medway')!;
    expect(medway.likelihood.levels.map((l) => l.code)).toEqual(['E', 'D', 'C', 'B', 'A']);
    expect(medway.impact.levels.map((l) => `${l.code} ${l.label}`)).toEqual([
      'IV Minor',
      'III Moderate',
      'II Major',
      'I Catastrophic',
    ]);
    const gloucestershire = presetById('gloucestershire')!;
    expect(gloucestershire.likelihood.levels.map((l) => l.label)).toEqual([
      'Rare',
      'Possible',
      'Probable',
      'Highly likely',
      'Almost certain',
    ]);
    expect(gloucestershire.impact.levels.map((l) => l.label)).toEqual([
      'Insignificant',
      'Minor',
      'Moderate',
      'Major',
      'Critical',
    ]);
    const kent = presetById('kent')!;
    expect(kent.bands.map((b) => `${b.name} ${b.minScore}-${b.maxScore}`)).toEqual([
      'Low 1-6',
      'Medium 8-15',
      'High 16-25',
    ]);
    expect(formatRating(presetById('halton')!, { likelihood: 3, impact: 4 })).toBe('4 3 12');
  });

  it('puts every risk Halton reports as high (scores 12 and 16) in the High band', () => {
    const halton = presetById('halton')!;
    expect(bandOf(halton, { likelihood: 3, impact: 4 })?.name).toBe('High');
    expect(bandOf(halton, { likelihood: 4, impact: 4 })?.name).toBe('High');
  });

  it('shares frozen presets and hands out editable copies', () => {
    expect(Object.isFrozen(PRESETS[0]!.bands[0])).toBe(true);
    const copy = presetById('kent')!;
    copy.bands[0]!.name = 'Green';
    expect(presetById('kent')!.bands[0]!.name).toBe('Low');
    expect(presetById('nowhere')).toBeUndefined();
  });
});
