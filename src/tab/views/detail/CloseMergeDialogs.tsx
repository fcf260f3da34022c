/** Confirmation dialogs for closing a risk and merging it into another. */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Select,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { StoredRisk } from '../../../ports';
import { ErrorBar } from '../../components/Banners';
import type { SaveState } from '../edit/use-save';

function problemOf(state: SaveState<unknown>) {
  return state.status === 'error' || state.status === 'conflict' ? state.problem : undefined;
}

/** Closing asks why: the reason is kept on the risk and in its audit trail. */
export function CloseDialog(props: {
  reference: string;
  state: SaveState<unknown>;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const problem = problemOf(props.state);
  const error = reason.trim()
    ? undefined
    : `Give the reason for closing ${props.reference}: for example, the activity ended or the risk was transferred.`;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Close {props.reference}?</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
            {problem ? <ErrorBar problem={problem} /> : null}
            <Text>
              A closed risk leaves the open register and gets no more review requests. Its history and audit
              trail are kept.
            </Text>
            <Field label="Reason for closing" required validationMessage={tried ? error : undefined}>
              <Textarea rows={3} value={reason} onChange={(_, d) => setReason(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={props.state.status === 'saving'}
              onClick={() => {
                setTried(true);
                if (!error) props.onConfirm(reason.trim());
              }}
            >
              Close risk
            </Button>
            <Button onClick={props.onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

export function MergeDialog(props: {
  risk: StoredRisk;
  /** The open risks of the same register it can be merged into, listed by reference and title. */
  candidates: { reference: string; title: string }[];
  state: SaveState<unknown>;
  onConfirm: (into: string) => void;
  onClose: () => void;
}) {
  const [into, setInto] = useState('');
  const [tried, setTried] = useState(false);
  const problem = problemOf(props.state);
  const error = into ? undefined : `Choose the risk that ${props.risk.reference} is merged into.`;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Merge {props.risk.reference} into another risk</DialogTitle>
          <DialogContent>
            {problem ? <ErrorBar problem={problem} /> : null}
            <Field label="Merge into" required validationMessage={tried ? error : undefined}>
              <Select value={into} onChange={(_, d) => setInto(d.value)}>
                <option value="">Choose a risk</option>
                {props.candidates.map((c) => (
                  <option key={c.reference} value={c.reference}>
                    {c.reference}: {c.title}
                  </option>
                ))}
              </Select>
            </Field>
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={props.state.status === 'saving'}
              onClick={() => {
                setTried(true);
                if (!error) props.onConfirm(into);
              }}
            >
              Merge
            </Button>
            <Button onClick={props.onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
