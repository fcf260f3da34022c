/**
 * `npm run package:teams`: builds the Teams app package. Fills manifest/manifest.template.json from
 * the settings (scripts/package-settings.ts), validates it OFFLINE against the JSON schema bundled
 * in @microsoft/app-manifest, checks both icons, and writes a flat zip (manifest.json, color.png,
 * outline.png at the root) to build/teams/. Any fault fails the build with a message naming it.
 */
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../src/server/config-fields';
import { checkIcon, type IconKind } from './package-icon-check';
import { loadPackageSettings, placeholderValues, type PackageSettings } from './package-settings';

const root = path.join(__dirname, '..');

export type TeamsPackageOptions = {
  settings: PackageSettings;
  /** Folder holding manifest.template.json, color.png and outline.png (default manifest/). */
  sourceDir?: string;
  /** Output folder (default build/teams). */
  outDir?: string;
};

export type TeamsPackageResult = {
  zipPath: string;
  manifestPath: string;
  manifest: Record<string, unknown>;
};

/** Thrown when the package cannot be built; `problems` lists every fault found. */
export class PackageError extends ConfigError {}

const placeholder = /\$\{\{([A-Z0-9_]+)\}\}/g;

/**
 * Replaces every `${{NAME}}` in the template text. Values are escaped for a JSON string, so a name
 * with quotes cannot break the manifest. Unknown placeholders are faults, not left in place.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  const unknown = new Set<string>();
  const filled = template.replace(placeholder, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      unknown.add(name);
      return '';
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (unknown.size) {
    throw new PackageError(
      'Teams app package',
      [...unknown].map(
        (n) =>
          `manifest.template.json: placeholder \${{${n}}} has no value; the package build does not know this setting.`,
      ),
    );
  }
  return filled;
}

/** Schema faults of a manifest object, validated offline; each names the JSON path. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const schemaUrl = manifest.$schema;
  if (typeof schemaUrl !== 'string' || !/\/teams\/v1\.\d+\/MicrosoftTeams\.schema\.json$/.test(schemaUrl)) {
    return [
      'manifest.json $schema: must name a Teams schema like https://developer.microsoft.com/json-schemas/teams/v1.27/MicrosoftTeams.schema.json',
    ];
  }
  let errors: string[];
  try {
    errors = await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return [`manifest.json: cannot be validated offline against ${schemaUrl} (${why}).`];
  }
  return errors.map((e) => `manifest.json ${e.trim().startsWith('/') ? e.trim() : `(root) ${e.trim()}`}`);
}

/**
 * Rules Teams applies when the package is uploaded that the JSON schema does not express. Manifest
 * 1.25 and later with a bot or tab in `team` scope must declare `supportsChannelFeatures` at the root
 * (the bundled v1.25+ schemas define it there as "tier1"; Teams refuses the upload with "Applications
 * with manifest version 1.25 or higher that support the 'team' scope must include the
 * 'supportsChannelFeatures' property"). Source: Microsoft Learn, "Agents and tab apps in shared and
 * private channels" (learn.microsoft.com/microsoftteams/platform/build-apps-for-shared-private-channels).
 */
export function uploadRules(manifest: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const [major, minor] = String(manifest.manifestVersion ?? '')
    .split('.')
    .map(Number);
  const scoped = (list: unknown) =>
    Array.isArray(list) &&
    list.some(
      (e) =>
        Array.isArray((e as { scopes?: unknown }).scopes) &&
        (e as { scopes: string[] }).scopes.includes('team'),
    );
  const teamScope = scoped(manifest.bots) || scoped(manifest.configurableTabs) || scoped(manifest.staticTabs);
  if (
    teamScope &&
    (major! > 1 || (major === 1 && minor! >= 25)) &&
    manifest.supportsChannelFeatures === undefined
  ) {
    problems.push(
      `manifest.json /supportsChannelFeatures: is required at the root for manifest ${String(manifest.manifestVersion)} with "team" scope ("tier1"); Teams refuses the upload without it.`,
    );
  }
  const bots = Array.isArray(manifest.bots) ? (manifest.bots as Record<string, unknown>[]) : [];
  bots.forEach((bot, i) => {
    if ('supportsChannelFeatures' in bot)
      problems.push(
        `manifest.json /bots/${i}/supportsChannelFeatures: belongs at the root of the manifest, not inside the bot.`,
      );
  });
  return problems;
}

/** Builds the zip; throws PackageError listing every fault. */
export async function buildTeamsPackage(options: TeamsPackageOptions): Promise<TeamsPackageResult> {
  const sourceDir = options.sourceDir ?? path.join(root, 'manifest');
  const outDir = options.outDir ?? path.join(root, 'build', 'teams');
  const templatePath = path.join(sourceDir, 'manifest.template.json');
  const text = fillTemplate(readFileSync(templatePath, 'utf8'), placeholderValues(options.settings));
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new PackageError('Teams app package', [
      `${templatePath}: is not valid JSON after filling (${why}).`,
    ]);
  }

  const problems = await validateManifest(manifest);
  problems.push(...uploadRules(manifest));
  const icons = (manifest.icons ?? {}) as Partial<Record<IconKind, string>>;
  const iconData: Partial<Record<IconKind, Buffer>> = {};
  for (const kind of ['color', 'outline'] as const) {
    const name = icons[kind];
    if (typeof name !== 'string' || name.includes('/') || name.includes('\\')) {
      problems.push(
        `manifest.json /icons/${kind}: must be a file name at the package root, e.g. ${kind}.png.`,
      );
      continue;
    }
    const file = path.join(sourceDir, name);
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      problems.push(
        `${file}: is missing; the manifest's ${kind} icon must exist (run \`npx tsx scripts/package-icons.ts\`).`,
      );
      continue;
    }
    problems.push(...checkIcon(kind, data, file));
    iconData[kind] = data;
  }
  if (problems.length) throw new PackageError('Teams app package', problems);

  mkdirSync(outDir, { recursive: true });
  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const zip = new JSZip();
  zip.file('manifest.json', manifestJson);
  for (const kind of ['color', 'outline'] as const) {
    zip.file(icons[kind] as string, iconData[kind] as Buffer);
  }
  const zipPath = path.join(outDir, `risk-register-teams-${options.settings.version}.zip`);
  const manifestPath = path.join(outDir, 'manifest.json');
  writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  writeFileSync(manifestPath, manifestJson);
  return { zipPath, manifestPath, manifest };
}

if (require.main === module) {
  (async () => {
    const settings = loadPackageSettings(process.env);
    const result = await buildTeamsPackage({ settings });
    console.log(
      `Teams app package ${settings.version} (schema valid, icons checked): ${path.relative(root, result.zipPath)}`,
    );
  })().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
