/** Dialog forms for a risk's controls and actions (add or edit), with field-level messages. */
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
  Select,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ActionStatus, Control, Person, RiskAction } from '../../../domain/types';
import { ErrorBar } from '../../components/Feedback';
import type { Problem } from '../../lib/errors';
import { ACTION_STATUS_LABELS } from '../../../domain/choices';
import { PeoplePicker } from './FormParts';

type DialogProps<T> = {
  title: string;
  initial: T;
  people: Person[];
  problem?: Problem;
  saving: boolean;
  onSave: (value: T) => void;
  onClose: () => void;
  /** Present when editing a stored item: removes it after a confirmation click. */
  onDelete?: () => void;
};

function Shell(props: {
  onDelete?: () => void;
  title: string;
  saving: boolean;
  problem?: Problem;
  onClose: () => void;
  onSubmit: () => void;
  children: React.ReactNode;
}) {
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            props.onSubmit();
          }}
        >
          <DialogBody>
            <DialogTitle>{props.title}</DialogTitle>
            <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
              {props.problem ? <ErrorBar problem={props.problem} /> : null}
              {props.children}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={props.saving}>
                {props.saving ? 'Saving…' : 'Save'}
              </Button>
              <Button onClick={props.onClose}>Cancel</Button>
              {props.onDelete ? <DeleteButton onDelete={props.onDelete} /> : null}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** Delete asks once more in place, so a slip of the mouse does not remove a record. */
function DeleteButton({ onDelete }: { onDelete: () => void }) {
  const [armed, setArmed] = useState(false);
  return armed ? (
    <Button appearance="primary" onClick={onDelete}>
      Confirm delete
    </Button>
  ) : (
    <Button onClick={() => setArmed(true)}>Delete…</Button>
  );
}

export function ControlDialog(props: DialogProps<Control>) {
  const [value, setValue] = useState(props.initial);
  const [tried, setTried] = useState(false);
  const titleError = value.title.trim()
    ? undefined
    : 'Describe the control, for example “Monthly caseload audit”.';
  return (
    <Shell
      onDelete={props.onDelete}
      title={props.title}
      saving={props.saving}
      problem={props.problem}
      onClose={props.onClose}
      onSubmit={() => {
        setTried(true);
        if (!titleError) props.onSave({ ...value, title: value.title.trim() });
      }}
    >
      <Field label="Control" required validationMessage={tried ? titleError : undefined}>
        <Textarea value={value.title} onChange={(_, d) => setValue({ ...value, title: d.value })} />
      </Field>
      <Field label="Service tag" hint="For example CSC, ASC">
        <Input
          value={value.serviceTag ?? ''}
          onChange={(_, d) => setValue({ ...value, serviceTag: d.value || undefined })}
        />
      </Field>
      <PeoplePicker
        label="Owner(s)"
        people={props.people}
        value={value.owners}
        onChange={(owners) => setValue({ ...value, owners })}
      />
    </Shell>
  );
}

const statuses: ActionStatus[] = ['not-started', 'in-progress', 'completed', 'overdue', 'cancelled'];

/** Problems with an action, per field. */
export function actionErrors(a: RiskAction): Partial<Record<'title' | 'progress' | 'plannedDate', string>> {
  const e: Partial<Record<'title' | 'progress' | 'plannedDate', string>> = {};
  if (!a.title.trim()) e.title = 'Describe the action, for example “Recruit two social workers”.';
  if (a.progress !== undefined && (!Number.isInteger(a.progress) || a.progress < 0 || a.progress > 100))
    e.progress = 'Progress is a whole number from 0 to 100 (per cent).';
  if (a.plannedDate && !/^\d{4}-\d{2}-\d{2}$/.test(a.plannedDate))
    e.plannedDate = 'Enter a date, for example 31/03/2025.';
  if (a.status === 'completed' && a.progress !== undefined && a.progress < 100)
    e.progress = 'A completed action is 100% complete; set progress to 100 or choose another status.';
  return e;
}

export function ActionDialog(props: DialogProps<RiskAction>) {
  const [value, setValue] = useState(props.initial);
  const [progressText, setProgressText] = useState(
    props.initial.progress === undefined ? '' : String(props.initial.progress),
  );
  const [tried, setTried] = useState(false);
  const parsed = { ...value, progress: progressText.trim() === '' ? undefined : Number(progressText) };
  const errors = actionErrors(parsed);
  return (
    <Shell
      onDelete={props.onDelete}
      title={props.title}
      saving={props.saving}
      problem={props.problem}
      onClose={props.onClose}
      onSubmit={() => {
        setTried(true);
        if (Object.keys(errors).length === 0) props.onSave({ ...parsed, title: parsed.title.trim() });
      }}
    >
      <Field label="Action" required validationMessage={tried ? errors.title : undefined}>
        <Textarea value={value.title} onChange={(_, d) => setValue({ ...value, title: d.value })} />
      </Field>
      <PeoplePicker
        label="Owner(s)"
        people={props.people}
        value={value.owners}
        onChange={(owners) => setValue({ ...value, owners })}
      />
      <Field label="Planned completion" validationMessage={tried ? errors.plannedDate : undefined}>
        <Input
          type="date"
          value={value.plannedDate ?? ''}
          onChange={(_, d) => setValue({ ...value, plannedDate: d.value || undefined })}
        />
      </Field>
      <Field label="Status">
        <Select
          value={value.status}
          onChange={(_, d) => setValue({ ...value, status: d.value as ActionStatus })}
        >
          {statuses.map((s) => (
            <option key={s} value={s}>
              {ACTION_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Progress (%)" validationMessage={tried ? errors.progress : undefined}>
        <Input inputMode="numeric" value={progressText} onChange={(_, d) => setProgressText(d.value)} />
      </Field>
      <Field label="Progress note">
        <Textarea
          value={value.progressNote ?? ''}
          onChange={(_, d) => setValue({ ...value, progressNote: d.value || undefined })}
        />
      </Field>
    </Shell>
  );
}
