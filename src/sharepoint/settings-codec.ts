/**
 * Register settings are one JSON document in a multi-line column. This module validates that
 * document on read (a council may have edited it by hand in SharePoint) and supplies the defaults
 * provisioning writes for a register that has none.
 */
// zod/mini: the same checks as zod with functions instead of methods, so esbuild keeps only the
// ones used (the tab's first render carries this module). English messages are configured once.
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { appetiteProblems } from '../domain/appetite';
import type { RegisterSettings, RiskMatrix } from '../domain/types';

z.config(en());

const text = z.string();
const nonEmpty = () => z.string().check(z.minLength(1));
const wholeFrom = (min: number) => z.int().check(z.minimum(min));

const level = z.object({
  value: wholeFrom(1),
  code: nonEmpty(),
  label: nonEmpty(),
  description: z.optional(text),
});

const scale = z.object({ name: text, levels: z.array(level).check(z.minLength(1)) }).check(
  z.refine((s) => new Set(s.levels.map((l) => l.code.toLowerCase())).size === s.levels.length, {
    message: 'scale codes must be unique',
  }),
);

const band = z.object({
  id: nonEmpty(),
  name: nonEmpty(),
  colour: nonEmpty(),
  textColour: nonEmpty(),
  minScore: z.optional(z.number()),
  maxScore: z.optional(z.number()),
});

const matrix = z.object({
  id: nonEmpty(),
  name: text,
  likelihood: scale,
  impact: scale,
  bandRule: z.union([
    z.object({ kind: z.literal('score') }),
    z.object({ kind: z.literal('cells'), cells: z.record(z.string(), z.string()) }),
  ]),
  bands: z.array(band).check(z.minLength(1)),
  notation: z.enum(['codes', 'band-bracket-score', 'band-score', 'product', 'impact-likelihood-score']),
});

const settingsSchema = z.object({
  register: nonEmpty(),
  councilName: text,
  matrix,
  financialYearStartMonth: z.int().check(z.minimum(1), z.maximum(12)),
  defaultAppetite: z.optional(z.number().check(z.minimum(0))),
  review: z.object({
    periodKind: z.enum(['quarter', 'month', 'term', 'half', 'year']),
    leadDays: z.int(),
    cutOffDays: wholeFrom(0),
    reminderAfterDays: wholeFrom(0),
    escalateAfterDays: wholeFrom(0),
    cron: nonEmpty(),
  }),
  managersChannelId: z.optional(text),
  // Replaced matrices, so snapshots are read on the matrix they were recorded on (domain/matrix-change.ts).
  matrixHistory: z.optional(z.array(z.object({ matrix, until: nonEmpty() }))),
});

export type SettingsParse = { ok: true; value: RegisterSettings } | { ok: false; problems: string[] };

/** Parses and validates stored settings JSON; problems name the JSON path and what is wrong. */
export function parseSettingsJson(text: string | null | undefined): SettingsParse {
  if (!text || !text.trim()) return { ok: false, problems: ['SettingsJson is empty'] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`SettingsJson is not valid JSON (${(err as Error).message})`] };
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `SettingsJson.${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  }
  return { ok: true, value: parsed.data as RegisterSettings };
}

/** Validates settings before they are saved; same rules as on read. */
export function validateSettings(settings: RegisterSettings): string[] {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  // The domain's one appetite rule: the default is a score on the register's own matrix.
  return appetiteProblems(settings.defaultAppetite, settings.matrix, 'defaultAppetite').map(
    (e) => `${e.field}: ${e.message}`,
  );
}

const fiveLevels = (labels: string[]) =>
  labels.map((label, i) => ({ value: i + 1, code: String(i + 1), label }));

/**
 * A generic 5 x 5 matrix (score = likelihood x impact, bands Low 1-6 / Medium 8-15 / High 16-25 as
 * Kent prints them) so a new register works at once; councils change it in the settings view.
 */
export const defaultMatrix: RiskMatrix = {
  id: 'default-5x5',
  name: 'Likelihood x impact (5 x 5)',
  likelihood: {
    name: 'Likelihood',
    levels: fiveLevels(['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain']),
  },
  impact: { name: 'Impact', levels: fiveLevels(['Insignificant', 'Minor', 'Moderate', 'Major', 'Critical']) },
  bandRule: { kind: 'score' },
  bands: [
    { id: 'low', name: 'Low', colour: '#2E7D32', textColour: '#FFFFFF', minScore: 1, maxScore: 7 },
    { id: 'medium', name: 'Medium', colour: '#F9A825', textColour: '#000000', minScore: 8, maxScore: 15 },
    { id: 'high', name: 'High', colour: '#C62828', textColour: '#FFFFFF', minScore: 16, maxScore: 25 },
  ],
  notation: 'band-score',
};

/** Settings written by provisioning for a register that has none yet. */
export function defaultSettings(register: string, councilName = ''): RegisterSettings {
  return {
    register,
    councilName,
    matrix: defaultMatrix,
    // UK councils report by financial year, April to March.
    financialYearStartMonth: 4,
    review: {
      periodKind: 'quarter',
      leadDays: 7,
      cutOffDays: 28,
      reminderAfterDays: 7,
      escalateAfterDays: 14,
      // 08:00 on weekdays, Europe/London: the scheduler's walk time.
      cron: '0 8 * * 1-5',
    },
  };
}
