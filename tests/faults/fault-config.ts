/**
 * The fault suite runs short inside `npm test` and in full under `npm run test:faults`
 * (FAULTS_FULL=1): the same checks, with more owners, kills and interleavings.
 */
export const FULL = process.env.FAULTS_FULL === '1';

/** `short` in the default run, `full` under FAULTS_FULL=1. */
export function scaled(short: number, full: number): number {
  return FULL ? full : short;
}

// Each test starts a real list service and drives the real flow over HTTP on a shared 2-core
// machine; no test asserts a duration.
jest.setTimeout(FULL ? 900_000 : 240_000);
