/**
 * The review service's stores (conversations, identities, channels, replaced chats) as partitions of
 * one state table (state-table.ts), one implementation for both adapters: SQLite locally, Azure Table
 * Storage in production. The outbox is outbox.ts's `outboxOn`. A read-merge-write is conditional (at
 * the ETag read, retried when another instance wrote in between), so two instances never lose each
 * other's update.
 *
 * Cost: every look-up by key is one point read (one request on Azure Table Storage). Look-ups by
 * another field either use an index row kept beside the record (a Teams user id to an object id) or,
 * where they are rare (a team or chat the bot was removed from), read the whole partition: one query
 * per 1,000 rows on Azure Table Storage, a council's few hundred owners and a handful of channels.
 */
import type { ConversationMove, ConversationMoves } from './conversation-moves';
import { newestChat } from './conversation-moves';
import type { ConversationRecord, ConversationStore } from './conversations';
import type { IdentityCache, OwnerIdentity } from './identity';
import { mergeChannel, type ChannelRecord, type ChannelStore } from './channels';
import { isConflict, type StateTable } from './state-table';

/** Partition names: part of the stored format (a state file or table written earlier keeps them). */
export const statePartitions = {
  outbox: 'outbox',
  conversation: 'conversation',
  /** Teams user id (`29:…`) -> the object id whose conversation row carries it. */
  conversationByUser: 'conversation-user',
  identity: 'identity',
  channel: 'channel',
  move: 'move',
} as const;

const attemptsPerUpdate = 5;

/** Reads, merges and writes one row at the version read; retried when another writer came first. */
export async function updateRow<T>(
  table: StateTable,
  partition: string,
  key: string,
  merge: (previous: T | undefined) => T,
): Promise<{ previous: T | undefined; value: T }> {
  for (let attempt = 0; attempt < attemptsPerUpdate; attempt++) {
    const row = await table.get<T>(partition, key);
    const value = merge(row?.value);
    const written = row
      ? await table.replace(partition, key, value, row.etag)
      : await table.insert(partition, key, value);
    if (!isConflict(written)) return { previous: row?.value, value };
  }
  throw new Error(
    `State row ${partition}/${key} was changed by another instance on each of ${attemptsPerUpdate} attempts to update it; try again.`,
  );
}

const lower = (s: string | undefined): string | undefined => s?.trim().toLowerCase() || undefined;

type UserIndex = { aadObjectId: string };

export function conversationsOn(table: StateTable): ConversationStore {
  const { conversation: part, conversationByUser: byUser } = statePartitions;
  const get = async (aad: string) => (await table.get<ConversationRecord>(part, aad))?.value;
  /** Removes a record and the index row that points at it. */
  const drop = async (r: ConversationRecord): Promise<number> => {
    await table.remove(part, r.aadObjectId);
    if (r.userId) {
      const index = await table.get<UserIndex>(byUser, r.userId);
      if (index?.value.aadObjectId === r.aadObjectId) await table.remove(byUser, r.userId, index.etag);
    }
    return 1;
  };
  const byUserId = async (userId: string): Promise<ConversationRecord | undefined> => {
    const index = await table.get<UserIndex>(byUser, userId);
    if (!index) return undefined;
    // The index row is written before the record, so a record with this user id always has one; a
    // row whose record no longer carries the id (a crash between the two writes) finds nothing.
    const record = await get(index.value.aadObjectId);
    return record?.userId === userId ? record : undefined;
  };
  return {
    upsert: async (r) => {
      const aad = lower(r.aadObjectId);
      if (!aad)
        throw new Error('A conversation is stored by the Entra object id of its person; none was given.');
      const given = Object.fromEntries(
        Object.entries({ ...r, upn: lower(r.upn) }).filter(([, v]) => v !== undefined),
      ) as Partial<ConversationRecord>;
      if (r.userId) await table.upsert<UserIndex>(byUser, r.userId, { aadObjectId: aad });
      // A later row without a Teams user id, UPN or name keeps the ones already known.
      const { previous } = await updateRow<ConversationRecord>(table, part, aad, (before) => ({
        ...before,
        ...given,
        aadObjectId: aad,
        conversationId: r.conversationId,
        updatedAt: r.updatedAt,
      }));
      if (previous?.userId && r.userId && previous.userId !== r.userId) {
        const stale = await table.get<UserIndex>(byUser, previous.userId);
        if (stale?.value.aadObjectId === aad) await table.remove(byUser, previous.userId, stale.etag);
      }
    },
    byAadObjectId: async (id) => get(lower(id) ?? ''),
    byUserId,
    removeUser: async ({ aadObjectId, userId }) => {
      let n = 0;
      const aad = lower(aadObjectId);
      const mine = aad ? await get(aad) : undefined;
      if (mine) n += await drop(mine);
      const theirs = userId ? await byUserId(userId) : undefined;
      if (theirs && theirs.aadObjectId !== mine?.aadObjectId) n += await drop(theirs);
      return n;
    },
    // Rare (the bot removed from a chat): a scan of the partition.
    removeConversation: async (conversationId) => {
      let n = 0;
      for (const row of await table.list<ConversationRecord>(part)) {
        if (row.value.conversationId === conversationId) n += await drop(row.value);
      }
      return n;
    },
  };
}

type IdentityRow = OwnerIdentity & { resolvedAt: string };

export function identitiesOn(table: StateTable, now: () => string): IdentityCache {
  const part = statePartitions.identity;
  return {
    get: async (personId) => {
      const row = await table.get<IdentityRow>(part, String(personId));
      if (!row) return undefined;
      const { aadObjectId, upn } = row.value;
      return { aadObjectId, ...(upn ? { upn } : {}) };
    },
    put: async (personId, identity) => {
      await table.upsert<IdentityRow>(part, String(personId), {
        aadObjectId: identity.aadObjectId,
        ...(identity.upn ? { upn: identity.upn } : {}),
        resolvedAt: now(),
      });
    },
  };
}

export function channelsOn(table: StateTable): ChannelStore {
  const part = statePartitions.channel;
  return {
    upsert: async (r) => {
      await updateRow<ChannelRecord>(table, part, r.channelId, (before) => mergeChannel(before, r));
    },
    list: async () => (await table.list<ChannelRecord>(part)).map((row) => row.value),
    byChannelId: async (id) => (await table.get<ChannelRecord>(part, id))?.value,
    // Rare (the app removed from a team): a scan of the partition, a handful of channels.
    removeTeam: async (teamId) => {
      for (const row of await table.list<ChannelRecord>(part)) {
        if (row.value.teamId === teamId) await table.remove(part, row.key);
      }
    },
  };
}

export function conversationMovesOn(table: StateTable): ConversationMoves {
  const part = statePartitions.move;
  const to = async (id: string) => (await table.get<ConversationMove>(part, id))?.value.to;
  return {
    record: async (m) => {
      if (m.from !== m.to) await table.upsert<ConversationMove>(part, m.from, m);
      // A chat that is current again is no longer replaced.
      await table.remove(part, m.to);
    },
    replacedBy: async (id) => newestChat(await to(id), to, id),
  };
}
