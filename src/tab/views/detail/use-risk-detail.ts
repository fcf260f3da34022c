/** Loads one risk with its period history and audit trail; `reload` after a save or from Retry. */
import { useCallback, useEffect, useState } from 'react';
import { neutraliseBidiDeep } from '../../../domain/display-text';
import type { PeriodSnapshot } from '../../../domain/types';
import type { AuditEntry, RegisterStore, Stored, StoredRisk } from '../../../ports';
import type { Loadable } from '../../data/use-register-data';
import { describeProblem } from '../../lib/errors';

export type RiskDetailData = {
  risk: StoredRisk;
  history: Stored<PeriodSnapshot>[];
  audit: AuditEntry[];
};

/** The risk, its snapshots (oldest first) and audit entries (newest first). */
export function useRiskDetail(store: RegisterStore, id: number) {
  const [state, setState] = useState<Loadable<RiskDetailData>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setState((s) => (s.status === 'ready' ? { ...s, refreshing: true } : { status: 'loading' }));
    (async () => {
      const risk = await store.getRisk(id);
      const [history, audit] = await Promise.all([store.getHistory(id), store.getAudit(risk.id)]);
      // Shown as stored: bidi controls in people's text cannot reorder what the page displays.
      return neutraliseBidiDeep({
        risk,
        history: [...history].sort((a, b) => a.periodId.localeCompare(b.periodId)),
        audit: [...audit].sort((a, b) => b.at.localeCompare(a.at)),
      });
    })().then(
      (data) => !cancelled && setState({ status: 'ready', data, refreshing: false }),
      (err: unknown) => !cancelled && setState({ status: 'error', problem: describeProblem(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [store, id, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
