/**
 * `npm start` with REVIEW_STATE_STORE=azure-tables: the local stack starts Azurite (its data under the
 * stack's folder), the review service keeps its state there (a channel recorded through the write API
 * is a row of the Azurite table), Azurite stops with the stack, and a restart finds the state again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { demoManager } from '../../src/emulator';
import { startLocalStack, type LocalStack } from '../../src/server/local-stack';
import { openAzureStateTable } from '../../src/server/state-azure-tables';
import { createChannelsClient } from '../../src/service-api/channels-client';

jest.setTimeout(240_000);

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('the local stack with the state in Azure Table Storage', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'stack-azurite-'));
  let stack: LocalStack | undefined;
  afterAll(async () => {
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts Azurite, keeps the review state in it, stops it on close and finds the state after a restart', async () => {
    stack = await startLocalStack({ dataDir, port: 0, production: false, stateTable: {} });
    const table = stack.stateTable!;
    expect(table.table).toBe('reviewstate');
    const port = Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)\//.exec(table.connectionString)?.[1]);
    const channels = (s: LocalStack) =>
      createChannelsClient({ baseUrl: s.apiOrigin, getToken: () => s.identity.mint(demoManager.email) });
    await channels(stack).record({ teamId: '19:team@thread.tacv2', channelId: '19:risk@thread.tacv2' });

    const direct = await openAzureStateTable(table);
    expect((await direct.list<{ channelId: string }>('channel')).map((r) => r.value.channelId)).toEqual([
      '19:risk@thread.tacv2',
    ]);
    await stack.close();
    stack = undefined;
    expect(await listening(port)).toBe(false);

    stack = await startLocalStack({ dataDir, port: 0, production: false, stateTable: {} });
    expect((await channels(stack).list()).map((c) => c.channelId)).toContain('19:risk@thread.tacv2');
  });
});
