/**
 * Test harness: a fresh local list service (in-memory, random port) and PnPjs clients made by the
 * app's own createSpClient, one per demo identity, with every HTTP exchange counted.
 */
import {
  demoManager,
  demoReader,
  demoRiskOwners,
  startListService,
  type ListService,
} from '../../src/emulator';
import { createSpClient, type RequestRecord } from '../../src/sharepoint/sp-client';
import type { SPFI } from '@pnp/sp';
import type { Actor } from '../../src/ports';

// Each test starts a real HTTP service and seeds it through PnPjs; on the shared 2-core machine that
// can take far longer than jest's 5 s default. No test asserts a duration.
jest.setTimeout(120_000);

export type Harness = {
  service: ListService;
  /** The register manager (Edit through the site's Members group, plus Risk Register Managers). */
  sp: SPFI;
  /** A client for another demo token. */
  clientFor(token: string): SPFI;
  /** Every HTTP exchange of the clients, retries included. */
  requests: RequestRecord[];
  close(): Promise<void>;
};

export async function startHarness(options: Parameters<typeof startListService>[0] = {}): Promise<Harness> {
  const service = await startListService(options);
  const requests: RequestRecord[] = [];
  const clientFor = (token: string): SPFI =>
    createSpClient({
      siteUrl: service.siteUrl,
      getToken: async () => token,
      onRequest: (r) => requests.push(r),
      // Faults in tests say Retry-After 0-1 s; the backoff base is small so tests stay quick.
      retry: { baseDelayMs: 10, maxAttempts: 6 },
    });
  return {
    service,
    sp: clientFor(demoManager.token),
    clientFor,
    requests,
    close: () => service.close(),
  };
}

export const manager: Actor = { id: demoManager.id ?? 7, name: demoManager.title, email: demoManager.email };
export const owners = demoRiskOwners.map((u) => ({ id: u.id as number, name: u.title, email: u.email }));
export const readerToken = demoReader.token;
export const ownerToken = (demoRiskOwners[0] as { token: string }).token;
