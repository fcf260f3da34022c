/**
 * The managers' channels over the review service's API: the channel tab's configuration page
 * records the channel it is added to (`recordChannel`), optionally making it a register's managers'
 * channel; the settings view lists the channels (`listChannels`). Managers only; a refusal or bad
 * input stores nothing.
 */
import { createChannelsClient, channelInputFromContext } from '../../src/service-api/channels-client';
import { StorageError, PermissionDeniedError, ValidationError } from '../../src/sharepoint/errors';
import { demoManager } from '../../src/emulator';
import { priya, startApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.close());

// A TeamsJS 2.x app.Context in a standard channel tab, as Teams fills it.
const context = {
  channel: { id: '19:a1b2c3@thread.tacv2', displayName: 'Risk managers' },
  team: {
    internalId: '19:general0@thread.tacv2',
    displayName: 'Corporate Risk',
    groupId: '5f9c0a4e-1d2b-4c3a-9e8f-7a6b5c4d3e2f',
  },
  user: { tenant: { id: '0d3e1c2b-1111-2222-3333-444455556666' } },
};

describe("managers' channels through the write API", () => {
  it('records the channel from the TeamsJS context and makes it a register’s managers’ channel', async () => {
    const client = createChannelsClient({
      baseUrl: h.service.origin,
      getToken: () => h.identity.mint(demoManager.email),
    });
    const input = channelInputFromContext(context)!;
    expect(input).toEqual({
      channelId: '19:a1b2c3@thread.tacv2',
      teamId: '19:general0@thread.tacv2',
      teamName: 'Corporate Risk',
      channelName: 'Risk managers',
      aadGroupId: '5f9c0a4e-1d2b-4c3a-9e8f-7a6b5c4d3e2f',
      tenantId: '0d3e1c2b-1111-2222-3333-444455556666',
    });
    const recorded = await client.record({ ...input, register: 'Corporate' });
    expect(recorded.channel).toMatchObject({ channelId: input.channelId, source: 'tab' });
    expect(recorded.settings?.managersChannelId).toBe(input.channelId);
    expect((await h.store.getSettings('Corporate')).managersChannelId).toBe(input.channelId);
    expect(await client.list()).toEqual([
      expect.objectContaining({ channelId: input.channelId, channelName: 'Risk managers' }),
    ]);
    // Saving the tab again changes nothing in SharePoint.
    const before = await h.counts();
    await client.record({ ...input, register: 'Corporate' });
    expect(await h.counts()).toEqual(before);
  });

  it('is not a channel tab outside a team', () => {
    expect(channelInputFromContext({ channel: { id: '19:x@thread.tacv2' } })).toBeUndefined();
  });

  it('refuses a risk owner, a missing channel id and an unknown register, storing nothing', async () => {
    const before = await h.counts();
    const listed = (await h.service.deps.channels!.list()).length;
    const owner = createChannelsClient({
      baseUrl: h.service.origin,
      getToken: () => h.identity.mint(priya.email),
    });
    await expect(owner.record({ teamId: 't', channelId: 'c2' })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    await expect(owner.list()).rejects.toThrow(/Risk Register Managers/);

    const missing = await h.call('recordChannel', { teamId: '19:t@thread.tacv2' });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: 'invalid', field: 'channelId' });
    expect(String(missing.json.error?.message)).toMatch(/"channelId" is required/);

    const manager = createChannelsClient({
      baseUrl: h.service.origin,
      getToken: () => h.identity.mint(demoManager.email),
    });
    const unknown = manager.record({ teamId: 't', channelId: 'c3', register: 'No such register' });
    await expect(unknown).rejects.toBeInstanceOf(StorageError);
    await expect(manager.record({ teamId: 't', channelId: 'x'.repeat(401) })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await h.service.deps.channels!.list()).length).toBe(listed);
    expect(await h.counts()).toEqual(before);
  });
});
