/**
 * Medway Council, People Directorate risks, February 2023 (seed 000). Ratings are likelihood letter and
 * impact numeral (`BII`) at three tiers; DR14 is printed with its former reference (PH09) and an inherent
 * and current rating of `All`, which is not a rating. The paper prints no owners.
 */
import { printed, type Paper } from './paper';

const r = (inherent: string, current: string, target: string) => ({ inherent, current, target });

export const MEDWAY_PAPER: Paper = {
  council: 'Medway',
  matrixId: 'medway',
  period: 'Q4 2022/23',
  risks: [
    printed('SR09B', 'Failure to meet the needs of children and young people', r('BII', 'BII', 'DIII')),
    printed('SR39', 'Financial Pressures on SEN Budgets', r('CII', 'DII', 'EII')),
    printed('DR02a', 'Workforce (Non-Social Work Staff)', r('BII', 'CII', 'CIII')),
    printed('DR02b', 'Workforce (Social Workers)', r('BII', 'BII', 'CII')),
    printed('DR04', 'Insufficient availability of placements across all settings', r('BII', 'BII', 'BIII')),
    printed('DR05', 'Failure to Deliver the High Needs Budget Recovery Plan', r('BII', 'DIV', 'DIV')),
    printed('DR06', 'Insufficient School Places', r('BII', 'DIII', 'EIV')),
    printed(
      'DR07',
      'Failure to meet the councils statutory duties in relation to children with SEND',
      r('BII', 'CII', 'DII'),
    ),
    printed('DR14 (PH09)', "Re-Commissioning Children's Nursing Service", r('All', 'All', 'DIV')),
  ],
};
