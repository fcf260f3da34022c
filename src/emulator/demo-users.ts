/**
 * The demo people of the local stack and their bearer tokens. The tokens are plain strings the
 * local list service maps to identities; they are not secrets and work nowhere else.
 */
import type { EmulatorUser } from './types';

/** Full Control: manages the register, provisions lists and fields. */
export const demoManager: EmulatorUser = {
  id: 7,
  loginName: 'morgan.reid@council.example',
  title: 'Morgan Reid',
  email: 'morgan.reid@council.example',
  role: 'full',
  token: 'demo-manager-token',
};

/** Contribute: risk owners who review and update their own risks. */
export const demoRiskOwners: EmulatorUser[] = [
  {
    id: 8,
    loginName: 'priya.shah@council.example',
    title: 'Priya Shah',
    email: 'priya.shah@council.example',
    role: 'contribute',
    token: 'demo-owner-priya-token',
  },
  {
    id: 9,
    loginName: 'tom.okafor@council.example',
    title: 'Tom Okafor',
    email: 'tom.okafor@council.example',
    role: 'contribute',
    token: 'demo-owner-tom-token',
  },
  {
    id: 10,
    loginName: 'helen.marsh@council.example',
    title: 'Helen Marsh',
    email: 'helen.marsh@council.example',
    role: 'contribute',
    token: 'demo-owner-helen-token',
  },
];

/** Read: a member (e.g. an audit committee member) who may only look. */
export const demoReader: EmulatorUser = {
  id: 11,
  loginName: 'sam.lee@council.example',
  title: 'Sam Lee',
  email: 'sam.lee@council.example',
  role: 'read',
  token: 'demo-reader-token',
};

/**
 * App-only identity of the review service (Full Control, as Sites.Selected 'fullcontrol' would be),
 * named the way SharePoint shows app principals.
 */
export const demoService: EmulatorUser = {
  id: 12,
  loginName: 'i:0i.t|ms.sp.ext|risk-review-service@local-tenant',
  title: 'SharePoint App',
  email: '',
  role: 'full',
  token: 'demo-service-token',
};

/** Everyone above, in the order the service registers them. */
export const demoUsers: EmulatorUser[] = [demoManager, ...demoRiskOwners, demoReader, demoService];
