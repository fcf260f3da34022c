/**
 * The demo register, written for this product in the style of the councils' papers (not copied
 * from them): five registers, one per scoring scheme, with causes, controls, actions and a history
 * of quarterly reviews. Ratings are [likelihood, impact] scale values; history runs oldest first,
 * ending with the current rating.
 */
import type { ActionStatus, Person } from '../../domain/types';
import { helen, morgan, priya, tom } from './people';

export type DemoRisk = {
  reference: string;
  title: string;
  description: string;
  cause: string;
  event: string;
  consequence: string;
  directorate: string;
  category: string;
  owners: Person[];
  cabinetMembers?: Person[];
  inherent: [number, number];
  target: [number, number];
  /** Current rating per quarter, oldest first; the last is the risk's current rating. */
  history: [number, number][];
  /** Comment per quarter, same order. */
  comments: string[];
  /** Whether the owner has already reviewed the current quarter. */
  reviewedThisPeriod: boolean;
  appetite?: number;
  timescaleToTarget: string;
  triggers: string[];
  controls: { title: string; owner: Person; tag?: string }[];
  actions: {
    title: string;
    owner: Person;
    due: string;
    status: ActionStatus;
    progress: number;
    note?: string;
  }[];
};

export type DemoRegister = { name: string; preset: string; defaultAppetite?: number; risks: DemoRisk[] };

const steady = (r: [number, number], n = 4): [number, number][] => Array.from({ length: n }, () => r);

export const demoRegisters: DemoRegister[] = [
  {
    name: "Children's Services",
    preset: 'gloucestershire',
    defaultAppetite: 12,
    risks: [
      {
        reference: 'CS01',
        title: 'Sufficiency of placements for children in care',
        description:
          'Not enough local foster and residential places to match the needs of children coming into care.',
        cause:
          'Rising numbers of children with complex needs; fewer approved foster carers; national market pressures.',
        event: 'Children are placed far from home or in unregistered provision.',
        consequence:
          'Poorer outcomes for children, overspend on the placements budget and regulatory criticism.',
        directorate: "Children's Services",
        category: 'Safeguarding',
        owners: [priya],
        inherent: [5, 5],
        target: [3, 4],
        history: [
          [4, 5],
          [4, 5],
          [4, 4],
          [4, 4],
        ],
        comments: [
          'Two residential homes approved by the regulator; demand still above local capacity.',
          'Foster carer recruitment campaign launched. No change to the rating this quarter.',
          'Impact reduced as the commissioning framework now covers specialist places.',
          'Rating confirmed. Placement panel reviews every out-of-area placement monthly.',
        ],
        reviewedThisPeriod: true,
        timescaleToTarget: '1-3 years',
        triggers: [
          'Out-of-area placements above 15% of children in care',
          'Any use of unregistered provision',
        ],
        controls: [
          { title: 'Weekly placement panel chaired by the Head of Service', owner: priya, tag: 'CSC' },
          { title: 'Regional commissioning framework for specialist placements', owner: helen, tag: 'C&A' },
        ],
        actions: [
          {
            title: 'Open a third in-house residential home',
            owner: priya,
            due: '2027-03-31',
            status: 'in-progress',
            progress: 55,
          },
          {
            title: 'Recruit 25 new foster households',
            owner: priya,
            due: '2027-06-30',
            status: 'in-progress',
            progress: 40,
            note: '11 households approved so far.',
          },
        ],
      },
      {
        reference: 'CS02',
        title: 'Recruitment and retention of qualified social workers',
        description: 'High vacancy and agency rates in frontline social work teams.',
        cause: 'Competition from neighbouring authorities and agencies; caseload pressure.',
        event: 'Teams cannot hold safe caseloads.',
        consequence: 'Delays in assessments and visits; increased cost of agency staff.',
        directorate: "Children's Services",
        category: 'Workforce',
        owners: [priya],
        inherent: [5, 4],
        target: [2, 4],
        history: [
          [4, 4],
          [4, 4],
          [3, 4],
          [3, 4],
        ],
        comments: [
          'Agency rate 28%. Market supplement agreed for hard-to-fill posts.',
          'First cohort of the social work academy started.',
          'Agency rate down to 19%; likelihood reduced.',
          'Rating unchanged; retention payments under review.',
        ],
        reviewedThisPeriod: false,
        timescaleToTarget: '1-3 years',
        triggers: ['Agency rate above 20%', 'Average caseload above 20 children'],
        controls: [
          { title: 'Monthly workforce board tracking vacancies, caseloads and agency use', owner: priya },
          { title: 'Social work academy for newly qualified staff', owner: priya },
        ],
        actions: [
          {
            title: 'Second academy cohort of 12 newly qualified social workers',
            owner: priya,
            due: '2027-01-31',
            status: 'in-progress',
            progress: 70,
          },
        ],
      },
      {
        reference: 'CS03',
        title: 'Special educational needs high needs block overspend',
        description: 'Demand for education, health and care plans exceeds the high needs funding block.',
        cause: 'Growth in plans and in independent specialist school placements.',
        event: 'The dedicated schools grant deficit keeps growing.',
        consequence: 'Pressure on the council’s reserves and on the medium-term financial plan.',
        directorate: "Children's Services",
        category: 'Financial',
        owners: [priya, helen],
        inherent: [5, 5],
        target: [3, 4],
        history: [
          [4, 4],
          [5, 4],
          [5, 4],
          [5, 4],
        ],
        comments: [
          'Deficit management plan agreed with the Department for Education.',
          'Likelihood raised: new plans up 14% on last year.',
          'Rating confirmed; two new specialist units agreed.',
          'No change. Deficit forecast reported to Cabinet.',
        ],
        reviewedThisPeriod: false,
        timescaleToTarget: '3+ years',
        triggers: ['Deficit forecast worse than plan by more than 5%'],
        controls: [{ title: 'Deficit management plan monitored monthly by the Schools Forum', owner: helen }],
        actions: [
          {
            title: 'Open two specialist resource bases in mainstream schools',
            owner: priya,
            due: '2026-09-30',
            status: 'overdue',
            progress: 60,
            note: 'Building works delayed.',
          },
        ],
      },
    ],
  },
  {
    name: 'Adults and Health',
    preset: 'medway',
    risks: [
      {
        reference: 'AH01',
        title: 'Fragility of the home care market',
        description: 'Providers of home care cannot recruit enough carers to meet assessed needs.',
        cause: 'Low pay in the sector, rural travel times and rising demand.',
        event: 'Care packages cannot be started or are handed back.',
        consequence: 'Delayed hospital discharges and unmet need in the community.',
        directorate: 'Adult Social Care',
        category: 'Market',
        owners: [tom],
        inherent: [5, 4],
        target: [3, 3],
        history: [
          [4, 4],
          [4, 3],
          [4, 3],
          [3, 3],
        ],
        comments: [
          'Unmet hours at 2,100 a week.',
          'Fee uplift agreed; unmet hours falling.',
          'Rating confirmed; international recruitment scheme supporting providers.',
          'Likelihood reduced: unmet hours below 600 a week for three months.',
        ],
        reviewedThisPeriod: true,
        timescaleToTarget: 'At target',
        triggers: ['Unmet home care hours above 1,000 a week'],
        controls: [
          { title: 'Weekly provider sustainability calls', owner: tom, tag: 'ASC' },
          { title: 'Fair cost of care fee model', owner: helen, tag: 'ASC' },
        ],
        actions: [
          {
            title: 'Commission a rural home care framework',
            owner: tom,
            due: '2027-04-30',
            status: 'in-progress',
            progress: 35,
          },
        ],
      },
      {
        reference: 'AH02',
        title: 'Deprivation of Liberty Safeguards assessment backlog',
        description: 'Applications waiting for assessment beyond the statutory timescales.',
        cause: 'Too few Best Interests Assessors for the number of applications.',
        event: 'People are deprived of their liberty without authorisation.',
        consequence: 'Legal challenge and harm to people who lack capacity.',
        directorate: 'Adult Social Care',
        category: 'Legal',
        owners: [tom],
        inherent: [4, 3],
        target: [3, 3],
        history: [
          [4, 3],
          [4, 3],
          [4, 3],
          [4, 3],
        ],
        comments: [
          'Backlog 640 applications.',
          'Risk-based prioritisation tool in place.',
          'Backlog 580; no change to rating.',
          'Rating unchanged pending the new assessor team.',
        ],
        reviewedThisPeriod: false,
        timescaleToTarget: '1-3 years',
        triggers: ['Backlog above 500 applications'],
        controls: [
          {
            title: 'Prioritisation of applications using the national screening tool',
            owner: tom,
            tag: 'ASC',
          },
        ],
        actions: [
          {
            title: 'Train six more Best Interests Assessors',
            owner: tom,
            due: '2027-02-28',
            status: 'not-started',
            progress: 0,
          },
        ],
      },
    ],
  },
  {
    name: 'Corporate',
    preset: 'kent',
    defaultAppetite: 12,
    risks: [
      {
        reference: 'CRR01',
        title: 'Medium-term financial sustainability',
        description:
          'The council cannot set a balanced budget over the medium term without unplanned use of reserves.',
        cause: 'Demand-led pressures in social care, inflation and uncertain government funding.',
        event: 'Savings plans fall short of the gap in the medium-term financial plan.',
        consequence: 'Section 114 notice risk, cuts to services and loss of confidence.',
        directorate: 'Finance and Resources',
        category: 'Financial',
        owners: [helen],
        inherent: [5, 5],
        target: [3, 4],
        history: [
          [4, 5],
          [4, 5],
          [4, 5],
          [4, 4],
        ],
        comments: [
          'Gap of £18m over three years before savings.',
          'Savings programme of £11m approved by Council.',
          'Rating confirmed; spending controls in place.',
          'Impact reduced after the settlement confirmed multi-year funding.',
        ],
        reviewedThisPeriod: true,
        timescaleToTarget: '1-3 years',
        triggers: ['Forecast overspend above 1% of net budget', 'General reserve below £20m'],
        controls: [
          { title: 'Monthly budget monitoring to Corporate Management Team and Cabinet', owner: helen },
          { title: 'Spending control panel for non-essential spend', owner: helen },
        ],
        actions: [
          {
            title: 'Deliver the 2026/27 savings programme',
            owner: helen,
            due: '2027-03-31',
            status: 'in-progress',
            progress: 65,
          },
          {
            title: 'Refresh the reserves strategy',
            owner: helen,
            due: '2026-10-31',
            status: 'completed',
            progress: 100,
          },
        ],
      },
      {
        reference: 'CRR02',
        title: 'Cyber attack disrupting council services',
        description: 'A successful cyber attack (for example ransomware) takes key systems offline.',
        cause: 'Increasingly capable attackers; legacy systems; phishing.',
        event: 'Systems and data become unavailable or are stolen.',
        consequence: 'Services cannot be delivered, data breach, fines and recovery cost.',
        directorate: 'Finance and Resources',
        category: 'Technology',
        owners: [helen, morgan],
        inherent: [5, 5],
        target: [3, 5],
        history: [
          [4, 5],
          [4, 5],
          [4, 5],
          [4, 5],
        ],
        comments: [
          'Phishing exercise: 6% click rate.',
          'Immutable backups in place for all critical systems.',
          'No change; national threat level remains high.',
          'Rating confirmed after the annual penetration test.',
        ],
        reviewedThisPeriod: false,
        timescaleToTarget: 'At target',
        triggers: ['Critical vulnerability unpatched for more than 14 days'],
        controls: [
          { title: 'Immutable offline backups tested quarterly', owner: helen },
          { title: 'Mandatory cyber awareness training', owner: morgan },
        ],
        actions: [
          {
            title: 'Replace the legacy social care case system',
            owner: helen,
            due: '2027-09-30',
            status: 'in-progress',
            progress: 20,
          },
        ],
      },
      {
        reference: 'CRR03',
        title: 'Civil contingencies and business continuity',
        description:
          'The council cannot respond to a major incident while keeping critical services running.',
        cause: 'Severe weather, pandemic, loss of power or of a key supplier.',
        event: 'A major incident overwhelms plans.',
        consequence: 'Harm to residents and failure of statutory duties.',
        directorate: 'Chief Executive’s Office',
        category: 'Resilience',
        owners: [morgan],
        inherent: [4, 4],
        target: [2, 4],
        history: [
          [3, 4],
          [3, 4],
          [2, 4],
          [2, 4],
        ],
        comments: [
          'Business continuity plans 80% up to date.',
          'Winter exercise completed with partners.',
          'Likelihood reduced: all plans reviewed.',
          'At target; rating confirmed.',
        ],
        reviewedThisPeriod: true,
        timescaleToTarget: 'At target',
        triggers: ['Any critical service without a tested continuity plan'],
        controls: [{ title: 'Annual exercise with the Local Resilience Forum', owner: morgan }],
        actions: [],
      },
    ],
  },
  {
    name: 'Communities',
    preset: 'cambridgeshire',
    defaultAppetite: 10,
    risks: [
      {
        reference: 'COM1',
        title: 'Temporary accommodation demand',
        description: 'Homeless households needing temporary accommodation exceed supply.',
        cause: 'Private rents rising faster than housing allowances.',
        event: 'Use of bed and breakfast for families beyond six weeks.',
        consequence: 'Harm to families and a growing budget pressure.',
        directorate: 'Place and Communities',
        category: 'Housing',
        owners: [morgan],
        inherent: [5, 4],
        target: [3, 3],
        history: [
          [4, 4],
          [4, 4],
          [4, 4],
          [5, 4],
        ],
        comments: [
          '210 households in temporary accommodation.',
          'Leasing scheme launched with local landlords.',
          'No change to the rating.',
          'Likelihood raised: 260 households, 14 families in B&B.',
        ],
        reviewedThisPeriod: false,
        timescaleToTarget: '1-3 years',
        triggers: ['Any family in bed and breakfast for more than six weeks'],
        controls: [{ title: 'Homelessness prevention fund', owner: morgan }],
        actions: [
          {
            title: 'Buy 40 homes for use as temporary accommodation',
            owner: helen,
            due: '2027-03-31',
            status: 'in-progress',
            progress: 30,
          },
        ],
      },
    ],
  },
  {
    name: 'Resources',
    preset: 'halton',
    risks: [
      {
        reference: 'RES1',
        title: 'Capital programme cost inflation',
        description: 'Construction inflation pushes capital schemes over budget.',
        cause: 'Material and labour costs; contractor insolvency.',
        event: 'Schemes need extra funding or are paused.',
        consequence: 'Delay to school places and highway works; extra borrowing.',
        directorate: 'Finance and Resources',
        category: 'Financial',
        owners: [helen],
        inherent: [4, 4],
        target: [2, 3],
        history: steady([3, 4]),
        comments: [
          'Three schemes reported over budget.',
          'Gateway reviews introduced for schemes over £1m.',
          'No change.',
          'Rating confirmed; contingency held centrally.',
        ],
        reviewedThisPeriod: true,
        timescaleToTarget: '1-3 years',
        triggers: ['Any scheme forecast more than 10% over budget'],
        controls: [{ title: 'Capital board gateway reviews', owner: helen }],
        actions: [
          {
            title: 'Re-tender the highways term contract',
            owner: helen,
            due: '2027-05-31',
            status: 'not-started',
            progress: 0,
          },
        ],
      },
    ],
  },
];
