/** The committee paper dialog's choices and how they become a request to the report module. */
import { previousPeriod } from '../../../domain';
import type { Period } from '../../../domain/types';
import type { RegisterSummary } from '../../data/use-register-data';

export type PaperForm = {
  register: string;
  periodId: string;
  councilName: string;
  committee: string;
  meetingDate: string;
  /** Band id; empty = every reported risk. */
  minBand: string;
};

/** Earlier periods offered besides the current one (two years of quarters). */
const earlierPeriods = 7;

/** The register's current period first, then earlier ones. */
export function periodChoices(summary: RegisterSummary): Period[] {
  const out: Period[] = [summary.period];
  for (let i = 0; i < earlierPeriods; i++) {
    const last = out[out.length - 1];
    if (!last) break;
    out.push(previousPeriod(last, summary.settings.financialYearStartMonth));
  }
  return out;
}

/** The form's defaults for a register: its current period and council name, every band. */
export function defaultForm(summary: RegisterSummary): PaperForm {
  return {
    register: summary.name,
    periodId: summary.period.id,
    councilName: summary.settings.councilName,
    committee: '',
    meetingDate: '',
    minBand: '',
  };
}

const stepLabels = {
  settings: 'Reading the register’s settings',
  register: 'Reading the period’s reviews',
  history: 'Reading each risk’s history',
  document: 'Writing the Word document',
} as const;

/** Progress in words for the dialog's progress bar. */
export function progressText(p: { step: keyof typeof stepLabels; done: number; total: number }): string {
  return p.step === 'history' ? `${stepLabels.history}: ${p.done} of ${p.total}` : stepLabels[p.step];
}
