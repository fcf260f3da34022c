/**
 * The local SharePoint-compatible list service: a Node HTTP server over SQLite that speaks the
 * SharePoint REST dialect PnPjs 4.21 uses (see docs in README "Local list service").
 */
import type { AddressInfo } from 'node:net';
import { directoryOf, registerUsers } from './auth';
import type { ServiceContext } from './context';
import { demoDirectoryOnly, demoUsers } from './demo-users';
import { faultInjector } from './faults';
import { resourceMeter } from './resource-units';
import { createHttpServer, type ServerState } from './http-server';
import { regionalSettingsFor } from './regional-settings';
import { SecurityStore } from './security-store';
import { Store } from './store';
import type { ListService, ListServiceOptions } from './types';

export type { DirectoryPerson, EmulatorUser, FaultOptions, ListService, ListServiceOptions } from './types';
export {
  demoDirectoryOnly,
  demoManager,
  demoReader,
  demoRiskOwners,
  demoService,
  demoSiteOwner,
  demoUpnPerson,
  demoUsers,
  managersGroupTitle,
} from './demo-users';
export { PermissionKind, roleDefinitions } from './permissions';
export { placementOf } from './auth';

/**
 * Starts the service and resolves once it listens. Without `users` the demo people are registered
 * (the demo directory-only people are always in the directory);
 * without `dbPath` the data lives in memory only.
 */
export async function startListService(options: ListServiceOptions = {}): Promise<ListService> {
  const sitePath = `/${(options.sitePath ?? '/sites/risk').replace(/^\/+|\/+$/g, '')}`;
  const regional = regionalSettingsFor(options.timeZoneId);
  const store = new Store(options.dbPath ?? ':memory:');
  const security = new SecurityStore(store);
  const users = options.users ?? demoUsers;
  const siteTitle = options.siteTitle ?? 'Risk Register';
  const ctx: ServiceContext = {
    store,
    security,
    directory: directoryOf(users, [...demoDirectoryOnly, ...(options.directory ?? [])]),
    sitePath,
    siteTitle,
    listViewThreshold: options.listViewThreshold ?? 5000,
    callers: registerUsers(store, security, siteTitle, users),
    regional,
  };
  const host = options.host ?? '127.0.0.1';
  let boundPort = 0;
  const state: ServerState = {
    ctx,
    faults: faultInjector(options.faults),
    latencyMs: options.latencyMs ?? 0,
    meter: resourceMeter(options.resourceUnits),
    requests: 0,
    log: options.log,
    edge: {
      allowedOrigins: [...(options.allowedOrigins ?? [])],
      allowedHosts: [...(options.allowedHosts ?? [])],
      port: () => boundPort,
    },
  };
  const server = createHttpServer(state);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (e) {
    store.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  boundPort = port;
  // Bound to a named address, that address is a Host too; a wildcard bind needs allowedHosts.
  if (!['127.0.0.1', '0.0.0.0', '::', 'localhost'].includes(host)) {
    state.edge.allowedHosts.push(`${host.includes(':') ? `[${host}]` : host}:${port}`);
  }
  // A wildcard bind address is not somewhere a browser or PnPjs can go: advertise loopback instead.
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const origin = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  let closed = false;
  return {
    siteUrl: `${origin}${sitePath}`,
    origin,
    port,
    setFaults: (f) => {
      state.faults = faultInjector(f);
    },
    setLatency: (ms) => {
      state.latencyMs = Math.max(0, ms);
    },
    allowOrigin: (o) => {
      state.edge.allowedOrigins.push(o);
    },
    requestCount: () => state.requests,
    resetRequestCount: () => {
      state.requests = 0;
    },
    seedItems: (listTitle, rows) => {
      const list = store.listByTitle(listTitle);
      if (!list) throw new Error(`seedItems: there is no list '${listTitle}' on the site; create it first.`);
      const author = store.users()[0]?.id ?? 1;
      const keep = list.enableVersioning;
      return store.transaction(() =>
        rows.map((values) => store.insertItem(list.id, values, author, keep).id),
      );
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
