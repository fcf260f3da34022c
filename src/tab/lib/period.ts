/** The reporting period a register is in today, from its settings (financial year and period kind). */
import { periodOf } from '../../domain/periods';
import type { Period, RegisterSettings } from '../../domain/types';

/** The period containing `today` (ISO date) for a register. */
export function periodFor(settings: RegisterSettings, today: string): Period {
  return periodOf(today, settings.review.periodKind, settings.financialYearStartMonth);
}
