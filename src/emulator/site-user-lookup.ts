/**
 * Finding a site user by the REST segment that addresses one: `(n)` or `getById(n)`, PnPjs's
 * `getByLoginName` alias form `('!@v::login')`, `getByEmail('x')` and `getByLoginName('x')`. Used for
 * `web/siteusers/…` and for a group's `users/…`, which address people the same way.
 */
import { claimsLogin } from './auth';
import type { ServiceContext } from './context';
import type { SiteUser } from './types';

export function siteUserBySegment(
  ctx: ServiceContext,
  segment: string,
  arg: string,
  idSegments: readonly string[] = ['getbyid'],
): SiteUser | undefined {
  if (segment === 'getbyemail') {
    return ctx.store.users().find((u) => u.email && u.email.toLowerCase() === arg.toLowerCase());
  }
  if (segment === 'getbyloginname') return ctx.store.userByLogin(claimsLogin(arg));
  if (!idSegments.includes(segment)) return undefined;
  // `(n)`, `getById(n)`, or `(@v)?@v='login'` (PnPjs's `!@v::` alias form).
  return /^\d+$/.test(arg)
    ? ctx.store.userById(Number(arg))
    : ctx.store.userByLogin(claimsLogin(arg.replace(/^!@v::/, '')));
}
