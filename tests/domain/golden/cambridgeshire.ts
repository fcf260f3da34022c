/**
 * Cambridgeshire County Council, People & Communities risk register, 11 September 2018 (seed 002).
 * Each risk has a residual risk level (a score) and a risk appetite (a score); the heat map places each
 * risk's number in its likelihood x consequence cell. Senior officers review the register monthly.
 */
import { printed, type Paper } from './paper';

const level = (residualScore: string, appetite: number) => ({ residualScore, appetite });

export const CAMBRIDGESHIRE_PAPER: Paper = {
  council: 'Cambridgeshire',
  matrixId: 'cambridgeshire',
  period: '2018/19 Q2',
  reviewFrequency: 'monthly',
  risks: [
    printed(
      '1',
      "Failure of the Council's arrangements for safeguarding vulnerable children and adults",
      level('15', 10),
    ),
    printed(
      '2',
      "Failure to provide our legal requirement for every child of statutory school age to access a place and within a 'reasonable' distance from their home / Cut in Government funding for school places",
      level('12', 12),
    ),
    printed('3', 'Insufficient capacity to manage organisational change', level('12', 9)),
    printed('4', 'Failure to attract or retain a sufficient social care workforce', level('12', 12)),
    printed(
      '5',
      'Insufficient capacity of Early Help Services to support children, young people and families',
      level('12', 9),
    ),
    printed(
      '6',
      'Insufficient availability of supported housing schemes due to the impact of Government funding changes',
      level('3', 3),
    ),
    printed(
      '7',
      'Insufficient availability of affordable Looked After Children (LAC) placements',
      level('12', 12),
    ),
    printed('8', 'Insufficient availability of care services at affordable rates', level('15', 15)),
    printed(
      '9',
      'Vulnerable aspects of the care market are fragile and therefore lack of market capacity to meet need',
      level('15', 12),
    ),
    printed('10', 'Partnership agreements with NHS are not agreed between partners', level('16', 16)),
    printed(
      '11',
      'Children and young people do not reach their potential (educational attainment)',
      level('12', 12),
    ),
    printed(
      '12',
      'Failure of information and data systems, particularly with the implementation of MOSAIC',
      level('15', 15),
    ),
    printed('13', 'Failure of key partnerships', level('12', 12)),
    printed('14', 'Failure to work within regulation and/or regulatory frameworks', level('8', 8)),
    printed(
      '15',
      'Failure of the council to prevent and delay demand for statutory interventions',
      level('9', 9),
    ),
    printed(
      '16',
      'Increased prevalence of adolescent young people entering the criminal justice system.',
      level('6', 6),
    ),
    printed('17', 'Increased demand for domestic abuse and sexual violence services.', level('6', 6)),
  ],
};

/**
 * The heat map as printed: likelihood row -> consequence column -> risk numbers in that cell.
 * (Rows 5 to 1 top to bottom; the paper's grid has no entries in consequence columns 1 and 2.)
 */
export const CAMBRIDGESHIRE_HEAT_MAP: Record<number, Record<number, number[]>> = {
  5: { 3: [8, 9] },
  4: { 3: [4, 13], 4: [10] },
  3: { 3: [15], 4: [2, 3, 5, 7, 11], 5: [1, 12] },
  2: { 3: [16, 17], 4: [14] },
  1: { 3: [6] },
};
