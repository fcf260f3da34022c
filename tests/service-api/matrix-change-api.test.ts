/**
 * A matrix change through the review service's API: `saveSettings` with a matrix that strands stored
 * ratings is refused (400, nothing written) whichever client sends it; `changeMatrix` is for managers
 * and re-rates with the mapping sent.
 */
import { demoManager } from '../../src/emulator';
import { HALTON, proposeMapping } from '../../src/domain';
import { priya, startApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
  // The seeded risk is rated 4 x 5 inherent: off Halton's 4 x 4 scale.
});
afterAll(() => h?.close());

it('refuses a settings save that strands ratings, and a changeMatrix from anyone but a manager', async () => {
  const settings = await h.store.getSettings('Corporate');
  const { id: _i, etag, modified: _m, ...plain } = settings;
  const body = { settings: { ...plain, matrix: HALTON }, etag };
  const before = await h.counts();
  const stranded = await h.call('saveSettings', body, await h.identity.mint(demoManager.email));
  expect(stranded.status).toBe(400);
  expect(stranded.json.error).toMatchObject({ code: 'invalid', field: 'matrix' });
  expect(String(stranded.json.error?.message)).toMatch(
    /has no place for 1 existing rating .*\(CRR01 inherent rating High 20\)\. Nothing was saved/,
  );
  const mapping = proposeMapping(settings.matrix, HALTON);
  const owner = await h.call('changeMatrix', { ...body, mapping }, await h.identity.mint(priya.email));
  expect(owner.status).toBe(403);
  expect(owner.json.error).toMatchObject({ rule: 'managers-only' });
  expect(await h.counts()).toEqual(before);
});

it('changes the matrix for a manager with the mapping, re-rating the risk', async () => {
  const settings = await h.store.getSettings('Corporate');
  const { id: _i, etag, modified: _m, ...plain } = settings;
  const mapping = proposeMapping(settings.matrix, HALTON);
  const res = await h.call(
    'changeMatrix',
    { settings: { ...plain, matrix: HALTON }, etag, mapping },
    await h.identity.mint(demoManager.email),
  );
  expect(res.status).toBe(200);
  expect(res.json.rerated).toEqual(['CRR01']);
  expect((await h.store.getSettings('Corporate')).matrix.id).toBe('halton');
  expect((await h.store.getRisk(h.riskId)).inherent).toEqual({ likelihood: 4, impact: 4 });
});
