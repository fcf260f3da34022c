/**
 * A card answer through real PnPjs against the list service: how many HTTP requests it costs (at
 * most 3: the reads, the write batch, the audit entry), what the half-landed write batches leave
 * behind (`$batch` is not transactional), and the answer Teams gets when SharePoint is slower than
 * the answer deadline.
 */
import { createDispatcher } from '../../src/review/dispatcher';
import { handleCardAction, type CardInvoke } from '../../src/review/invoke-handler';
import { runPeriod } from '../../src/review/scheduler';
import { buildSnapshot, type Rating } from '../../src/domain';
import {
  AnswerSupersededError,
  ConflictError,
  createRegisterStore,
  createReviewRequestStore,
  createStoreContext,
  type RegisterStore,
} from '../../src/sharepoint';
import { answerAuditField } from '../../src/sharepoint/audit-log';
import { verifyAudit } from '../../src/sharepoint/audit-verify';
import { readAll } from '../../src/sharepoint/list-reader';
import { F, ListTitles } from '../../src/sharepoint/schema';
import { reviewCardsSent } from '../../bench/lib/teams-checks';
import { startReviewWorld, teamsUserIdOf, type ReviewWorld } from '../../bench/lib/review-world';
import { textOf } from './helpers';

// A list service, a provisioned register and a review run per file: minutes on a busy machine.
jest.setTimeout(120_000);

let world: ReviewWorld;
let store: RegisterStore;

beforeAll(async () => {
  world = await startReviewWorld({ owners: 11 });
  const deps = world.deps();
  await runPeriod(deps, createDispatcher(deps), { periodId: world.periodId, register: world.register });
  store = createRegisterStore(world.sp);
});

afterAll(async () => {
  await world?.close();
});

const cardOf = (k: number) => {
  const seeded = world.risks[k]!;
  const sent = reviewCardsSent(world.teams).find((c) => c.riskId === seeded.id)!;
  return { seeded, sent };
};

function invokeOf(k: number, verb: 'confirm' | 'change', rating: Rating): CardInvoke {
  const { seeded, sent } = cardOf(k);
  return {
    verb,
    data: {
      ...sent.data,
      likelihood: String(rating.likelihood),
      impact: String(rating.impact),
      comment: `${verb} of risk ${k}`,
    },
    from: { id: teamsUserIdOf(seeded.owner), name: seeded.owner.name },
    conversationId: sent.conversationId,
    replyToId: sent.id,
  };
}

/** The raw audit items of a risk that record a whole answer. */
async function answerItems(riskId: number) {
  const items = await readAll(world.sp, ListTitles.audit, { filter: `${F.audit.riskId} eq ${riskId}` });
  return items.filter((i) => i[F.audit.field] === answerAuditField);
}

const other = (r: Rating): Rating => ({ likelihood: (r.likelihood % 5) + 1, impact: r.impact });

async function expectConsistent(riskId: number): Promise<void> {
  const risk = await store.getRisk(riskId);
  const snap = (await store.getHistory(riskId)).find((h) => h.periodId === world.periodId);
  if (snap) expect(risk.current).toEqual(snap.current);
  const report = await verifyAudit(world.sp, { register: world.register });
  expect(report.findings).toEqual([]);
}

test.each([
  ['confirm', 0],
  ['change', 1],
] as const)('a %s costs at most 3 SharePoint requests and leaves one consistent record', async (verb, k) => {
  const current = cardOf(k).seeded.risk.current!;
  const rating = verb === 'change' ? other(current) : current;
  const before = world.spRequests.length;
  const result = await handleCardAction(world.deps(), world.identify, invokeOf(k, verb, rating));
  const requests = world.spRequests.slice(before);
  expect(textOf(result.value)).toContain('Recorded: ');
  expect(requests.map((r) => `${r.method} ${r.status}`)).toHaveLength(3);
  expect(requests.filter((r) => r.url.endsWith('/$batch'))).toHaveLength(2);

  const riskId = cardOf(k).seeded.id;
  const risk = await store.getRisk(riskId);
  expect(risk.current).toEqual(rating);
  const requestsNow = await createReviewRequestStore(createStoreContext(world.sp)).listRequests({
    periodId: world.periodId,
    riskId,
  });
  expect(requestsNow.map((q) => q.status)).toEqual(requestsNow.map(() => 'answered'));
  // One audit item for the answer, read back as its changes: the snapshot's, the risk's, the requests'.
  expect(await answerItems(riskId)).toHaveLength(1);
  const audit = await store.getAudit(riskId);
  const comment = audit.filter((a) => a.entity === 'snapshot' && a.field === F.snapshots.comment);
  expect(comment.map((a) => a.newValue)).toEqual([`${verb} of risk ${k}`]);
  const rated = audit.filter((a) => a.entity === 'risk' && a.field === F.risks.currentLikelihood);
  expect(rated).toHaveLength(verb === 'change' ? 1 : 0);
  expect(audit.filter((a) => a.entity === 'review-request' && a.newValue === 'answered').length).toBe(
    requestsNow.length,
  );
  await expectConsistent(riskId);
});

/** A fresh answer of risk k built against `state`, as the handler builds it. */
async function answerAgainst(k: number, rating: Rating, comment: string) {
  const { seeded } = cardOf(k);
  const state = await store.loadAnswerState!(seeded.id, world.periodId);
  const built = buildSnapshot({ ...state.risk, current: rating }, state.settings.matrix, {
    periodId: world.periodId,
    comment,
    recordedBy: { id: seeded.owner.id, name: seeded.owner.name, email: seeded.owner.email },
    recordedAt: new Date(world.clock.now()).toISOString(),
    source: 'card',
    outcome: rating.likelihood === state.risk.current?.likelihood ? 'confirmed' : 'changed',
  });
  if (!built.ok) throw new Error(built.errors.map((e) => e.message).join(' '));
  return {
    state,
    input: {
      riskId: seeded.id,
      riskEtag: state.risk.etag,
      snapshot: built.value,
      actor: { id: seeded.owner.id, name: seeded.owner.name, email: seeded.owner.email },
      source: 'card' as const,
      snapshotEtag: state.history.find((h) => h.periodId === world.periodId)?.etag ?? null,
    },
  };
}

test('a change whose claim loses but whose rating lands in the same batch is written back and refused', async () => {
  const k = 2;
  const original = cardOf(k).seeded.risk.current!;
  const late = await answerAgainst(k, other(original), 'the change that lost');
  // Another answer (a confirm through the one-by-one path, which leaves the risk's version alone) wins first.
  const first = await answerAgainst(k, original, 'the confirm that won');
  await store.recordReview(first.input);
  await expect(store.recordAnswer!(late.input, late.state)).rejects.toBeInstanceOf(AnswerSupersededError);
  const risk = await store.getRisk(cardOf(k).seeded.id);
  expect(risk.current).toEqual(original);
  const snap = (await store.getHistory(risk.id)).find((h) => h.periodId === world.periodId)!;
  expect(snap.comment).toBe('the confirm that won');
  // The rating did land for the refused answer and was written back: both writes are in the audit.
  const rated = (await store.getAudit(risk.id)).filter(
    (a) => a.entity === 'risk' && a.field === 'CurrentLikelihood',
  );
  expect(rated.map((a) => [a.oldValue, a.newValue])).toEqual([
    [String(original.likelihood), String(other(original).likelihood)],
    [String(other(original).likelihood), String(original.likelihood)],
  ]);
  await expectConsistent(risk.id);
});

test('a claim that lands when the risk was edited meanwhile is put back, requests included', async () => {
  const k = 3;
  const riskId = cardOf(k).seeded.id;
  const stale = await answerAgainst(k, cardOf(k).seeded.risk.current!, 'confirm over an edit');
  const fresh = await store.getRisk(riskId);
  await store.updateRisk(riskId, { title: `${fresh.title} (edited)` }, fresh.etag, {
    id: 1,
    name: 'Manager',
  });
  await expect(store.recordAnswer!(stale.input, stale.state)).rejects.toBeInstanceOf(ConflictError);
  expect((await store.getHistory(riskId)).filter((h) => h.periodId === world.periodId)).toEqual([]);
  const requests = await createReviewRequestStore(createStoreContext(world.sp)).listRequests({
    periodId: world.periodId,
    riskId,
  });
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.some((q) => q.status === 'answered')).toBe(false);
  await expectConsistent(riskId);
});

test('when SharePoint is slower than the deadline, Teams gets "being recorded" and the card becomes the record', async () => {
  const k = 4;
  const current = cardOf(k).seeded.risk.current!;
  const deps = world.deps({ answerDeadlineMs: 150 });
  world.service.setLatency(200);
  const updatesBefore = world.teams.updates.length;
  let text: string;
  try {
    const result = await handleCardAction(deps, world.identify, invokeOf(k, 'change', other(current)));
    text = textOf(result.value);
    // Teams is answered before the write has settled (three requests of 200 ms each), from the outbox.
    expect(world.teams.updates.length).toBe(updatesBefore);
    expect(await world.outbox.get(`${cardOf(k).seeded.id}|${world.periodId}`)).toBeDefined();
    for (let i = 0; i < 100 && world.teams.updates.length === updatesBefore; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    world.service.setLatency(0);
  }
  expect(text).toContain('Your answer is being recorded');
  expect(text).not.toContain('Recorded: ');
  const update = world.teams.updates.at(-1)!;
  expect(world.teams.updates.length).toBe(updatesBefore + 1);
  expect(update.activityId).toBe(cardOf(k).sent.id);
  expect(JSON.stringify(update.activity)).toContain('Recorded: rating changed');
  expect(await world.outbox.get(`${cardOf(k).seeded.id}|${world.periodId}`)).toBeUndefined();
  await expectConsistent(cardOf(k).seeded.id);
});

test('within the deadline Teams gets the recorded card itself and no update follows', async () => {
  const k = 5;
  const deps = world.deps({ answerDeadlineMs: 5_000 });
  const updatesBefore = world.teams.updates.length;
  const result = await handleCardAction(
    deps,
    world.identify,
    invokeOf(k, 'confirm', cardOf(k).seeded.risk.current!),
  );
  expect(textOf(result.value)).toContain('Recorded: rating confirmed');
  expect(world.teams.updates.length).toBe(updatesBefore);
  expect(await world.outbox.get(`${cardOf(k).seeded.id}|${world.periodId}`)).toBeUndefined();
});

test('answers arriving together share their audit writes, and the chain still verifies', async () => {
  const ks = [6, 7, 8];
  const before = world.spRequests.length;
  // Slow enough that the later appends arrive while the first is being written.
  world.service.setLatency(100);
  let results;
  try {
    results = await Promise.all(
      ks.map((k) =>
        handleCardAction(
          world.deps(),
          world.identify,
          invokeOf(k, 'confirm', cardOf(k).seeded.risk.current!),
        ),
      ),
    );
  } finally {
    world.service.setLatency(0);
  }
  for (const r of results) expect(textOf(r.value)).toContain('Recorded: rating confirmed');
  const audits = world.spRequests.slice(before).filter((r) => r.url.includes("getByTitle('AuditLog')"));
  // One audit POST each would be 3; the later ones join one block (a claim, then one `$batch`).
  expect(audits.length).toBeLessThan(ks.length);
  for (const k of ks) expect(await answerItems(cardOf(k).seeded.id)).toHaveLength(1);
  await expectConsistent(cardOf(6).seeded.id);
});

test('when even the reads are slower than the deadline, the answer is kept unchecked and the card still becomes the record', async () => {
  const k = 9;
  const key = `${cardOf(k).seeded.id}|${world.periodId}`;
  const deps = world.deps({ answerDeadlineMs: 150 });
  world.service.setLatency(400);
  const updatesBefore = world.teams.updates.length;
  let text: string;
  try {
    const result = await handleCardAction(
      deps,
      world.identify,
      invokeOf(k, 'confirm', cardOf(k).seeded.risk.current!),
    );
    text = textOf(result.value);
    // Not read yet, so kept as it arrived, to be checked: what Teams was answered from.
    expect((await world.outbox.get(key))?.kind).toBe('invoke');
    for (let i = 0; i < 200 && world.teams.updates.length === updatesBefore; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    world.service.setLatency(0);
  }
  expect(text).toContain('Your answer is being recorded');
  expect(text).not.toContain('Recorded: ');
  expect(world.teams.updates.length).toBe(updatesBefore + 1);
  expect(JSON.stringify(world.teams.updates.at(-1)!.activity)).toContain('Recorded: rating confirmed');
  expect(await world.outbox.get(key)).toBeUndefined();
  await expectConsistent(cardOf(k).seeded.id);
});

test('a slow answer that turns out to be refused replaces the card with the refusal and keeps nothing', async () => {
  const k = 10;
  const key = `${cardOf(k).seeded.id}|${world.periodId}`;
  const deps = world.deps({ answerDeadlineMs: 150 });
  world.service.setLatency(400);
  const updatesBefore = world.teams.updates.length;
  try {
    // Off the register's scale: refused once it is read, with nothing written.
    const result = await handleCardAction(
      deps,
      world.identify,
      invokeOf(k, 'change', { likelihood: 9, impact: 9 }),
    );
    expect(textOf(result.value)).toContain('Your answer is being recorded');
    for (let i = 0; i < 200 && world.teams.updates.length === updatesBefore; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    world.service.setLatency(0);
  }
  const replaced = JSON.stringify(world.teams.updates.at(-1)!.activity);
  expect(replaced).toContain('Please correct your answer');
  expect(replaced).not.toContain('Recorded: ');
  expect(await world.outbox.get(key)).toBeUndefined();
  expect((await store.getHistory(cardOf(k).seeded.id)).filter((h) => h.periodId === world.periodId)).toEqual(
    [],
  );
});
