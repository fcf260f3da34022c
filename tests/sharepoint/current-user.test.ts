import { provision } from '../../src/sharepoint/provisioning';
import { accessFromPermissions, createRegisterStore } from '../../src/sharepoint/register-store';
import { ownerToken, readerToken, startHarness, type Harness } from './harness';

describe('current user and access', () => {
  it("maps SharePoint's permission masks of the standard roles", () => {
    expect(accessFromPermissions({ High: 176, Low: 138612833 })).toBe('read');
    expect(accessFromPermissions({ High: 432, Low: 1011028719 })).toBe('contribute');
    expect(accessFromPermissions({ High: 432, Low: 1011030783 })).toBe('manage');
    expect(accessFromPermissions({ High: '2147483647', Low: '4294967295' })).toBe('manage');
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
