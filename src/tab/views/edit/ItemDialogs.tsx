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
import { ErrorBar } from '../../components/Banners';
import type { Problem } from '../../lib/errors';
import { ACTION_STATUS_LABELS } from '../../../domain/choices';
import { actionProblems, controlProblems } from '../../../domain/validation';
import type { FieldError } from '../../../domain/types';
import { PeoplePicker } from './FormParts';

export type DialogProps<T> = {
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

/** The domain's problems with a control or action, by its own field (`title`, `progress`…); the first of each. */
function byField(problems: FieldError[]): Partial<Record<string, FieldError>> {
  const out: Partial<Record<string, FieldError>> = {};
  for (const p of problems) {
    const field = p.field.replace(/^(control|action)\./, '').split(/[.[]/)[0]!;
    out[field] ??= p;
  }
  return out;
}

/** A field's message once Save was pressed: errors as errors, the domain's advice as a warning. */
function shown(tried: boolean, problem: FieldError | undefined) {
  if (!tried || !problem) return {};
  return {
    validationMessage: problem.message,
    validationState: problem.severity === 'warning' ? ('warning' as const) : ('error' as const),
  };
}

/**
 * The domain's problems with the item being edited, by its own field, and the Save press: errors
 * block it; advice is shown once and a second Save keeps the values as they are.
 */
function useItemProblems<T extends { title: string }>(
  problems: FieldError[],
  props: Pick<DialogProps<T>, 'onDelete' | 'title' | 'saving' | 'problem' | 'onClose' | 'onSave'>,
  value: T,
) {
  const [tried, setTried] = useState(false);
  const errors = byField(problems);
  const blocking = Object.values(errors).some((e) => e?.severity !== 'warning');
  const advice = Object.values(errors).some((e) => e?.severity === 'warning');
  const shell = {
    onDelete: props.onDelete,
    title: props.title,
    saving: props.saving,
    problem: props.problem,
    onClose: props.onClose,
    onSubmit: () => {
      setTried(true);
      if (!blocking && (tried || !advice)) props.onSave({ ...value, title: value.title.trim() });
    },
  };
  return { shell, field: (name: string) => shown(tried, errors[name]) };
}

export function ControlDialog(props: DialogProps<Control>) {
  const [value, setValue] = useState(props.initial);
  const { shell, field } = useItemProblems(controlProblems(value), props, value);
  return (
    <Shell {...shell}>
      <Field label="Control" required {...field('title')}>
        <Textarea value={value.title} onChange={(_, d) => setValue({ ...value, title: d.value })} />
      </Field>
      <Field label="Service tag" hint="For example CSC, ASC" {...field('serviceTag')}>
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

export function ActionDialog(props: DialogProps<RiskAction>) {
  const [value, setValue] = useState(props.initial);
  const [progressText, setProgressText] = useState(
    props.initial.progress === undefined ? '' : String(props.initial.progress),
  );
  const parsed = { ...value, progress: progressText.trim() === '' ? undefined : Number(progressText) };
  const { shell, field } = useItemProblems(actionProblems(parsed), props, parsed);
  return (
    <Shell {...shell}>
      <Field label="Action" required {...field('title')}>
        <Textarea value={value.title} onChange={(_, d) => setValue({ ...value, title: d.value })} />
      </Field>
      <PeoplePicker
        label="Owner(s)"
        people={props.people}
        value={value.owners}
        onChange={(owners) => setValue({ ...value, owners })}
      />
      <Field label="Planned completion" {...field('plannedDate')}>
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
      <Field label="Progress (%)" {...field('progress')}>
        <Input inputMode="numeric" value={progressText} onChange={(_, d) => setProgressText(d.value)} />
      </Field>
      <Field label="Progress note" {...field('progressNote')}>
        <Textarea
          value={value.progressNote ?? ''}
          onChange={(_, d) => setValue({ ...value, progressNote: d.value || undefined })}
        />
      </Field>
    </Shell>
  );
}
