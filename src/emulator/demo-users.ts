/**
 * The demo people of the local stack, their bearer tokens and where they sit on the site, placed as
 * on a real team site: risk owners in "<Site> Members" (Edit), readers in "<Site> Visitors" (Read),
 * IT in "<Site> Owners" (Full Control). The tokens are plain strings the local list service maps to
 * identities; they are not secrets and work nowhere else. Each person has an Entra object id
 * (`00000000-0000-0000-0000-000000000<100 + site user id>`), the one the Agents Playground's mock users
 * carry (src/server/playground.ts), so a card answered in the Playground is matched by object id.
 */
import type { DirectoryPerson, EmulatorUser } from './types';

/** The product's manager group: managers are known by membership of it, not by a permission level. */
export const managersGroupTitle = 'Risk Register Managers';

/** Register manager: a site member (Edit) and a member of the Risk Register Managers group. */
export const demoManager: EmulatorUser = {
  id: 7,
  loginName: 'morgan.reid@council.example',
  title: 'Morgan Reid',
  email: 'morgan.reid@council.example',
  role: 'edit',
  groups: [managersGroupTitle],
  objectId: '00000000-0000-0000-0000-000000000107',
  token: 'demo-manager-token',
};

/**
 * Risk owners. Tom and Helen are site members (Edit, which includes Manage Lists, as on a real
 * site); Priya holds Contribute through a direct role assignment, so both kinds of owner exist.
 */
export const demoRiskOwners: EmulatorUser[] = [
  {
    id: 8,
    loginName: 'priya.shah@council.example',
    title: 'Priya Shah',
    email: 'priya.shah@council.example',
    role: 'contribute',
    objectId: '00000000-0000-0000-0000-000000000108',
    token: 'demo-owner-priya-token',
  },
  {
    id: 9,
    loginName: 'tom.okafor@council.example',
    title: 'Tom Okafor',
    email: 'tom.okafor@council.example',
    role: 'edit',
    objectId: '00000000-0000-0000-0000-000000000109',
    token: 'demo-owner-tom-token',
  },
  {
    id: 10,
    loginName: 'helen.marsh@council.example',
    title: 'Helen Marsh',
    email: 'helen.marsh@council.example',
    role: 'edit',
    objectId: '00000000-0000-0000-0000-000000000110',
    token: 'demo-owner-helen-token',
  },
];

/** Read: a site visitor (e.g. an audit committee member) who may only look. */
export const demoReader: EmulatorUser = {
  id: 11,
  loginName: 'sam.lee@council.example',
  title: 'Sam Lee',
  email: 'sam.lee@council.example',
  role: 'read',
  objectId: '00000000-0000-0000-0000-000000000111',
  token: 'demo-reader-token',
};

/**
 * App-only identity of the review service, named the way SharePoint shows app principals. Its
 * Sites.Selected grant on the site is 'fullcontrol' (Full Control on every object of the site).
 */
export const demoService: EmulatorUser = {
  id: 12,
  loginName: 'i:0i.t|ms.sp.ext|risk-review-service@local-tenant',
  title: 'SharePoint App',
  email: '',
  role: 'none',
  appGrant: 'fullcontrol',
  token: 'demo-service-token',
};

/** A site member whose sign-in name (UPN) differs from their mail address, as Entra ID allows. */
export const demoUpnPerson: EmulatorUser = {
  id: 13,
  loginName: 'r.patel@northmoorcc.onmicrosoft.com',
  title: 'Ravi Patel',
  email: 'ravi.patel@council.example',
  role: 'edit',
  objectId: '00000000-0000-0000-0000-000000000113',
  token: 'demo-upn-ravi-token',
};

/** IT: site owner (Full Control through "<Site> Owners"). */
export const demoSiteOwner: EmulatorUser = {
  id: 14,
  loginName: 'alex.carter@council.example',
  title: 'Alex Carter',
  email: 'alex.carter@council.example',
  role: 'full',
  objectId: '00000000-0000-0000-0000-000000000114',
  token: 'demo-site-owner-token',
};

/** Everyone above, in the order the service registers them. */
export const demoUsers: EmulatorUser[] = [
  demoManager,
  ...demoRiskOwners,
  demoReader,
  demoService,
  demoUpnPerson,
  demoSiteOwner,
];

/** Directory people who are not site users yet: `ensureUser` adds them. */
export const demoDirectoryOnly: DirectoryPerson[] = [
  {
    upn: 'dana.whitfield@council.example',
    title: 'Dana Whitfield',
    email: 'dana.whitfield@council.example',
    objectId: '00000000-0000-0000-0000-000000000201',
  },
  {
    upn: 'c.obi@northmoorcc.onmicrosoft.com',
    title: 'Chidi Obi',
    email: 'chidi.obi@council.example',
    objectId: '00000000-0000-0000-0000-000000000202',
  },
];
