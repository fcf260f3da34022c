/** Helpers shared by the review flow's unit tests. */
import type { Answerer } from '../../src/review/answer-validation';
import type { Card } from '../../src/review/cards';
import { createDispatcher } from '../../src/review/dispatcher';
import { handleCardAction, type IdentifyAnswerer, type InvokeResult } from '../../src/review/invoke-handler';
import { runPeriod } from '../../src/review/scheduler';
import { aadOf, type TestWorld } from './fakes';

export const PERIOD = '2026/27-Q3';

/**
 * Who is behind an invoke, as Teams says it: `from.aadObjectId` when the invoke carries it, else the
 * object id of the person whose `29:<email>` id the fake client handed out.
 */
export const identify: IdentifyAnswerer = async (from) => {
  const email = from.id.startsWith('29:') ? from.id.slice(3) : undefined;
  const aad = from.aadObjectId ?? (email ? aadOf(email) : undefined);
  const who: Answerer = {
    userId: from.id,
    ...(aad ? { aadObjectId: aad } : {}),
    ...(from.name ? { name: from.name } : {}),
  };
  return who;
};

export async function run(w: TestWorld, periodId = PERIOD) {
  return runPeriod(w.deps, createDispatcher(w.deps), { periodId });
}

/** The review card sent for a risk reference (the latest one). */
export function cardFor(w: TestWorld, reference: string): { card: Card; id: string; conversationId: string } {
  const found = w.teams
    .cards()
    .filter((c) => JSON.stringify(c.card).includes(`review: ${reference}`))
    .at(-1);
  if (!found) throw new Error(`No card was sent for ${reference}`);
  return found;
}

export function actionData(card: Card, verb = 'confirm'): Record<string, unknown> {
  const actions = card.actions as { verb?: string; data?: Record<string, unknown> }[];
  const a = actions.find((x) => x.verb === verb) ?? actions.find((x) => x.verb);
  if (!a?.data) throw new Error(`The card has no ${verb} action`);
  return a.data;
}

/** Answers a card as the person with mail `email` (their object id, as Teams sends it) with the given inputs. */
export async function answer(
  w: TestWorld,
  card: Card,
  verb: string,
  inputs: Record<string, unknown>,
  email = 'priya.shah@council.example',
  conversationId?: string,
  replyToId?: string,
): Promise<InvokeResult> {
  return handleCardAction(w.deps, identify, {
    verb,
    data: { ...actionData(card, verb), ...inputs },
    from: { id: `29:${email}`, aadObjectId: aadOf(email), name: email },
    ...(conversationId ? { conversationId } : {}),
    ...(replyToId ? { replyToId } : {}),
  });
}

/** All the text in a card, for assertions on what a person reads. */
export function textOf(card: Card): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    for (const k of ['text', 'title', 'value']) if (typeof o[k] === 'string') out.push(o[k] as string);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}
