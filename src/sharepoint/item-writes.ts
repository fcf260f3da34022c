/**
 * Item writes with SharePoint's optimistic concurrency: every update and delete sends the ETag
 * that was read; a 412 is turned into ConflictError carrying the item as it is now on the server
 * (re-read after the 412), so the person sees what changed and decides again.
 */
import type { SPFI } from '@pnp/sp';
import { ConflictError, httpStatus, toStorageError, type ErrorContext } from './errors';
import { readItem } from './list-reader';
import type { Item } from './restore';
import type { Coalescer } from './coalesce';

/** Adds an item and returns it re-read with the schema's projection (people expanded). */
export async function addItem(
  sp: SPFI,
  list: string,
  payload: Record<string, unknown>,
  ctx: ErrorContext,
): Promise<Item> {
  try {
    const added = (await sp.web.lists.getByTitle(list).items.add(payload)) as Item;
    return await readItem(sp, list, Number(added.Id ?? added.ID));
  } catch (err) {
    throw toStorageError(err, ctx);
  }
}

async function conflict<T>(
  sp: SPFI,
  list: string,
  id: number,
  ctx: ErrorContext,
  restore: (item: Item) => T,
  cause: unknown,
): Promise<ConflictError<T>> {
  let current: T | undefined;
  try {
    current = restore(await readItem(sp, list, id));
  } catch {
    // Deleted meanwhile: the conflict still stands, with nothing current to show.
    current = undefined;
  }
  return new ConflictError<T>(
    `Could not ${ctx.operation}: someone else saved it after you opened it. ` +
      (current === undefined
        ? 'It has since been deleted.'
        : 'Their version is shown; re-apply your change to it and save again.'),
    current,
    { cause },
  );
}

/**
 * The conditional MERGE both writes below make: `IF-Match: <etag>`, a 412 turned into ConflictError with
 * the item as it is now. SharePoint answers 204 with the item's new ETag in the `ETag` header, which
 * PnPjs resolves as `{ etag }` (../shared/reference/sharepoint-wire-contract.md, `item.update`);
 * undefined when the answer carried none.
 */
async function merge<T>(
  sp: SPFI,
  list: string,
  id: number,
  payload: Record<string, unknown>,
  etag: string,
  ctx: ErrorContext,
  restore: (item: Item) => T,
  via: Coalescer,
): Promise<string | undefined> {
  try {
    const result = (await via((s) =>
      s.web.lists.getByTitle(list).items.getById(id).update(payload, etag),
    )) as { etag?: unknown } | undefined;
    return typeof result?.etag === 'string' && result.etag ? result.etag : undefined;
  } catch (err) {
    if (httpStatus(err) === 412) throw await conflict(sp, list, id, ctx, restore, err);
    throw toStorageError(err, ctx);
  }
}

const direct =
  (sp: SPFI): Coalescer =>
  (op) =>
    op(sp);

async function reread(sp: SPFI, list: string, id: number, ctx: ErrorContext): Promise<Item> {
  try {
    return await readItem(sp, list, id);
  } catch (err) {
    throw toStorageError(err, ctx);
  }
}

/**
 * MERGE with `IF-Match: <etag>`; returns the item re-read. An empty payload writes nothing but still
 * checks the ETag is current (a stale confirm must not pass silently).
 */
export async function updateItem<T>(
  sp: SPFI,
  list: string,
  id: number,
  payload: Record<string, unknown>,
  etag: string,
  ctx: ErrorContext,
  restore: (item: Item) => T,
): Promise<Item> {
  if (!etag) throw new Error(`${ctx.operation}: an ETag is required for every update (read the item first).`);
  if (Object.keys(payload).length > 0) {
    await merge(sp, list, id, payload, etag, ctx, restore, direct(sp));
    return reread(sp, list, id, ctx);
  }
  const item = await reread(sp, list, id, ctx);
  if (String(item['odata.etag']) !== etag)
    throw await conflict(
      sp,
      list,
      id,
      ctx,
      restore,
      Object.assign(new Error('ETag mismatch'), { status: 412 }),
    );
  return item;
}

/**
 * The same write for a caller that holds the item as it was at that ETag: returns the new ETag from
 * SharePoint's answer, so the item is not read again (it is read only when the answer carried none).
 * `via` may send the MERGE in a `$batch` with others made at the same moment (coalesce.ts).
 */
export async function mergeItem<T>(
  sp: SPFI,
  list: string,
  id: number,
  payload: Record<string, unknown>,
  etag: string,
  ctx: ErrorContext,
  restore: (item: Item) => T,
  via: Coalescer = direct(sp),
): Promise<string> {
  if (!etag) throw new Error(`${ctx.operation}: an ETag is required for every update (read the item first).`);
  if (Object.keys(payload).length === 0)
    return String((await updateItem(sp, list, id, payload, etag, ctx, restore))['odata.etag']);
  const next = await merge(sp, list, id, payload, etag, ctx, restore, via);
  return next ?? String((await reread(sp, list, id, ctx))['odata.etag']);
}

/** DELETE with `IF-Match: <etag>`. */
export async function deleteItem<T>(
  sp: SPFI,
  list: string,
  id: number,
  etag: string,
  ctx: ErrorContext,
  restore: (item: Item) => T,
): Promise<void> {
  try {
    await sp.web.lists.getByTitle(list).items.getById(id).delete(etag);
  } catch (err) {
    if (httpStatus(err) === 412) throw await conflict(sp, list, id, ctx, restore, err);
    throw toStorageError(err, ctx);
  }
}

/** Reads one item, mapping failures (404 -> NotFoundError naming the record). */
export async function getItem(sp: SPFI, list: string, id: number, ctx: ErrorContext): Promise<Item> {
  try {
    return await readItem(sp, list, id);
  } catch (err) {
    throw toStorageError(err, ctx);
  }
}
