/**
 * `npm run bench`: prints the performance figures as a table and writes them as JSON under .bench/
 * (git-ignored). Figures are compared as ratios within one run; nothing here asserts a wall-clock
 * limit. Sizes can be reduced for a quick look: BENCH_SIZES=100 BENCH_OWNERS=50 npm run bench.
 * The tab rows load each view cold BENCH_REPEATS times (default 3) at BENCH_SIZES (default
 * 1000,5001,20000,50000) risks with each of BENCH_TAB_LATENCY_MS (default 0,200) per list-service
 * request; BENCH_ONLY=tab runs only those (with the bundle build they load). BENCH_ONLY=bundle runs only
 * the first render against the floor.
 * BENCH_ONLY=answers runs only the card-answer rows (the review run's answers, then answers with
 * BENCH_LATENCY_MS, default 200, per SharePoint request at BENCH_CONCURRENCY, default 1,10,50).
 * BENCH_ONLY=list runs only the list-service-vs-raw-SQLite rows at BENCH_LIST_SIZES (default
 * 1000,5001,20000,50000). BENCH_ONLY=first-rows runs only the first-rows rows (the register opened
 * cold with each of BENCH_FIRST_ROWS_LATENCY_MS, default 0,200, per request, at BENCH_FIRST_ROWS_SIZES, default
 * 1000,5001,20000,50000, each timed BENCH_REPEATS times, default 3). BENCH_ONLY=sends runs only the
 * two-instance send rows (BENCH_SENDS_OWNERS, default 500, BENCH_SENDS_RISKS_PER_OWNER, default 1,
 * BENCH_SENDS_LATENCY_MS, default 50, per SharePoint request, BENCH_REPEATS runs; BENCH_SENDS_SHARED=0
 * gives each instance its own budget and BENCH_SENDS_IN_FLIGHT sets the owners in flight, so
 * BENCH_SENDS_SHARED=0 BENCH_SENDS_IN_FLIGHT=4 is the sender before either). BENCH_ONLY=faults runs only
 * the duplicates of every message kind with faults and two instances (bench/review-faults.ts:
 * BENCH_FAULTS_OWNERS, default 100, x BENCH_FAULTS_RISKS_PER_OWNER, default 2, BENCH_FAULTS_LATENCY_MS,
 * default 20, per SharePoint request, BENCH_REPEATS runs, with the Graph delivery check on and off).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAfterMs } from '../src/tab/data/row-session';
import { buildWebpartBundle, webpartFirstLoad, type WebpartFirstLoad } from '../scripts/package-sppkg';
import { benchBundle, type BundleFigures } from './bundle-size';
import { benchListIndex, listIndexRows, type ListIndexFigures } from './list-index';
import { benchFirstRows, firstRowsRows, type FirstRowsFigures } from './first-rows';
import { benchSlowAnswers, type SlowAnswerFigures } from './answer-latency';
import { benchFaults, faultsRows, type FaultsFigures, type FaultsOptions } from './review-faults';
import { benchSends, sendsRows, type SendsFigures, type SendsOptions } from './review-sends';
import { benchReview, type AnswerFigures, type ReviewRunFigures } from './review-run';
import { benchTabLoad, launchBenchChromium, type ViewLoad } from './tab-load';
import { formatSpread } from './lib/stats';

export type BenchResult = {
  at: string;
  machine: { cpus: number; node: string; platform: string };
  seconds: number;
  tab: ViewLoad[];
  bundle: BundleFigures;
  /** The SharePoint web part as `gulp bundle --ship` writes it (SPFx 1.21 toolchain). */
  webpart: WebpartFirstLoad;
  review: ReviewRunFigures;
  answers: AnswerFigures;
  /** Card answers with injected SharePoint latency, by concurrency. */
  slowAnswers?: SlowAnswerFigures[];
  /** The list service's indexed queries against raw SQLite, by list size. */
  listIndex?: ListIndexFigures[];
  /** The register opened cold with latency per request: round trips, first rows, summary, bytes, heap. */
  firstRows?: FirstRowsFigures[];
  /** Two instances sending one period with latency per SharePoint request. */
  sends?: SendsFigures;
  /** Duplicates of every message kind with faults and two instances, delivery check on and off. */
  faults?: FaultsFigures[];
};

const intList = (value: string | undefined, fallback: number[]): number[] =>
  value
    ? value
        .split(',')
        .map((v) => Number(v.trim()))
        .filter((n) => Number.isInteger(n) && n > 0)
    : fallback;

/** Latencies in ms: like intList, but 0 (no latency added) is a value. */
const msList = (value: string | undefined, fallback: number[]): number[] =>
  value
    ? value
        .split(',')
        .map((v) => Number(v.trim()))
        .filter((n) => Number.isInteger(n) && n >= 0)
    : fallback;

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

/** The tab rows: each view's cold load by size and latency, the scroll, and growth with size. */
export function tabRows(tab: readonly ViewLoad[]): [string, string][] {
  const rows: [string, string][] = [];
  for (const v of tab) {
    rows.push([
      `${v.view === 'grid' ? 'Register grid' : 'Heat map'}, ${v.risks} risks, ${v.latencyMs} ms a request`,
      `${formatSpread(v.spread)}, ${v.httpRequests} HTTP requests (${v.apiRequests} to the REST API) before it`,
    ]);
    const at = `${v.risks} risks, ${v.latencyMs} ms a request`;
    if (v.listedMs !== undefined) {
      rows.push([
        `Every risk listed (compact projection), ${at}`,
        `${v.listedMs} ms from navigation (first run)`,
      ]);
    }
    if (v.jump) {
      rows.push([
        `Rows on screen read after a jump to the middle, ${at}`,
        `${v.jump.ms} ms, ${v.jump.apiRequests} REST requests (a ${readAfterMs} ms pause, then two round trips)`,
      ]);
    }
    if (v.scroll) {
      rows.push([
        `Whole grid scrolled, ${at}`,
        `${v.scroll.steps} screens in ${v.scroll.ms} ms (${(v.scroll.ms / Math.max(1, v.scroll.steps)).toFixed(0)} ms a screen), ` +
          `longest frame ${v.scroll.maxFrameMs} ms, ${v.scroll.longFrames} frames over 50 ms, ${v.scroll.renderedRows} rows in the page, ` +
          `${v.scroll.apiRequests ?? 0} REST requests`,
      ]);
    }
    if (v.allRowsMs !== undefined) {
      rows.push([`Every row read when a view needs them (search), ${at}`, `${v.allRowsMs} ms (first run)`]);
    }
  }
  // Growth is compared at no added latency, where the tab's own work shows.
  const unslowed = tab.filter((v) => v.latencyMs === 0);
  const small = unslowed.filter((v) => v.risks === Math.min(...unslowed.map((t) => t.risks)));
  const large = unslowed.filter((v) => v.risks === Math.max(...unslowed.map((t) => t.risks)));
  if (small.length && large.length && small[0]!.risks !== large[0]!.risks) {
    for (const view of ['grid', 'heatmap'] as const) {
      const s = small.find((v) => v.view === view);
      const l = large.find((v) => v.view === view);
      if (s && l) {
        rows.push([
          `${view === 'grid' ? 'Grid' : 'Heat map'} time ${l.risks} / ${s.risks} risks`,
          `${(l.ms / s.ms).toFixed(2)}x for ${(l.risks / s.risks).toFixed(0)}x the risks`,
        ]);
      }
    }
  }
  return rows;
}

/** The first render against the floor. */
function bundleRows(b: BundleFigures): [string, string][] {
  return [
    [
      'Tab first render (gzip)',
      `${kib(b.tabFirstRenderGzip)} in ${b.tabFirstRenderFiles} files (all views ${kib(b.tabAllGzip)})`,
    ],
    ['Minimal Fluent UI v9 app (gzip)', kib(b.floorGzip)],
    ['Tab / floor', `${b.ratio.toFixed(2)}x`],
    [
      'Fetched beside the first requests (gzip)',
      `${kib(b.besideFirstRequestsGzip)} in ${b.besideFirstRequestsFiles} files (view tabs, filter bar, settings codec)`,
    ],
    [
      'First render + beside / floor',
      `${((b.tabFirstRenderGzip + b.besideFirstRequestsGzip) / b.floorGzip).toFixed(2)}x`,
    ],
  ];
}

/** The printed table: one line per figure, the same lines the README quotes. */
export function formatTable(r: BenchResult): string {
  const rows: [string, string][] = [...tabRows(r.tab), ...bundleRows(r.bundle)];
  const b = r.bundle;
  const w = r.webpart;
  const onDemand = w.chunks.reduce((n, c) => n + c.gzipBytes, 0);
  rows.push([
    'Web part first load (gzip)',
    `${kib(w.gzipBytes)} (${w.chunks.length} chunks on demand, ${kib(onDemand)})`,
  ]);
  rows.push(['Web part / tab first render', `${(w.gzipBytes / b.tabFirstRenderGzip).toFixed(2)}x`]);
  const v = r.review;
  rows.push([
    `Review run, ${v.owners} owners`,
    `${v.messagesDelivered} messages (${v.cardsDelivered} cards) in ${v.runSeconds.toFixed(1)} s`,
  ]);
  rows.push([
    'Send rate / tenant limit (50/s)',
    `${v.sendRatePerSecond.toFixed(1)}/s = ${v.tenantLimitRatio.toFixed(2)}`,
  ]);
  rows.push([
    'Most deliveries in any one second',
    `${v.peakPerSecond} (Teams allows 50; the budget counts slots granted, a few ms before delivery)`,
  ]);
  rows.push(['429s received', String(v.received429)]);
  rows.push(['Duplicate cards', String(v.duplicates)]);
  rows.push(['Owners missed', String(v.ownersMissed)]);
  rows.push(...answerRows(r.answers, r.slowAnswers));
  rows.push(...listIndexRows(r.listIndex ?? []));
  rows.push(...firstRowsRows(r.firstRows ?? []));
  if (r.sends) rows.push(...sendsRows(r.sends));
  rows.push(...faultsRows(r.faults ?? []));
  return tableOf(rows);
}

/** The card-answer rows: the answers of the review run, then the slow-SharePoint levels. */
export function answerRows(a: AnswerFigures, slow: SlowAnswerFigures[] = []): [string, string][] {
  const rows: [string, string][] = [
    [
      `Card answers (${a.answers}, ${a.recorded} recorded)`,
      `p50 ${a.p50Ms.toFixed(0)} ms, p95 ${a.p95Ms.toFixed(0)} ms, p99 ${a.p99Ms.toFixed(0)} ms; ${a.spRequestsPerAnswer.toFixed(1)} SharePoint requests each`,
    ],
    [
      'SharePoint round trips per answer',
      `${a.spRequestsPerAnswer.toFixed(2)} (measured over ${a.answers} answers)`,
    ],
  ];
  for (const s of slow) {
    rows.push([
      `Answer p95, ${s.latencyMs} ms a request, ${s.concurrency} at once`,
      `Teams answered in ${s.teamsP95Ms.toFixed(0)} ms (p50 ${s.teamsP50Ms.toFixed(0)}); record shown in ${s.recordP95Ms.toFixed(0)} ms; ` +
        `${s.late} of ${s.answers} answered "being recorded" (deadline ${s.deadlineMs} ms), ${s.recorded} recorded; ` +
        `${s.spRequestsPerAnswer.toFixed(2)} round trips each`,
    ]);
  }
  return rows;
}

function tableOf(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  const line = `${'-'.repeat(width + 2)}+${'-'.repeat(Math.max(...rows.map(([, x]) => x.length)) + 2)}`;
  return [line, ...rows.map(([k, x]) => ` ${k.padEnd(width)} | ${x}`), line].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const sizes = intList(process.env.BENCH_SIZES, [1000, 5001, 20000, 50000]);
  const tabLatencies = msList(process.env.BENCH_TAB_LATENCY_MS, [0, 200]);
  const owners = intList(process.env.BENCH_OWNERS, [1000])[0]!;
  const outDir = path.resolve('.bench');
  const workDir = path.join(outDir, 'work');
  mkdirSync(workDir, { recursive: true });
  /** A partial run (BENCH_ONLY): its figures as JSON under .bench/, then its table and its time. */
  const finish = (kind: string, figures: Record<string, unknown>, rows: [string, string][]): void => {
    const file = path.join(outDir, `${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`\n${tableOf(rows)}\n`);
    console.log(
      `${kind} bench: ${((Date.now() - started) / 1000).toFixed(0)} s. JSON: ${path.relative(process.cwd(), file)}`,
    );
  };
  const slowLatency = msList(process.env.BENCH_LATENCY_MS, [200])[0]!;
  const slowLevels = intList(process.env.BENCH_CONCURRENCY, [1, 10, 50]);
  const listSizes = intList(process.env.BENCH_LIST_SIZES, [1000, 5001, 20000, 50000]);
  const runListIndex = async (): Promise<ListIndexFigures[]> => {
    const out: ListIndexFigures[] = [];
    for (const n of listSizes) {
      log(`list service: indexed queries against raw SQLite, ${n} items`);
      out.push(await benchListIndex(n));
    }
    return out;
  };
  const firstRowsSizes = intList(process.env.BENCH_FIRST_ROWS_SIZES, [1000, 5001, 20000, 50000]);
  const firstRowsLatencies = msList(process.env.BENCH_FIRST_ROWS_LATENCY_MS, [0, 200]);
  const repeats = intList(process.env.BENCH_REPEATS, [3])[0]!;
  const runFirstRows = async (): Promise<FirstRowsFigures[]> => {
    const out: FirstRowsFigures[] = [];
    for (const latencyMs of firstRowsLatencies) {
      for (const n of firstRowsSizes) {
        log(`first rows: ${n} risks in one register, ${latencyMs} ms a request, ${repeats} runs`);
        out.push(await benchFirstRows(n, { latencyMs, repeats, log }));
      }
    }
    return out;
  };
  if (process.env.BENCH_ONLY === 'first-rows') {
    const firstRows = await runFirstRows();
    finish('first-rows', { firstRows }, firstRowsRows(firstRows));
    return;
  }
  const sendsOptions: SendsOptions = {
    owners: intList(process.env.BENCH_SENDS_OWNERS, [500])[0]!,
    risksPerOwner: intList(process.env.BENCH_SENDS_RISKS_PER_OWNER, [1])[0]!,
    latencyMs: msList(process.env.BENCH_SENDS_LATENCY_MS, [50])[0]!,
    instances: 2,
    repeats,
    sharedBudget: process.env.BENCH_SENDS_SHARED !== '0',
    ...(process.env.BENCH_SENDS_IN_FLIGHT
      ? { ownersInFlight: intList(process.env.BENCH_SENDS_IN_FLIGHT, [4])[0]! }
      : {}),
  };
  if (process.env.BENCH_ONLY === 'sends') {
    const o = sendsOptions;
    log(`sends: ${o.instances} instances, ${o.owners} owners, ${o.latencyMs} ms a request, ${repeats} runs`);
    const sends = await benchSends(o, log);
    finish('sends', { sends }, sendsRows(sends));
    return;
  }
  const faultsOptions = (deliveryCheck: boolean): FaultsOptions => ({
    owners: intList(process.env.BENCH_FAULTS_OWNERS, [100])[0]!,
    risksPerOwner: intList(process.env.BENCH_FAULTS_RISKS_PER_OWNER, [2])[0]!,
    instances: 2,
    latencyMs: msList(process.env.BENCH_FAULTS_LATENCY_MS, [20])[0]!,
    spFaultRate: 0.03,
    teamsFaultRate: 0.05,
    deliveryCheck,
    repeats,
    seed: 11,
  });
  const runFaults = async (): Promise<FaultsFigures[]> => {
    const out: FaultsFigures[] = [];
    for (const check of [true, false]) out.push(await benchFaults(faultsOptions(check), log));
    return out;
  };
  if (process.env.BENCH_ONLY === 'faults') {
    const faults = await runFaults();
    finish('faults', { faults }, faultsRows(faults));
    return;
  }
  if (process.env.BENCH_ONLY === 'list') {
    const listIndex = await runListIndex();
    finish('list', { listIndex }, listIndexRows(listIndex));
    return;
  }
  if (process.env.BENCH_ONLY === 'answers') {
    // Only the card-answer rows: the review run's answers and the slow-SharePoint levels.
    const { answers } = await benchReview(owners, log);
    const slowAnswers = await benchSlowAnswers({ latencyMs: slowLatency, concurrency: slowLevels }, log);
    finish('answers', { answers, slowAnswers }, answerRows(answers, slowAnswers));
    return;
  }

  const loadTab = async (): Promise<ViewLoad[]> => {
    const tab: ViewLoad[] = [];
    const browser = await launchBenchChromium();
    try {
      for (const n of sizes) {
        tab.push(
          ...(await benchTabLoad(browser, path.join(workDir, 'tab'), n, {
            repeats,
            latenciesMs: tabLatencies,
            log,
          })),
        );
      }
    } finally {
      await browser.close();
    }
    return tab;
  };
  if (process.env.BENCH_ONLY === 'bundle') {
    log('bundle: building the production tab and the minimal Fluent app');
    const bundle = await benchBundle(workDir);
    finish('bundle', { bundle }, bundleRows(bundle));
    return;
  }
  if (process.env.BENCH_ONLY === 'tab') {
    log('bundle: building the production tab');
    await benchBundle(workDir);
    const tab = await loadTab();
    finish('tab', { tab }, tabRows(tab));
    return;
  }

  log('bundle: building the production tab and the minimal Fluent app');
  const bundle = await benchBundle(workDir);
  log('bundle: the SharePoint web part (esbuild, then gulp bundle --ship on the SPFx toolchain)');
  await buildWebpartBundle();
  const webpart = webpartFirstLoad();
  const tab = await loadTab();
  const { run, answers } = await benchReview(owners, log);
  const slowAnswers = await benchSlowAnswers({ latencyMs: slowLatency, concurrency: slowLevels }, log);
  const listIndex = await runListIndex();
  const firstRows = await runFirstRows();
  log(
    `sends: ${sendsOptions.instances} instances, ${sendsOptions.owners} owners, ${sendsOptions.latencyMs} ms a request`,
  );
  const sends = await benchSends(sendsOptions, log);
  const faults = await runFaults();
  const result: BenchResult = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    seconds: (Date.now() - started) / 1000,
    tab,
    bundle,
    webpart,
    review: run,
    answers,
    slowAnswers,
    listIndex,
    firstRows,
    sends,
    faults,
  };
  const file = path.join(outDir, `bench-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${formatTable(result)}\n`);
  console.log(
    `Whole bench: ${result.seconds.toFixed(0)} s on ${result.machine.cpus} CPUs. JSON: ${path.relative(process.cwd(), file)}`,
  );
  if (run.duplicates > 0 || run.ownersMissed > 0) {
    console.error(
      `The review run sent ${run.duplicates} duplicate cards and missed ${run.ownersMissed} owners; both must be 0.`,
    );
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`The bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
}
