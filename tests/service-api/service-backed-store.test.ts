/**
 * The tab's store over the review service: reads (the directory search included) stay with the
 * person's own SharePoint access, every write goes to the service's API, and the API's refusals come
 * back as the typed errors the views handle.
 */
import { ConflictError } from '../../src/ports/errors';
import { createServiceBackedStore } from '../../src/service-api/client';
import { FakeStore, manager, risk } from '../tab/fake-store';

class DirectoryStore extends FakeStore {
  searched: string[] = [];
  searchDirectory(text: string) {
    this.searched.push(text);
    return Promise.resolve([
      {
        name: 'Sarah Hammond',
        email: 'sarah.hammond@x.example',
        login: 'i:0#.f|membership|sarah.hammond@x.example',
      },
    ]);
  }
}

function harness(status = 200, body: unknown = { id: 9 }) {
  const reads = new DirectoryStore(manager);
  const posted: { url: string; auth: string | null; body: unknown }[] = [];
  const store = createServiceBackedStore(reads, {
    baseUrl: 'https://review.example/',
    getToken: () => Promise.resolve('api-token'),
    fetch: (url, init) => {
      posted.push({
        url: String(url),
        auth: new Headers(init?.headers).get('authorization'),
        body: JSON.parse(String(init?.body)),
      });
      return Promise.resolve(new Response(JSON.stringify(body), { status }));
    },
  });
  return { reads, store, posted };
}

describe('the service-backed store', () => {
  it('searches the directory with the reads store, not the service', async () => {
    const { reads, store, posted } = harness();
    const found = await store.searchDirectory?.('Sarah Hammond');
    expect(found?.map((p) => p.email)).toEqual(['sarah.hammond@x.example']);
    expect(reads.searched).toEqual(['Sarah Hammond']);
    expect(posted).toHaveLength(0);
  });

  it("reads review requests with the person's own access: a risk's, and a whole period's", async () => {
    const { reads, store, posted } = harness();
    await store.getReviewRequests?.(5, ['2026/27-Q4']);
    await store.getPeriodRequests?.('2026/27-Q4');
    expect(reads.calls).toEqual(['getReviewRequests:5', 'getPeriodRequests:2026/27-Q4']);
    expect(posted).toHaveLength(0);
  });

  it('sends a write to the API with the API token, and not to SharePoint', async () => {
    const { reads, store, posted } = harness();
    await store.createRisk(risk({ reference: 'CRR1' }), { id: 1, name: 'Alex' }, 'import');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.url).toBe('https://review.example/api/register/createRisk');
    expect(posted[0]?.auth).toBe('Bearer api-token');
    expect(posted[0]?.body).toMatchObject({ source: 'import', risk: { reference: 'CRR1' } });
    expect(reads.risks.size).toBe(0);
  });

  it("turns the API's 412 into a conflict the views show", async () => {
    const { store } = harness(412, {
      error: { code: 'conflict', message: 'Someone else saved CRR1 first.' },
    });
    await expect(store.updateRisk(1, { title: 'x' }, '"1"', { id: 1, name: 'Alex' })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });
});
