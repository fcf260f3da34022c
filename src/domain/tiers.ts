/**
 * The one rule for which rating tier a printed block or column is, shared by the import and the
 * domain's golden readings of the papers:
 * - a heading naming the target (`Target`, `Target Residual`, `after further action`) is the target;
 * - `Inherent`, `before controls`, `gross` is the inherent rating;
 * - `Current`, `Residual`, `after controls`, `net` is the current rating: residual risk is the risk that
 *   remains with the controls in place, which is what "current" means on every register;
 * - where a sheet prints an assessment of the "current" risk before its control measures and a
 *   "Residual" one after them (Halton's high-risk report), the assessment before the controls is the
 *   inherent rating and the residual one the current rating.
 */
export type RatingTier = 'inherent' | 'current' | 'target';

const tierWords: readonly [RatingTier, RegExp][] = [
  ['target', /\b(target|after further|future|desired)\b/i],
  ['inherent', /\b(inherent|before controls?|gross|original|untreated|pre mitigation|pre control)\b/i],
  ['current', /\b(current|residual|after controls?|net|post mitigation)\b/i],
];

/** The tier a heading names, or undefined when it names none (`Impact (Severity)`). */
export function tierOfHeading(heading: string): RatingTier | undefined {
  return tierWords.find(([, re]) => re.test(heading))?.[0];
}

/**
 * The tier of a block headed `heading`, knowing whether the same sheet also prints a residual block
 * after the control measures (`residualAfter`): then a "current" assessment printed before them is
 * the inherent rating.
 */
export function tierOfBlock(heading: string, residualAfter: boolean): RatingTier | undefined {
  const tier = tierOfHeading(heading);
  if (tier === 'current' && residualAfter && !/\bresidual\b/i.test(heading)) return 'inherent';
  return tier;
}
