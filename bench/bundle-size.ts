/**
 * Bench: what the browser must download before the tab's first render. Builds the production tab
 * (src/server/tab-build.ts, code-split ESM) and follows the entry's static imports; dynamically
 * imported chunks (views fetched on first use) are not part of first render. The floor is a minimal
 * Fluent UI v9 app built with the same esbuild settings.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { deepImports } from '../src/server/deep-imports';
import { buildTab } from '../src/server/tab-build';

export type BundleFigures = {
  /** Gzipped bytes of the entry and its static imports. */
  tabFirstRenderGzip: number;
  tabFirstRenderFiles: number;
  /** Gzipped bytes of every output file (all views). */
  tabAllGzip: number;
  floorGzip: number;
  /** tabFirstRenderGzip / floorGzip. */
  ratio: number;
  /** Gzipped bytes the tab fetches as it loads, beside its first requests, beyond the first render. */
  besideFirstRequestsGzip: number;
  besideFirstRequestsFiles: number;
};

/**
 * The modules a wide screen's tab starts fetching as it loads, alongside sign-in and the first
 * screen's requests, though the first render does not wait for them: the view tabs (App.tsx; a
 * narrow screen fetches the view menu instead), the filter bar (RegisterView.tsx) and the settings
 * codec (tab-entry.tsx). Counted apart, so what the browser downloads before the first rows are drawn
 * is printed too.
 */
export const fetchedAtLoad = [
  'src/tab/components/ViewTabs.tsx',
  'src/tab/views/register/RegisterFilters.tsx',
  'src/sharepoint/restore-settings.ts',
];

const staticImport = /\bfrom\s*["'](\.{1,2}\/[^"']+)["']|\bimport\s*["'](\.{1,2}\/[^"']+)["']/g;

/** The entry and every file it imports statically (transitively); `import()` chunks are left out. */
export function firstRenderFiles(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(staticImport)) visit(path.resolve(path.dirname(file), (m[1] ?? m[2])!));
  };
  visit(entry);
  return [...seen];
}

const gzipSize = (files: string[]): number =>
  files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);

/** Builds the minimal Fluent app exactly as buildTab builds the tab; returns its entry file. */
async function buildFloor(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(__dirname, 'floor', 'floor-entry.tsx')],
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    plugins: [deepImports()],
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  });
  return path.join(outDir, 'floor-entry.js');
}

/** Builds both into `workDir` (the tab into workDir/tab, reused by the load bench) and measures. */
export async function benchBundle(workDir: string): Promise<BundleFigures> {
  const tabDir = path.join(workDir, 'tab');
  const built = await buildTab({ outDir: tabDir, production: true });
  const first = firstRenderFiles(path.join(tabDir, 'tab-entry.js'));
  const all = built.files.map((f) => path.resolve(f)).filter((f) => f.endsWith('.js'));
  const floorFirst = firstRenderFiles(await buildFloor(path.join(workDir, 'floor')));
  const tabFirstRenderGzip = gzipSize(first);
  const floorGzip = gzipSize(floorFirst);
  const beside = new Set<string>();
  for (const module of fetchedAtLoad) {
    const chunk = built.entries[module];
    if (!chunk) throw new Error(`${module} is not loaded on demand by the tab build; update fetchedAtLoad.`);
    for (const f of firstRenderFiles(chunk)) if (!first.includes(f)) beside.add(f);
  }
  return {
    tabFirstRenderGzip,
    tabFirstRenderFiles: first.length,
    tabAllGzip: gzipSize(all),
    floorGzip,
    ratio: tabFirstRenderGzip / floorGzip,
    besideFirstRequestsGzip: gzipSize([...beside]),
    besideFirstRequestsFiles: beside.size,
  };
}
