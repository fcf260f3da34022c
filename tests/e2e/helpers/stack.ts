/** Starts the real local stack (list service + tab server) in a temporary folder for one test file. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '../../../src/server/local-stack';

export type TestStack = LocalStack & { dispose(): Promise<void> };

export async function startTestStack(): Promise<TestStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'risk-tab-e2e-'));
  const stack = await startLocalStack({ dataDir, port: 0, production: false });
  return {
    ...stack,
    dispose: async () => {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
