/**
 * A review run for a period: select the due risks of every register, create their review requests
 * (unique keys make this idempotent) BEFORE anything is sent, then send what is pending. The cron walk
 * runs this for the period about to start, chases open periods and closes those past cut-off; the CLI
 * runs a single period.
 */
import { Cron } from 'croner';
import { calendarDay, DEFAULT_TIME_ZONE } from './clock';
import { dueWindows, periodById, reviewWindows, type Period } from '../domain';
import type { ReviewRequest, Stored } from '../ports';
import { chasePeriod, type ChaseReport } from './chasing';
import type { ReviewDeps } from './context';
import type { Dispatcher } from './dispatcher';
import { dueBy } from './review-cards';
import { selectDueRequests, type SelectionProblem } from './selection';
import { sendPending, type SendReport } from './sender';

export type RegisterRun = {
  register: string;
  period: Period;
  due: number;
  created: number;
  alreadyRequested: number;
  alreadyReviewed: string[];
  problems: SelectionProblem[];
  /** Set when the register was skipped, with the reason. */
  skipped?: string;
};

export type RunReport = {
  periodId: string;
  dryRun: boolean;
  registers: RegisterRun[];
  send?: SendReport;
};

export type RunOptions = { periodId: string; register?: string; dryRun?: boolean };

/** Runs one period: requests first, then sends. A dry run reads and reports only. */
export async function runPeriod(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  options: RunOptions,
): Promise<RunReport> {
  const dryRun = options.dryRun ?? false;
  const registers = options.register ? [options.register] : await deps.store.listRegisters();
  const report: RunReport = { periodId: options.periodId, dryRun, registers: [] };
  const existing = new Set(
    (await deps.requests.listRequests({ periodId: options.periodId })).map((r) => r.key.toLowerCase()),
  );
  let anyValid = false;
  for (const register of registers) {
    const settings = await deps.store.getSettings(register);
    const parsed = periodById(options.periodId, settings.financialYearStartMonth);
    if (!parsed.ok) {
      throw new Error(`${parsed.errors.map((e) => e.message).join(' ')} (register ${register})`);
    }
    anyValid = true;
    const period = parsed.value;
    const base = {
      register,
      period,
      due: 0,
      created: 0,
      alreadyRequested: 0,
      alreadyReviewed: [] as string[],
      problems: [] as SelectionProblem[],
    };
    // Today in the service's zone (REVIEW_TIMEZONE): in London the UTC date is still yesterday in the
    // first hour of a BST day.
    const today = calendarDay(deps.clock.now(), deps.timeZone);
    if (today > dueBy(settings, period)) {
      report.registers.push({
        ...base,
        skipped: `${period.label} closed on ${dueBy(settings, period)} for register ${register}; no cards are sent for a closed period.`,
      });
      continue;
    }
    const view = await deps.store.loadRegisterView({ register, periodId: period.id });
    const selection = selectDueRequests(view.rows, period, settings);
    const fresh = selection.requests.filter((r) => !existing.has(r.key.toLowerCase()));
    report.registers.push({
      ...base,
      due: new Set(selection.requests.map((r) => r.riskId)).size,
      created: dryRun ? 0 : fresh.length,
      alreadyRequested: selection.requests.length - fresh.length,
      alreadyReviewed: selection.alreadyReviewed,
      problems: selection.problems,
    });
    for (const p of selection.problems) deps.log.warn(p.problem, { register });
    if (dryRun) {
      report.registers.at(-1)!.skipped = `Dry run: would create ${fresh.length} review requests.`;
      continue;
    }
    if (selection.requests.length > 0) await deps.requests.ensureRequests(selection.requests);
  }
  if (!anyValid)
    throw new Error('There are no registers to review. Provision a register first (`npm run provision`).');
  if (!dryRun) report.send = await sendPending(deps, dispatcher, options.periodId);
  return report;
}

export type StatusReport = {
  periodId: string;
  counts: Record<ReviewRequest['status'], number>;
  requests: Stored<ReviewRequest>[];
};

/** Where every request of a period stands (the CLI's `status`). */
export async function periodStatus(deps: ReviewDeps, periodId: string): Promise<StatusReport> {
  const requests = await deps.requests.listRequests({ periodId });
  const counts = { pending: 0, sent: 0, answered: 0, reminded: 0, escalated: 0, unreachable: 0, closed: 0 };
  for (const r of requests) counts[r.status]++;
  return { periodId, counts, requests };
}

export type WalkReport = { runs: RunReport[]; chases: { periodId: string; report: ChaseReport }[] };

/**
 * One scheduled walk at `now`: for each register, run the period that starts within its lead days
 * (or has started and is still open), and chase or close the period before it.
 */
export async function walk(deps: ReviewDeps, dispatcher: Dispatcher): Promise<WalkReport> {
  const out: WalkReport = { runs: [], chases: [] };
  const today = calendarDay(deps.clock.now(), deps.timeZone);
  const toRun = new Set<string>();
  const toChase = new Set<string>();
  for (const register of await deps.store.listRegisters()) {
    const settings = await deps.store.getSettings(register);
    // The one window rule the tab's review status shows too (domain/review-window.ts): run the periods
    // open and due today, chase every period around today.
    for (const w of dueWindows(settings, today)) toRun.add(`${register}\u0000${w.period.id}`);
    for (const w of reviewWindows(settings, today)) toChase.add(w.period.id);
  }
  for (const key of toRun) {
    const [register, periodId] = key.split('\u0000') as [string, string];
    try {
      out.runs.push(await runPeriod(deps, dispatcher, { periodId, register }));
    } catch (err) {
      deps.log.error(
        `Scheduled run of ${periodId} for ${register} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  for (const periodId of toChase) {
    try {
      out.chases.push({ periodId, report: await chasePeriod(deps, dispatcher, periodId) });
    } catch (err) {
      deps.log.error(`Chasing ${periodId} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

/**
 * Starts the in-process schedule in the service's zone (REVIEW_TIMEZONE, default Europe/London) from
 * the override (REVIEW_SCHEDULE) or the first register's cron expression; each tick walks every
 * register. `protect` stops a slow walk overlapping the next tick.
 */
export async function startSchedule(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  cronOverride?: string,
): Promise<{ stop(): void; cron: string; nextRun(): Date | undefined }> {
  let cron = cronOverride;
  if (!cron) {
    const first = (await deps.store.listRegisters())[0];
    cron = first ? (await deps.store.getSettings(first)).review.cron : '0 8 * * 1-5';
  }
  const job = new Cron(cron, { timezone: deps.timeZone ?? DEFAULT_TIME_ZONE, protect: true }, async () => {
    try {
      await walk(deps, dispatcher);
    } catch (err) {
      deps.log.error(`Scheduled walk failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return { stop: () => job.stop(), cron, nextRun: () => job.nextRun() ?? undefined };
}

/**
 * Sends again, in the new chat, every card still owed in a chat that was replaced for its owner
 * (the Agents Playground's chat after a restart): one pass over each period with such a card.
 */
export async function resendOwedIn(
  deps: ReviewDeps,
  dispatcher: Dispatcher,
  replacedChat: string,
): Promise<SendReport[]> {
  const owed = (await deps.requests.listOutstanding()).filter((r) => r.conversationId === replacedChat);
  const reports: SendReport[] = [];
  for (const periodId of new Set(owed.map((r) => r.periodId))) {
    reports.push(await sendPending(deps, dispatcher, periodId));
  }
  return reports;
}
