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
} from '@fluentui/react-components';
import { useState } from 'react';
import type { StoredRisk } from '../../../ports';
import { ErrorBar } from '../../components/Feedback';
import type { SaveState } from '../edit/use-save';

function problemOf(state: SaveState<unknown>) {
  return state.status === 'error' || state.status === 'conflict' ? state.problem : undefined;
}

export function CloseDialog(props: {
  reference: string;
  state: SaveState<unknown>;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const problem = problemOf(props.state);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Close {props.reference}?</DialogTitle>
          <DialogContent>
            {problem ? <ErrorBar problem={problem} /> : null}
            <Text>
              A closed risk leaves the open register and gets no more review requests. Its history and audit
              trail are kept.
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={props.state.status === 'saving'} onClick={props.onConfirm}>
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
  candidates: string[];
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
                  <option key={c}>{c}</option>
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
