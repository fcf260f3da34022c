/**
 * The review service's production configuration: one validated settings source (environment
 * variables, optionally the JSON file named by RISK_REGISTER_CONFIG). `loadServiceConfig` returns a
 * typed config or throws ConfigError listing EVERY missing or wrong setting, so an operator fixes
 * them in one go. Local mode (no token validation, demo tokens) only when LOCAL_MODE=true exactly.
 * docs/deployment.md ("Configuration") documents each setting.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Cron } from 'croner';
import { z } from 'zod';
import { managerGroupName } from '../sharepoint/schema';
import { loadCertificate, type CertificateCredential } from './config-certificate';
import { describeStateStore, stateSettings, stateStoreFrom, type StateStoreConfig } from './config-state';
import {
  ConfigError,
  flag,
  guid,
  httpsBaseUrl,
  httpsUrl,
  milliseconds,
  optionalText,
  port,
  problemsFrom,
  readSettings,
  sharePointResource,
  sharePointSiteUrl,
  type SettingsSource,
} from './config-fields';

export { ConfigError } from './config-fields';
export type { CertificateCredential } from './config-certificate';
export type { StateStoreConfig } from './config-state';

/** Teams' Bot Connector for the public cloud (the Teams SDK default). */
export const defaultBotServiceUrl = 'https://smba.trafficmanager.net/teams';
/** Weekdays at 08:00: the scheduler's pass (select due risks, send, remind, escalate). */
export const defaultSchedule = '0 8 * * 1-5';
export const defaultTimeZone = 'Europe/London';
export const defaultPort = 3978;
/**
 * How long a card answer waits for SharePoint before Teams is answered from the outbox: inside the
 * invoke window with room for the service's own work and the network either side.
 */
export const defaultAnswerDeadlineMs = 800;
/** HMAC-SHA256 keys shorter than the hash output weaken it; 32 characters is the floor. */
export const hmacSecretMin = 32;

export type BotCredential =
  | { kind: 'secret'; password: string }
  /** The bot is the same Entra app as AZURE_CLIENT_ID and signs in with its certificate. */
  | { kind: 'certificate'; certificate: CertificateCredential }
  /**
   * The bot is a user-assigned managed identity (Azure Bot "UserAssignedMSI", BOT_ID its client id), or
   * a managed identity behind a federated credential of the bot's app: no secret to keep or rotate.
   * `clientId` is "system" or the identity's client id (Teams SDK `managedIdentityClientId`).
   */
  | { kind: 'managed-identity'; clientId: string };

export type ScheduleConfig = { cron: string; timeZone: string };

export type ProductionServiceConfig = {
  mode: 'production';
  tenantId: string;
  siteUrl: string;
  /** `https://<tenant>.sharepoint.com`: app-only tokens are requested for `<resource>/.default`. */
  sharePointResource: string;
  clientId: string;
  certificate: CertificateCredential;
  graph: {
    /** Install the app for owners who lack it (Graph, TeamsAppInstallation.ReadWriteSelfForUser.All). */
    proactiveInstall: boolean;
    /** The manifest id (the app's external id in the org catalog); set when proactiveInstall. */
    teamsAppId?: string;
    /**
     * The app's id in the org catalog (TEAMS_CATALOG_APP_ID). Set, proactive install needs only
     * TeamsAppInstallation.ReadWriteSelfForUser.All; unset, it also reads the catalog (AppCatalog.Read.All).
     */
    catalogAppId?: string;
    /**
     * Look up owners whom SharePoint holds no Entra object id for in Graph by UPN (GRAPH_USER_LOOKUP,
     * default off; User.Read.All).
     */
    userLookup: boolean;
    /**
     * Before re-sending a card whose send was never acknowledged, look for it in the owner's chat
     * (Graph, Chat.Read.All: a protected API that Microsoft must approve first), so nobody gets it
     * twice. Default off (GRAPH_DELIVERY_CHECK).
     */
    deliveryCheck: boolean;
  };
  bot: { id: string; tenantId: string; credential: BotCredential };
  botServiceUrl: string;
  port: number;
  schedule: ScheduleConfig;
  cardHmacSecret: string;
  /** Where the register tab is served (TAB_BASE_URL): card links go to `<tabBaseUrl>/index.html?…`. */
  tabBaseUrl: string;
  /** The service's SQLite state file (REVIEW_STATE_PATH); default `.data/review-state.db`. */
  statePath?: string;
  /** REVIEW_ANSWER_DEADLINE_MS (ReviewDeps.answerDeadlineMs); 0 waits for SharePoint. */
  answerDeadlineMs: number;
  /** Where the state lives (REVIEW_STATE_STORE and REVIEW_STATE_TABLE_*, config-state.ts). */
  stateStore: StateStoreConfig;
  /** The register's write API: whose tokens it accepts and which browser origins may call it. */
  writeApi: {
    /** Accepted `aud`: the app's client id (v2 tokens) and its Application ID URI. */
    audience: string[];
    /** Extra browser origins (API_ALLOWED_ORIGINS); the tab's and the SharePoint site's are always allowed. */
    allowedOrigins: string[];
    /** The SharePoint group whose members are register managers (MANAGER_GROUP). */
    managerGroup: string;
  };
};

export type LocalServiceConfig = {
  mode: 'local';
  /** The local list service's site, e.g. http://127.0.0.1:5001/sites/risk. */
  siteUrl: string;
  /** A demo bearer token the local list service accepts for the service account. */
  accessToken?: string;
  botId: string;
  botServiceUrl: string;
  port: number;
  schedule: ScheduleConfig;
  cardHmacSecret: string;
  /** The local tab server (TAB_BASE_URL), default http://localhost:3000. */
  tabBaseUrl: string;
  statePath?: string;
  answerDeadlineMs: number;
  /** Where the state lives; azure-tables without an endpoint or connection string: Azurite (npm start). */
  stateStore: StateStoreConfig;
};

export type ServiceConfig = ProductionServiceConfig | LocalServiceConfig;

const schedule = z.object({
  REVIEW_SCHEDULE: optionalText()
    .transform((v) => v ?? defaultSchedule)
    .refine((v) => cronProblem(v) === undefined, {
      error: (issue) =>
        `is not a valid cron expression (${cronProblem(String(issue.input))}); e.g. "${defaultSchedule}"`,
    }),
  REVIEW_TIMEZONE: optionalText()
    .transform((v) => v ?? defaultTimeZone)
    .refine(isTimeZone, `must be an IANA time zone such as ${defaultTimeZone}`),
  PORT: port(defaultPort),
  REVIEW_STATE_PATH: optionalText(),
  REVIEW_ANSWER_DEADLINE_MS: milliseconds(defaultAnswerDeadlineMs, 10_000),
  ...stateSettings,
});

const production = schedule.extend({
  AZURE_TENANT_ID: guid('Directory (tenant) ID in Entra ID > Overview'),
  SHAREPOINT_SITE_URL: sharePointSiteUrl(),
  AZURE_CLIENT_ID: guid('Application (client) ID of the app registration'),
  AZURE_CLIENT_CERTIFICATE_PATH: optionalText(),
  AZURE_CLIENT_CERTIFICATE_PRIVATE_KEY: optionalText(),
  AZURE_CLIENT_CERTIFICATE_THUMBPRINT: optionalText(),
  GRAPH_PROACTIVE_INSTALL: flag(true),
  GRAPH_DELIVERY_CHECK: flag(false),
  GRAPH_USER_LOOKUP: flag(false),
  TEAMS_APP_ID: guid('the "id" of the Teams app manifest').optional(),
  TEAMS_CATALOG_APP_ID: guid(
    "the app's id in the org catalog (Teams admin centre > Manage apps > the app > App ID)",
  ).optional(),
  BOT_ID: guid('Microsoft App ID of the Azure Bot'),
  BOT_PASSWORD: optionalText(),
  BOT_MANAGED_IDENTITY_CLIENT_ID: optionalText().refine(
    (v) => v === undefined || v === 'system' || /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v),
    'must be "system" or the client id (GUID) of the managed identity the bot signs in with (infra/azure.bicep output BOT_ID)',
  ),
  BOT_SERVICE_URL: httpsUrl(defaultBotServiceUrl).optional(),
  API_APP_ID_URI: optionalText().refine(
    (v) => v === undefined || /^(api|https):\/\/\S+$/.test(v),
    'must be the Application ID URI of the app registration, e.g. api://<client id> (Entra admin center > Expose an API)',
  ),
  API_ALLOWED_ORIGINS: optionalText().refine(
    (v) => v === undefined || v.split(',').every((o) => /^https:\/\/[^/\s]+$/.test(o.trim())),
    'must be a comma-separated list of https origins without paths, e.g. https://contoso.sharepoint.com',
  ),
  MANAGER_GROUP: optionalText(),
  // Card links must open a registered redirect URI (`<TAB_BASE_URL>/index.html`), so the service needs it.
  TAB_BASE_URL: httpsBaseUrl('https://risk.council.gov.uk/tab'),
  CARD_HMAC_SECRET: optionalText().pipe(
    z
      .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') })
      .min(
        hmacSecretMin,
        `must be at least ${hmacSecretMin} characters (generate with \`openssl rand -base64 48\`)`,
      ),
  ),
});

/** Every setting the production service reads (the deployment's app settings must be among them). */
export const productionSettingNames: readonly string[] = Object.keys(production.shape);

const local = schedule.extend({
  SHAREPOINT_SITE_URL: optionalText().pipe(
    z
      .string({
        error: () => 'is required (the local list service site, e.g. http://127.0.0.1:5001/sites/risk)',
      })
      .refine(
        (v) => /^https?:\/\//.test(v) && URL.canParse(v),
        'must be an http(s) URL of the local list service site',
      ),
  ),
  SP_ACCESS_TOKEN: optionalText(),
  BOT_ID: guid('any GUID locally').optional(),
  BOT_SERVICE_URL: optionalText().refine(
    (v) => v === undefined || URL.canParse(v),
    'must be a URL, e.g. http://localhost:56150/_connector',
  ),
  CARD_HMAC_SECRET: optionalText(),
  TAB_BASE_URL: optionalText().refine(
    (v) => v === undefined || (/^https?:\/\//.test(v) && URL.canParse(v)),
    'must be the http(s) URL the local tab is served from, e.g. http://localhost:3000',
  ),
});

/** Where the local stack serves the tab when nothing says otherwise. */
export const defaultLocalTabUrl = 'http://localhost:3000';

function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true }).stop();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type LoadOptions = {
  /** Reads the settings file and certificate files; default fs.readFileSync as UTF-8. */
  readFile?: (path: string) => string;
};

/**
 * Validates the service settings. Throws ConfigError whose `problems` name every missing or wrong
 * setting. Production unless LOCAL_MODE is exactly "true"; any other value but "false" is an error.
 */
export function loadServiceConfig(env: SettingsSource, options: LoadOptions = {}): ServiceConfig {
  const readFile = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const settings = readSettings(env, readFile);
  const mode = flag(false).safeParse(settings.LOCAL_MODE);
  if (!mode.success) {
    throw new ConfigError('Review service', [
      `LOCAL_MODE: must be exactly "true" or "false" (unset means false: production with token validation), not ${JSON.stringify(settings.LOCAL_MODE)}.`,
    ]);
  }
  return mode.data ? loadLocal(settings) : loadProduction(settings, readFile);
}

/**
 * Local mode switches off Bot Framework token validation, so it must never run where real people or
 * a real register are: not against a SharePoint Online site, not with NODE_ENV=production.
 */
export function localModeRefusals(settings: SettingsSource): string[] {
  const problems: string[] = [];
  const site = settings.SHAREPOINT_SITE_URL?.trim();
  const host = site && URL.canParse(site) ? new URL(site).hostname.toLowerCase() : '';
  if (/(^|\.)sharepoint(-df)?\.(com|us|cn|de)$|(^|\.)sharepoint\.microsoftonline\.(us|cn)$/.test(host)) {
    problems.push(
      `SHAREPOINT_SITE_URL: ${site} is a SharePoint Online site; LOCAL_MODE=true (no token validation) only runs against the local list service. Unset LOCAL_MODE for a tenant.`,
    );
  }
  if (settings.NODE_ENV?.trim().toLowerCase() === 'production') {
    problems.push(
      'NODE_ENV: is "production"; LOCAL_MODE=true (no token validation) is for the Agents Playground on a developer machine. Unset LOCAL_MODE, or NODE_ENV.',
    );
  }
  return problems;
}

function loadLocal(settings: SettingsSource): LocalServiceConfig {
  const refusals = localModeRefusals(settings);
  if (refusals.length) throw new ConfigError('Review service (local mode)', refusals);
  const parsed = local.safeParse(settings);
  if (!parsed.success) throw new ConfigError('Review service (local mode)', problemsFrom(parsed.error));
  const s = parsed.data;
  const state = stateStoreFrom(s, settings, 'local');
  if (!state.store) throw new ConfigError('Review service (local mode)', state.problems);
  return {
    mode: 'local',
    siteUrl: s.SHAREPOINT_SITE_URL.replace(/\/+$/, ''),
    ...(s.SP_ACCESS_TOKEN ? { accessToken: s.SP_ACCESS_TOKEN } : {}),
    botId: s.BOT_ID ?? '00000000-0000-0000-0000-000000000001',
    botServiceUrl: s.BOT_SERVICE_URL ?? 'http://localhost:56150/_connector',
    port: s.PORT,
    schedule: { cron: s.REVIEW_SCHEDULE, timeZone: s.REVIEW_TIMEZONE },
    // Local cards need no stable secret: a fresh one per run is never shared.
    cardHmacSecret: s.CARD_HMAC_SECRET ?? randomBytes(32).toString('base64'),
    tabBaseUrl: (s.TAB_BASE_URL ?? defaultLocalTabUrl).replace(/\/+$/, ''),
    ...(s.REVIEW_STATE_PATH ? { statePath: s.REVIEW_STATE_PATH } : {}),
    answerDeadlineMs: s.REVIEW_ANSWER_DEADLINE_MS,
    stateStore: state.store,
  };
}

function loadProduction(settings: SettingsSource, readFile: (p: string) => string): ProductionServiceConfig {
  const parsed = production.safeParse(settings);
  const problems = parsed.success ? [] : problemsFrom(parsed.error);
  // The certificate is checked even when other settings are wrong, so one run lists everything.
  const cert = loadCertificate(
    {
      path: settings.AZURE_CLIENT_CERTIFICATE_PATH?.trim() || undefined,
      privateKey: settings.AZURE_CLIENT_CERTIFICATE_PRIVATE_KEY?.trim() || undefined,
      thumbprint: settings.AZURE_CLIENT_CERTIFICATE_THUMBPRINT?.trim() || undefined,
    },
    readFile,
  );
  problems.push(...cert.problems);
  if (!parsed.success || !cert.credential) throw new ConfigError('Review service', problems);

  const s = parsed.data;
  const state = stateStoreFrom(s, settings, 'production');
  problems.push(...state.problems);
  if (s.GRAPH_PROACTIVE_INSTALL && !s.TEAMS_APP_ID) {
    problems.push(
      'TEAMS_APP_ID: is required when GRAPH_PROACTIVE_INSTALL is true (the manifest id, to find the app in the org catalog); or set GRAPH_PROACTIVE_INSTALL=false.',
    );
  }
  let credential: BotCredential | undefined;
  if (s.BOT_PASSWORD && s.BOT_MANAGED_IDENTITY_CLIENT_ID) {
    problems.push(
      'BOT_PASSWORD: set either BOT_PASSWORD (a client secret) or BOT_MANAGED_IDENTITY_CLIENT_ID (a managed identity), not both.',
    );
  } else if (s.BOT_MANAGED_IDENTITY_CLIENT_ID)
    credential = { kind: 'managed-identity', clientId: s.BOT_MANAGED_IDENTITY_CLIENT_ID.toLowerCase() };
  else if (s.BOT_PASSWORD) credential = { kind: 'secret', password: s.BOT_PASSWORD };
  else if (s.BOT_ID.toLowerCase() === s.AZURE_CLIENT_ID.toLowerCase())
    credential = { kind: 'certificate', certificate: cert.credential };
  else {
    problems.push(
      'BOT_PASSWORD: is required when BOT_ID is a different app from AZURE_CLIENT_ID, unless the bot signs in as a managed identity (BOT_MANAGED_IDENTITY_CLIENT_ID).',
    );
  }
  if (problems.length || !credential || !state.store) throw new ConfigError('Review service', problems);

  return {
    mode: 'production',
    tenantId: s.AZURE_TENANT_ID.toLowerCase(),
    siteUrl: s.SHAREPOINT_SITE_URL,
    sharePointResource: sharePointResource(s.SHAREPOINT_SITE_URL),
    clientId: s.AZURE_CLIENT_ID.toLowerCase(),
    certificate: cert.credential,
    graph: {
      proactiveInstall: s.GRAPH_PROACTIVE_INSTALL,
      deliveryCheck: s.GRAPH_DELIVERY_CHECK,
      userLookup: s.GRAPH_USER_LOOKUP,
      ...(s.TEAMS_APP_ID ? { teamsAppId: s.TEAMS_APP_ID.toLowerCase() } : {}),
      ...(s.TEAMS_CATALOG_APP_ID ? { catalogAppId: s.TEAMS_CATALOG_APP_ID.toLowerCase() } : {}),
    },
    bot: { id: s.BOT_ID.toLowerCase(), tenantId: s.AZURE_TENANT_ID.toLowerCase(), credential },
    botServiceUrl: s.BOT_SERVICE_URL ?? defaultBotServiceUrl,
    port: s.PORT,
    schedule: { cron: s.REVIEW_SCHEDULE, timeZone: s.REVIEW_TIMEZONE },
    cardHmacSecret: s.CARD_HMAC_SECRET,
    tabBaseUrl: s.TAB_BASE_URL,
    ...(s.REVIEW_STATE_PATH ? { statePath: s.REVIEW_STATE_PATH } : {}),
    answerDeadlineMs: s.REVIEW_ANSWER_DEADLINE_MS,
    stateStore: state.store,
    writeApi: {
      audience: [
        s.AZURE_CLIENT_ID.toLowerCase(),
        s.API_APP_ID_URI ?? `api://${s.AZURE_CLIENT_ID.toLowerCase()}`,
      ],
      allowedOrigins: (s.API_ALLOWED_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      managerGroup: s.MANAGER_GROUP ?? managerGroupName,
    },
  };
}

/** One line per setting for a start-up log: secrets and keys are never printed. */
export function describeConfig(config: ServiceConfig): string[] {
  if (config.mode === 'local') {
    return [
      'LOCAL MODE: bot tokens are NOT validated; never expose this process to a network.',
      `SharePoint site: ${config.siteUrl}`,
      `Bot connector: ${config.botServiceUrl}`,
      `Tab (card links): ${config.tabBaseUrl}/index.html`,
      `Schedule: ${config.schedule.cron} (${config.schedule.timeZone}); port ${config.port}`,
      describeStateStore(config.stateStore),
    ];
  }
  return [
    `SharePoint site: ${config.siteUrl} (app-only, certificate ${config.certificate.thumbprintSha256.slice(0, 8)}…)`,
    `Tenant ${config.tenantId}; app ${config.clientId}; bot ${config.bot.id} (${config.bot.credential.kind})`,
    `Proactive install via Graph: ${config.graph.proactiveInstall ? `on (Teams app ${config.graph.teamsAppId}; ${config.graph.catalogAppId ? `catalog id ${config.graph.catalogAppId}, needs TeamsAppInstallation.ReadWriteSelfForUser.All` : 'catalog read, needs AppCatalog.Read.All and TeamsAppInstallation.ReadWriteSelfForUser.All'})` : 'off'}`,
    `Delivery check via Graph before re-sending an unacknowledged card: ${config.graph.deliveryCheck ? 'on (Chat.Read.All, protected API)' : 'off (such a card is sent again)'}`,
    `Owner look-up in Graph by UPN where SharePoint has no object id: ${config.graph.userLookup ? 'on (User.Read.All)' : 'off'}`,
    `Bot connector: ${config.botServiceUrl}`,
    `Tab (card links): ${config.tabBaseUrl}/index.html`,
    `Write API: tokens for ${config.writeApi.audience.join(' or ')}; managers = SharePoint group '${config.writeApi.managerGroup}'`,
    `Schedule: ${config.schedule.cron} (${config.schedule.timeZone}); port ${config.port}`,
    describeStateStore(config.stateStore),
  ];
}
