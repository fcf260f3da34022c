/** Which control/action dialog is open on the detail page, and saving through the store. */
import { useState } from 'react';
import type { Control, RiskAction } from '../../../domain/types';
import type { CurrentUser, RegisterStore, Stored, StoredRisk } from '../../../ports';
import { useSave } from '../edit/use-save';

export type OpenDialog =
  | { kind: 'control'; item?: Stored<Control> }
  | { kind: 'action'; item?: Stored<RiskAction> }
  | { kind: 'close' }
  | { kind: 'merge' }
  | undefined;

/**
 * Dialog state and the save functions behind it; `onChanged` reloads the risk after a write and
 * confirms it with the words given.
 */
export function useItemEditing(
  store: RegisterStore,
  user: CurrentUser,
  risk: StoredRisk | undefined,
  onChanged: (done: string) => void,
) {
  const [dialog, setDialog] = useState<OpenDialog>(undefined);
  const save = useSave<unknown>();
  const finish = (ok: unknown, done: string) => {
    if (ok !== undefined) {
      setDialog(undefined);
      save.reset();
      onChanged(done);
    }
  };
  const ref = risk?.reference ?? 'the risk';
  const open = (d: OpenDialog) => {
    save.reset();
    setDialog(d);
  };
  return {
    dialog,
    open,
    close: () => open(undefined),
    state: save.state,
    saveControl: async (c: Control, existing?: Stored<Control>) =>
      risk &&
      finish(
        await save.run(() =>
          existing
            ? store.updateControl(existing.id, c, existing.etag, user)
            : store.addControl(risk.id, c, user),
        ),
        existing ? `Control on ${ref} saved` : `Control added to ${ref}`,
      ),
    saveAction: async (a: RiskAction, existing?: Stored<RiskAction>) =>
      risk &&
      finish(
        await save.run(() =>
          existing
            ? store.updateAction(existing.id, a, existing.etag, user)
            : store.addAction(risk.id, a, user),
        ),
        existing ? `Action on ${ref} updated` : `Action added to ${ref}`,
      ),
    deleteControl: async (c: Stored<Control>) =>
      finish(
        await save.run(async () => (await store.deleteControl(c.id, c.etag, user), true)),
        `Control deleted from ${ref}`,
      ),
    deleteAction: async (a: Stored<RiskAction>) =>
      finish(
        await save.run(async () => (await store.deleteAction(a.id, a.etag, user), true)),
        `Action deleted from ${ref}`,
      ),
    closeRisk: async (reason: string) =>
      risk &&
      finish(await save.run(() => store.closeRisk(risk.id, risk.etag, user, reason)), `${ref} closed`),
    mergeRisk: async (into: string) =>
      risk &&
      finish(
        await save.run(() => store.mergeRisk(risk.id, into, risk.etag, user)),
        `${ref} merged into ${into}`,
      ),
  };
}
