/** A register's settings being edited: matrix (from a preset or by hand), schedule and appetite. */
import { useMemo, useState } from 'react';
import { PRESETS, appetiteProblems, validateMatrix } from '../../../domain';
import type { FieldError, RegisterSettings, RiskMatrix } from '../../../domain/types';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Editable copy of the settings, with matrix and field problems recomputed on every change. */
export function useSettingsDraft(initial: RegisterSettings) {
  const [draft, setDraft] = useState<RegisterSettings>(() => clone(initial));
  const [appetiteText, setAppetiteText] = useState(
    initial.defaultAppetite === undefined ? '' : String(initial.defaultAppetite),
  );
  const matrixErrors: FieldError[] = useMemo(() => validateMatrix(draft.matrix), [draft.matrix]);
  const appetite = appetiteText.trim() === '' ? undefined : Number(appetiteText);
  // The domain's one appetite rule, as for a risk's own appetite.
  const appetiteError = appetiteProblems(appetite, draft.matrix, 'defaultAppetite')[0]?.message.replace(
    /^Appetite/,
    'The default appetite',
  );
  const updateMatrix = (f: (m: RiskMatrix) => void) =>
    setDraft((d) => {
      const m = clone(d.matrix);
      f(m);
      return { ...d, matrix: m };
    });
  return {
    draft,
    setDraft,
    appetiteText,
    setAppetiteText,
    matrixErrors,
    appetiteError,
    usePreset: (id: string) => {
      const preset = PRESETS.find((p) => p.id === id);
      if (preset) setDraft((d) => ({ ...d, matrix: clone(preset) }));
    },
    updateMatrix,
    result: (): RegisterSettings => ({ ...draft, defaultAppetite: appetite }),
    valid: matrixErrors.length === 0 && !appetiteError,
  };
}
