/**
 * Progress of a risk's actions for the people the review service lets update it (service-api/rules.ts
 * canUpdateAction): the action's owners and the risk's owners and delegates change its status, progress
 * and note only; managers edit actions as a whole elsewhere. The write goes through the store the host
 * hands in (the review service's API in Teams), which enforces the same rule.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ACTION_STATUSES, ACTION_STATUS_LABELS } from '../../../domain/choices';
import { actionProblems } from '../../../domain/validation';
import type { ActionStatus, RiskAction } from '../../../domain/types';
import type { CurrentUser, RegisterStore, Stored, StoredRisk } from '../../../ports';
import { useSave } from '../edit/use-save';
import type { Problem } from '../../lib/errors';
import { canUpdateActionProgress } from '../../lib/permissions';

const isStored = (a: RiskAction): a is Stored<RiskAction> =>
  typeof (a as { etag?: unknown }).etag === 'string';

export function ActionProgress(props: {
  store: RegisterStore;
  user: CurrentUser;
  risk: StoredRisk;
  /** After a save: reload the risk (and the register). */
  onSaved: () => void;
}) {
  const { user, risk, store } = props;
  const [open, setOpen] = useState<Stored<RiskAction> | undefined>();
  const save = useSave<unknown>();
  const mine = risk.actions.filter(
    (a): a is Stored<RiskAction> => isStored(a) && canUpdateActionProgress(user, risk, a),
  );
  if (user.access === 'manage' || mine.length === 0) return null;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
      {mine.map((a) => (
        <Button key={a.id} onClick={() => setOpen(a)}>
          Update progress: {a.title}
        </Button>
      ))}
      {open ? (
        <ProgressDialog
          action={open}
          saving={save.state.status === 'saving'}
          problem={
            save.state.status === 'error' || save.state.status === 'conflict' ? save.state.problem : undefined
          }
          onClose={() => {
            save.reset();
            setOpen(undefined);
          }}
          onSave={async (a) => {
            const done = await save.run(() => store.updateAction(open.id, a, open.etag, user));
            if (done !== undefined) {
              setOpen(undefined);
              props.onSaved();
            }
          }}
        />
      ) : null}
    </div>
  );
}

function ProgressDialog(props: {
  action: Stored<RiskAction>;
  saving: boolean;
  problem: Problem | undefined;
  onClose: () => void;
  onSave: (a: RiskAction) => Promise<void>;
}) {
  const { action } = props;
  const [status, setStatus] = useState<ActionStatus>(action.status);
  const [progress, setProgress] = useState(action.progress === undefined ? '' : String(action.progress));
  const [note, setNote] = useState(action.progressNote ?? '');
  const [tried, setTried] = useState(false);
  const { id: _id, etag: _etag, modified: _modified, ...plain } = action;
  const { progress: _p, progressNote: _n, ...rest } = plain;
  const value = progress.trim() === '' ? undefined : Number(progress);
  const next: RiskAction = {
    ...rest,
    status,
    ...(value === undefined ? {} : { progress: value }),
    ...(note.trim() ? { progressNote: note.trim() } : {}),
  };
  // The domain's one action rule (the store refuses the same), on the fields this dialog changes.
  const problems = actionProblems(next).filter((e) => e.severity !== 'warning');
  const progressError = problems.find((e) => e.field === 'action.progress')?.message;
  const otherError = problems.find((e) => e.field !== 'action.progress')?.message;
  const save = async () => {
    setTried(true);
    if (problems.length) return;
    await props.onSave(next);
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <DialogBody>
            <DialogTitle>Update progress: {action.title}</DialogTitle>
            <DialogContent>
              {tried && otherError ? (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{otherError}</MessageBarBody>
                </MessageBar>
              ) : null}
              {props.problem ? (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{props.problem.message}</MessageBarBody>
                </MessageBar>
              ) : null}
              <Field label="Status">
                <Select value={status} onChange={(_, d) => setStatus(d.value as ActionStatus)}>
                  {ACTION_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {ACTION_STATUS_LABELS[s]}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Progress (%)" validationMessage={tried ? progressError : undefined}>
                <Input inputMode="numeric" value={progress} onChange={(_, d) => setProgress(d.value)} />
              </Field>
              <Field label="Progress note">
                <Textarea value={note} onChange={(_, d) => setNote(d.value)} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={props.saving}>
                Save progress
              </Button>
              <Button onClick={props.onClose}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
