/**
 * The risk form's state: the draft, its problems and the domain's warnings, and the save with its
 * conflict handling (a save that meets a newer version offers to reapply only this user's changes).
 * RiskForm renders it.
 */
import { useMemo, useRef, useState } from 'react';
import { RISK_FIELDS, formLayout, type FieldCatalogue, type RiskFieldName } from '../../../domain';
import type { RegisterSettings } from '../../../domain/types';
import type { CurrentUser, RegisterStore, StoredRisk } from '../../../ports';
import { describeRating } from '../../lib/rating';
import {
  draftFromRisk,
  draftWarnings,
  patchFromDraft,
  riskFromDraft,
  serverChanges,
  validateDraft,
  type DraftErrors,
  type FormFieldName,
  type RiskDraft,
} from './risk-draft';
import { useSave } from './use-save';

export type RiskFormInput = {
  store: RegisterStore;
  user: CurrentUser;
  settings: RegisterSettings;
  /** The risk as read; absent when creating. */
  risk?: StoredRisk;
  register: string;
  takenReferences: ReadonlySet<string>;
  onSaved: (risk: StoredRisk) => void;
  onCancel: () => void;
  /** The field catalogue; the product's unless a test extends it. */
  catalogue?: FieldCatalogue<RiskFieldName>;
};

/** Draft, problems, warnings, save and conflict state of one risk form. */
export function useRiskForm(input: RiskFormInput) {
  const { settings, store, user } = input;
  const catalogue = input.catalogue ?? RISK_FIELDS;
  const matrix = settings.matrix;
  const [original, setOriginal] = useState(input.risk);
  const [draft, setDraft] = useState<RiskDraft>(() => draftFromRisk(input.risk, input.register, catalogue));
  const [showErrors, setShowErrors] = useState(false);
  /** Failed submits so far: each one focuses the error summary again. */
  const [attempts, setAttempts] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSave<StoredRisk>();
  const taken = useMemo(() => {
    const t = new Set(input.takenReferences);
    if (original) t.delete(original.reference.toLowerCase());
    return t;
  }, [input.takenReferences, original]);
  const errors: DraftErrors = validateDraft(draft, matrix, taken, catalogue);
  const warnings: DraftErrors = draftWarnings(draft, matrix, catalogue);
  const problems = Object.keys(errors).length;
  /** The problems in the form's order, for the error summary (field name and message). */
  const problemList = formLayout(catalogue)
    .flatMap((g) => g.fields.map(([field]) => field))
    .flatMap((field) => {
      const message = errors[field as FormFieldName];
      return message ? [{ field, message }] : [];
    });
  const set = (key: string, value: unknown) => setDraft((d) => ({ ...d, [key]: value }));

  /** Saves the user's changes (relative to what they read) onto `base`, by default what they read. */
  const submit = async (
    base = original,
    patch = original ? patchFromDraft(draft, original, catalogue) : undefined,
  ) => {
    setShowErrors(true);
    if (problems > 0) {
      // The error summary takes focus (GOV.UK pattern); its links lead to each field.
      setAttempts((n) => n + 1);
      return;
    }
    const saved = await save.run(() =>
      base
        ? store.updateRisk(base.id, patch ?? {}, base.etag, user, 'tab')
        : store.createRisk(riskFromDraft(draft, undefined, catalogue), user, 'tab'),
    );
    if (saved) input.onSaved(saved);
  };

  const conflict = save.state.status === 'conflict' ? save.state : undefined;

  /** What the server now holds in a field, in words. */
  const fieldText = (r: StoredRisk, k: FormFieldName): string => {
    const spec = catalogue[k];
    const v: unknown = r[k];
    if (spec.kind === 'rating') return describeRating(matrix, r[k] as StoredRisk['current'])?.text ?? '';
    if (spec.kind === 'people') return (v as { name: string }[]).map((o) => o.name).join(', ');
    return Array.isArray(v) ? v.join('; ') : String(v ?? '');
  };

  const conflictChanges =
    conflict?.current && original
      ? serverChanges(original, conflict.current, catalogue).map((k) => ({
          field: k,
          server: fieldText(conflict.current as StoredRisk, k),
        }))
      : [];

  /** Puts only this user's changes on top of the server's version and saves again. */
  const reapply = () => {
    if (!conflict?.current || !original) return void input.onCancel();
    const mine = patchFromDraft(draft, original, catalogue);
    const rebased = { ...conflict.current, ...mine };
    setOriginal(conflict.current);
    setDraft(draftFromRisk(rebased, rebased.register, catalogue));
    void submit(conflict.current, mine);
  };

  const discard = () => (conflict?.current ? input.onSaved(conflict.current) : input.onCancel());

  return {
    catalogue,
    matrix,
    original,
    draft,
    set,
    /** The problem shown beside a field (after the first save attempt). */
    error: (k: string) => (showErrors ? errors[k as FormFieldName] : undefined),
    /** The domain's advice about a field, shown at once. */
    warning: (k: string) => warnings[k as FormFieldName],
    problems,
    problemList,
    attempts,
    showErrors,
    formRef,
    save,
    submit,
    conflict,
    conflictChanges,
    reapply,
    discard,
  };
}

export type RiskFormState = ReturnType<typeof useRiskForm>;
