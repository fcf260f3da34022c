/**
 * Gathers what a committee paper needs from the register's storage: settings, the period's risks with
 * their snapshots, and each reported risk's snapshot history (every open risk's: one not reviewed this
 * period is reported with its latest reviewed snapshot). The tab's report dialog and the report
 * CLI both call `createCommitteePaper`.
 */
import { periodById } from '../domain/periods';
import type { PeriodSnapshot } from '../domain/types';
import type { RegisterStore } from '../ports';
import { buildPaper, type CommitteePaper, type PaperOptions } from './paper-model';
import { renderPaperDocx } from './paper-docx';

export type PaperProgress = {
  step: 'settings' | 'register' | 'history' | 'document';
  done: number;
  total: number;
};

export type PaperRequest = {
  register: string;
  /** Canonical period id, e.g. `2023/24-Q4`. */
  periodId: string;
  options?: PaperOptions;
  onProgress?: (p: PaperProgress) => void;
};

type Store = Pick<RegisterStore, 'getSettings' | 'loadRegisterView' | 'getHistory'>;

// History reads are one request per reported risk; a few at a time keeps within SharePoint throttling.
const historyConcurrency = 4;

/** The paper as data, from stored snapshots. Throws an Error naming the period when it is not valid. */
export async function loadPaper(store: Store, request: PaperRequest): Promise<CommitteePaper> {
  const progress = request.onProgress ?? (() => undefined);
  progress({ step: 'settings', done: 0, total: 1 });
  const settings = await store.getSettings(request.register);
  const period = periodById(request.periodId, settings.financialYearStartMonth);
  if (!period.ok) {
    throw new Error(
      `"${request.periodId}" is not a period: ${period.errors.map((e) => e.message).join(' ')} Use an id like 2023/24-Q4.`,
    );
  }
  progress({ step: 'register', done: 0, total: 1 });
  const view = await store.loadRegisterView({ register: request.register, periodId: period.value.id });
  // Every open risk is reported: one not reviewed this period needs its history for its last review.
  const withSnapshot = view.rows.filter((r) => r.snapshot || r.risk.status === 'open');
  const snapshots: PeriodSnapshot[] = [];
  let done = 0;
  let next = 0;
  const workers = Array.from({ length: Math.min(historyConcurrency, withSnapshot.length) }, async () => {
    while (next < withSnapshot.length) {
      const row = withSnapshot[next++];
      if (!row) break;
      const history = await store.getHistory(row.risk.id);
      snapshots.push(...history.map((s) => ({ ...s, riskReference: row.risk.reference })));
      progress({ step: 'history', done: ++done, total: withSnapshot.length });
    }
  });
  await Promise.all(workers);
  // The view's own snapshot of the period is authoritative if a history read missed it.
  for (const row of withSnapshot) {
    const s = row.snapshot;
    if (s && !snapshots.some((h) => h.riskReference === row.risk.reference && h.periodId === s.periodId)) {
      snapshots.push({ ...s, riskReference: row.risk.reference });
    }
  }
  return buildPaper({
    settings: view.settings,
    period: period.value,
    risks: view.rows.map((r) => r.risk),
    snapshots,
    ...(request.options ? { options: request.options } : {}),
  });
}

/** The committee paper as .docx bytes, with progress for a dialog. */
export async function createCommitteePaper(
  store: Store,
  request: PaperRequest,
): Promise<{ paper: CommitteePaper; docx: Uint8Array }> {
  const paper = await loadPaper(store, request);
  request.onProgress?.({ step: 'document', done: 0, total: 1 });
  const docx = await renderPaperDocx(paper);
  request.onProgress?.({ step: 'document', done: 1, total: 1 });
  return { paper, docx };
}
