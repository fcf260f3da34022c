import {
  buildSnapshot,
  directionOfTravel,
  formatDirection,
  newRisk,
  parseDirection,
  presetById,
  previousReviewed,
  type PeriodSnapshot,
  type Rating,
  type SnapshotOutcome,
} from '../../src/domain';

const kent = presetById('kent')!;
const medway = presetById('medway')!;

function snap(periodId: string, current: Rating, outcome: SnapshotOutcome = 'confirmed'): PeriodSnapshot {
  return {
    riskReference: 'CRR0001',
    periodId,
    current,
    currentScore: current.likelihood * current.impact,
    comment: '',
    recordedAt: '2024-01-10T09:00:00Z',
    source: 'card',
    outcome,
  };
}

describe('buildSnapshot', () => {
  const risk = newRisk({
    reference: 'CRR0001',
    title: 'Safeguarding',
    register: 'Corporate',
    id: 7,
    current: { likelihood: 3, impact: 5 },
    target: { likelihood: 3, impact: 5 },
    appetite: 12,
  });

  it('freezes ratings, score and appetite as they are now', () => {
    const result = buildSnapshot(risk, kent, {
      periodId: '2023/24-Q4',
      comment: 'Unchanged.',
      recordedAt: '2024-01-12T10:00:00Z',
      source: 'card',
      outcome: 'confirmed',
      recordedBy: { name: 'Sarah Hammond' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const s = result.value;
    expect(s).toMatchObject({
      riskId: 7,
      riskReference: 'CRR0001',
      currentScore: 15,
      appetite: 12,
      outcome: 'confirmed',
    });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.current)).toBe(true);
    // A later edit of the live risk does not reach the snapshot.
    risk.current!.likelihood = 5;
    expect(s.current).toEqual({ likelihood: 3, impact: 5 });
    risk.current!.likelihood = 3;
  });

  it('uses the register default appetite, and records merges', () => {
    const merged = { ...risk, appetite: undefined, status: 'merged' as const, mergedInto: 'CRR0056' };
    const result = buildSnapshot(merged, kent, {
      periodId: '2023/24-Q4',
      recordedAt: '2024-01-12T10:00:00Z',
      source: 'tab',
      outcome: 'changed',
      defaultAppetite: 9,
    });
    expect(result).toMatchObject({ ok: true, value: { appetite: 9, mergedInto: 'CRR0056', comment: '' } });
  });

  it('refuses a period label, a bad timestamp or an off-scale rating, naming each', () => {
    const bad = { ...risk, current: { likelihood: 6, impact: 5 } };
    const result = buildSnapshot(bad, kent, {
      periodId: 'Q4 2023/24',
      recordedAt: 'yesterday',
      source: 'card',
      outcome: 'confirmed',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['periodId', 'recordedAt', 'current.likelihood']);
    expect(result.errors.every((e) => e.record === 'CRR0001')).toBe(true);
  });
});

describe('directionOfTravel', () => {
  const history = [
    snap('2023/24-Q1', { likelihood: 4, impact: 5 }),
    snap('2023/24-Q2', { likelihood: 3, impact: 5 }),
    snap('2023/24-Q3', { likelihood: 5, impact: 5 }, 'not-reviewed'),
  ];

  it('compares with the previous reviewed snapshot, skipping not-reviewed periods', () => {
    expect(previousReviewed(snap('2023/24-Q4', { likelihood: 3, impact: 5 }), history)?.periodId).toBe(
      '2023/24-Q2',
    );
    expect(directionOfTravel(snap('2023/24-Q4', { likelihood: 3, impact: 5 }), history)).toBe('unchanged');
    expect(directionOfTravel(snap('2023/24-Q4', { likelihood: 4, impact: 5 }), history)).toBe('up');
    expect(directionOfTravel(snap('2023/24-Q4', { likelihood: 2, impact: 5 }), history)).toBe('down');
  });

  it('ignores snapshots of the same or later periods', () => {
    const later = [
      ...history,
      snap('2024/25-Q1', { likelihood: 1, impact: 1 }),
      snap('2023/24-Q4', { likelihood: 1, impact: 1 }),
    ];
    expect(directionOfTravel(snap('2023/24-Q4', { likelihood: 3, impact: 5 }), later)).toBe('unchanged');
  });

  it("ignores other risks' snapshots in the history", () => {
    const other = { ...snap('2023/24-Q3', { likelihood: 1, impact: 1 }), riskReference: 'CRR0002' };
    expect(directionOfTravel(snap('2023/24-Q4', { likelihood: 3, impact: 5 }), [other])).toBe('new');
    const renamed = [{ ...history[1]!, riskId: 4, riskReference: 'OLD1' }];
    expect(
      directionOfTravel({ ...snap('2023/24-Q4', { likelihood: 3, impact: 5 }), riskId: 4 }, renamed),
    ).toBe('unchanged');
  });

  it('is new with no earlier reviewed snapshot', () => {
    expect(directionOfTravel(snap('2023/24-Q4', { likelihood: 3, impact: 5 }), [])).toBe('new');
    expect(directionOfTravel(snap('2023/24-Q4', { likelihood: 3, impact: 5 }), [history[2]!])).toBe('new');
  });

  it('is merged when the risk was merged into another, or others into it', () => {
    const into = { ...snap('2023/24-Q4', { likelihood: 3, impact: 5 }), mergedInto: 'CRR0056' };
    const from = { ...snap('2023/24-Q4', { likelihood: 3, impact: 5 }), mergedFrom: ['CRR0044'] };
    expect(directionOfTravel(into, history)).toBe('merged');
    expect(directionOfTravel(from, history)).toBe('merged');
  });

  it('compares by band first on a cell-table matrix', () => {
    // Medway: AIV (5x1 = 5, Medium) against DII (2x3 = 6, Medium) and CI (3x4 = 12, High).
    const previous = [{ ...snap('2023/24-Q3', { likelihood: 2, impact: 3 }) }];
    expect(directionOfTravel(snap('2023/24-Q4', { likelihood: 5, impact: 1 }), previous, medway)).toBe(
      'down',
    );
    expect(directionOfTravel(snap('2023/24-Q4', { likelihood: 3, impact: 4 }), previous, medway)).toBe('up');
  });
});

describe('direction display and parsing', () => {
  it('prints symbol and word', () => {
    expect(['up', 'down', 'unchanged', 'new', 'merged'].map((d) => formatDirection(d as never))).toEqual([
      '↑ Worse',
      '↓ Better',
      '⇨ Unchanged',
      'New',
      'Merged Risk',
    ]);
  });

  it.each([
    ['⇨', 'unchanged'],
    ['↔', 'unchanged'],
    ['↑ Worse', 'up'],
    ['↓', 'down'],
    ['New', 'new'],
    ['Merged Risk', 'merged'],
    ['&#8596;', 'unchanged'],
  ])('reads %j as %s', (text, direction) => {
    expect(parseDirection(text)).toEqual({ ok: true, value: direction });
  });

  it('rejects unknown or contradictory text', () => {
    expect(parseDirection('sideways')).toMatchObject({
      ok: false,
      errors: [{ field: 'direction', value: 'sideways' }],
    });
    expect(parseDirection('↑ Better').ok).toBe(false);
  });
});
