import { expandCard, type Card, type IntroCardData } from '../../src/review/cards';
import introData from '../../cards/intro/data.json';
/**
 * The production delivery check (Graph) against a fake Graph that lists what the fake Teams client
 * really delivered: is a review card already in the owner's chat?
 */
import { isIntroFor, isReviewCardFor } from '../../src/review/delivery-check';
import { cardActivity } from '../../src/review/teams-client';
import { createGraphDeliveryCheck } from '../../src/server/review-graph-delivery';
import { aadOf, FakeTeamsClient, priya, virtualClock } from './fakes';
import { fakeGraphOver, graphChatIdOf } from '../../src/testing/graph';

const priyaAad = aadOf(priya.email);
const owner = { personId: priya.id, name: priya.name, email: priya.email, aadObjectId: priyaAad };
const reviewCard = (riskId: number, periodId: string): Card => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [],
  actions: [
    {
      type: 'Action.Execute',
      verb: 'confirm',
      data: { riskId, periodId, riskVersion: '"1"', issuedAt: 'x', sig: 's' },
    },
  ],
});

function setup(pageSize = 50) {
  const clock = virtualClock('2026-10-05T09:00:00Z');
  const teams = new FakeTeamsClient(clock);
  teams.addChat(priya.email);
  const graph = fakeGraphOver(teams, pageSize);
  const conversationId = `a:chat-${priya.email}`;
  const since = new Date(clock.now()).toISOString();
  const send = async (card: Card) => {
    clock.advance(1_000);
    return (await teams.send(conversationId, cardActivity(card, 'card'))).id;
  };
  return { clock, teams, graph, conversationId, since, send };
}

describe('checking the owner’s chat for a card through Graph', () => {
  it('finds the card of a risk and period, mapping the bot conversation to its Graph chat', async () => {
    const { graph, conversationId, since, send } = setup();
    await send(reviewCard(1, '2026/27-Q3'));
    const id = await send(reviewCard(2, '2026/27-Q3'));
    await send(reviewCard(3, '2026/27-Q3'));
    const check = createGraphDeliveryCheck(graph.options);
    await expect(
      check.find({ conversationId, owner, since, matches: isReviewCardFor(2, '2026/27-Q3') }),
    ).resolves.toEqual({ status: 'delivered', activityId: id });
    expect(graph.calls.every((c) => c.auth === 'Bearer graph-token')).toBe(true);
    const paths = graph.calls.map((c) => c.path);
    expect(paths[0]).toMatch(
      new RegExp(
        `^/users/${priyaAad}/teamwork/installedApps\\?\\$expand=teamsApp&\\$filter=teamsApp/externalId eq 'f00dfeed`,
      ),
    );
    // Graph is asked by the owner's object id, never by mail address.
    expect(paths.filter((p) => p.startsWith('/users/')).some((p) => p.includes(priya.email))).toBe(false);
    expect(paths[1]).toBe(`/users/${priyaAad}/teamwork/installedApps/install-${priyaAad}/chat`);
    // Newest first, only what changed since the claim (less five minutes for clocks that disagree).
    expect(paths[2]).toBe(
      `/chats/${graphChatIdOf(conversationId)}/messages?$top=50&$orderby=lastModifiedDateTime desc&$filter=lastModifiedDateTime gt 2026-10-05T08:55:00.000Z`,
    );
  });

  it('says not delivered when only other risks, periods or apps are in the chat, reading every page', async () => {
    const { graph, conversationId, since, send } = setup(2);
    for (let k = 1; k <= 5; k++) await send(reviewCard(k, '2026/27-Q2'));
    const check = createGraphDeliveryCheck(graph.options);
    await expect(
      check.find({ conversationId, owner, since, matches: isReviewCardFor(3, '2026/27-Q3') }),
    ).resolves.toEqual({ status: 'not-delivered' });
    expect(graph.calls.filter((c) => c.path.includes('/messages'))).toHaveLength(3);
    // Another app's messages do not count, whatever they carry.
    const otherApp = createGraphDeliveryCheck({ ...graph.options, botAppId: 'another-app' });
    await expect(
      otherApp.find({ conversationId, owner, since, matches: isReviewCardFor(3, '2026/27-Q2') }),
    ).resolves.toEqual({ status: 'not-delivered' });
  });

  it('tells an intro card from a review card', async () => {
    const { graph, conversationId, since, send } = setup();
    // The intro as the sender makes it (the golden data of cards/intro), and a look-alike that only
    // says the same words: a card is recognised by its kind, never by its text.
    const intro = expandCard('intro', introData as IntroCardData);
    const lookalike: Card = { type: 'AdaptiveCard', version: '1.5', speak: intro.speak, body: [] };
    await send(lookalike);
    const check = createGraphDeliveryCheck(graph.options);
    await expect(
      check.find({ conversationId, owner, since, matches: isIntroFor('Q3 2026/27') }),
    ).resolves.toEqual({ status: 'not-delivered' });
    const id = await send(intro);
    await expect(
      check.find({ conversationId, owner, since, matches: isIntroFor('Q3 2026/27') }),
    ).resolves.toEqual({ status: 'delivered', activityId: id });
    await expect(
      check.find({ conversationId, owner, since, matches: isIntroFor('Q4 2026/27') }),
    ).resolves.toEqual({ status: 'not-delivered' });
  });

  it('uses a Graph chat id as it is, without looking up the installation', async () => {
    const { graph, teams, since, clock } = setup();
    teams.addChat('tom@council.example', '19:abc@unq.gbl.spaces');
    clock.advance(1_000);
    const sent = await teams.send('19:abc@unq.gbl.spaces', cardActivity(reviewCard(7, 'P'), 'card'));
    const check = createGraphDeliveryCheck({ ...graph.options, manifestId: undefined });
    await expect(
      check.find({
        conversationId: '19:abc@unq.gbl.spaces',
        owner: {
          personId: 9,
          name: 'Tom',
          email: 'tom@council.example',
          aadObjectId: aadOf('tom@council.example'),
        },
        since,
        matches: isReviewCardFor(7, 'P'),
      }),
    ).resolves.toEqual({ status: 'delivered', activityId: sent.id });
    expect(graph.calls.map((c) => c.path.split('?')[0])).toEqual(['/chats/19:abc@unq.gbl.spaces/messages']);
  });

  it('cannot tell when Graph refuses or fails, and says whether asking again could help', async () => {
    const { graph, conversationId, since } = setup();
    const check = createGraphDeliveryCheck(graph.options);
    const lookup = { conversationId, owner, since, matches: isReviewCardFor(1, 'P') };
    graph.failNext.push(403);
    await expect(check.find(lookup)).resolves.toEqual({
      status: 'unknown',
      retryable: false,
      reason: expect.stringMatching(
        /403 Injected.*Chat\.Read\.All.*protected API.*GRAPH_DELIVERY_CHECK=false/,
      ),
    });
    for (const status of [429, 503]) {
      graph.failNext.push(status);
      await expect(check.find(lookup)).resolves.toMatchObject({ status: 'unknown', retryable: true });
    }
    const offline = createGraphDeliveryCheck({
      ...graph.options,
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    });
    await expect(offline.find(lookup)).resolves.toEqual({
      status: 'unknown',
      retryable: true,
      reason: 'Graph could not be reached: fetch failed',
    });
    const noManifest = createGraphDeliveryCheck({ ...graph.options, manifestId: undefined });
    await expect(noManifest.find(lookup)).resolves.toMatchObject({
      status: 'unknown',
      retryable: false,
      reason: expect.stringContaining('TEAMS_APP_ID'),
    });
  });

  it('is refused as Graph refuses it when the app lacks the permission, and says which one to grant', async () => {
    const { teams, conversationId, since } = setup();
    const noChatRead = fakeGraphOver(teams, {
      permissions: ['TeamsAppInstallation.ReadWriteSelfForUser.All'],
    });
    const lookup = { conversationId, owner, since, matches: isReviewCardFor(1, 'P') };
    await expect(createGraphDeliveryCheck(noChatRead.options).find(lookup)).resolves.toEqual({
      status: 'unknown',
      retryable: false,
      reason:
        "Graph could not read the chat of Priya Shah (403 Forbidden: Missing role permissions on the request. API requires one of 'Chat.Read.All, Chat.ReadWrite.All'. Roles on the request 'TeamsAppInstallation.ReadWriteSelfForUser.All'.); the check needs the application permission Chat.Read.All with admin consent and Microsoft's approval of the protected API (learn.microsoft.com/graph/teams-protected-apis); or set GRAPH_DELIVERY_CHECK=false",
    });
    const nothing = fakeGraphOver(teams, { permissions: [] });
    await expect(createGraphDeliveryCheck(nothing.options).find(lookup)).resolves.toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining(
        `Graph refused to read the app installations of ${priyaAad} (403 Forbidden: Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadForUser.All, TeamsAppInstallation.ReadWriteSelfForUser.All, TeamsAppInstallation.ReadWriteForUser.All'. Roles on the request ''.): missing permission TeamsAppInstallation.ReadWriteSelfForUser.All`,
      ),
    });
    // Nothing past the refusal was read.
    expect(nothing.calls).toHaveLength(1);
  });
});
