/**
 * Oversize and hostile text (HTML, script, template and spreadsheet syntax) in every free-text field:
 * stored exactly as typed or refused with a message naming the field, and rendered inert in the tab
 * (real Chromium) and in the review card.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { cardText, periodOf } from '../../src/domain';
import type { Risk } from '../../src/domain/types';
import {
  demoManager,
  demoRiskOwners,
  demoUsers,
  startListService,
  type ListService,
} from '../../src/emulator';
import { createDispatcher } from '../../src/review/dispatcher';
import { handleCardAction } from '../../src/review/invoke-handler';
import { runPeriod } from '../../src/review/scheduler';
import { buildTab } from '../../src/server/tab-build';
import { startManagerTab } from '../../bench/lib/manager-tab';
import { createRegisterStore, provision, type RegisterStore } from '../../src/sharepoint';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { benchRisk } from '../../bench/lib/seed';
import { startReviewWorld, teamsUserIdOf } from '../../bench/lib/review-world';
import { reviewCardsSent } from '../../bench/lib/teams-checks';
import { launchBenchChromium, signInAsManager } from '../../bench/tab-load';
import './fault-config';

/** Each sets window.__pwned if it ever runs. */
const hostile = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '"><svg onload="window.__pwned = \'svg\'"></svg>',
  '<a href="javascript:window.__pwned = \'link\'">open</a>',
  '${risk.reference} {{title}} <%= 7*7 %>',
  '=HYPERLINK("https://evil.example","Click") \u202Egnp.exe',
];
const mark = (field: string, n: number): string => `${field}#${n} ${hostile[n % hostile.length]}`;

function hostileRisk(reference: string, owner: Risk['owners'][number]): Risk {
  return benchRisk(1, 'Corporate', [owner], {
    reference,
    title: mark('title', 1),
    description: `${mark('description', 0)}\n${'Long description. '.repeat(1500)}`,
    cause: mark('cause', 2),
    event: mark('event', 3),
    consequence: mark('consequence', 4),
    directorate: mark('directorate', 5),
    category: mark('category', 0),
    // Aliases are references (the domain's one reference rule, on every write), never free text.
    aliases: ['PH09', 'OLD 7.2'],
    triggers: [mark('trigger', 3)],
    timescaleToTarget: mark('timescale', 4),
  });
}

let service: ListService;
let store: RegisterStore;

beforeAll(async () => {
  service = await startListService({ users: demoUsers });
  const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
  await provision(sp, { registers: ['Corporate'] });
  store = createRegisterStore(sp);
});

afterAll(async () => {
  await service?.close();
});

const owner = demoRiskOwners[0]!;
const ownerPerson = { id: owner.id as number, name: owner.title, email: owner.email };

test('hostile text in every free-text field of a risk, control and action is stored exactly as typed', async () => {
  const actor = await store.currentUser();
  const risk = hostileRisk('HX01', ownerPerson);
  const created = await store.createRisk(risk, actor);
  await store.addControl(created.id, { title: mark('control', 0), owners: [] }, actor);
  await store.addAction(
    created.id,
    { title: mark('action', 1), owners: [], status: 'in-progress', progressNote: mark('progress', 2) },
    actor,
  );
  const stored = await store.getRisk(created.id);
  for (const field of [
    'title',
    'description',
    'cause',
    'event',
    'consequence',
    'directorate',
    'category',
    'timescaleToTarget',
  ] as const) {
    expect(stored[field]).toBe(risk[field]);
  }
  expect(stored.aliases).toEqual(risk.aliases);
  expect(stored.triggers).toEqual(risk.triggers);
  expect(stored.controls.map((c) => c.title)).toEqual([mark('control', 0)]);
  expect(stored.actions.map((a) => [a.title, a.progressNote])).toEqual([
    [mark('action', 1), mark('progress', 2)],
  ]);
});

test('markup in a reference field (an alias) is refused by the domain rule, and nothing is stored', async () => {
  const actor = await store.currentUser();
  const risk = { ...hostileRisk('HX02', ownerPerson), aliases: [mark('alias', 1)] };
  const error = await store.createRisk(risk, actor).then(
    () => undefined,
    (err: unknown) => err as Error,
  );
  expect(error?.message).toMatch(/aliases\[0\].*is not a reference/);
  expect(await store.findRiskByReference('Corporate', 'HX02')).toBeUndefined();
});

test('oversize single-line text is refused with the field and limit named, and nothing is stored', async () => {
  const actor = await store.currentUser();
  for (const field of ['title', 'directorate', 'category'] as const) {
    const risk = benchRisk(2, 'Corporate', [ownerPerson], {
      reference: `HX-${field}`,
      [field]: 'x'.repeat(300),
    });
    const error = await store.createRisk(risk, actor).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(error?.message).toMatch(/255/);
    expect(error?.message.toLowerCase()).toContain(field === 'title' ? 'title' : field);
    expect(await store.findRiskByReference('Corporate', `HX-${field}`)).toBeUndefined();
  }
});

describe('rendered inert', () => {
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'risk-faults-hostile-'));
    browser = await launchBenchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the register grid and the risk detail show hostile text as text and run none of it', async () => {
    const stored = await store.findRiskByReference('Corporate', 'HX01');
    expect(stored).toBeDefined();
    await buildTab({ outDir: dataDir, production: false });
    const server = await startManagerTab(dataDir, service);
    const context = await browser.newContext();
    try {
      await signInAsManager(context);
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const inspect = () =>
        page.evaluate(() => ({
          pwned: (window as unknown as { __pwned?: string }).__pwned,
          scripts: document.querySelectorAll('#root script, #root svg[onload], #root img[onerror]').length,
          handlers: [...document.querySelectorAll('#root *')].filter((e) =>
            e.getAttributeNames().some((a) => a.startsWith('on')),
          ).length,
          jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
        }));

      await page.goto(`${server.url}?register=Corporate`);
      await page.getByRole('gridcell').first().waitFor();
      await page.getByText(mark('title', 1), { exact: false }).first().waitFor();
      expect(await inspect()).toEqual({ pwned: undefined, scripts: 0, handlers: 0, jsLinks: 0 });

      await page.goto(`${server.url}?risk=${stored!.id}`);
      await page.getByRole('heading', { name: /HX01/ }).first().waitFor();
      for (const text of [mark('cause', 2), mark('event', 3), mark('control', 0), mark('action', 1)]) {
        await page.getByText(text, { exact: false }).first().waitFor();
      }
      expect(await inspect()).toEqual({ pwned: undefined, scripts: 0, handlers: 0, jsLinks: 0 });
      // The directorate's right-to-left override is shown neutralised: the text reads in stored order.
      const shown = await page.evaluate(() => document.body.innerText);
      expect(shown).toContain('gnp.exe');
      expect(shown).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });
});

test('a review card shows hostile risk text and comments verbatim in text only, never in links or template syntax', async () => {
  const world = await startReviewWorld({ owners: 1, risks: 1 });
  try {
    const seeded = world.risks[0]!;
    const reviewStore = createRegisterStore(world.sp);
    const current = await reviewStore.getRisk(seeded.id);
    const actor = await reviewStore.currentUser();
    const title = mark('title', 4);
    await reviewStore.updateRisk(seeded.id, { title, cause: mark('cause', 1) }, current.etag, actor);
    const deps = world.deps();
    await runPeriod(deps, createDispatcher(deps), { periodId: world.periodId, register: world.register });
    const sent = reviewCardsSent(world.teams)[0]!;
    const card = sent.card;
    const urls: string[] = [];
    const texts: string[] = [];
    JSON.stringify(card, (key, value: unknown) => {
      if (typeof value === 'string') (/url$/i.test(key) ? urls : texts).push(value);
      return value;
    });
    // Shown as text: markdown escaped and bidi controls removed, exactly what the owner typed otherwise.
    expect(texts.some((t) => t.includes(cardText(title)))).toBe(true);
    expect(urls.every((u) => !u.includes('<') && !u.includes('javascript:'))).toBe(true);

    const comment = `${mark('comment', 0)} ${mark('comment', 4)}`;
    const result = await handleCardAction(deps, world.identify, {
      verb: 'confirm',
      data: {
        ...sent.data,
        likelihood: String(seeded.risk.current!.likelihood),
        impact: String(seeded.risk.current!.impact),
        comment,
      },
      from: { id: teamsUserIdOf(seeded.owner) },
      conversationId: sent.conversationId,
      replyToId: sent.id,
    });
    const history = await reviewStore.getHistory(seeded.id);
    expect(
      history.find((h) => h.periodId === periodOf(new Date(world.clock.now()), 'quarter', 4).id)?.comment,
    ).toBe(comment);
    // The recorded card repeats the comment as typed (as card text): template syntax in it was not evaluated.
    expect(JSON.stringify(result.value)).toContain(JSON.stringify(cardText(comment)).slice(1, -1));
  } finally {
    await world.close();
  }
});
