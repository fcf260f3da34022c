/**
 * Gloucestershire County Council, Children's Services strategic risk monitoring report, Q4 2023/24
 * (seed 001). The summary prints residual score with band and the direction of travel; each risk has an
 * owner, a cabinet member and period comments (three say in words that the score is unchanged).
 */
import { printed, type Paper } from './paper';

const director = ['Ann James'];
const cabinet = ['Cllr Stephen Davies'];

export const GLOUCESTERSHIRE_PAPER: Paper = {
  council: 'Gloucestershire',
  matrixId: 'gloucestershire',
  period: 'Q4, 2023/24',
  risks: [
    printed('SR 7.5', "Insufficient workforce capacity in Children's services", {
      owners: director,
      cabinetMembers: cabinet,
      residualScore: 'Medium 12',
      direction: '⇨',
    }),
    printed('SR 7.7', 'Failure to develop sufficient placement capacity', {
      owners: director,
      cabinetMembers: cabinet,
      residualScore: 'Medium 12',
      direction: '⇨',
    }),
    printed(
      'SR 7.4',
      'Increasing EHCP demand and capacity threaten outcomes for vulnerable children (SEND)',
      {
        owners: ['Kirsten Harrison'],
        cabinetMembers: ['Cllr Philip Robinson'],
        residualScore: 'Medium 12',
        direction: '⇨',
      },
    ),
    printed('SR 7.2', 'Ineffective Social Care Practice', {
      owners: director,
      cabinetMembers: cabinet,
      residualScore: 'Medium 9',
      direction: '⇨',
    }),
  ],
};
