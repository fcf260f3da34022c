/**
 * A second audit writer in its own process (as a second service instance would be), for the
 * concurrency test: `tsx tests/sharepoint/audit-appender.ts <siteUrl> <token> <register> <calls> <label>`
 * prints `ready`, waits for a line on stdin, then appends `calls` times two entries to the register's
 * chain as fast as it can, and prints how many places other writers took first (refused POSTs).
 */
import { createInterface } from 'node:readline';
import { appendAudit } from '../../src/sharepoint/audit-log';
import { createSpClient } from '../../src/sharepoint/sp-client';

async function main(): Promise<void> {
  const [siteUrl, token, register, calls, label] = process.argv.slice(2);
  if (!siteUrl || !token || !register || !calls || !label)
    throw new Error('usage: <siteUrl> <token> <register> <calls> <label>');
  let refused = 0;
  const sp = createSpClient({
    siteUrl,
    getToken: async () => token,
    retry: { baseDelayMs: 10, maxAttempts: 6 },
    onRequest: (r) => {
      if (r.method === 'POST' && r.url.endsWith("AuditLog')/items") && r.status === 500) refused++;
    },
  });
  console.log('ready');
  await new Promise<void>((resolve) =>
    createInterface({ input: process.stdin }).once('line', () => resolve()),
  );
  for (let i = 0; i < Number(calls); i++) {
    await appendAudit(
      sp,
      ['Title', 'RiskStatus'].map((field) => ({
        by: label,
        entity: 'risk' as const,
        entityId: 1,
        register,
        version: `${label}-${i}`,
        field,
        oldValue: `${label} ${i} before`,
        newValue: `${label} ${i} after`,
        source: 'tab' as const,
      })),
    );
  }
  console.log(`refused ${refused}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);
