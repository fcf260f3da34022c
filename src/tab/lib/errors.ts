/**
 * Turns whatever a store call threw into words for the person at the screen. The storage layer's
 * typed errors already carry good messages; this adds a short title and the kind the UI branches on.
 */
import { httpStatus } from '../../ports/errors';

export type ProblemKind =
  'network' | 'signed-out' | 'forbidden' | 'throttled' | 'conflict' | 'invalid' | 'not-found' | 'other';

export type Problem = { kind: ProblemKind; title: string; message: string };

function statusOf(err: unknown): number | undefined {
  return httpStatus(err);
}

/** Describes an error thrown by the store so it can be shown in an error bar. */
export function describeProblem(err: unknown): Problem {
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : '';
  const status = statusOf(err);
  if (name === 'ConflictError' || status === 412) {
    return { kind: 'conflict', title: 'Someone else saved this first', message };
  }
  if (status === 401) {
    return {
      kind: 'signed-out',
      title: 'You are signed out',
      message: `${message} Your unsaved changes are kept on this page.`,
    };
  }
  if (status === 403) {
    return {
      kind: 'forbidden',
      title: 'You do not have permission',
      message: `${message} Your unsaved changes are kept on this page.`,
    };
  }
  if (status === 429 || status === 503 || status === 504) {
    return {
      kind: 'throttled',
      title: 'SharePoint is busy',
      message: `${message} Your unsaved changes are kept on this page.`,
    };
  }
  if (status === 404) return { kind: 'not-found', title: 'Not found', message };
  if (status === 400 || name === 'ValidationError') {
    return { kind: 'invalid', title: 'A value was refused', message };
  }
  if (
    status === undefined &&
    (name === 'TypeError' || name === 'StorageError' || /fetch|network/i.test(message))
  ) {
    return {
      kind: 'network',
      title: 'The register site cannot be reached',
      message: `${message} Check your connection and try again; your unsaved changes are kept on this page.`,
    };
  }
  return { kind: 'other', title: 'Something went wrong', message };
}
