import {
  DomainError,
  blockingErrors,
  isValidReference,
  newRisk,
  presetById,
  splitReference,
  unwrap,
  validateRisk,
  type Risk,
} from '../../src/domain';

const kent = presetById('kent')!;

function valid(overrides: Partial<Risk> = {}): Risk {
  return newRisk({
    reference: 'CRR0057',
    title: 'Home to School Transport pressures',
    register: 'Corporate',
    owners: [{ name: 'Sarah Hammond', email: 'sarah.hammond@example.gov.uk' }],
    current: { likelihood: 4, impact: 4 },
    target: { likelihood: 2, impact: 3 },
    ...overrides,
  });
}

const fields = (risk: Risk) => validateRisk(risk, kent).map((e) => e.field);

describe('validateRisk', () => {
  it('accepts a complete risk', () => {
    expect(validateRisk(valid(), kent)).toEqual([]);
  });

  it('requires reference, title, register and an owner, naming the record', () => {
    const errors = validateRisk(valid({ title: ' ', register: '', owners: [] }), kent);
    // Fields checked by their kind come in catalogue order (register is stored beside the reference).
    expect(errors.map((e) => e.field)).toEqual(['register', 'title', 'owners']);
    expect(errors.every((e) => e.record === 'CRR0057')).toBe(true);
    expect(fields(valid({ reference: '' }))).toContain('reference');
  });

  it('checks reference format and length', () => {
    expect(fields(valid({ reference: 'DR14 (PH09)' }))).toContain('reference');
    expect(fields(valid({ reference: 'R'.repeat(256) }))).toContain('reference');
    for (const ok of ['CRR0001', 'SR 7.2', 'DR02b', 'COP1', 'SR09B', '1'])
      expect(isValidReference(ok)).toBe(true);
    expect(splitReference('DR14 (PH09)')).toEqual({ reference: 'DR14', aliases: ['PH09'] });
  });

  it('enforces SharePoint text limits: 255 single line, 63,999 multi-line', () => {
    const errors = validateRisk(
      valid({ title: 'x'.repeat(256), description: 'y'.repeat(64_000), cause: 'z'.repeat(63_999) }),
      kent,
    );
    expect(errors.map((e) => e.field)).toEqual(['title', 'description']);
    expect(errors[0]!.allowed).toEqual(['at most 255 characters']);
  });

  it('rejects ratings off the scale with the allowed levels', () => {
    const [error] = validateRisk(valid({ current: { likelihood: 6, impact: 4 } }), kent);
    expect(error).toMatchObject({ field: 'current.likelihood', value: 6 });
    expect(error!.allowed).toHaveLength(5);
  });

  it('warns (does not block) when the target is worse than the current rating', () => {
    const errors = validateRisk(valid({ target: { likelihood: 5, impact: 5 } }), kent);
    expect(errors).toEqual([expect.objectContaining({ field: 'target', severity: 'warning' })]);
    expect(blockingErrors(errors)).toEqual([]);
    const inverted = validateRisk(valid({ inherent: { likelihood: 1, impact: 1 } }), kent);
    expect(inverted).toEqual([expect.objectContaining({ field: 'current', severity: 'warning' })]);
  });

  it('requires mergedInto for a merged risk, and only then', () => {
    expect(fields(valid({ status: 'merged' }))).toEqual(['mergedInto']);
    expect(fields(valid({ status: 'merged', mergedInto: 'CRR0057' }))).toEqual(['mergedInto']);
    expect(fields(valid({ status: 'merged', mergedInto: 'CRR0056' }))).toEqual([]);
    expect(fields(valid({ status: 'open', mergedInto: 'CRR0056' }))).toEqual(['mergedInto']);
  });

  it('checks appetite, dates, people, links, controls and actions', () => {
    const risk = valid({
      appetite: 30,
      nextReviewDate: '2024-02-30',
      owners: [{ name: '', email: 'not-an-email' }],
      linkedRisks: ['CRR0057', 'CRR0056'],
      controls: [{ title: '', owners: [] }],
      actions: [
        {
          title: 'Review policy',
          owners: [],
          status: 'in-progress',
          progress: 120,
          plannedDate: 'September 2023',
        },
      ],
    });
    expect(fields(risk)).toEqual([
      'owners[0].name',
      'owners[0].email',
      'nextReviewDate',
      'appetite',
      'linkedRisks[0]',
      'controls[0].title',
      'actions[0].plannedDate',
      'actions[0].progress',
    ]);
  });

  it('returns shape errors for data from outside, never throwing', () => {
    const broken = {
      ...valid(),
      owners: 'Sarah',
      status: 'archived',
      current: { likelihood: '4', impact: 4 },
    };
    const errors = validateRisk(broken as unknown as Risk, kent);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'owners', value: 'Sarah' }),
        expect.objectContaining({
          field: 'status',
          value: 'archived',
          allowed: ['open', 'closed', 'merged'],
        }),
        expect.objectContaining({ field: 'current.likelihood', value: '4' }),
      ]),
    );
    expect(validateRisk(null as unknown as Risk, kent)[0]).toMatchObject({ field: 'risk' });
  });

  it('offers a throwing form for callers that prefer it', () => {
    expect(() => unwrap({ ok: false, errors: validateRisk(valid({ owners: [] }), kent) })).toThrow(
      DomainError,
    );
    expect(() => unwrap({ ok: false, errors: validateRisk(valid({ owners: [] }), kent) })).toThrow(
      /CRR0057 owners/,
    );
  });
});
