/**
 * Halton Borough Council, implementation of high risk mitigation measures (Children & Young People PPB),
 * Quarter 2 to 30 September 2014 (seed 004). Each risk prints an "Assessment of current risk" as impact,
 * likelihood and score columns (`4 3 12`) before its control measures, then the residual impact,
 * likelihood and score after them, a lead officer and a review timescale. The tiers follow the one rule
 * the import also follows (src/domain/tiers.ts): the assessment before the control measures is the
 * inherent rating, the residual one the current rating. Titles are shortened from the printed statements.
 */
import { tierOfBlock } from '../../../src/domain';
import { printed, type Paper, type PrintedRisk } from './paper';

// The paper's two blocks, read by the domain's tier rule.
const assessedTier = tierOfBlock('Assessment of current risk', true);
const residualTier = tierOfBlock('Residual', true);

const risk = (
  reference: string,
  title: string,
  area: string,
  owner: string,
  assessed: string,
  residual: string,
  reviewTimescale: string,
): PrintedRisk =>
  printed(reference, title, {
    area,
    owners: [owner],
    [assessedTier ?? 'inherent']: assessed,
    [residualTier ?? 'current']: residual,
    reviewTimescale,
  });

const COP = "Children's Organisation & Provision";
const CFS = 'Children and Family Services';
const LAS = 'Learning and Achievement Services';

export const HALTON_PAPER: Paper = {
  council: 'Halton',
  matrixId: 'halton',
  period: 'Q2 2014/15',
  risks: [
    risk(
      'COP1',
      'Failure to ensure sufficient childcare provision',
      COP,
      'Ann McIntyre',
      '4 3 12',
      '2 2 4',
      'Quarterly',
    ),
    risk(
      'COP2',
      'Failure to match Basic Need and other capital funding against school accommodation demands',
      COP,
      'Ann McIntyre',
      '4 3 12',
      '3 3 9',
      'Termly',
    ),
    risk(
      'COP3',
      'Failure to demonstrate increased participation in education and training (RPA)',
      COP,
      'Ann McIntyre',
      '4 3 12',
      '4 2 8',
      'Quarterly',
    ),
    risk(
      'COP4',
      'Failure to identify and quality assure Alternative Provision',
      COP,
      'Ann McIntyre',
      '4 4 16',
      '3 3 9',
      'Quarterly',
    ),
    risk(
      'COP5',
      'Failure to continue to see a reduction in teenage conceptions',
      COP,
      'Ann McIntyre',
      '4 3 12',
      '3 3 9',
      'Quarterly',
    ),
    risk(
      'COP7',
      "Failure to ensure compliance with inspection and regulatory frameworks for Children's Social Care",
      COP,
      'Ann McIntyre',
      '4 3 12',
      '2 2 4',
      '12 Months',
    ),
    risk(
      'COP8',
      "Failure to support policy development for the Council's priorities",
      COP,
      'Ann McIntyre',
      '4 3 12',
      '3 2 6',
      '12 months',
    ),
    risk(
      'COP9',
      'Failure to effectively deliver joint commissioned provision with Cheshire West and Chester',
      COP,
      'Ann McIntyre',
      '4 3 12',
      '3 2 6',
      '12months',
    ),
    risk(
      'CFS1',
      'Failure to ensure the continued development of Carefirst6',
      CFS,
      'Tracey Coffey',
      '4 4 16',
      '3 3 9',
      'Quarterly',
    ),
    risk(
      'CFS3',
      'Failure to improve education and employment opportunities for Care Leavers',
      CFS,
      'Tracey Coffey',
      '4 3 12',
      '4 3 12',
      '6 monthly',
    ),
    risk(
      'CFS4',
      "Failure to ensure all Children's Centres are prepared for inspection by Ofsted",
      CFS,
      'Tracey Coffey',
      '4 3 12',
      '3 2 6',
      'Quarterly',
    ),
    risk(
      'CFS5',
      'Failure to ensure continued recruitment of social workers and front line managers',
      CFS,
      'Tracey Coffey',
      '4 4 16',
      '3 3 9',
      'Quarterly',
    ),
    risk(
      'CFS6',
      'Continued increase in number of Children in Care',
      CFS,
      'Tracey Coffey',
      '4 4 16',
      '3 3 9',
      'Quarterly',
    ),
    risk(
      'LAS1',
      'Failure to provide sufficient resources to support schools and settings',
      LAS,
      'Steve Nyakatawa',
      '4 3 12',
      '3 2 6',
      'March 2015',
    ),
    risk(
      'LAS2',
      'Failure to have Link Officers for all schools',
      LAS,
      'Steve Nyakatawa',
      '4 3 12',
      '3 2 6',
      'March 2015',
    ),
    risk(
      'LAS3',
      'Failure to ensure the SEND reforms are implemented across the authority',
      LAS,
      'Steve Nyakatawa',
      '4 3 12',
      '3 2 6',
      'August 2015',
    ),
  ],
};
