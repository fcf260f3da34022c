/**
 * Kent County Council, corporate risk register for the CYPE Cabinet Committee, 8 March 2023 (seed 003).
 * The summary prints current and target ratings as `Medium (15)` and a direction of travel since March
 * 2022; each risk page prints the same ratings again as likelihood and impact columns.
 */
import { printed, type Paper } from './paper';

export const KENT_PAPER: Paper = {
  council: 'Kent',
  matrixId: 'kent',
  period: 'Q4 2022/23',
  risks: [
    printed('CRR0001', 'Safeguarding – protecting vulnerable children', {
      owners: ['Sarah Hammond'],
      cabinetMembers: ['Sue Chandler', 'Rory Love', 'Mike Hill'],
      current: 'Medium (15)',
      target: 'Medium (15)',
      currentLevels: ['Possible (3)', 'Major (5)'],
      targetLevels: ['Possible (3)', 'Major (5)'],
      direction: '↔',
      timescaleToTarget: 'At target',
    }),
    printed('CRR0056', 'SEND Delivery Improvement and High Needs Funding shortfall', {
      owners: ['Sarah Hammond'],
      cabinetMembers: ['Rory Love'],
      current: 'High (25)',
      target: 'High (16)',
      currentLevels: ['Very Likely (5)', 'Major (5)'],
      targetLevels: ['Likely (4)', 'Serious (4)'],
      direction: 'Merged Risk',
      timescaleToTarget: '3+ years',
      linkedRisks: ['CRR0057'],
    }),
    printed('CRR0057', 'Home to School Transport pressures', {
      owners: ['Sarah Hammond', 'Simon Jones'],
      cabinetMembers: ['Rory Love', 'David Brazier'],
      current: 'High (16)',
      target: 'Low (6)',
      currentLevels: ['Likely (4)', 'Serious (4)'],
      targetLevels: ['Unlikely (2)', 'Significant (3)'],
      direction: 'New',
      timescaleToTarget: '1-3 years',
      linkedRisks: ['CRR0056'],
    }),
  ],
};

/** The period the direction of travel is measured from: "since March 2022". */
export const KENT_BASELINE_PERIOD = 'Q4 2021/22';
