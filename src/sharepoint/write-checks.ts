/**
 * The domain's validation before a risk, control or action is written. Its module (the field
 * catalogue's zod shapes and every rule) is loaded with the first write, through `writeChecks`, so
 * a tab that only reads the register never downloads it.
 */
import { blockingErrors, describeFieldError } from '../domain/errors';
import type { Control, RiskAction, Risk, RiskMatrix } from '../domain/types';
import {
  actionProblems,
  controlProblems,
  filledFields,
  problemsIn,
  validateRisk,
} from '../domain/validation';
import { ValidationError } from './errors';

/**
 * The domain's validation of a risk before it is written (the one validator: the tab, the import dry
 * run and the service check the same rules), on the fields the write carries (see `problemsIn`);
 * warnings never block.
 */
export function checkRisk(matrix: RiskMatrix | undefined, risk: Risk, fields: ReadonlySet<string>): void {
  if (!matrix) return;
  const problems = problemsIn(blockingErrors(validateRisk(risk, matrix)), fields);
  const first = problems[0];
  if (first) {
    throw new ValidationError(
      problems.map(describeFieldError).join(' '),
      first.field,
      first.record ?? risk.reference,
    );
  }
}

/**
 * The domain's validation of a control or action before it is written (the rules the tab's dialog
 * shows); warnings never block.
 */
export function checkChild(kind: 'control' | 'action', value: Control | RiskAction, record: string): void {
  const problems = blockingErrors(
    kind === 'control' ? controlProblems(value as Control) : actionProblems(value as RiskAction),
  );
  const first = problems[0];
  if (first) throw new ValidationError(problems.map(describeFieldError).join(' '), first.field, record);
}

/** A new risk's check: every field it carries. */
export function checkNewRisk(matrix: RiskMatrix | undefined, risk: Risk): void {
  checkRisk(matrix, risk, filledFields(risk));
}
