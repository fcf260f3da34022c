/**
 * Applies a ready plan in batches, reporting progress. Every row is re-read by reference just before it
 * is written, so a commit that failed half-way (or ran twice) updates what is there rather than creating
 * duplicates: running it again resumes it. All writes go through the RegisterStore with source `import`,
 * which puts them in the audit log.
 */
import type { Rating } from '../domain/types';
import type { Actor, RegisterStore, StoredRisk } from '../ports';
import { ConflictError, StorageError, ThrottledError, ValidationError } from '../ports/errors';
import type { ImportPlan, PlannedRow } from './plan';
import { diffRisk, isEmpty } from './risk-diff';

export type CommitProgress = {
  done: number;
  total: number;
  reference: string;
  result: RowResult['result'];
  batch: number;
  batches: number;
};

export type RowResult = {
  reference: string;
  rows: number[];
  result: 'created' | 'updated' | 'unchanged' | 'failed' | 'skipped';
  riskId?: number;
  /** What went wrong, when it failed: the storage layer's message names the risk and field. */
  error?: string;
  /**
   * Failed only: whether running the import again can finish it (throttling, a dropped connection, an
   * edit at the same time). A refusal (a value the register does not accept, no permission) cannot.
   */
  retryable?: boolean;
  /** Failed after part of the risk was stored: exactly what the register now holds of it. */
  written?: string;
  /** With a plan period: whether the period's snapshot was written (false when it already matched). */
  snapshotRecorded?: boolean;
};

export type CommitOptions = {
  /** Rows per batch; progress is reported per row and the next batch starts when one finishes. */
  batchSize?: number;
  /** Rows written at once within a batch. */
  concurrency?: number;
  onProgress?: (p: CommitProgress) => void;
  /** Stops before the next batch; rows already written stay written and a new commit resumes. */
  signal?: AbortSignal;
  /** Commit the rows without errors even though other rows have some (they are skipped). */
  skipRowsWithErrors?: boolean;
};

export type CommitResult = {
  results: RowResult[];
  counts: Record<RowResult['result'], number>;
  /** True when every row was written or was already up to date. */
  complete: boolean;
  /** Period snapshots written (plans with a period only). */
  snapshotsRecorded: number;
};

type Store = Pick<
  RegisterStore,
  | 'findRiskByReference'
  | 'createRisk'
  | 'updateRisk'
  | 'addControl'
  | 'updateControl'
  | 'addAction'
  | 'updateAction'
  | 'recordReview'
  | 'getHistory'
>;

// A SharePoint $batch holds 100 requests and a risk is a handful of them; 20 keeps a batch's writes
// inside one or two throttling windows while progress still moves often.
const defaultBatchSize = 20;
// Two cores and SharePoint's per-user throttling both favour a few writes in flight, not dozens.
const defaultConcurrency = 4;

/** Writes the plan; throws only when the plan is not ready (nothing is written then). */
export async function commitImport(
  plan: ImportPlan,
  store: Store,
  actor: Actor,
  options: CommitOptions = {},
): Promise<CommitResult> {
  if (!plan.ready && !options.skipRowsWithErrors) {
    const blocking = plan.issues.filter((i) => i.severity !== 'warning').length;
    throw new Error(
      `The import of ${plan.sheet} has ${blocking} problem(s); nothing was written. Fix them (see the dry run) or ` +
        'commit only the rows without problems.',
    );
  }
  const todo = plan.rows;
  const size = Math.max(1, options.batchSize ?? defaultBatchSize);
  const batches = Math.ceil(todo.length / size);
  const results: RowResult[] = [];
  let done = 0;
  for (let b = 0; b < batches; b++) {
    if (options.signal?.aborted) break;
    const batch = todo.slice(b * size, (b + 1) * size);
    const batchResults = await mapLimited(batch, options.concurrency ?? defaultConcurrency, async (row) => {
      const result = row.outcome === 'error' ? skipped(row) : await applyRow(plan, row, store, actor);
      done++;
      options.onProgress?.({
        done,
        total: todo.length,
        reference: row.reference,
        result: result.result,
        batch: b + 1,
        batches,
      });
      return result;
    });
    results.push(...batchResults);
  }
  const counts: CommitResult['counts'] = { created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 };
  for (const r of results) counts[r.result]++;
  return {
    results,
    counts,
    complete: results.length === todo.length && counts.failed === 0 && counts.skipped === 0,
    snapshotsRecorded: results.filter((r) => r.snapshotRecorded).length,
  };
}

function skipped(row: PlannedRow): RowResult {
  return {
    reference: row.reference,
    rows: row.rows,
    result: 'skipped',
    error: 'the row has problems (see the dry run)',
  };
}

async function applyRow(plan: ImportPlan, row: PlannedRow, store: Store, actor: Actor): Promise<RowResult> {
  const base = { reference: row.reference, rows: row.rows };
  try {
    const existing = await store.findRiskByReference(plan.register, row.reference);
    let risk: StoredRisk;
    let result: RowResult['result'];
    if (!existing) {
      risk = await store.createRisk(row.risk, actor, 'import');
      result = 'created';
    } else {
      const applied = await applyChanges(plan, row, existing, store, actor);
      risk = applied.risk;
      result = applied.changed ? 'updated' : 'unchanged';
    }
    const out: RowResult = { ...base, result, riskId: risk.id };
    if (plan.periodId && row.risk.current)
      out.snapshotRecorded = await recordSnapshot(plan.periodId, row, risk, store, actor);
    return out;
  } catch (err) {
    return { ...base, ...(await failure(plan, row, store, err)) };
  }
}

/** Whether a rerun can finish a write that failed with `err`. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof ThrottledError || err instanceof ConflictError) return true;
  if (err instanceof ValidationError) return false;
  if (err instanceof StorageError) return err.status === undefined || err.status >= 500;
  // A plain error from the transport (fetch's TypeError, a reset socket): no answer was received.
  return !(err instanceof Error && /not (allowed|permitted)|invalid|refused a value/i.test(err.message));
}

/**
 * A failed row as it is: the risk re-read by reference, so a risk stored with only some of its controls
 * and actions says which (never just "failed" for a stored risk).
 */
async function failure(
  plan: ImportPlan,
  row: PlannedRow,
  store: Store,
  err: unknown,
): Promise<Pick<RowResult, 'result' | 'error' | 'retryable' | 'written' | 'riskId'>> {
  const error = err instanceof Error ? err.message : String(err);
  const out = { result: 'failed' as const, error, retryable: isRetryable(err) };
  let stored: StoredRisk | undefined;
  try {
    stored = await store.findRiskByReference(plan.register, row.reference);
  } catch {
    return { ...out, written: `could not re-read ${row.reference} to tell what was stored` };
  }
  if (!stored) return { ...out, written: 'nothing' };
  const has = (list: { title: string }[], title: string) => list.some((c) => c.title === title);
  const missingControls = row.risk.controls.filter((c) => !has(stored.controls, c.title));
  const missingActions = row.risk.actions.filter((a) => !has(stored.actions, a.title));
  const missing = [
    ...missingControls.map((c) => `control "${c.title}"`),
    ...missingActions.map((a) => `action "${a.title}"`),
  ];
  return {
    ...out,
    riskId: stored.id,
    written:
      `${row.reference} is stored with ${stored.controls.length} control(s) and ${stored.actions.length} action(s)` +
      (missing.length ? `; not stored: ${missing.join(', ')}` : ''),
  };
}

const sameRating = (a: Rating | undefined, b: Rating | undefined) =>
  a?.likelihood === b?.likelihood && a?.impact === b?.impact;

/** Records the row as the period's snapshot unless one with the same ratings and comment exists. */
async function recordSnapshot(
  periodId: string,
  row: PlannedRow,
  risk: StoredRisk,
  store: Store,
  actor: Actor,
): Promise<boolean> {
  const comment = row.comment ?? '';
  const existing = (await store.getHistory(risk.id)).find((s) => s.periodId === periodId);
  if (
    existing &&
    sameRating(existing.current, row.risk.current) &&
    sameRating(existing.inherent, row.risk.inherent) &&
    sameRating(existing.target, row.risk.target) &&
    existing.comment.trim() === comment.trim()
  ) {
    return false;
  }
  const current = row.risk.current as Rating;
  await store.recordReview({
    riskId: risk.id,
    riskEtag: risk.etag,
    actor,
    source: 'import',
    snapshot: {
      riskReference: risk.reference,
      periodId,
      ...(row.risk.inherent ? { inherent: row.risk.inherent } : {}),
      current,
      ...(row.risk.target ? { target: row.risk.target } : {}),
      currentScore: current.likelihood * current.impact,
      ...(row.risk.appetite !== undefined ? { appetite: row.risk.appetite } : {}),
      comment,
      recordedAt: new Date().toISOString(),
      source: 'import',
      outcome: 'confirmed',
    },
  });
  return true;
}

async function applyChanges(
  plan: ImportPlan,
  row: PlannedRow,
  existing: StoredRisk,
  store: Store,
  actor: Actor,
): Promise<{ changed: boolean; risk: StoredRisk }> {
  const changes = diffRisk(existing, row.risk, plan.mappedFields);
  if (isEmpty(changes)) return { changed: false, risk: existing };
  let risk = existing;
  if (changes.fields.length > 0)
    risk = await store.updateRisk(existing.id, changes.patch, existing.etag, actor, 'import');
  const storedControls = existing.controls as ((typeof existing.controls)[number] & { etag?: string })[];
  for (const c of changes.controls.add) await store.addControl(existing.id, c, actor, 'import');
  for (const u of changes.controls.update) {
    const etag = storedControls.find((c) => c.id === u.id)?.etag ?? '*';
    await store.updateControl(u.id, { ...u.next, id: u.id }, etag, actor, 'import');
  }
  const storedActions = existing.actions as ((typeof existing.actions)[number] & { etag?: string })[];
  for (const a of changes.actions.add) await store.addAction(existing.id, a, actor, 'import');
  for (const u of changes.actions.update) {
    const etag = storedActions.find((a) => a.id === u.id)?.etag ?? '*';
    await store.updateAction(u.id, { ...u.next, id: u.id }, etag, actor, 'import');
  }
  return { changed: true, risk };
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}
