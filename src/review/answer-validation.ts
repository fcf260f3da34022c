/**
 * Checks on an owner's answer before anything is written: who is answering, and whether likelihood,
 * impact and comment are acceptable on the register's matrix. Every problem is phrased for the owner.
 */
import { checkRating, formatAxis, levelOf, type Person, type Rating, type RiskMatrix } from '../domain';
import type { StoredRisk } from '../ports';
import { COMMENT_MAX_LENGTH } from './cards';
import { sameObjectId, type OwnerDirectory } from './identity';

/** The person behind an invoke, as Teams describes them (`from.id`, `from.aadObjectId`). */
export type Answerer = { userId: string; aadObjectId?: string; name?: string; email?: string };

/**
 * The owner or delegate of `risk` the answerer is, matched by Entra object id: Teams names the
 * invoking user by `from.aadObjectId`, and each register person's object id is resolved once
 * (identity.ts). A mail address or sign-in name is never compared: they can differ, and either can
 * be reassigned. Undefined when they are neither, or when Teams gave no object id.
 */
export async function matchOwnerOrDelegate(
  risk: StoredRisk,
  who: Answerer,
  identities: OwnerDirectory,
): Promise<{ person: Person; role: 'owner' | 'delegate' } | undefined> {
  if (!who.aadObjectId) return undefined;
  const people: [Person, 'owner' | 'delegate'][] = [
    ...risk.owners.map((p) => [p, 'owner'] as [Person, 'owner']),
    ...risk.delegates.map((p) => [p, 'delegate'] as [Person, 'delegate']),
  ];
  for (const [person, role] of people) {
    if (typeof person.id !== 'number') continue;
    const found = await identities.resolve(person);
    if (found.ok && sameObjectId(found.identity.aadObjectId, who.aadObjectId)) return { person, role };
  }
  return undefined;
}

export type ParsedAnswer = {
  rating: Rating;
  comment: string;
  outcome: 'confirmed' | 'changed';
};

export type AnswerCheck =
  | { ok: true; answer: ParsedAnswer }
  | { ok: false; problems: string[]; entered: { likelihood?: number; impact?: number; comment?: string } };

/** The number the owner chose for `axis`, or why there is none; the scale itself is the domain's rule. */
function readLevel(
  matrix: RiskMatrix,
  axis: 'likelihood' | 'impact',
  raw: unknown,
  problems: string[],
): number | undefined {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    problems.push(`Choose the ${axis}: one of ${allowedLevels(matrix, axis)}.`);
    return undefined;
  }
  if (!/^\d+$/.test(text)) {
    problems.push(
      `"${text}" is not a level number; choose the ${axis}: one of ${allowedLevels(matrix, axis)}.`,
    );
    return undefined;
  }
  return Number(text);
}

function allowedLevels(matrix: RiskMatrix, axis: 'likelihood' | 'impact'): string {
  return matrix[axis].levels.map((l) => formatAxis(matrix, axis, l.value)).join(', ');
}

/**
 * The domain's errors for the answered rating on the register's matrix (the same rule the tab's form
 * and the import apply), each followed by the levels the owner can choose.
 */
function ratingProblems(matrix: RiskMatrix, likelihood?: number, impact?: number): string[] {
  const entered = { likelihood, impact };
  return checkRating(matrix, { likelihood: likelihood ?? NaN, impact: impact ?? NaN }, 'current').flatMap(
    (e) => {
      const axis = e.field.endsWith('impact') ? 'impact' : 'likelihood';
      if (entered[axis] === undefined) return [];
      return [
        `${e.message.replace(/ choose one of its levels\.$/, '')} choose one of ${allowedLevels(matrix, axis)}.`,
      ];
    },
  );
}

/**
 * Validates the inputs of a `confirm` or `change` answer. `confirm` keeps the current rating and
 * refuses a changed one (the owner pressed the wrong button); `change` with the current rating is
 * recorded as confirmed.
 */
export function checkAnswer(
  verb: 'confirm' | 'change',
  inputs: Record<string, unknown>,
  risk: StoredRisk,
  matrix: RiskMatrix,
): AnswerCheck {
  const problems: string[] = [];
  const likelihood = readLevel(matrix, 'likelihood', inputs.likelihood, problems);
  const impact = readLevel(matrix, 'impact', inputs.impact, problems);
  problems.push(...ratingProblems(matrix, likelihood, impact));
  const rawComment = typeof inputs.comment === 'string' ? inputs.comment : '';
  const comment = rawComment.trim();
  if (comment === '') problems.push('Write a comment for the period: what changed, and what is being done.');
  if (comment.length > COMMENT_MAX_LENGTH) {
    problems.push(
      `The comment is ${comment.length} characters; the limit is ${COMMENT_MAX_LENGTH}. Shorten it.`,
    );
  }
  const entered = {
    ...(likelihood !== undefined && levelOf(matrix.likelihood, likelihood) ? { likelihood } : {}),
    ...(impact !== undefined && levelOf(matrix.impact, impact) ? { impact } : {}),
    comment: rawComment.slice(0, COMMENT_MAX_LENGTH),
  };
  if (problems.length > 0 || likelihood === undefined || impact === undefined)
    return { ok: false, problems, entered };
  const rating = { likelihood, impact };
  // A score recorded without its cell (`Medium 12`) cannot be confirmed: the answer gives the cell.
  if (verb === 'confirm' && !risk.current && risk.currentScoreOnly !== undefined) {
    return {
      ok: false,
      problems: [
        'The current rating was recorded as a score only, without likelihood and impact. Choose them and press "Submit changed rating".',
      ],
      entered,
    };
  }
  const unchanged = risk.current?.likelihood === likelihood && risk.current?.impact === impact;
  if (verb === 'confirm' && !unchanged) {
    return {
      ok: false,
      problems: [
        'You changed the likelihood or impact but pressed "Confirm rating unchanged". Press "Submit changed rating" to record the new rating.',
      ],
      entered,
    };
  }
  return { ok: true, answer: { rating, comment, outcome: unchanged ? 'confirmed' : 'changed' } };
}
