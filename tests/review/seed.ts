/**
 * Seeds a small register into a local list service through the real SharePoint repositories: three
 * open quarterly risks (two owned by Priya Shah, one by Tom Okafor) and one closed risk.
 */
import type { SPFI } from '@pnp/sp';
import { newRisk, type Risk } from '../../src/domain';
import { demoManager, demoRiskOwners, startListService, type ListService } from '../../src/emulator';
import {
  createRegisterStore,
  createReviewRequestStore,
  createStoreContext,
  provision,
} from '../../src/sharepoint';
import type { RegisterStore, ReviewRequestStore, StoredRisk } from '../../src/ports';
import { createSpClient } from '../../src/sharepoint/sp-client';

export const REGISTER = 'Corporate';
export const priya = demoRiskOwners[0]!;
export const tom = demoRiskOwners[1]!;
export const helen = demoRiskOwners[2]!;

export type SeededSite = {
  service: ListService;
  /** The service's own client (app-only token). */
  sp: SPFI;
  store: RegisterStore;
  requests: ReviewRequestStore;
  risks: StoredRisk[];
  close(): Promise<void>;
};

const person = (u: { title: string; email: string }) => ({ name: u.title, email: u.email });

export function seedRisks(): Risk[] {
  return [
    newRisk({
      reference: 'CRR0001',
      title: 'Failure to safeguard vulnerable children',
      register: REGISTER,
      owners: [person(priya)],
      delegates: [person(helen)],
      current: { likelihood: 3, impact: 4 },
      target: { likelihood: 2, impact: 3 },
      appetite: 8,
      controls: [{ title: 'Multi-agency safeguarding hub', owners: [] }],
      actions: [
        {
          title: 'Recruit permanent social workers',
          owners: [],
          status: 'in-progress',
          plannedDate: '2026-12-31',
        },
      ],
    }),
    newRisk({
      reference: 'CRR0002',
      title: 'Budget gap in adult social care',
      register: REGISTER,
      owners: [person(priya)],
      current: { likelihood: 4, impact: 4 },
    }),
    newRisk({
      reference: 'CRR0003',
      title: 'Cyber attack disrupts services',
      register: REGISTER,
      owners: [person(tom)],
      current: { likelihood: 2, impact: 5 },
    }),
    newRisk({
      reference: 'CRR0004',
      title: 'Closed risk that must not be reviewed',
      register: REGISTER,
      owners: [person(tom)],
      current: { likelihood: 1, impact: 1 },
      status: 'closed',
    }),
  ];
}

/** Starts an in-memory list service, provisions one register and seeds the risks. */
export async function seedSite(token = 'demo-service-token'): Promise<SeededSite> {
  const service = await startListService({});
  try {
    const admin = createSpClient({
      siteUrl: service.siteUrl,
      getToken: async () => demoManager.token,
      retry: { baseDelayMs: 10, maxAttempts: 4 },
    });
    await provision(admin, { registers: [REGISTER], councilName: 'Test Council' });
    const adminStore = createRegisterStore(admin);
    const actor = await adminStore.currentUser();
    const risks: StoredRisk[] = [];
    for (const r of seedRisks()) risks.push(await adminStore.createRisk(r, actor));
    const sp = createSpClient({
      siteUrl: service.siteUrl,
      getToken: async () => token,
      retry: { baseDelayMs: 10, maxAttempts: 4 },
    });
    return {
      service,
      sp,
      store: createRegisterStore(sp),
      requests: createReviewRequestStore(createStoreContext(sp)),
      risks,
      close: () => service.close(),
    };
  } catch (err) {
    await service.close();
    throw err;
  }
}
