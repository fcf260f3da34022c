/**
 * The risk detail view's state: the risk as loaded, the mode (viewing, editing, recording a review),
 * the control and action dialogs, and what the view derives for the signed-in person (permissions,
 * known people, taken references, the domain's warnings). RiskDetailView renders it.
 */
import { useState } from 'react';
import { validateRisk } from '../../../domain/validation';
import type { Control, FieldError, RiskAction, RiskMatrix } from '../../../domain/types';
import type { CurrentUser, Stored, StoredRisk } from '../../../ports';
import { takenReferences, type RegisterData } from '../../data/use-register-data';
import type { TabSession } from '../../host';
import { useSaveConfirmation } from '../../components/SavedToast';
import { canEditRisk, canRecordReview } from '../../lib/permissions';
import { useItemEditing } from './use-item-editing';
import { useRiskDetail } from './use-risk-detail';

export type DetailMode = 'view' | 'edit' | 'review';

const isStored = <T>(x: T): x is Stored<T> & T => typeof (x as { etag?: unknown }).etag === 'string';

/** Loading, mode and item dialogs of one risk detail view. */
export function useRiskDetailView(session: TabSession, riskId: number, onChanged: () => void) {
  const { store, user } = session;
  const { state, reload } = useRiskDetail(store, riskId);
  const [mode, setMode] = useState<DetailMode>('view');
  const risk = state.status === 'ready' ? state.data.risk : undefined;
  const confirm = useSaveConfirmation();
  /** After a write: reload, and confirm it in words (seen, and announced to screen readers). */
  const changed = (done?: string) => {
    reload();
    onChanged();
    if (done) confirm(done);
  };
  const items = useItemEditing(store, user, risk, changed);
  const saved = (done: string) => {
    setMode('view');
    changed(done);
  };
  return { state, reload, mode, setMode, items, saved };
}

/** What the view shows of a loaded risk for this person. */
export function detailContext(
  data: RegisterData,
  user: CurrentUser,
  r: StoredRisk,
  items: ReturnType<typeof useItemEditing>,
) {
  const knownPeople = [
    ...new Map(
      data.rows.flatMap((x) => [...x.risk.owners, ...x.risk.delegates]).map((p) => [p.name, p]),
    ).values(),
  ];
  // What the control and action dialogs show when their last save failed.
  const dialogProblem =
    items.state.status === 'error' || items.state.status === 'conflict' ? items.state.problem : undefined;
  const names = new Map(
    knownPeople.flatMap((p) => (p.email ? [[p.email.toLowerCase(), p.name] as const] : [])),
  );
  names.set((user.email ?? '').toLowerCase(), user.name);
  const taken = takenReferences(data, r.register);
  const editItem = (kind: 'control' | 'action', item: Control | RiskAction | undefined) => {
    if (!item || !isStored(item)) return;
    if (kind === 'control') items.open({ kind, item: item as Stored<Control> });
    else items.open({ kind, item: item as Stored<RiskAction> });
  };
  /** The domain's warnings about the risk as stored, on its register's matrix. */
  const warnings = (matrix: RiskMatrix): FieldError[] =>
    validateRisk(r, matrix).filter((e) => e.severity === 'warning');
  return {
    edit: canEditRisk(user),
    review: canRecordReview(user, r),
    knownPeople,
    dialogProblem,
    names,
    taken,
    editItem,
    warnings,
  };
}
