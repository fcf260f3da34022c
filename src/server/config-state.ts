/**
 * Where the review service keeps its own state (src/server/review-state.ts): the settings, their
 * checks and the one line the start-up log prints. docs/deployment.md ("Where the review service
 * keeps its state") says which store to choose when:
 * - `sqlite` (default): one SQLite file, for one instance on a local disk (`npm start`, one container
 *   with a local volume). Not on a network share: SQLite's write-ahead log needs shared memory that a
 *   network file system does not give (https://www.sqlite.org/wal.html), and App Service's /home is an
 *   SMB share, so the service refuses SQLite under /home on App Service.
 * - `azure-tables`: Azure Table Storage, for App Service and any production run, where two instances
 *   share the state during a restart or slot swap. Reached at REVIEW_STATE_TABLE_ENDPOINT with the
 *   service's managed identity (role Storage Table Data Contributor), or with a connection string
 *   (Azurite; a Storage account that allows shared keys). Locally, `npm start` starts Azurite itself.
 */
import path from 'node:path';
import { guid, optionalText, type SettingsSource } from './config-fields';

export type StateStoreConfig =
  | { kind: 'sqlite'; path?: string }
  | {
      kind: 'azure-tables';
      table: string;
      /** `https://<account>.table.core.windows.net`, reached with the managed identity. */
      endpoint?: string;
      /** A shared-key connection string: Azurite, or a Storage account that allows shared keys. */
      connectionString?: string;
      /** Client id of the user-assigned managed identity; unset: the app's system-assigned identity. */
      managedIdentityClientId?: string;
    };

export const stateStores = ['sqlite', 'azure-tables'] as const;
export const defaultStateTable = 'reviewstate';

/** Azure Table Storage table names: 3-63 letters and digits, starting with a letter. */
const tableName = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

export const stateSettings = {
  REVIEW_STATE_STORE: optionalText().refine(
    (v) => v === undefined || (stateStores as readonly string[]).includes(v),
    'must be "sqlite" (one instance, a file on a local disk) or "azure-tables" (Azure Table Storage: App Service, two instances)',
  ),
  REVIEW_STATE_TABLE_ENDPOINT: optionalText().refine(
    (v) => v === undefined || /^https:\/\/[a-z0-9]{3,24}\.table\.[a-z0-9.]+\/?$/.test(v),
    'must be the Table service endpoint of the Storage account, e.g. https://riskregisterstate.table.core.windows.net (infra/azure.bicep output STATE_TABLE_ENDPOINT)',
  ),
  REVIEW_STATE_TABLE_CONNECTION_STRING: optionalText(),
  REVIEW_STATE_TABLE_NAME: optionalText().refine(
    (v) => v === undefined || tableName.test(v),
    'must be 3-63 letters and digits starting with a letter (Azure Table Storage table names)',
  ),
  REVIEW_STATE_IDENTITY_CLIENT_ID: guid(
    'the client id of the managed identity the service reaches the Storage account with',
  ).optional(),
};

type StateSettings = {
  REVIEW_STATE_PATH?: string | undefined;
  REVIEW_STATE_STORE?: string | undefined;
  REVIEW_STATE_TABLE_ENDPOINT?: string | undefined;
  REVIEW_STATE_TABLE_CONNECTION_STRING?: string | undefined;
  REVIEW_STATE_TABLE_NAME?: string | undefined;
  REVIEW_STATE_IDENTITY_CLIENT_ID?: string | undefined;
};

/** App Service sets WEBSITE_SITE_NAME in every app (Learn, "Environment variables and app settings reference"). */
const onAppService = (settings: SettingsSource) => Boolean(settings.WEBSITE_SITE_NAME?.trim());

/** The state store the settings ask for, or the problems with them (named by setting). */
export function stateStoreFrom(
  s: StateSettings,
  settings: SettingsSource,
  mode: 'local' | 'production',
): { store?: StateStoreConfig; problems: string[] } {
  const problems: string[] = [];
  const kind = s.REVIEW_STATE_STORE ?? 'sqlite';
  const table = s.REVIEW_STATE_TABLE_ENDPOINT ?? s.REVIEW_STATE_TABLE_CONNECTION_STRING;
  if (kind === 'sqlite') {
    if (table || s.REVIEW_STATE_TABLE_NAME) {
      problems.push(
        'REVIEW_STATE_STORE: is "sqlite" (or unset) but REVIEW_STATE_TABLE_* settings are set; set REVIEW_STATE_STORE=azure-tables to use them, or remove them.',
      );
    }
    const file = path.resolve(s.REVIEW_STATE_PATH ?? path.join('.data', 'review-state.db'));
    if (mode === 'production' && onAppService(settings) && /^\/home(\/|$)/.test(file)) {
      problems.push(
        `REVIEW_STATE_PATH: ${file} is on App Service's /home share, a network file system, where SQLite's write-ahead log is not safe (https://www.sqlite.org/wal.html) and two instances (a restart, a slot swap) would share one file. Set REVIEW_STATE_STORE=azure-tables with REVIEW_STATE_TABLE_ENDPOINT (infra/azure.bicep creates the Storage account).`,
      );
    }
    return problems.length
      ? { problems }
      : {
          store: { kind: 'sqlite', ...(s.REVIEW_STATE_PATH ? { path: s.REVIEW_STATE_PATH } : {}) },
          problems,
        };
  }
  if (s.REVIEW_STATE_TABLE_ENDPOINT && s.REVIEW_STATE_TABLE_CONNECTION_STRING) {
    problems.push(
      'REVIEW_STATE_TABLE_CONNECTION_STRING: set either REVIEW_STATE_TABLE_ENDPOINT (the managed identity) or a connection string, not both.',
    );
  }
  if (!table && mode === 'production') {
    problems.push(
      'REVIEW_STATE_TABLE_ENDPOINT: is required with REVIEW_STATE_STORE=azure-tables (https://<account>.table.core.windows.net, reached with the managed identity), unless REVIEW_STATE_TABLE_CONNECTION_STRING is set.',
    );
  }
  if (s.REVIEW_STATE_PATH) {
    problems.push(
      'REVIEW_STATE_PATH: is the SQLite file, not used with REVIEW_STATE_STORE=azure-tables; remove it.',
    );
  }
  if (problems.length) return { problems };
  return {
    store: {
      kind: 'azure-tables',
      table: s.REVIEW_STATE_TABLE_NAME ?? defaultStateTable,
      ...(s.REVIEW_STATE_TABLE_ENDPOINT
        ? { endpoint: s.REVIEW_STATE_TABLE_ENDPOINT.replace(/\/+$/, '') }
        : {}),
      ...(s.REVIEW_STATE_TABLE_CONNECTION_STRING
        ? { connectionString: s.REVIEW_STATE_TABLE_CONNECTION_STRING }
        : {}),
      ...(s.REVIEW_STATE_IDENTITY_CLIENT_ID
        ? { managedIdentityClientId: s.REVIEW_STATE_IDENTITY_CLIENT_ID.toLowerCase() }
        : {}),
    },
    problems,
  };
}

/** The start-up log's line for the state store: never the connection string (it holds a key). */
export function describeStateStore(store: StateStoreConfig): string {
  if (store.kind === 'sqlite')
    return `State: SQLite file ${path.resolve(store.path ?? path.join('.data', 'review-state.db'))} (one instance only)`;
  const where = store.endpoint
    ? `${store.endpoint} with managed identity ${store.managedIdentityClientId ?? '(system-assigned)'}`
    : store.connectionString
      ? 'the Storage account of REVIEW_STATE_TABLE_CONNECTION_STRING (shared key)'
      : 'Azurite, started by npm start';
  return `State: Azure Table Storage table '${store.table}' at ${where}`;
}
