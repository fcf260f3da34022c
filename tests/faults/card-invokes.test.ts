/**
 * Forged, replayed and malformed card invokes reach the real handler: nothing is written to the
 * register, and each is answered with a card that tells the person what was wrong.
 */
import { createCardSigner } from '../../src/review/card-signing';
import { createDispatcher } from '../../src/review/dispatcher';
import { handleCardAction, type CardInvoke } from '../../src/review/invoke-handler';
import { runPeriod } from '../../src/review/scheduler';
import { createRegisterStore } from '../../src/sharepoint';
import { reviewCardsSent, type ReviewCardSent } from '../../bench/lib/teams-checks';
import { startReviewWorld, teamsUserIdOf, type ReviewWorld } from '../../bench/lib/review-world';
import './fault-config';

let world: ReviewWorld;
let cards: ReviewCardSent[];

beforeAll(async () => {
  world = await startReviewWorld({ owners: 2, risks: 4 });
  const deps = world.deps();
  await runPeriod(deps, createDispatcher(deps), { periodId: world.periodId, register: world.register });
  cards = reviewCardsSent(world.teams);
});

afterAll(async () => {
  await world?.close();
});

/** Everything a write would change: each risk's version, its snapshots and its audit entries. */
async function registerState(): Promise<string> {
  const store = createRegisterStore(world.sp);
  const parts: string[] = [];
  for (const r of world.risks) {
    const risk = await store.getRisk(r.id);
    const history = await store.getHistory(r.id);
    const audit = await store.getAudit(r.id);
    parts.push(
      `${r.id}:${risk.etag}:${history.map((h) => `${h.periodId}/${h.etag}`).join(',')}:${audit.length}`,
    );
  }
  return parts.join('\n');
}

/** All text a person would read on the card. */
function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'text' || k === 'title' || k === 'value') && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(card);
  return out.join(' | ');
}

/** The first card for an owner's risk, answered as that owner with valid inputs. */
function validInvoke(
  index = 0,
  overrides: Partial<CardInvoke> = {},
  inputs: Record<string, unknown> = {},
): CardInvoke {
  const d = cards[index]!;
  const seeded = world.risks.find((r) => r.id === d.riskId)!;
  return {
    verb: 'confirm',
    data: {
      ...d.data,
      likelihood: String(seeded.risk.current!.likelihood),
      impact: String(seeded.risk.current!.impact),
      comment: 'Controls are working; no change.',
      ...inputs,
    },
    from: { id: teamsUserIdOf(seeded.owner) },
    conversationId: d.conversationId,
    replyToId: d.id,
    ...overrides,
  };
}

/** `showsEarlier`: the refusal may show the answer recorded earlier (an out-of-date card does). */
async function expectRefused(
  invoke: CardInvoke,
  title: string | RegExp,
  showsEarlier = false,
): Promise<void> {
  const before = await registerState();
  const result = await handleCardAction(world.deps(), world.identify, invoke);
  expect(result.statusCode).toBe(200);
  expect(result.value.type).toBe('AdaptiveCard');
  expect(cardText(result.value)).toMatch(title);
  if (!showsEarlier) expect(cardText(result.value)).not.toMatch(/Recorded: /);
  expect(await registerState()).toBe(before);
}

test('forged card data is refused: changed signature, risk, version or date, or another secret', async () => {
  const data = validInvoke().data;
  const other = world.risks.find((r) => r.id !== data.riskId)!;
  const forgedSigner = createCardSigner('someone-elses-secret-0123456789abcdefgh');
  const cases: Record<string, unknown>[] = [
    { ...data, sig: 'AAAA' + String(data.sig).slice(4) },
    { ...data, riskId: other.id },
    { ...data, riskVersion: '"999"' },
    { ...data, issuedAt: '2099-01-01T00:00:00.000Z' },
    {
      ...data,
      ...forgedSigner.sign({
        riskId: Number(data.riskId),
        periodId: String(data.periodId),
        riskVersion: String(data.riskVersion),
        issuedAt: String(data.issuedAt),
      }),
    },
  ];
  for (const forged of cases) {
    await expectRefused({ ...validInvoke(), data: forged }, /This card cannot be used/);
  }
});

test('a valid card answered by someone who is not its owner or delegate is refused', async () => {
  const invoke = validInvoke(0);
  const stranger = world.owners.find((o) => invoke.from.id !== teamsUserIdOf(o))!;
  await expectRefused({ ...invoke, from: { id: teamsUserIdOf(stranger) } }, /Only the risk owner can answer/);
  await expectRefused({ ...invoke, from: { id: '29:unknown-person' } }, /Only the risk owner can answer/);
});

test('malformed invokes are refused: unknown verb, data that is not card data, bad inputs', async () => {
  await expectRefused(validInvoke(0, { verb: 'approve' }), /Unknown action/);
  await expectRefused(validInvoke(0, { verb: '' }), /Unknown action/);
  for (const data of [
    null,
    'confirm',
    [],
    {},
    { riskId: 'abc' },
    { ...validInvoke().data, sig: undefined },
  ]) {
    await expectRefused(
      { ...validInvoke(), data: data as unknown as Record<string, unknown> },
      /This card cannot be used/,
    );
  }
  const bad: Record<string, unknown>[] = [
    { likelihood: '99' },
    { likelihood: '' },
    { impact: { value: 3 } },
    { likelihood: '-1' },
    { comment: '' },
    { comment: '   ' },
    { comment: 'x'.repeat(5000) },
  ];
  for (const inputs of bad) {
    await expectRefused(validInvoke(0, {}, inputs), /Please correct your answer/);
  }
  // A rating changed but "confirm unchanged" pressed.
  await expectRefused(validInvoke(0, {}, { likelihood: '1', impact: '1' }), /Please correct your answer/);
});

test('a card for a risk that no longer exists is refused', async () => {
  const signer = world.signer;
  const data = signer.sign({
    riskId: 987654,
    periodId: world.periodId,
    riskVersion: '"1"',
    issuedAt: new Date(world.clock.now()).toISOString(),
  });
  await expectRefused(
    { ...validInvoke(), data: { ...data, likelihood: '1', impact: '1', comment: 'x' } },
    /Risk not found/,
  );
});

test('replays: the same answer twice writes once; an old card replayed after an answer is refused', async () => {
  const first = validInvoke(1);
  const recorded = await handleCardAction(world.deps(), world.identify, first);
  expect(cardText(recorded.value)).toMatch(/Recorded: /);
  const after = await registerState();
  // A double submit shows the recorded answer and writes nothing.
  const again = await handleCardAction(world.deps(), world.identify, first);
  expect(cardText(again.value)).toMatch(/Recorded: /);
  expect(await registerState()).toBe(after);
  // The same old card replayed with a different answer: out of date, nothing written.
  await expectRefused(
    validInvoke(1, {}, { comment: 'A different answer, replayed.' }),
    /This card was out of date/,
    true,
  );
  // Replayed by someone else: refused before anything is compared.
  const stranger = world.owners.find((o) => first.from.id !== teamsUserIdOf(o))!;
  await expectRefused({ ...first, from: { id: teamsUserIdOf(stranger) } }, /Only the risk owner can answer/);
});

test('a card replayed after the period closed is refused', async () => {
  const invoke = validInvoke(2);
  world.clock.advance(60 * 24 * 60 * 60 * 1000);
  await expectRefused(invoke, /This review has closed/);
});
