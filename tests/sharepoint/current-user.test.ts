import { provision } from '../../src/sharepoint/provisioning';
import { accessOf, createRegisterStore } from '../../src/sharepoint/register-store';
import { ownerToken, readerToken, startHarness, type Harness } from './harness';

describe('current user and access', () => {
  it('makes managers from the managers group only, never from a permission level', () => {
    const edit = { High: 432, Low: 1011030767 };
    const contribute = { High: 432, Low: 1011028719 };
    const read = { High: 176, Low: 138612833 };
    const full = { High: '2147483647', Low: '4294967295' };
    // Members hold Edit, which includes Manage Lists: that alone does not make a manager.
    expect(accessOf(['Risk Site Members'], edit)).toBe('contribute');
    expect(accessOf([], full)).toBe('contribute');
    expect(accessOf([], contribute)).toBe('contribute');
    expect(accessOf(['Risk Site Visitors'], read)).toBe('read');
    expect(accessOf(['risk register managers'], read)).toBe('manage');
    expect(accessOf(['Risk Register Managers'], undefined)).toBe('manage');
  });

  describe('against the local list service', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await startHarness();
      await provision(h.sp, { registers: ['Corporate'] });
    });
    afterEach(() => h.close());

    it('names the signed-in person and their access', async () => {
      const me = await createRegisterStore(h.sp).currentUser();
      expect(me).toMatchObject({
        id: 7,
        name: 'Morgan Reid',
        email: 'morgan.reid@council.example',
        access: 'manage',
      });
      const owner = await createRegisterStore(h.clientFor(ownerToken)).currentUser();
      expect(owner).toMatchObject({ id: 8, name: 'Priya Shah', access: 'contribute' });
      const reader = await createRegisterStore(h.clientFor(readerToken)).currentUser();
      expect(reader).toMatchObject({ id: 11, name: 'Sam Lee', access: 'read' });
      expect(await createRegisterStore(h.sp).listRegisters()).toEqual(['Corporate']);
    });
  });
});
