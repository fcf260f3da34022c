/**
 * Loads the demo register into an empty site: settings per register (one scoring preset each),
 * risks with controls and actions, and four quarters of reviews ending in the current period.
 * Running it again changes nothing once the first risk exists.
 */
import { PLAYGROUND_MANAGERS_CHANNEL } from './playground';
import { PRESETS, periodOf, previousPeriod } from '../domain';
import type { Period, Rating } from '../domain/types';
import type { Actor, RegisterStore } from '../ports';
import { demoRegisters, type DemoRisk } from './demo-data/registers';

const rating = ([likelihood, impact]: [number, number]): Rating => ({ likelihood, impact });

/** An ISO timestamp a few days before a period ends, when owners usually answer. */
function answeredIn(period: Period, daysBeforeEnd: number, today: string): string {
  const end = new Date(`${period.end}T10:30:00Z`);
  end.setUTCDate(end.getUTCDate() - daysBeforeEnd);
  // This period's answers cannot be later than today.
  const latest = new Date(`${today}T09:00:00Z`);
  return (end < latest ? end : latest).toISOString();
}

async function loadRisk(
  store: RegisterStore,
  register: string,
  d: DemoRisk,
  periods: Period[],
  actor: Actor,
  today: string,
) {
  const first = d.history[0] ?? d.target;
  let risk = await store.createRisk(
    {
      reference: d.reference,
      aliases: [],
      title: d.title,
      description: d.description,
      cause: d.cause,
      event: d.event,
      consequence: d.consequence,
      register,
      directorate: d.directorate,
      category: d.category,
      owners: d.owners,
      delegates: [],
      cabinetMembers: d.cabinetMembers ?? [],
      inherent: rating(d.inherent),
      current: rating(first),
      target: rating(d.target),
      appetite: d.appetite,
      triggers: d.triggers,
      reviewFrequency: 'quarterly',
      timescaleToTarget: d.timescaleToTarget,
      treatment: 'treat',
      status: 'open',
      linkedRisks: [],
      controls: [],
      actions: [],
    },
    actor,
    'import',
  );
  for (const [i, c] of d.controls.entries()) {
    await store.addControl(
      risk.id,
      { title: c.title, owners: [c.owner], serviceTag: c.tag, order: i + 1 },
      actor,
    );
  }
  for (const a of d.actions) {
    await store.addAction(
      risk.id,
      {
        title: a.title,
        owners: [a.owner],
        plannedDate: a.due,
        status: a.status,
        progress: a.progress,
        progressNote: a.note,
      },
      actor,
    );
  }
  // Past quarters, then this one when the owner has already answered.
  const reviewed = d.reviewedThisPeriod ? periods : periods.slice(0, -1);
  for (const [i, period] of reviewed.entries()) {
    const current = rating(d.history[Math.min(i, d.history.length - 1)] ?? first);
    const previous = i === 0 ? undefined : rating(d.history[i - 1] ?? first);
    const changed =
      !!previous && (previous.likelihood !== current.likelihood || previous.impact !== current.impact);
    const owner = d.owners[0];
    const result = await store.recordReview({
      riskId: risk.id,
      riskEtag: risk.etag,
      actor,
      source: 'import',
      snapshot: {
        riskId: risk.id,
        riskReference: d.reference,
        periodId: period.id,
        inherent: rating(d.inherent),
        current,
        target: rating(d.target),
        currentScore: current.likelihood * current.impact,
        appetite: d.appetite,
        comment: d.comments[i] ?? '',
        recordedBy: owner,
        recordedAt: answeredIn(period, 12 - i, today),
        source: 'import',
        outcome: changed ? 'changed' : 'confirmed',
      },
    });
    risk = result.risk;
  }
  // Outstanding this quarter: the risk already carries last quarter's rating; nothing more to write.
}

/**
 * Writes the demo register unless the site already has risks. `today` decides the current quarter,
 * so the history always ends now. Returns whether anything was loaded.
 */
export async function loadDemoRegister(store: RegisterStore, actor: Actor, today: string): Promise<boolean> {
  const firstRegister = demoRegisters[0];
  if (
    !firstRegister ||
    (await store.findRiskByReference(firstRegister.name, firstRegister.risks[0]?.reference ?? ''))
  ) {
    return false;
  }
  for (const reg of demoRegisters) {
    const preset = PRESETS.find((p) => p.id === reg.preset);
    if (!preset)
      throw new Error(
        `Demo register '${reg.name}' names preset '${reg.preset}', which the domain does not have.`,
      );
    const existing = await store.getSettings(reg.name);
    await store.saveSettings(
      {
        ...existing,
        councilName: 'Northmoor County Council',
        matrix: JSON.parse(JSON.stringify(preset)),
        defaultAppetite: reg.defaultAppetite,
        // Locally the digests go to the Agents Playground's team channel; in production a manager sets it.
        managersChannelId: PLAYGROUND_MANAGERS_CHANNEL.id,
      },
      existing.etag,
      actor,
    );
    const current = periodOf(today, existing.review.periodKind, existing.financialYearStartMonth);
    const periods = [current];
    while (periods.length < 4)
      periods.unshift(previousPeriod(periods[0] as Period, existing.financialYearStartMonth));
    for (const risk of reg.risks) await loadRisk(store, reg.name, risk, periods, actor, today);
  }
  return true;
}
