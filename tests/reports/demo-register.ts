/**
 * A small register in Kent's scheme with two quarters of snapshots, covering every direction of travel:
 * the builder for the committee paper tests (and the example in the README).
 */
import { KENT } from '../../src/domain/presets';
import type { PeriodSnapshot, RegisterSettings, Risk, Rating } from '../../src/domain/types';

export const settings: RegisterSettings = {
  register: 'Corporate',
  councilName: 'Example County Council',
  matrix: KENT,
  financialYearStartMonth: 4,
  defaultAppetite: 12,
  review: {
    periodKind: 'quarter',
    leadDays: 7,
    cutOffDays: 30,
    reminderAfterDays: 7,
    escalateAfterDays: 14,
    cron: '0 8 * * 1-5',
  },
};

const person = (name: string, jobTitle: string) => ({
  name,
  jobTitle,
  email: `${name.toLowerCase().replace(/ /g, '.')}@council.example`,
});
const sarah = person('Sarah Hammond', 'Corporate Director CYPE');
const simon = person('Simon Jones', 'Corporate Director GET');
const rory = person('Rory Love', 'Education and Skills');

function risk(reference: string, title: string, current: Rating, extra: Partial<Risk> = {}): Risk {
  return {
    reference,
    aliases: [],
    title,
    description: `${title}: the council may fail to meet its statutory duties.`,
    cause: 'Demand is rising faster than the budget.',
    event: 'Failure to fulfil statutory obligations.',
    consequence: 'Serious impact on vulnerable people.',
    register: 'Corporate',
    directorate: 'CYPE',
    category: 'Service delivery',
    owners: [sarah],
    delegates: [],
    cabinetMembers: [rory],
    inherent: { likelihood: 5, impact: 5 },
    current,
    target: { likelihood: 2, impact: 3 },
    triggers: [],
    reviewFrequency: 'quarterly',
    timescaleToTarget: '1-3 years',
    status: 'open',
    linkedRisks: [],
    controls: [{ title: `Board oversight of ${reference}`, owners: [sarah], order: 1 }],
    actions: [
      {
        title: `Improvement plan for ${reference}`,
        owners: [simon],
        plannedDate: '2024-06-30',
        status: 'in-progress',
        progress: 40,
      },
    ],
    ...extra,
  };
}

export const risks: Risk[] = [
  risk('CRR0001', 'Safeguarding – protecting vulnerable children', { likelihood: 3, impact: 5 }),
  risk('CRR0056', 'SEND delivery improvement and high needs funding shortfall', { likelihood: 5, impact: 5 }),
  risk(
    'CRR0057',
    'Home to school transport pressures',
    { likelihood: 4, impact: 4 },
    { owners: [sarah, simon] },
  ),
  risk('CRR0060', 'Workforce recruitment and retention', { likelihood: 2, impact: 3 }),
  risk('CRR0061', 'Cyber attack disrupts services', { likelihood: 4, impact: 5 }),
  risk('CRR0062', 'Insufficient school places', { likelihood: 2, impact: 2 }),
  risk(
    'CRR0063',
    'Old transport contract risk',
    { likelihood: 3, impact: 3 },
    { status: 'merged', mergedInto: 'CRR0057' },
  ),
  risk('CRR0070', 'Risk with no review recorded', { likelihood: 1, impact: 1 }),
];

function snap(
  reference: string,
  periodId: string,
  current: Rating,
  extra: Partial<PeriodSnapshot> = {},
): PeriodSnapshot {
  return {
    riskReference: reference,
    periodId,
    inherent: { likelihood: 5, impact: 5 },
    current,
    target: { likelihood: 2, impact: 3 },
    currentScore: current.likelihood * current.impact,
    comment: `${reference} in ${periodId}: position reviewed with the owner.`,
    recordedBy: { name: 'Sarah Hammond' },
    recordedAt: '2024-03-20T10:00:00.000Z',
    source: 'card',
    outcome: 'confirmed',
    ...extra,
  };
}

export const Q3 = '2023/24-Q3';
export const Q4 = '2023/24-Q4';

/** Q3 and Q4 snapshots: CRR0001 unchanged, CRR0056 up, CRR0057 merged (from CRR0063), CRR0060 down, CRR0061 new, CRR0062 not reviewed. */
export const snapshots: PeriodSnapshot[] = [
  snap('CRR0001', Q3, { likelihood: 3, impact: 5 }),
  snap('CRR0001', Q4, { likelihood: 3, impact: 5 }),
  snap('CRR0056', Q3, { likelihood: 4, impact: 4 }),
  snap(
    'CRR0056',
    Q4,
    { likelihood: 5, impact: 5 },
    { outcome: 'changed', comment: 'Demand rose sharply; <b>score raised</b> = worse.' },
  ),
  snap('CRR0057', Q3, { likelihood: 4, impact: 4 }),
  snap('CRR0057', Q4, { likelihood: 4, impact: 4 }, { mergedFrom: ['CRR0063'] }),
  snap('CRR0063', Q3, { likelihood: 3, impact: 3 }),
  snap('CRR0060', Q3, { likelihood: 3, impact: 3 }),
  snap('CRR0060', Q4, { likelihood: 2, impact: 3 }, { outcome: 'changed' }),
  snap('CRR0061', Q4, { likelihood: 4, impact: 5 }),
  snap('CRR0062', Q3, { likelihood: 2, impact: 2 }),
  snap('CRR0062', Q4, { likelihood: 2, impact: 2 }, { outcome: 'not-reviewed', comment: '' }),
];
