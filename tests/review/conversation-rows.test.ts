/**
 * The service's conversation rows: keyed by Entra object id in the state file, an old state file's
 * rows migrated (no `email:` ids survive), and every row of a person removed when they uninstall the
 * app or leave (installationUpdate remove, conversationUpdate membersRemoved).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { App } from '@microsoft/teams.apps';
import { cachedDirectory, type IdentityLookup } from '../../src/review/identity';
import { NEVER, type OutboxEntry } from '../../src/review/outbox';
import { openReviewState } from '../../src/server/review-state';
import { routeTeamsApp } from '../../src/server/review-teams';
import { world } from './fakes';

const at = '2026-10-05T09:00:00Z';

describe('conversation rows in the state file', () => {
  it("moves an old file's rows to object-id keys, dropping email: placeholders and rows without an object id", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'state-')), 'state.db');
    const old = new DatabaseSync(file);
    old.exec(`CREATE TABLE conversations (user_id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL,
      aad_object_id TEXT, email TEXT, name TEXT, updated_at TEXT NOT NULL)`);
    const insert = old.prepare('INSERT INTO conversations VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('29:priya', 'a:priya', 'AAA-1', 'priya@council.example', 'Priya', at);
    insert.run('email:tom@council.example', '19:tom', 'bbb-2', 'tom@council.example', 'Tom', at);
    insert.run('29:nobody', 'a:nobody', null, 'nobody@council.example', 'Nobody', at);
    old.close();
    const state = openReviewState(file);
    try {
      expect(await state.conversations.byAadObjectId('aaa-1')).toEqual({
        aadObjectId: 'aaa-1',
        conversationId: 'a:priya',
        userId: '29:priya',
        name: 'Priya',
        updatedAt: at,
      });
      const tom = await state.conversations.byAadObjectId('BBB-2');
      expect(tom).toMatchObject({ conversationId: '19:tom' });
      expect(tom?.userId).toBeUndefined();
      expect(await state.conversations.byUserId('29:nobody')).toBeUndefined();
      await state.conversations.upsert({ aadObjectId: 'aaa-1', conversationId: 'a:priya-2', updatedAt: at });
      // A later row without a Teams user id keeps the one already known.
      expect(await state.conversations.byAadObjectId('aaa-1')).toMatchObject({
        conversationId: 'a:priya-2',
        userId: '29:priya',
      });
      expect(await state.conversations.removeUser({ userId: '29:priya' })).toBe(1);
      expect(await state.conversations.removeConversation('19:tom')).toBe(1);
    } finally {
      await state.close();
    }
  });
});

describe('a state file of the tables before the state table', () => {
  it('moves every old table into rows once (outbox, conversations, identities, channels, moves) and drops the tables', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'state-')), 'state.db');
    const old = new DatabaseSync(file);
    // The schema review-state.ts created before the state table.
    old.exec(`
      CREATE TABLE outbox (key TEXT PRIMARY KEY, created_at TEXT NOT NULL, next_attempt_at TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE owner_conversations (aad_object_id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL,
        user_id TEXT, upn TEXT, name TEXT, updated_at TEXT NOT NULL);
      CREATE TABLE owner_identities (person_id INTEGER PRIMARY KEY, aad_object_id TEXT NOT NULL, upn TEXT, resolved_at TEXT NOT NULL);
      CREATE TABLE channels (channel_id TEXT PRIMARY KEY, team_id TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE conversation_moves (from_conversation_id TEXT PRIMARY KEY, to_conversation_id TEXT NOT NULL,
        user_id TEXT NOT NULL, moved_at TEXT NOT NULL);
    `);
    const intro = {
      kind: 'intro',
      key: 'intro|2026/27-Q3|a:priya',
      conversationId: 'a:priya',
      periodId: '2026/27-Q3',
      attempts: 0,
      createdAt: at,
      nextAttemptAt: NEVER,
    };
    old.prepare('INSERT INTO outbox VALUES (?, ?, ?, ?)').run(intro.key, at, NEVER, JSON.stringify(intro));
    old
      .prepare('INSERT INTO owner_conversations VALUES (?, ?, ?, ?, ?, ?)')
      .run('aaa-1', 'a:priya', '29:priya', 'priya@council.example', 'Priya', at);
    old
      .prepare('INSERT INTO owner_identities VALUES (?, ?, ?, ?)')
      .run(13, 'abc-13', 'r.patel@council.example', at);
    const channel = {
      channelId: '19:risk@thread.tacv2',
      teamId: '19:team',
      channelName: 'Risk',
      source: 'install',
      updatedAt: at,
    };
    old
      .prepare('INSERT INTO channels VALUES (?, ?, ?)')
      .run(channel.channelId, channel.teamId, JSON.stringify(channel));
    old.prepare('INSERT INTO conversation_moves VALUES (?, ?, ?, ?)').run('a:old', 'a:priya', '29:priya', at);
    old.close();

    const state = openReviewState(file);
    try {
      expect(await state.outbox.all()).toEqual([intro]);
      // Claimed before the migration: a second claim of the intro is refused.
      expect(await state.outbox.claim(intro as OutboxEntry)).toBeUndefined();
      expect(await state.conversations.byUserId('29:priya')).toEqual({
        aadObjectId: 'aaa-1',
        conversationId: 'a:priya',
        userId: '29:priya',
        upn: 'priya@council.example',
        name: 'Priya',
        updatedAt: at,
      });
      expect(await state.identities.get(13)).toEqual({
        aadObjectId: 'abc-13',
        upn: 'r.patel@council.example',
      });
      expect(await state.channels.list()).toEqual([channel]);
      expect(await state.moves.replacedBy('a:old')).toBe('a:priya');
    } finally {
      await state.close();
    }
    const tables = new DatabaseSync(file);
    expect(
      (
        tables.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
          name: string;
        }[]
      ).map((t) => t.name),
    ).toEqual(['state_rows']);
    tables.close();
    // Opened again: nothing migrated twice, nothing lost.
    const again = openReviewState(file);
    try {
      expect(await again.outbox.all()).toHaveLength(1);
      expect(await again.channels.list()).toHaveLength(1);
    } finally {
      await again.close();
    }
  });
});

describe('owner identities in the state file', () => {
  it('resolves a register person once: a restarted service reads the kept object id, a refusal is asked again', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'state-')), 'state.db');
    const asked: number[] = [];
    const lookup: IdentityLookup = async (p) => {
      asked.push(p.id);
      return p.id === 13
        ? { ok: true, identity: { aadObjectId: 'ABC-13', upn: 'r.patel@northmoorcc.onmicrosoft.com' } }
        : { ok: false, reason: 'refused' };
    };
    const first = openReviewState(file);
    const directory = cachedDirectory(lookup, first.identities);
    await directory.resolve({ id: 13, name: 'Ravi' });
    await directory.resolve({ id: 13, name: 'Ravi' });
    await directory.resolve({ id: 14, name: 'Alex' });
    await first.close();
    const again = openReviewState(file);
    try {
      const restarted = cachedDirectory(lookup, again.identities);
      await expect(restarted.resolve({ id: 13, name: 'Ravi' })).resolves.toEqual({
        ok: true,
        identity: { aadObjectId: 'abc-13', upn: 'r.patel@northmoorcc.onmicrosoft.com' },
      });
      await restarted.resolve({ id: 14, name: 'Alex' });
      expect(asked).toEqual([13, 14, 14]);
    } finally {
      await again.close();
    }
  });
});

describe('uninstall and leaving', () => {
  type Handler = (ctx: {
    activity: Record<string, unknown>;
    send?: (t: string) => Promise<void>;
  }) => Promise<unknown>;

  function routed() {
    const w = world();
    const handlers = new Map<string, Handler>();
    const app = { on: (event: string, h: Handler) => handlers.set(event, h), api: {} } as unknown as App;
    routeTeamsApp(app, w.deps);
    return { w, handlers };
  }

  it('records the installer by object id and forgets every row of theirs when they remove the app', async () => {
    const { w, handlers } = routed();
    const sent: string[] = [];
    await handlers.get('install.add')!({
      activity: {
        conversation: { id: 'a:priya', conversationType: 'personal' },
        from: { id: '29:priya', aadObjectId: 'AAA-1', name: 'Priya Shah' },
      },
      send: async (t) => void sent.push(t),
    });
    expect(await w.deps.conversations.byAadObjectId('aaa-1')).toMatchObject({
      conversationId: 'a:priya',
      userId: '29:priya',
    });
    await handlers.get('install.remove')!({
      activity: { from: { id: '29:priya', aadObjectId: 'aaa-1' }, conversation: { id: 'a:priya' } },
    });
    expect(await w.deps.conversations.byAadObjectId('aaa-1')).toBeUndefined();
    expect(sent).toHaveLength(1);
  });

  it('forgets a conversation the bot was removed from, and a person who left it', async () => {
    const { w, handlers } = routed();
    await w.deps.conversations.upsert({
      aadObjectId: 'aaa-1',
      conversationId: 'a:1',
      userId: '29:1',
      updatedAt: at,
    });
    await w.deps.conversations.upsert({
      aadObjectId: 'bbb-2',
      conversationId: 'a:2',
      userId: '29:2',
      updatedAt: at,
    });
    await handlers.get('conversationUpdate')!({
      activity: {
        recipient: { id: '28:bot' },
        conversation: { id: 'a:1' },
        membersRemoved: [{ id: '28:bot' }],
      },
    });
    expect(await w.deps.conversations.byAadObjectId('aaa-1')).toBeUndefined();
    await handlers.get('conversationUpdate')!({
      activity: {
        recipient: { id: '28:bot' },
        conversation: { id: '19:team' },
        membersRemoved: [{ id: '29:2', aadObjectId: 'bbb-2' }],
      },
    });
    expect(await w.deps.conversations.byAadObjectId('bbb-2')).toBeUndefined();
  });
});
