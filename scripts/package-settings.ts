/**
 * The settings the Teams app package needs, from the same source as the review service
 * (environment variables, optionally the RISK_REGISTER_CONFIG JSON file). Each maps to a
 * `${{NAME}}` placeholder in manifest/manifest.template.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  ConfigError,
  guid,
  httpsBaseUrl,
  httpsUrl,
  optionalText,
  problemsFrom,
  readSettings,
  requiredText,
  sharePointSiteUrl,
  tabPage,
  type SettingsSource,
} from '../src/server/config-fields';

/** The manifest's `developer.name` may be at most 32 characters; `name.full` at most 100. */
const developerNameMax = 32;
const fullNameSuffix = ' risk register';
const fullNameMax = 100;

const packageSchema = z.object({
  TEAMS_APP_ID: guid('a new GUID you create once for this app and keep for every upgrade'),
  AZURE_CLIENT_ID: guid('Application (client) ID of the Entra app registration'),
  BOT_ID: guid('Microsoft App ID of the Azure Bot resource'),
  TAB_BASE_URL: httpsBaseUrl('https://risk.council.gov.uk/tab'),
  SHAREPOINT_SITE_URL: sharePointSiteUrl(),
  PRIVACY_URL: httpsUrl('https://www.council.gov.uk/privacy'),
  TERMS_URL: httpsUrl('https://www.council.gov.uk/terms'),
  DEVELOPER_NAME: requiredText().pipe(
    z.string().max(developerNameMax, `must be at most ${developerNameMax} characters (Teams limit)`),
  ),
  DEVELOPER_WEBSITE_URL: httpsUrl('https://www.council.gov.uk'),
  COUNCIL_NAME: requiredText().pipe(
    z
      .string()
      .max(
        fullNameMax - fullNameSuffix.length,
        `must be at most ${fullNameMax - fullNameSuffix.length} characters (the app's full name is "<COUNCIL_NAME>${fullNameSuffix}")`,
      ),
  ),
  APP_VERSION: optionalText().pipe(
    z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.2.0; raise it for every upgrade')
      .optional(),
  ),
});

export type PackageSettings = {
  teamsAppId: string;
  clientId: string;
  botId: string;
  tabBaseUrl: string;
  siteUrl: string;
  privacyUrl: string;
  termsUrl: string;
  developerName: string;
  developerWebsiteUrl: string;
  councilName: string;
  version: string;
};

/** The project's version (package.json), used when APP_VERSION is not set. */
export function projectVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Reads and validates the package settings; throws ConfigError listing every missing or wrong
 * setting by name.
 */
export function loadPackageSettings(env: SettingsSource, readFile?: (p: string) => string): PackageSettings {
  const parsed = packageSchema.safeParse(readSettings(env, readFile));
  if (!parsed.success) throw new ConfigError('Teams app package', problemsFrom(parsed.error));
  const s = parsed.data;
  return {
    teamsAppId: s.TEAMS_APP_ID.toLowerCase(),
    clientId: s.AZURE_CLIENT_ID.toLowerCase(),
    botId: s.BOT_ID.toLowerCase(),
    tabBaseUrl: s.TAB_BASE_URL,
    siteUrl: s.SHAREPOINT_SITE_URL,
    privacyUrl: s.PRIVACY_URL,
    termsUrl: s.TERMS_URL,
    developerName: s.DEVELOPER_NAME,
    developerWebsiteUrl: s.DEVELOPER_WEBSITE_URL,
    councilName: s.COUNCIL_NAME,
    version: s.APP_VERSION ?? projectVersion(),
  };
}

/** The placeholder values for manifest/manifest.template.json. */
export function placeholderValues(s: PackageSettings): Record<string, string> {
  return {
    APP_VERSION: s.version,
    TEAMS_APP_ID: s.teamsAppId,
    AAD_APP_CLIENT_ID: s.clientId,
    BOT_ID: s.botId,
    TAB_BASE_URL: s.tabBaseUrl,
    TAB_HOST: new URL(s.tabBaseUrl).host,
    SHAREPOINT_HOST: new URL(s.siteUrl).host,
    PRIVACY_URL: s.privacyUrl,
    TERMS_URL: s.termsUrl,
    DEVELOPER_NAME: s.developerName,
    DEVELOPER_WEBSITE_URL: s.developerWebsiteUrl,
    COUNCIL_NAME: s.councilName,
  };
}

/**
 * The single-page-application redirect URIs the Entra app registration must list (docs/deployment.md
 * step 3): the tab's page for sign-in in a plain browser, and `brk-multihub://<tab origin host>` for
 * Nested App Authentication in Teams, Outlook and Microsoft 365. Entra compares a redirect URI exactly
 * (AADSTS50011 otherwise), so the tab signs in with its own page, never `<tab>/`.
 */
export function redirectUris(s: Pick<PackageSettings, 'tabBaseUrl'>): string[] {
  return [`${s.tabBaseUrl}/${tabPage}`, `brk-multihub://${new URL(s.tabBaseUrl).host}`];
}
