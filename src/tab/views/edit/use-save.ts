/**
 * One save at a time, with the outcome the form needs: saving, a problem (the draft stays), or a
 * conflict carrying the server's current record so the user can reapply or discard.
 */
import { useCallback, useState } from 'react';
import { describeProblem, type Problem } from '../../lib/errors';

export type SaveState<T> =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved' }
  | { status: 'error'; problem: Problem }
  | { status: 'conflict'; problem: Problem; current: T | undefined };

function conflictCurrent<T>(err: unknown): T | undefined {
  return (err as { current?: T }).current;
}

/** Runs saves and reports their state; resolves to the saved value or undefined when it failed. */
export function useSave<T>() {
  const [state, setState] = useState<SaveState<T>>({ status: 'idle' });
  const run = useCallback(async <R>(save: () => Promise<R>): Promise<R | undefined> => {
    setState({ status: 'saving' });
    try {
      const result = await save();
      setState({ status: 'saved' });
      return result;
    } catch (err) {
      const problem = describeProblem(err);
      setState(
        problem.kind === 'conflict'
          ? { status: 'conflict', problem, current: conflictCurrent<T>(err) }
          : { status: 'error', problem },
      );
      return undefined;
    }
  }, []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, reset };
}
