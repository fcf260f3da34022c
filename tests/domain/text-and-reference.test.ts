import {
  DomainError,
  decodeEntities,
  describeFieldError,
  normaliseText,
  referenceKey,
  splitReference,
  unwrap,
} from '../../src/domain';

describe('text noise from papers and rich text', () => {
  it('decodes entities and strips tags', () => {
    expect(decodeEntities('Health &amp; Safety&nbsp;&#8596;&#x2191;')).toBe('Health & Safety ↔↑');
    expect(decodeEntities('&bogus; &#0;')).toBe('&bogus; &#0;');
    expect(normaliseText('<p>Medium</p>\u00a0 (15)\n')).toBe('Medium (15)');
  });
});

describe('references', () => {
  it('splits former references into aliases', () => {
    expect(splitReference('DR14 (PH09)')).toEqual({ reference: 'DR14', aliases: ['PH09'] });
    expect(splitReference('SR 7.2')).toEqual({ reference: 'SR 7.2', aliases: [] });
    expect(splitReference('CRR0010 (CRR0003, CRR0004)')).toEqual({
      reference: 'CRR0010',
      aliases: ['CRR0003', 'CRR0004'],
    });
  });

  it('compares references without case or spacing', () => {
    expect(referenceKey('sr 7.2')).toBe(referenceKey('SR7.2'));
  });
});

describe('errors for people', () => {
  it('describes a field error on one line with what is allowed', () => {
    expect(
      describeFieldError({
        record: 'CRR0001',
        field: 'current.likelihood',
        value: 7,
        message: 'Not on the scale.',
        allowed: ['1', '2'],
      }),
    ).toBe('CRR0001 current.likelihood: Not on the scale. Allowed: 1, 2.');
  });

  it('unwraps results, throwing DomainError with the errors', () => {
    expect(unwrap({ ok: true, value: 3 })).toBe(3);
    const error = new DomainError([{ field: 'period', value: 'Q5', message: 'No such quarter.' }]);
    expect(error.message).toBe('period: No such quarter.');
    expect(error.errors).toHaveLength(1);
  });
});
