/**
 * The review service in production: validated configuration in, running service out.
 * `node dist/review-service.js` (the esbuild bundle of this file, `npm run package:service`) refuses
 * to start with the full list of configuration problems, and starts in local mode (no Bot Framework
 * token validation) only when LOCAL_MODE=true.
 */
import path from 'node:path';
import { ManagedIdentityCredential } from '@azure/identity';
import { ConfigError, describeConfig, loadServiceConfig, type ServiceConfig } from './config';
import { createAppOnlyTokenProvider } from './config-token';
import { entraTokenSettings } from '../service-api/token';
import { startReviewService, type ReviewService, type ReviewServiceOptions } from './review-service';
import type { ReviewStateStore } from './review-state';

/**
 * Overrides of what the settings say, for a caller that knows better (tests). The service itself
 * takes TAB_BASE_URL and REVIEW_STATE_PATH from the settings like every other setting.
 */
export type ServiceStartExtras = {
  /** Base URL of the register tab, for links in cards. */
  tabUrl?: string;
  /** SQLite file for the outbox and conversations. */
  statePath?: string;
};

/**
 * Maps the validated configuration onto the review service's options. Throws ConfigError for a
 * combination the service cannot run yet (the bot signing in with a certificate).
 */
export function reviewServiceOptions(
  config: ServiceConfig,
  extras: ServiceStartExtras = {},
): ReviewServiceOptions {
  const common = {
    port: config.port,
    serviceUrl: config.botServiceUrl,
    cardSecret: config.cardHmacSecret,
    cron: config.schedule.cron,
    timeZone: config.schedule.timeZone,
    tabUrl: extras.tabUrl ?? config.tabBaseUrl,
    answerDeadlineMs: config.answerDeadlineMs,
    ...((extras.statePath ?? config.statePath)
      ? { statePath: path.resolve(extras.statePath ?? config.statePath!) }
      : {}),
    ...(config.stateStore.kind === 'azure-tables' && !extras.statePath
      ? { stateStore: tableStore(config.stateStore) }
      : {}),
  };
  if (config.mode === 'local') {
    const token = config.accessToken;
    return {
      ...common,
      siteUrl: config.siteUrl,
      local: true,
      botId: config.botId,
      tokenProvider: async () => {
        if (!token)
          throw new Error(
            'SP_ACCESS_TOKEN: local mode needs the demo service token of the local list service.',
          );
        return token;
      },
    };
  }
  const graphToken = createAppOnlyTokenProvider(config, { resource: 'graph' });
  const bot = config.bot.credential;
  if (bot.kind === 'certificate') {
    throw new ConfigError('Review service', [
      'BOT_PASSWORD: is required: the review service signs the bot in with a client secret or a managed identity (BOT_MANAGED_IDENTITY_CLIENT_ID); certificate sign-in for the bot is not available yet.',
    ]);
  }
  const tabOrigin = URL.canParse(common.tabUrl) ? [new URL(common.tabUrl).origin] : [];
  return {
    ...common,
    siteUrl: config.siteUrl,
    local: false,
    writeApi: {
      token: { ...entraTokenSettings(config.tenantId), audience: config.writeApi.audience },
      // The tab's origin and the SharePoint site's (the web part) call the API from a browser.
      allowedOrigins: [...tabOrigin, config.sharePointResource, ...config.writeApi.allowedOrigins],
      managerGroup: config.writeApi.managerGroup,
    },
    botId: config.bot.id,
    ...(bot.kind === 'secret' ? { botPassword: bot.password } : { botManagedIdentityClientId: bot.clientId }),
    tenantId: config.bot.tenantId,
    tokenProvider: createAppOnlyTokenProvider(config),
    ...(config.graph.proactiveInstall && config.graph.teamsAppId
      ? {
          graph: {
            manifestId: config.graph.teamsAppId,
            getToken: graphToken,
            ...(config.graph.catalogAppId ? { catalogAppId: config.graph.catalogAppId } : {}),
          },
        }
      : {}),
    ...(config.graph.userLookup ? { userLookupGraph: { getToken: graphToken } } : {}),
    ...(config.graph.deliveryCheck
      ? {
          deliveryCheck: {
            botAppId: config.bot.id,
            getToken: graphToken,
            ...(config.graph.teamsAppId ? { manifestId: config.graph.teamsAppId } : {}),
          },
        }
      : {}),
  };
}

/** Azure Table Storage state: a connection string (Azurite, shared key) or the endpoint and the managed identity. */
function tableStore(store: Extract<ServiceConfig['stateStore'], { kind: 'azure-tables' }>): ReviewStateStore {
  if (store.connectionString)
    return { kind: 'azure-tables', table: store.table, connectionString: store.connectionString };
  if (!store.endpoint) {
    throw new ConfigError('Review service', [
      "REVIEW_STATE_TABLE_CONNECTION_STRING: REVIEW_STATE_STORE=azure-tables without an endpoint needs a connection string (Azurite's locally); `npm start` starts Azurite and passes it itself.",
    ]);
  }
  const id = store.managedIdentityClientId;
  return {
    kind: 'azure-tables',
    table: store.table,
    endpoint: store.endpoint,
    credential: id ? new ManagedIdentityCredential({ clientId: id }) : new ManagedIdentityCredential(),
  };
}

/** Loads the configuration from `env` and starts the service; throws ConfigError before starting anything. */
export async function startConfiguredService(
  env: Record<string, string | undefined>,
  log: (line: string) => void = (line) => console.log(line),
): Promise<ReviewService> {
  // Every setting, TAB_BASE_URL and REVIEW_STATE_PATH included, from the one settings source.
  const config = loadServiceConfig(env);
  const options = reviewServiceOptions(config);
  for (const line of describeConfig(config)) log(line);
  const service = await startReviewService(options);
  log(`Review service listening: ${service.botEndpoint}`);
  return service;
}

if (require.main === module) {
  startConfiguredService(process.env).then(
    (service) => {
      const stop = () => void service.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
