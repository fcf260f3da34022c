/** Small builders for risks and fast seeding through `$batch` (100 adds per HTTP request). */
import type { SPFI } from '@pnp/sp';
import type { Risk } from '../../src/domain/types';
import { controlRow, payloadOf, riskRow, snapshotRow } from '../../src/sharepoint/item-codec';
import { ListTitles } from '../../src/sharepoint/schema';
import { siteCalendar } from '../../src/sharepoint/site-calendar';
import { owners } from './harness';
import { addInBatches } from '../../bench/lib/seed';

export function aRisk(overrides: Partial<Risk> = {}): Risk {
  return {
    reference: 'CRR0001',
    aliases: [],
    title: 'Failure to safeguard vulnerable children',
    description: 'Children at risk are not identified and protected.',
    cause: 'Rising demand',
    event: 'A child comes to serious harm',
    consequence: 'Harm; reputational damage',
    register: 'Corporate',
    directorate: "Children's Services",
    category: 'Safeguarding',
    owners: [owners[0]!],
    delegates: [],
    cabinetMembers: [],
    inherent: { likelihood: 4, impact: 5 },
    current: { likelihood: 3, impact: 4 },
    target: { likelihood: 2, impact: 4 },
    triggers: [],
    reviewFrequency: 'quarterly',
    timescaleToTarget: '1-3 years',
    status: 'open',
    linkedRisks: [],
    controls: [],
    actions: [],
    ...overrides,
  };
}

/** The demo site's calendar (the list service runs in London time, as the demo site does). */
export const london = siteCalendar('Europe/London');

/** Seeds `count` risks (each with one control and a Q3 snapshot) in `register`; returns risk ids. */
export async function seedRisks(
  sp: SPFI,
  count: number,
  register = 'Corporate',
  withChildren = true,
): Promise<number[]> {
  const refs = Array.from({ length: count }, (_, n) => `R${String(n + 1).padStart(5, '0')}`);
  const riskIds = await addInBatches(
    sp,
    ListTitles.risks,
    refs.map((reference) =>
      payloadOf(riskRow(aRisk({ reference, register, title: `Risk ${reference}` }), london)),
    ),
  );
  if (!withChildren) return riskIds;
  const parents = riskIds.map((riskId, n) => ({ riskId, register, reference: refs[n]! }));
  await addInBatches(
    sp,
    ListTitles.controls,
    parents.map((p) =>
      payloadOf(controlRow(p, { title: `Control of ${p.reference}`, owners: [owners[1]!] })),
    ),
  );
  await addInBatches(
    sp,
    ListTitles.snapshots,
    parents.map((p) =>
      payloadOf(
        snapshotRow(p, {
          riskReference: p.reference,
          periodId: '2024/25-Q3',
          current: { likelihood: 2, impact: 4 },
          comment: 'Reviewed at DMT',
          recordedAt: '2024-10-15T09:00:00Z',
          source: 'card',
          outcome: 'confirmed',
        }),
      ),
    ),
  );
  return riskIds;
}
