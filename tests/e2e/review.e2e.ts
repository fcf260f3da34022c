/**
 * The review flow end to end, offline: the local list service with the real SharePoint repositories,
 * the review service with the real Teams SDK app, and the Microsoft 365 Agents Playground driven
 * through its HTTP API. A run sends the cards; the owner answers one; SharePoint and the returned card
 * are checked; someone else is refused.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../src/review/clock';
import { chasePeriod } from '../../src/review/chasing';
import { createDispatcher } from '../../src/review/dispatcher';
import {
  freePort,
  PLAYGROUND_MANAGERS_CHANNEL,
  startPlayground,
  type Playground,
} from '../../src/server/playground';
import { startReviewService, type ReviewService } from '../../src/server/review-service';
import { priya, REGISTER, seedSite, tom, type SeededSite } from '../review/seed';

jest.setTimeout(240_000);

const PERIOD = '2026/27-Q3';
// Inside the Q3 2026/27 review window (cards go out from 24 Sep, answers close 29 Oct).
const NOW = Date.parse('2026-10-05T09:00:00Z');
const fixedClock: Clock = {
  now: () => NOW,
  sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
  random: () => 0.5,
};
const SECRET = 'e2e-card-secret-0123456789abcdef0123456789';

type Card = Record<string, unknown> & { actions?: { verb?: string; data?: Record<string, unknown> }[] };
type PlaygroundMessage = { messageId: string; attachments?: { content: Card }[]; text?: string };

/** The messages the bot posted into a conversation, read from the Playground's log. */
function messagesIn(playground: Playground, conversationId: string): PlaygroundMessage[] {
  const out: PlaygroundMessage[] = [];
  for (const line of readFileSync(playground.logFile, 'utf8').split('\n')) {
    const at = line.indexOf('{"action":"createMessage"');
    if (at < 0) continue;
    const entry = JSON.parse(line.slice(at)) as { actionConversationId: string; message: PlaygroundMessage };
    if (entry.actionConversationId === conversationId) out.push(entry.message);
  }
  return out;
}

async function invoke(
  playground: Playground,
  body: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${playground.url}/_conversation/v1/invoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const cardText = (card: unknown): string => JSON.stringify(card);

describe('quarterly review through the Agents Playground', () => {
  let site: SeededSite;
  let service: ReviewService;
  let playground: Playground;
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'review-e2e-'));

  beforeAll(async () => {
    site = await seedSite();
    const port = await freePort();
    service = await startReviewService({
      siteUrl: site.service.siteUrl,
      tokenProvider: async () => 'demo-service-token',
      port: 0,
      serviceUrl: `http://localhost:${port}/_connector`,
      local: true,
      cardSecret: SECRET,
      statePath: path.join(workDir, 'state.db'),
      schedule: false,
      clock: fixedClock,
      sdkLogLevel: 'error',
      log: { info: () => {}, warn: () => {}, error: (m) => console.error(m) },
    });
    playground = await startPlayground({ botEndpoint: service.botEndpoint, port, workDir });
    // The install event tells the bot Priya's personal chat; wait until it is recorded.
    for (let i = 0; i < 120 && !(await service.deps.conversations.byAadObjectId(priya.objectId!)); i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await playground?.stop();
    await service?.stop();
    await site?.close();
  });

  it("sends one card per due risk, records the owner's answer in SharePoint and returns the recorded card", async () => {
    const chat = playground.personalChatId;
    expect(await service.deps.conversations.byAadObjectId(priya.objectId!)).toMatchObject({
      conversationId: chat,
    });

    const report = await service.run({ periodId: PERIOD });
    expect(report.send?.sent).toHaveLength(2);
    expect(report.send?.unreachable.map((u) => u.owner)).toEqual([tom.title]);

    const cards = messagesIn(playground, chat).filter((m) => m.attachments?.length);
    const reviewCards = cards.filter((m) =>
      cardText(m.attachments![0]!.content).includes('Confirm rating unchanged'),
    );
    expect(reviewCards.map((m) => /CRR000\d/.exec(cardText(m.attachments![0]!.content))![0]).sort()).toEqual([
      'CRR0001',
      'CRR0002',
    ]);

    // A second run sends nothing new.
    await service.run({ periodId: PERIOD });
    expect(messagesIn(playground, chat).filter((m) => m.attachments?.length)).toHaveLength(cards.length);

    const message = reviewCards.find((m) => cardText(m.attachments![0]!.content).includes('CRR0001'))!;
    const card = message.attachments![0]!.content;
    const data = card.actions!.find((a) => a.verb === 'change')!.data!;
    const body = (from: string, comment: string) => ({
      name: 'adaptiveCard/action',
      from: { id: from },
      conversation: { id: chat },
      replyToId: message.messageId,
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'change',
          data: { ...data, likelihood: '4', impact: '4', comment },
        },
        trigger: 'manual',
      },
    });

    // Someone who is not an owner gets the card's invoke (the Playground only lets chat members act in
    // a chat, so this one is posted to the bot's endpoint as the Bot Connector would deliver it).
    const wrong = body('user-id-5', 'Not mine to answer');
    const refused = await fetch(service.botEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ...wrong,
        type: 'invoke',
        id: 'invoke-wrong-person',
        channelId: 'msteams',
        serviceUrl: playground.serviceUrl,
        from: { id: 'user-id-5', name: 'Jo Visitor', aadObjectId: '00000000-0000-0000-0000-000000000199' },
        recipient: { id: '00000000-0000-0000-0000-00000000000011', name: 'Risk Register' },
        conversation: { id: chat, conversationType: 'personal' },
      }),
    });
    expect(cardText(await refused.json())).toContain('Only the risk owner can answer');
    expect(await site.store.getHistory(site.risks[0]!.id)).toHaveLength(0);

    const answered = await invoke(
      playground,
      body('user-id-0', 'Two placements broke down; agency use is up.'),
    );
    expect(answered.status).toBe(200);
    expect(answered.json.type).toBe('application/vnd.microsoft.card.adaptive');
    const recorded = cardText(answered.json.value);
    expect(recorded).toContain('Recorded: rating changed');
    expect(recorded).toContain('Priya Shah');

    const history = await site.store.getHistory(site.risks[0]!.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      periodId: PERIOD,
      outcome: 'changed',
      source: 'card',
      comment: 'Two placements broke down; agency use is up.',
      current: { likelihood: 4, impact: 4 },
    });
    expect(history[0]!.recordedBy?.email).toBe(priya.email);
    expect((await site.store.getRisk(site.risks[0]!.id)).current).toEqual({ likelihood: 4, impact: 4 });
    const status = await service.status(PERIOD);
    expect(status.counts).toMatchObject({ answered: 1, sent: 1, unreachable: 1 });
  });

  it("captures the managers' channel when the app is added to the Playground's team and posts the digest there", async () => {
    // The Playground plays Teams' installationUpdate into the team's "Risk managers" channel, as Teams
    // does when the app is added to a team (its debug route; the channel comes from its config).
    const res = await fetch(
      `${playground.url}/_debug/conversation/${encodeURIComponent(PLAYGROUND_MANAGERS_CHANNEL.id)}/installation`,
      { method: 'POST' },
    );
    expect(res.status).toBe(200);
    const channels = service.deps.channels!;
    for (let i = 0; i < 120 && (await channels.list()).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const [captured] = await channels.list();
    expect(captured).toMatchObject({
      channelId: PLAYGROUND_MANAGERS_CHANNEL.id,
      teamId: 'team-id',
      teamName: 'Risk Management',
      source: 'install',
      serviceUrl: expect.stringContaining('/_connector'),
    });
    // The bot says in the channel what it is for.
    expect(
      messagesIn(playground, captured!.channelId)
        .map((m) => m.text ?? '')
        .join('\n'),
    ).toContain("Managers' channel");

    // A manager chooses the captured channel in the register settings.
    const settings = await site.store.getSettings(REGISTER);
    await site.store.saveSettings(
      { ...settings, managersChannelId: captured!.channelId },
      settings.etag,
      await site.store.currentUser(),
    );
    // Tom has no chat with the bot: managers hear about him at the first walk.
    const report = await chasePeriod(service.deps, createDispatcher(service.deps), PERIOD);
    expect(report.undelivered).toEqual([]);
    expect(report.digests).toEqual([
      expect.objectContaining({ channelId: PLAYGROUND_MANAGERS_CHANNEL.id, count: 1 }),
    ]);
    const posted = messagesIn(playground, captured!.channelId).filter((m) => m.attachments?.length);
    expect(posted).toHaveLength(1);
    const digest = cardText(posted[0]!.attachments![0]!.content);
    expect(digest).toContain('CRR0003');
    expect(digest).toContain('Unreachable');
  });

  it('sends the unanswered card again when the owner opens a new Playground, and never the answered one', async () => {
    // A restarted Playground is a new, empty personal chat (a new id); its install event tells the bot.
    const oldChat = playground.personalChatId;
    const port = playground.port;
    await playground.stop();
    playground = await startPlayground({ botEndpoint: service.botEndpoint, port, workDir });
    const newChat = playground.personalChatId;
    expect(newChat).not.toBe(oldChat);
    const reviewCardsIn = (chat: string) =>
      messagesIn(playground, chat).filter((m) =>
        m.attachments?.some((a) => cardText(a.content).includes('Confirm rating unchanged')),
      );
    for (let i = 0; i < 120 && reviewCardsIn(newChat).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const resent = reviewCardsIn(newChat);
    // CRR0002 was sent and never answered; CRR0001 was answered before the restart.
    expect(resent.map((m) => /CRR000\d/.exec(cardText(m.attachments![0]!.content))![0])).toEqual(['CRR0002']);
    // The owner is introduced again in the new chat, which has none of the earlier messages.
    expect(
      messagesIn(playground, newChat).some((m) => cardText(m).includes('You have 1 risk to review')),
    ).toBe(true);
    const requests = (await service.status(PERIOD)).requests;
    expect(requests.find((r) => r.riskReference === 'CRR0002')).toMatchObject({
      status: 'sent',
      conversationId: newChat,
    });
    expect(requests.find((r) => r.riskReference === 'CRR0001')).toMatchObject({ status: 'answered' });

    // A rerun of the period sends nothing more: the card owed is in the chat the owner has.
    await service.run({ periodId: PERIOD });
    expect(reviewCardsIn(newChat)).toHaveLength(1);
  });
});
