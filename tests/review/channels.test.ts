/**
 * Reading the managers' channel from the activities Teams sends when the app is added to a team.
 * Shapes from Microsoft Learn, "Conversation events in your Teams bot" (bots/how-to/conversations/
 * subscribe-to-conversation-events: `teamMemberAdded`, `channelCreated`) and "Send proactive
 * messages" (the `installationUpdate` with `channelData.team`), and the Agents Playground's own
 * installationUpdate in a channel (`channelData.settings.selectedChannel`).
 */
import { channelFromActivity, createMemoryChannelStore } from '../../src/review/channels';

const now = '2026-12-01T10:00:00.000Z';
const team = {
  id: '19:general0@thread.tacv2',
  name: 'Corporate Risk',
  aadGroupId: '5f9c0a4e-1d2b-4c3a-9e8f-7a6b5c4d3e2f',
};

describe('channelFromActivity', () => {
  it("takes the team's General channel from the bot's teamMemberAdded update", () => {
    const c = channelFromActivity(
      {
        type: 'conversationUpdate',
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        conversation: { id: team.id, conversationType: 'channel', tenantId: 'tid' },
        channelData: { eventType: 'teamMemberAdded', team, tenant: { id: 'tid' } },
      },
      now,
    );
    expect(c).toEqual({
      channelId: team.id,
      teamId: team.id,
      teamName: 'Corporate Risk',
      channelName: 'General',
      aadGroupId: team.aadGroupId,
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      tenantId: 'tid',
      source: 'install',
      updatedAt: now,
    });
  });

  it('takes the named channel of a channelCreated update, and the selected channel of an install', () => {
    expect(
      channelFromActivity(
        {
          conversation: { id: `${team.id};messageid=1`, conversationType: 'channel' },
          channelData: {
            eventType: 'channelCreated',
            team,
            channel: { id: '19:new@thread.tacv2', name: 'Risk managers' },
          },
        },
        now,
      ),
    ).toMatchObject({ channelId: '19:new@thread.tacv2', channelName: 'Risk managers', teamId: team.id });
    expect(
      channelFromActivity(
        {
          type: 'installationUpdate',
          action: 'add',
          conversation: { id: 'channel-risk-managers-id', name: 'Risk managers' },
          channelData: {
            team: { id: 'team-id', name: 'Risk Management' },
            settings: { selectedChannel: { id: 'channel-risk-managers-id' } },
          },
        },
        now,
      ),
    ).toMatchObject({
      channelId: 'channel-risk-managers-id',
      channelName: 'Risk managers',
      teamId: 'team-id',
    });
  });

  it('is nothing for a personal or group chat', () => {
    expect(
      channelFromActivity({ conversation: { id: 'a:1', conversationType: 'personal' } }, now),
    ).toBeUndefined();
    expect(
      channelFromActivity(
        { conversation: { id: '19:g@thread.v2', conversationType: 'groupChat' }, channelData: { team } },
        now,
      ),
    ).toBeUndefined();
  });
});

describe('channel store', () => {
  it('keeps names a later event lacks, and forgets a removed team', async () => {
    const store = createMemoryChannelStore();
    await store.upsert({
      channelId: 'c1',
      teamId: 't1',
      channelName: 'Risk managers',
      teamName: 'Risk',
      source: 'install',
      updatedAt: now,
    });
    await store.upsert({
      channelId: 'c1',
      teamId: 't1',
      source: 'tab',
      updatedAt: '2026-12-02T00:00:00.000Z',
    });
    expect(await store.byChannelId('c1')).toMatchObject({
      channelName: 'Risk managers',
      teamName: 'Risk',
      source: 'install',
      updatedAt: '2026-12-02T00:00:00.000Z',
    });
    await store.upsert({ channelId: 'c2', teamId: 't2', source: 'tab', updatedAt: now });
    await store.removeTeam('t1');
    expect((await store.list()).map((c) => c.channelId)).toEqual(['c2']);
  });
});
