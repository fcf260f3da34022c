import { accessibleRatingText, blockingErrors, formatRating, validateRisk } from '../../../src/domain';
import { MEDWAY_PAPER } from './medway';
import { byReference, readPaper } from './read-paper';

const read = readPaper(MEDWAY_PAPER);
const { matrix } = read;
const readable = read.risks.filter((r) => r.printed.reference !== 'DR14 (PH09)');

describe('Medway People Directorate risks, February 2023', () => {
  it('reports for Q4 2022/23', () => {
    expect(read.period.id).toBe('2022/23-Q4');
  });

  it.each(readable.map((r) => [r.printed.reference, r] as const))(
    '%s: inherent, current and target read as cells and print back as the paper does',
    (_ref, r) => {
      for (const tier of ['inherent', 'current', 'target'] as const) {
        expect(r[tier]).toMatchObject({ ok: true, value: { kind: 'cell' } });
        expect(formatRating(matrix, r.risk[tier]!)).toBe(r.printed[tier]);
      }
    },
  );

  it('DR05 is inherent BII, current DIV, target DIV', () => {
    const risk = byReference(read, 'DR05').risk;
    expect([risk.inherent, risk.current, risk.target].map((rating) => formatRating(matrix, rating!))).toEqual(
      ['BII', 'DIV', 'DIV'],
    );
    // D = Low likelihood (value 2), IV = Minor impact (value 1): codes run from most to least severe.
    expect(risk.current).toEqual({ likelihood: 2, impact: 1 });
    expect(accessibleRatingText(matrix, risk.current!)).toBe('Low: likelihood D Low, impact IV Minor');
  });

  it("DR14 (PH09): keeps the former reference as an alias and refuses the rating 'All' with a clear error", () => {
    const dr14 = byReference(read, 'DR14 (PH09)');
    expect(dr14.risk.reference).toBe('DR14');
    expect(dr14.risk.aliases).toEqual(['PH09']);
    for (const tier of ['inherent', 'current'] as const) {
      const result = dr14[tier]!;
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      const [error] = result.errors;
      expect(error).toMatchObject({ field: 'rating', value: 'All' });
      expect(error!.message).toMatch(/"All" is not a rating on the Medway/);
      expect(error!.allowed?.join('; ')).toMatch(
        /likelihood codes: E, D, C, B, A; impact codes: IV, III, II, I/,
      );
      expect(dr14.risk[tier]).toBeUndefined();
    }
    expect(formatRating(matrix, dr14.risk.target!)).toBe('DIV');
  });

  it('every readable risk is valid but for the owners the paper does not print', () => {
    for (const r of read.risks) {
      const errors = validateRisk(r.risk, matrix);
      expect(errors.map((e) => e.field)).toEqual(['owners']);
      expect(blockingErrors(errors)).toHaveLength(1);
    }
  });
});
