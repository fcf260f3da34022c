/**
 * A matrix change as a migration (src/domain/matrix-change.ts): the preview lists every rating that falls
 * off the new scale or changes band, a mapping places the old levels on the new scale, and history is
 * read on the matrix in force when it was recorded.
 */
import {
  HALTON,
  KENT,
  isMatrixMigration,
  mappedRatings,
  mappingProblems,
  matrixAt,
  previewMatrixChange,
  proposeMapping,
  strandedScoreProblems,
  withMatrixHistory,
  type RatedRisk,
  type RegisterSettings,
} from '../../src/domain';

const rated = (reference: string, l: number, i: number): RatedRisk => ({
  reference,
  title: `Risk ${reference}`,
  current: { likelihood: l, impact: i },
});
const risks = [rated('A', 5, 5), rated('B', 4, 4), rated('C', 2, 3), rated('D', 1, 1)];

describe('a matrix change', () => {
  it('is a migration when scales or bands differ, not when only labels do', () => {
    expect(isMatrixMigration(KENT, HALTON)).toBe(true);
    const relabelled = {
      ...KENT,
      name: 'Kent renamed',
      likelihood: {
        ...KENT.likelihood,
        levels: KENT.likelihood.levels.map((l) => ({ ...l, label: `${l.label}!` })),
      },
    };
    expect(isMatrixMigration(KENT, relabelled)).toBe(false);
  });

  it('previews every rating off the new scale, and without a mapping leaves them off it', () => {
    const preview = previewMatrixChange(KENT, HALTON, risks);
    expect(preview.offScale).toBe(1);
    expect(preview.rows.map((r) => [r.reference, r.kind, r.beforeText, r.afterText])).toEqual([
      ['A', 'off-scale', 'High (25)', 'Off the new scale'],
      // 2 x 3 = 6 is Low on Kent's matrix and Medium on Halton's.
      ['C', 'band', 'Low (6)', '3 2 6 (Medium)'],
    ]);
    expect(preview.risks).toBe(2);
  });

  it('proposes keeping the levels that fit and moving the rest to the nearest, and previews the result', () => {
    const mapping = proposeMapping(KENT, HALTON);
    expect(mapping.likelihood).toEqual({ '1': 1, '2': 2, '3': 3, '4': 4, '5': 4 });
    expect(mappingProblems(KENT, HALTON, mapping)).toEqual([]);
    const preview = previewMatrixChange(KENT, HALTON, risks, mapping);
    expect(preview.rows.map((r) => [r.reference, r.kind, r.after])).toEqual([
      ['A', 'band', { likelihood: 4, impact: 4 }],
      ['C', 'band', { likelihood: 2, impact: 3 }],
    ]);
    expect(mappedRatings(risks[0]!, mapping)).toEqual({ current: { likelihood: 4, impact: 4 } });
    expect(mappedRatings(risks[1]!, mapping)).toEqual({});
  });

  it('refuses a mapping that leaves a level without a place on the new scale', () => {
    const bad = { likelihood: { '1': 1, '2': 2, '3': 3, '4': 4, '5': 5 }, impact: { '1': 1 } };
    const problems = mappingProblems(KENT, HALTON, bad);
    expect(problems.map((p) => p.field)).toEqual([
      'mapping.likelihood.5',
      'mapping.impact.2',
      'mapping.impact.3',
      'mapping.impact.4',
      'mapping.impact.5',
    ]);
    expect(problems[0]?.message).toMatch(/Likelihood 5 .* must map onto a level of the new likelihood/);
  });

  it('keeps the replaced matrix so history is read on the matrix it was recorded on', () => {
    const before = { matrix: KENT } as RegisterSettings;
    const after = withMatrixHistory(
      before,
      { matrix: HALTON } as RegisterSettings,
      '2024-05-01T09:00:00.000Z',
    );
    expect(after.matrixHistory).toEqual([{ matrix: KENT, until: '2024-05-01T09:00:00.000Z' }]);
    expect(matrixAt(after, '2024-03-20T10:00:00Z').id).toBe('kent');
    expect(matrixAt(after, '2024-05-02T10:00:00Z').id).toBe('halton');
    expect(matrixAt(after, '').id).toBe('halton');
    // A client cannot rewrite the history: the stored one is kept whatever the new settings carry.
    const forged = withMatrixHistory(after, { ...after, matrixHistory: [] }, '2024-06-01T00:00:00.000Z');
    expect(forged.matrixHistory).toEqual(after.matrixHistory);
  });
});

describe('a matrix change over ratings recorded as a score alone', () => {
  // Gloucestershire and Cambridgeshire print some ratings as a score only (`Medium 12`, `15`).
  const scoreOnly = (reference: string, score: number): RatedRisk => ({
    reference,
    title: `Risk ${reference}`,
    currentScoreOnly: score,
  });

  it('lists a score no cell of the new matrix has, and no mapping mends it', () => {
    // Halton's 4 x 4 matrix scores at most 16 and never 15 or 20.
    const risks = [scoreOnly('S20', 20), scoreOnly('S15', 15), scoreOnly('S4', 4)];
    const mapping = proposeMapping(KENT, HALTON);
    for (const preview of [
      previewMatrixChange(KENT, HALTON, risks),
      previewMatrixChange(KENT, HALTON, risks, mapping),
    ]) {
      expect(preview.scoresStranded).toBe(2);
      expect(preview.offScale).toBe(0);
      expect(
        preview.rows.filter((r) => r.kind === 'score-off-scale').map((r) => [r.reference, r.score]),
      ).toEqual([
        ['S20', 20],
        ['S15', 15],
      ]);
      expect(preview.rows.every((r) => r.before === undefined && r.after === undefined)).toBe(true);
    }
    const problems = strandedScoreProblems(previewMatrixChange(KENT, HALTON, risks), HALTON);
    expect(problems.map((p) => p.field)).toEqual(['S20.currentScoreOnly', 'S15.currentScoreOnly']);
    expect(problems[0]?.message).toMatch(/score 20 alone.*Record its likelihood and impact/);
  });

  it('lists a score whose band changes, keeping the score and inventing no cell', () => {
    // 12 is Medium on Kent's score bands; every cell of Halton's table that scores 12 is High. 9 stays Medium.
    const preview = previewMatrixChange(KENT, HALTON, [scoreOnly('S12', 12), scoreOnly('S9', 9)]);
    expect(preview.rows.map((r) => [r.reference, r.kind, r.beforeText, r.afterText])).toEqual([
      ['S12', 'band', 'Medium (12), cell not recorded', '12 (High), cell not recorded'],
    ]);
    expect(preview.scoresStranded).toBe(0);
    const risk: RatedRisk = { reference: 'S12', title: 'x', currentScoreOnly: 12 };
    expect(mappedRatings(risk, proposeMapping(KENT, HALTON))).toEqual({});
  });
});
