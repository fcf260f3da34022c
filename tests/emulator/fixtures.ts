/** Small builders shared by the list service tests. */
import { HttpRequestError } from '@pnp/queryable';
import type { SPFI } from '@pnp/sp';

/** The HTTP status of a failing PnPjs call (fails the test if the call succeeds). */
export async function statusOf(p: Promise<unknown>): Promise<number> {
  return (await failureOf(p)).status;
}

/** The HttpRequestError of a failing PnPjs call, with its SharePoint error message read. */
export async function failureOf(
  p: Promise<unknown>,
): Promise<{ status: number; message: string; error: HttpRequestError }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpRequestError) {
      const text = await e.response
        .clone()
        .text()
        .catch(() => '');
      let message = text;
      try {
        message = (JSON.parse(text) as { 'odata.error': { message: { value: string } } })['odata.error']
          .message.value;
      } catch {
        // not JSON: keep the text
      }
      return { status: e.status, message, error: e };
    }
    throw e;
  }
  throw new Error('expected the request to fail');
}

/** A simple register list: Title, unique indexed RiskCode, indexed Status choice, Score. */
export async function ensureSimpleRisks(sp: SPFI, title = 'Risks'): Promise<void> {
  const { list, created } = await sp.web.lists.ensure(title, 'Risk register', 100, false, {
    EnableVersioning: true,
  });
  if (!created) return;
  await list.fields.addText('RiskCode', { MaxLength: 20, EnforceUniqueValues: true, Indexed: true });
  await list.fields.addChoice('Status', { Choices: ['Open', 'Closed'] });
  await list.fields.getByInternalNameOrTitle('Status').update({ Indexed: true });
  await list.fields.addNumber('Score');
}

/** Adds `count` items through batches of 100, numbered from `from`. */
export async function addRisks(sp: SPFI, count: number, from = 1, title = 'Risks'): Promise<void> {
  for (let start = from; start < from + count; start += 100) {
    const [batched, execute] = sp.batched();
    const list = batched.web.lists.getByTitle(title);
    for (let n = start; n < Math.min(from + count, start + 100); n++) {
      void list.items.add({
        Title: `Risk ${n}`,
        RiskCode: `R-${n}`,
        Status: n % 3 === 0 ? 'Closed' : 'Open',
        Score: n % 25,
      });
    }
    await execute();
  }
}
