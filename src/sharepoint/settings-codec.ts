/**
 * Register settings are one JSON document in a multi-line column. This module validates that
 * document on read (a council may have edited it by hand in SharePoint) and supplies the defaults
 * provisioning writes for a register that has none.
 */
// A namespace import lets esbuild leave out the parts of zod the tab never calls (its locales
// alone are most of the package): the first render is about 65 KiB of gzip smaller for it.
import * as z from 'zod';
import type { RegisterSettings, RiskMatrix } from '../domain/types';

const level = z.object({
  value: z.number().int().min(1),
  code: z.string().min(1),
  label: z.string().min(1),
  description: z.string().optional(),
});

const scale = z
  .object({ name: z.string(), levels: z.array(level).min(1) })
  .refine((s) => new Set(s.levels.map((l) => l.code.toLowerCase())).size === s.levels.length, {
    message: 'scale codes must be unique',
  });

const band = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  colour: z.string().min(1),
  textColour: z.string().min(1),
  minScore: z.number().optional(),
  maxScore: z.number().optional(),
});

const matrix = z.object({
  id: z.string().min(1),
  name: z.string(),
  likelihood: scale,
  impact: scale,
  bandRule: z.union([
    z.object({ kind: z.literal('score') }),
    z.object({ kind: z.literal('cells'), cells: z.record(z.string(), z.string()) }),
  ]),
  bands: z.array(band).min(1),
  notation: z.enum(['codes', 'band-bracket-score', 'band-score', 'product', 'impact-likelihood-score']),
});

const settingsSchema = z.object({
  register: z.string().min(1),
  councilName: z.string(),
  matrix,
  financialYearStartMonth: z.number().int().min(1).max(12),
  defaultAppetite: z.number().min(0).optional(),
  review: z.object({
    periodKind: z.enum(['quarter', 'month', 'term', 'half', 'year']),
    leadDays: z.number().int(),
    cutOffDays: z.number().int().min(0),
    reminderAfterDays: z.number().int().min(0),
    escalateAfterDays: z.number().int().min(0),
    cron: z.string().min(1),
  }),
  managersChannelId: z.string().optional(),
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
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
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
