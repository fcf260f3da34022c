/**
 * The settings source shared by the review service and the package build: environment variables,
 * optionally a flat JSON file named by RISK_REGISTER_CONFIG (same names; the environment wins), and
 * zod field validators whose messages say what a valid value looks like.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Raw settings: setting name to text. */
export type SettingsSource = Record<string, string | undefined>;

/** Thrown when settings are missing or wrong; `problems` has one line per setting. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(what: string, problems: string[]) {
    super(
      `${what}: ${problems.length} setting${problems.length === 1 ? ' is' : 's are'} missing or wrong:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee docs/deployment.md ("Configuration") for every setting.',
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** The environment variable that names an optional JSON settings file. */
export const configFileVariable = 'RISK_REGISTER_CONFIG';

/**
 * Merges the JSON settings file (when RISK_REGISTER_CONFIG names one) under the environment. Values
 * in the file may be strings, numbers or booleans; they are read as text like environment variables.
 */
export function readSettings(
  env: SettingsSource,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): SettingsSource {
  const file = env[configFileVariable]?.trim();
  // An empty variable counts as unset, as in most deployment tools.
  if (!file) return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFile(file));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ConfigError('Settings file', [
      `${configFileVariable}: cannot read ${file} as JSON (${why}). Fix the file or unset ${configFileVariable}.`,
    ]);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('Settings file', [
      `${configFileVariable}: ${file} must hold one JSON object of "SETTING_NAME": value pairs.`,
    ]);
  }
  const fromFile: SettingsSource = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') fromFile[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') fromFile[key] = String(value);
    else if (value !== null) problems.push(`${key} (in ${file}): must be a string, number or boolean.`);
  }
  if (problems.length) throw new ConfigError('Settings file', problems);
  const merged: SettingsSource = { ...fromFile };
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value !== '') merged[key] = value;
  return merged;
}

/** Turns zod issues into "NAME: message" lines, one per setting, in schema order. */
export function problemsFrom(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.length ? issue.path.join('.') : 'settings';
    const value = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `${name}: ${value}`;
  });
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A trimmed, non-empty string; empty counts as missing. */
const text = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    z.string(),
  );

/** An Entra / Teams id (GUID). `what` says where to find it. */
export const guid = (what: string) =>
  text().pipe(
    z.string().regex(guidPattern, `must be a GUID like 00000000-0000-0000-0000-000000000000 (${what})`),
  );

function parseHttps(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** An absolute https URL; returned without a trailing slash. */
export const httpsUrl = (example: string) =>
  text()
    .pipe(
      z
        .string()
        .refine((v) => parseHttps(v) !== undefined, `must be an absolute https:// URL, e.g. ${example}`),
    )
    .transform((v) => v.replace(/\/+$/, ''));

/** An https base URL (no query or fragment): paths are appended to it. */
export const httpsBaseUrl = (example: string) =>
  httpsUrl(example).refine((v) => {
    const u = new URL(v);
    return !u.search && !u.hash;
  }, `must not contain ? or #: give the folder the files are served from, e.g. ${example}`);

/** A SharePoint Online site URL: https://<tenant>.sharepoint.com/sites/<name> (or the root site). */
export const sharePointSiteUrl = () =>
  httpsUrl('https://contoso.sharepoint.com/sites/risk').refine((v) => {
    const u = new URL(v);
    return /^[a-z0-9-]+\.sharepoint\.(com|us|de|cn)$/i.test(u.hostname) && !u.search && !u.hash;
  }, 'must be a SharePoint Online site URL like https://contoso.sharepoint.com/sites/risk');

/** Strictly "true" or "false" (a typo must not silently pick a mode); `fallback` when unset. */
export const flag = (fallback: boolean) =>
  text()
    .optional()
    .pipe(
      z
        .enum(['true', 'false'], { message: 'must be exactly "true" or "false"' })
        .optional()
        .transform((v) => (v === undefined ? fallback : v === 'true')),
    );

/** An optional value that may be left empty. */
export const optionalText = () => text().optional();

/** A required free-text value with a hint when missing. */
export const requiredText = () => text();

/** A TCP port number. */
export const port = (fallback: number) =>
  text()
    .optional()
    .transform((v) => (v === undefined ? String(fallback) : v))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number')
        .transform(Number)
        .pipe(z.number().int().min(1, 'must be 1-65535').max(65535, 'must be 1-65535')),
    );

/** A whole number of milliseconds from 0 to `max`. */
export const milliseconds = (fallback: number, max: number) =>
  text()
    .optional()
    .transform((v) => (v === undefined ? String(fallback) : v))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number of milliseconds')
        .transform(Number)
        .pipe(z.number().int().max(max, `must be at most ${max}`)),
    );

/** The https origin of a SharePoint site URL, the resource app-only tokens are issued for. */
export function sharePointResource(siteUrl: string): string {
  return new URL(siteUrl).origin;
}

/**
 * The page the tab is served as, under TAB_BASE_URL: the manifest's tab URLs, every card link and the
 * plain-browser sign-in's redirect URI all use it (Entra matches redirect URIs exactly: AADSTS50011).
 */
export const tabPage = 'index.html';
