/**
 * The tab's client for the managers' channels the review service knows. The channel tab's
 * configuration page calls `record` with the TeamsJS context when a manager saves the tab, so the
 * service knows the channel even before the bot's install event arrives (and knows its name); the
 * settings view calls `list` to offer the channels a manager can choose for a register's digests.
 * Browser-safe: no Node imports.
 */
import type { RegisterSettings } from '../domain/types';
import type { Stored } from '../ports';
import type { ChannelTabInput } from './channels';
import { createWriteApiCaller, type WriteApiClientOptions } from './client';
import type { ChannelOnWire } from './wire';

export type ManagersChannels = {
  /**
   * Records the channel the tab is in; with `register`, also makes it that register's managers'
   * channel (a settings change, audited, managers only). Throws the typed storage errors.
   */
  record(
    input: ChannelTabInput & { register?: string },
  ): Promise<{ channel: ChannelOnWire; settings?: Stored<RegisterSettings> }>;
  /** The channels a manager can choose, install events and tab configurations alike. */
  list(): Promise<ChannelOnWire[]>;
};

export function createChannelsClient(options: WriteApiClientOptions): ManagersChannels {
  const call = createWriteApiCaller(options);
  return {
    record: (input) => call('recordChannel', { ...input }),
    list: async () => (await call<{ channels: ChannelOnWire[] }>('listChannels', {})).channels,
  };
}

/** The parts of TeamsJS's `app.Context` (2.x) a channel is read from. */
export type TeamsChannelContext = {
  channel?: { id?: string; displayName?: string };
  team?: { internalId?: string; displayName?: string; groupId?: string };
  user?: { tenant?: { id?: string } };
};

/**
 * The `record` input from TeamsJS's context in a channel tab (`context.channel.id`,
 * `context.team.internalId` and their display names); undefined outside a team channel.
 */
export function channelInputFromContext(context: TeamsChannelContext): ChannelTabInput | undefined {
  const channelId = context.channel?.id;
  const teamId = context.team?.internalId;
  if (!channelId || !teamId) return undefined;
  return {
    channelId,
    teamId,
    ...(context.team?.displayName ? { teamName: context.team.displayName } : {}),
    ...(context.channel?.displayName ? { channelName: context.channel.displayName } : {}),
    ...(context.team?.groupId ? { aadGroupId: context.team.groupId } : {}),
    ...(context.user?.tenant?.id ? { tenantId: context.user.tenant.id } : {}),
  };
}
