/**
 * A matrix change in the settings form as a migration (domain/matrix-change.ts): while the draft's
 * matrix differs from the saved one in a way that moves ratings, the form previews every rating that
 * falls off the new scale or changes band, offers a mapping of the old levels onto the new ones, and
 * saves only once the manager confirms; the store then re-rates the risks (RegisterStore.changeMatrix).
 */
import { useMemo, useState } from 'react';
import {
  isMatrixMigration,
  mappingProblems,
  previewMatrixChange,
  proposeMapping,
  strandedScoreProblems,
  type RatingMapping,
} from '../../../domain/matrix-change';
import type { Risk, RiskMatrix } from '../../../domain/types';

export type MatrixChange = ReturnType<typeof useMatrixChange>;

/** The migration state for `saved` -> `draft` over the register's `risks`. */
export function useMatrixChange(saved: RiskMatrix, draft: RiskMatrix, risks: readonly Risk[]) {
  const migration = isMatrixMigration(saved, draft);
  const proposed = useMemo(() => proposeMapping(saved, draft), [saved, draft]);
  // The manager's mapping is kept for the scales it was made for, so another preset starts from its
  // proposal; the confirmation is for exactly the draft it was given on, so any later edit needs another.
  const scales = `${draft.id}|${draft.likelihood.levels.map((l) => l.value).join()}|${draft.impact.levels.map((l) => l.value).join()}`;
  const whole = JSON.stringify(draft);
  const [choice, setChoice] = useState<{ for: string; mapping: RatingMapping } | undefined>();
  const mapping = choice && choice.for === scales ? choice.mapping : proposed;
  const [confirmed, setConfirmed] = useState<string | undefined>();
  const plain = useMemo(() => previewMatrixChange(saved, draft, risks), [saved, draft, risks]);
  const mapped = useMemo(
    () => previewMatrixChange(saved, draft, risks, mapping),
    [saved, draft, risks, mapping],
  );
  const problems = useMemo(() => mappingProblems(saved, draft, mapping), [saved, draft, mapping]);
  // A score recorded without a cell that the new matrix cannot hold: no mapping helps, the change waits.
  const stranded = useMemo(() => strandedScoreProblems(plain, draft), [plain, draft]);
  // The scales differ: the existing ratings need a mapping (identity where the new scale has the level).
  const needsMapping = migration && plain.offScale > 0;
  const active = migration && (plain.rows.length > 0 || mapped.rows.length > 0);
  return {
    /** The draft moves or strands ratings: the preview is shown and the save needs a confirmation. */
    active,
    needsMapping,
    mapping,
    setLevel: (axis: 'likelihood' | 'impact', from: number, to: number) => {
      setChoice({ for: scales, mapping: { ...mapping, [axis]: { ...mapping[axis], [String(from)]: to } } });
      setConfirmed(undefined);
    },
    /** Without the mapping when none is needed: ratings stay as they are and only their bands move. */
    preview: needsMapping ? mapped : plain,
    problems: [...stranded, ...(needsMapping ? problems : [])],
    confirmed: confirmed === whole,
    setConfirmed: (yes: boolean) => setConfirmed(yes ? whole : undefined),
  };
}
