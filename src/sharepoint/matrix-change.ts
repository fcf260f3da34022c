/**
 * A register's matrix change as a migration (domain/matrix-change.ts), on the write path every client
 * goes through: `saveSettings` refuses a new matrix that would leave a stored rating off its scale, and
 * `changeMatrix` saves the settings (keeping the replaced matrix for the history) and then re-rates each
 * affected risk with the confirmed mapping, each write audited as the person's.
 */
import {
  isMatrixMigration,
  mappedRatings,
  mappingProblems,
  previewMatrixChange,
  strandedScoreProblems,
  type RatedRisk,
  type RatingMapping,
} from '../domain/matrix-change';
import type { RegisterSettings, RiskMatrix } from '../domain/types';
import type { Actor, MatrixChangeResult, Stored } from '../ports';
import { toStorageError, ValidationError } from './errors';
import { readAll, odataString } from './list-reader';
import { F, ListTitles } from './schema';
import type { StoreContext } from './store-context';
import { envelope } from './restore';
import { updateRisk } from './risk-repository';

type Rated = RatedRisk & { id: number; etag: string };

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : v === null || v === undefined || v === ''
      ? undefined
      : Number(v);

/** The stored ratings of a register's risks, read raw: a rating off the old matrix is still a rating. */
export async function registerRatings(ctx: StoreContext, register: string): Promise<Rated[]> {
  let items: Record<string, unknown>[];
  try {
    items = await readAll(ctx.sp, ListTitles.risks, {
      filter: `${F.risks.register} eq ${odataString(register)}`,
    });
  } catch (err) {
    throw toStorageError(err, {
      operation: `read the ratings of register '${register}'`,
      list: ListTitles.risks,
    });
  }
  const rating = (l: string, i: string, item: Record<string, unknown>) => {
    const likelihood = num(item[l]);
    const impact = num(item[i]);
    return likelihood === undefined || impact === undefined ? undefined : { likelihood, impact };
  };
  return items.map((item) => {
    const inherent = rating(F.risks.inherentLikelihood, F.risks.inherentImpact, item);
    const current = rating(F.risks.currentLikelihood, F.risks.currentImpact, item);
    const target = rating(F.risks.targetLikelihood, F.risks.targetImpact, item);
    const inherentScoreOnly = num(item[F.risks.inherentScoreOnly]);
    const currentScoreOnly = num(item[F.risks.currentScoreOnly]);
    const targetScoreOnly = num(item[F.risks.targetScoreOnly]);
    return {
      ...envelope(item),
      reference: String(item[F.risks.reference] ?? ''),
      title: String(item[F.risks.title] ?? ''),
      ...(inherent ? { inherent } : {}),
      ...(current ? { current } : {}),
      ...(target ? { target } : {}),
      ...(inherentScoreOnly === undefined ? {} : { inherentScoreOnly }),
      ...(currentScoreOnly === undefined ? {} : { currentScoreOnly }),
      ...(targetScoreOnly === undefined ? {} : { targetScoreOnly }),
    };
  });
}

/** A score recorded without a cell that the new matrix cannot hold stops the change: no mapping moves it. */
function refuseStrandedScores(problems: ReturnType<typeof strandedScoreProblems>, register: string): void {
  if (problems.length === 0) return;
  throw new ValidationError(
    `${problems
      .slice(0, 5)
      .map((p) => p.message)
      .join(' ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''} Nothing was saved.`,
    problems[0]?.field,
    register,
  );
}

/**
 * Refuses `next` when its matrix would strand a stored rating (off the new scale): the person has to
 * confirm a mapping through `changeMatrix`. A change that only moves ratings between bands is allowed
 * here (the tab previews and confirms it); nothing is written on a refusal.
 */
export async function refuseStrandingChange(
  ctx: StoreContext,
  previous: RiskMatrix,
  next: RegisterSettings,
): Promise<void> {
  if (!isMatrixMigration(previous, next.matrix)) return;
  const risks = await registerRatings(ctx, next.register);
  const preview = previewMatrixChange(previous, next.matrix, risks);
  refuseStrandedScores(strandedScoreProblems(preview, next.matrix), next.register);
  const stranded = preview.rows.filter((r) => r.kind === 'off-scale');
  if (stranded.length === 0) return;
  const list = stranded
    .slice(0, 5)
    .map((r) => `${r.reference} ${r.tierLabel.toLowerCase()} ${r.beforeText}`)
    .join('; ');
  throw new ValidationError(
    `The ${next.matrix.name} matrix has no place for ${stranded.length} existing rating${stranded.length === 1 ? '' : 's'} ` +
      `of register '${next.register}' (${list}${stranded.length > 5 ? '; …' : ''}). Nothing was saved: change the matrix ` +
      'from Settings, which previews the change and asks how to map the existing ratings.',
    'matrix',
    next.register,
  );
}

/**
 * Saves `settings` with its new matrix and re-rates every risk of the register with `mapping`. Refused
 * (nothing written) when the mapping does not place every old level on the new scale, or when a rating
 * would still be off the new scale. `save` is the store's own settings write.
 */
export async function changeMatrix(
  ctx: StoreContext,
  input: {
    settings: RegisterSettings;
    etag: string;
    mapping: RatingMapping;
    previous: Stored<RegisterSettings>;
  },
  actor: Actor,
  save: (settings: RegisterSettings, etag: string, actor: Actor) => Promise<Stored<RegisterSettings>>,
): Promise<MatrixChangeResult> {
  const { settings, mapping, previous } = input;
  const problems = mappingProblems(previous.matrix, settings.matrix, mapping);
  if (problems.length) {
    throw new ValidationError(
      `The mapping of existing ratings is not complete: ${problems.map((p) => p.message).join(' ')} Nothing was saved.`,
      problems[0]?.field,
      settings.register,
    );
  }
  const risks = await registerRatings(ctx, settings.register);
  const preview = previewMatrixChange(previous.matrix, settings.matrix, risks, mapping);
  refuseStrandedScores(strandedScoreProblems(preview, settings.matrix), settings.register);
  const stranded = preview.rows.filter((r) => r.kind === 'off-scale');
  if (stranded.length) {
    throw new ValidationError(
      `With this mapping ${stranded.length} rating(s) would still be off the new matrix (${stranded
        .slice(0, 5)
        .map((r) => `${r.reference} ${r.beforeText}`)
        .join('; ')}). Nothing was saved.`,
      'mapping',
      settings.register,
    );
  }
  const saved = await save(settings, input.etag, actor);
  const rerated: string[] = [];
  const failed: { reference: string; message: string }[] = [];
  for (const risk of risks) {
    const patch = mappedRatings(risk, mapping);
    if (Object.keys(patch).length === 0) continue;
    try {
      await updateRisk(ctx, risk.id, patch, risk.etag, actor, 'tab');
      rerated.push(risk.reference);
    } catch (err) {
      failed.push({ reference: risk.reference, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return { settings: saved, rerated, failed, changes: preview.rows };
}
