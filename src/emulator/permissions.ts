/**
 * SharePoint's permission vocabulary: `SP.PermissionKind` bit numbers, `SP.BasePermissions` masks
 * and the permission levels (role definitions) of a SharePoint Online team site.
 *
 * Sources: PermissionKind enum (learn.microsoft.com, dotnet/api/microsoft.sharepoint.client.permissionkind);
 * the masks are the ones SharePoint Online returns from `web/roledefinitions` (Edit and Contribute
 * differ only by ManageLists, 2048); "Understanding permission levels in SharePoint" for what each
 * level is for. Ids and RoleTypeKind are SharePoint's built-in ones (SP.RoleType: Guest 1, Reader 2,
 * Contributor 3, WebDesigner 4, Administrator 5, Editor 6).
 */

/** SP.PermissionKind: a right is bit (kind - 1) of the 64-bit mask (Low holds bits 0-31). */
export const PermissionKind = {
  ViewListItems: 1,
  AddListItems: 2,
  EditListItems: 3,
  DeleteListItems: 4,
  ApproveItems: 5,
  OpenItems: 6,
  ViewVersions: 7,
  DeleteVersions: 8,
  CancelCheckout: 9,
  ManagePersonalViews: 10,
  ManageLists: 12,
  ViewFormPages: 13,
  Open: 17,
  ViewPages: 18,
  AddAndCustomizePages: 19,
  CreateGroups: 25,
  ManagePermissions: 26,
  BrowseUserInfo: 28,
  ManageWeb: 31,
  UseClientIntegration: 37,
  UseRemoteAPIs: 38,
  EnumeratePermissions: 63,
} as const;

export type PermissionName = keyof typeof PermissionKind;

/** A BasePermissions mask as two unsigned 32-bit halves. */
export type Mask = { high: number; low: number };

export const emptyMask: Mask = { high: 0, low: 0 };

/** FullMask: every bit, which is what Full Control holds. */
export const fullMask: Mask = { high: 0x7fffffff, low: 0xffffffff };

/** Bitwise OR of masks (effective permissions are the union of every level a principal holds). */
export function union(masks: Mask[]): Mask {
  let high = 0;
  let low = 0;
  for (const m of masks) {
    high = (high | m.high) >>> 0;
    low = (low | m.low) >>> 0;
  }
  return { high, low };
}

/** Whether the mask holds one right. */
export function hasRight(mask: Mask, right: PermissionName): boolean {
  const bit = PermissionKind[right] - 1;
  return bit < 32 ? ((mask.low >>> bit) & 1) === 1 : ((mask.high >>> (bit - 32)) & 1) === 1;
}

/** Whether `mask` holds every right of `wanted`. */
export function includesMask(mask: Mask, wanted: Mask): boolean {
  return (
    (mask.low & wanted.low) >>> 0 === wanted.low >>> 0 &&
    (mask.high & wanted.high) >>> 0 === wanted.high >>> 0
  );
}

/**
 * `SP.BasePermissions` as SharePoint serialises it: High and Low are Edm.Int64, which JSON light
 * writes as strings (`{"High":"432","Low":"1011030767"}`).
 */
export function maskJson(mask: Mask): { High: string; Low: string } {
  return { High: String(mask.high >>> 0), Low: String(mask.low >>> 0) };
}

/** Reads `{High, Low}` (numbers or strings) from a request; undefined when it is not a mask. */
export function maskFrom(value: unknown): Mask | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const high = Number(v.High);
  const low = Number(v.Low);
  if (!Number.isInteger(high) || !Number.isInteger(low) || high < 0 || low < 0) return undefined;
  return { high: high >>> 0, low: low >>> 0 };
}

export type RoleDefinition = {
  id: number;
  name: string;
  description: string;
  order: number;
  roleTypeKind: number;
  hidden: boolean;
  mask: Mask;
};

/** The permission levels of a SharePoint Online team or communication site, as `web/roledefinitions` lists them. */
export const roleDefinitions: readonly RoleDefinition[] = [
  {
    id: 1073741829,
    name: 'Full Control',
    description: 'Has full control.',
    order: 1,
    roleTypeKind: 5,
    hidden: false,
    mask: fullMask,
  },
  {
    id: 1073741828,
    name: 'Design',
    description: 'Can view, add, update, delete, approve, and customize.',
    order: 32,
    roleTypeKind: 4,
    hidden: false,
    mask: { high: 432, low: 1012866047 },
  },
  {
    id: 1073741830,
    name: 'Edit',
    description: 'Can add, edit and delete lists; can view, add, update and delete list items and documents.',
    order: 48,
    roleTypeKind: 6,
    hidden: false,
    mask: { high: 432, low: 1011030767 },
  },
  {
    id: 1073741827,
    name: 'Contribute',
    description: 'Can view, add, update, and delete list items and documents.',
    order: 64,
    roleTypeKind: 3,
    hidden: false,
    mask: { high: 432, low: 1011028719 },
  },
  {
    id: 1073741826,
    name: 'Read',
    description: 'Can view pages and list items and download documents.',
    order: 128,
    roleTypeKind: 2,
    hidden: false,
    mask: { high: 176, low: 138612833 },
  },
  {
    id: 1073741825,
    name: 'Limited Access',
    description:
      'Can view specific lists, document libraries, list items, folders, or documents when given permissions.',
    order: 160,
    roleTypeKind: 1,
    hidden: true,
    mask: { high: 48, low: 134287360 },
  },
];

function definition(name: string): RoleDefinition {
  const def = roleDefinitions.find((d) => d.name === name);
  if (!def) throw new Error(`No built-in permission level '${name}'.`);
  return def;
}

export const fullControl = definition('Full Control');
export const editLevel = definition('Edit');
export const contributeLevel = definition('Contribute');
export const readLevel = definition('Read');
export const limitedAccess = definition('Limited Access');

/** Names of the rights a mask lacks out of `wanted`, for error messages. */
export function missingRights(mask: Mask, wanted: PermissionName[]): PermissionName[] {
  return wanted.filter((r) => !hasRight(mask, r));
}
