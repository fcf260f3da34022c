/**
 * The Teams channels the bot can post escalation digests in. A channel is captured when the app is
 * added to a team (the `installationUpdate` and `conversationUpdate` activities Teams sends into the
 * team's channel) or when a manager configures the channel tab (the tab records the channel it sits
 * in through the review service's API). Managers then choose one per register in the register
 * settings (`managersChannelId`).
 *
 * In Teams a proactive post to a channel addresses the channel's id as the conversation id
 * (`19:…@thread.tacv2`), and a bot can post only in a team it is installed in (Microsoft Learn, "Send
 * proactive messages", learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
 */

export type ChannelRecord = {
  /** The channel's id, which is also the conversation id a proactive post uses. */
  channelId: string;
  /** The team's id (its General channel's thread id, `channelData.team.id`). */
  teamId: string;
  teamName?: string;
  channelName?: string;
  /** The team's Microsoft 365 group (Entra object id), when Teams said. */
  aadGroupId?: string;
  /** The Bot Connector URL Teams gave with the install event, for this tenant's region. */
  serviceUrl?: string;
  tenantId?: string;
  /** How the channel became known: the bot's install in the team, or the channel tab's configuration. */
  source: 'install' | 'tab';
  /** ISO timestamp of the event that gave it. */
  updatedAt: string;
};

export type ChannelStore = {
  /** Adds or refreshes a channel; names and the service URL are kept when the update lacks them. */
  upsert(record: ChannelRecord): Promise<void>;
  list(): Promise<ChannelRecord[]>;
  byChannelId(channelId: string): Promise<ChannelRecord | undefined>;
  /** Forgets every channel of a team the app was removed from. */
  removeTeam(teamId: string): Promise<void>;
};

/** Merges an update into what was known: a later event without names keeps the earlier names. */
export function mergeChannel(previous: ChannelRecord | undefined, next: ChannelRecord): ChannelRecord {
  if (!previous) return next;
  return {
    ...previous,
    ...Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)),
    // A tab configuration does not demote what the install event captured.
    source: previous.source === 'install' ? 'install' : next.source,
  } as ChannelRecord;
}

/** An in-process store: tests, and a service run without a state file. */
export function createMemoryChannelStore(): ChannelStore {
  const records = new Map<string, ChannelRecord>();
  return {
    upsert: async (r) => {
      records.set(r.channelId, mergeChannel(records.get(r.channelId), r));
    },
    list: async () => [...records.values()].sort((a, b) => a.channelId.localeCompare(b.channelId)),
    byChannelId: async (id) => records.get(id),
    removeTeam: async (teamId) => {
      for (const [id, r] of records) if (r.teamId === teamId) records.delete(id);
    },
  };
}

/** The parts of a Teams activity a channel is read from (Bot Framework activity schema). */
export type TeamActivity = {
  type?: string;
  action?: string;
  serviceUrl?: string;
  conversation?: { id?: string; conversationType?: string; tenantId?: string; name?: string };
  channelData?: {
    eventType?: string;
    team?: { id?: string; name?: string; aadGroupId?: string };
    channel?: { id?: string; name?: string };
    tenant?: { id?: string };
    settings?: { selectedChannel?: { id?: string } };
  };
};

/**
 * The channel an install or conversation update in a team speaks of, or undefined when the activity
 * is not in a team (a personal or group chat). The channel is `channelData.channel` when Teams names
 * one, else the selected channel of the install, else the team's General channel (whose id is the
 * team id); a reply thread's `;messageid=` suffix is dropped from the conversation id.
 */
export function channelFromActivity(activity: TeamActivity, now: string): ChannelRecord | undefined {
  const team = activity.channelData?.team;
  if (!team?.id) return undefined;
  const type = activity.conversation?.conversationType;
  if (type && type !== 'channel') return undefined;
  const conversation = activity.conversation?.id?.split(';')[0];
  const channelId =
    activity.channelData?.channel?.id ??
    activity.channelData?.settings?.selectedChannel?.id ??
    conversation ??
    team.id;
  const isGeneral = channelId === team.id;
  const channelName =
    activity.channelData?.channel?.name ?? (isGeneral ? 'General' : activity.conversation?.name);
  const tenantId = activity.channelData?.tenant?.id ?? activity.conversation?.tenantId;
  return {
    channelId,
    teamId: team.id,
    ...(team.name ? { teamName: team.name } : {}),
    ...(channelName ? { channelName } : {}),
    ...(team.aadGroupId ? { aadGroupId: team.aadGroupId } : {}),
    ...(activity.serviceUrl ? { serviceUrl: activity.serviceUrl } : {}),
    ...(tenantId ? { tenantId } : {}),
    source: 'install',
    updatedAt: now,
  };
}

/** "Risk managers (Risk Management)": how a channel is named to managers. */
export function channelLabel(c: Pick<ChannelRecord, 'channelName' | 'teamName' | 'channelId'>): string {
  const name = c.channelName ?? c.channelId;
  return c.teamName ? `${name} (${c.teamName})` : name;
}
