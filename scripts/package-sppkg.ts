/**
 * `npm run package:sppkg`: the SharePoint Framework package. Steps:
 *  1. install webparts/ dependencies with `npm ci` when they are missing (its own toolchain, SPFx 1.21.1);
 *  2. bundle the register app for the web part with esbuild (webparts/app/register-app.tsx, with
 *     React 18, Fluent UI v9 and PnPjs) into build/webpart-app/register-app.js;
 *  3. `gulp bundle --ship` and `gulp package-solution --ship` in webparts/ (it aliases 'register-app'
 *     to that bundle);
 *  4. check the .sppkg holds the solution and web part, and copy it to build/sharepoint/.
 * `--app-only` stops after step 2 (for `gulp serve` or a quick look at the bundle).
 */
import { build } from 'esbuild';
import JSZip from 'jszip';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { deepImports } from '../src/server/deep-imports';
import { compileStyles } from '../src/server/griffel-aot';

const root = path.join(__dirname, '..');
export const webpartsDir = path.join(root, 'webparts');
/** Where webparts/gulpfile.js expects the app bundle (its 'register-app' alias). */
export const appBundlePath = path.join(root, 'build', 'webpart-app', 'register-app.js');
export const sppkgSource = path.join(webpartsDir, 'sharepoint', 'solution', 'council-risk-register.sppkg');

/**
 * SPFx 1.21.1 supports Node 22 only, while the main project runs on Node 24. webparts/ depends on the
 * registry's `node` package at 22.x, so its own node_modules/.bin comes first on the toolchain's PATH:
 * gulp runs on Node 22 and SPFx's own version check passes without any override.
 */
const webpartBin = path.join(webpartsDir, 'node_modules', '.bin');
const spfxEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: [webpartBin, process.env.PATH ?? ''].join(path.delimiter),
};
delete spfxEnv.SPFX_OVERRIDE_NODE_VERSION_CHECK;

/** The Node.js version the SPFx toolchain runs on; throws unless it is the 22.x its release supports. */
export function spfxNodeVersion(): string {
  const result = spawnSync('node', ['--version'], { cwd: webpartsDir, env: spfxEnv, encoding: 'utf8' });
  const version = (result.stdout ?? '').trim();
  if (result.status !== 0 || !/^v22\./.test(version)) {
    throw new Error(
      `The SharePoint Framework 1.21 toolchain needs Node 22, but \`node\` in webparts/ is ${version || 'missing'}. ` +
        'Run `npm ci` in webparts/ (it installs Node 22 from the npm registry as a dev dependency).',
    );
  }
  return version;
}

function run(command: string, args: string[], cwd: string, what: string): void {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env: spfxEnv, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(
      `${what} failed (\`${command} ${args.join(' ')}\` in ${path.relative(root, cwd) || '.'} exited ${result.status ?? result.signal}). See the output above.`,
    );
  }
  console.log(`${what}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Installs webparts/node_modules from its lockfile when it is missing or older than the lockfile. */
export function ensureWebpartDependencies(): void {
  const marker = path.join(webpartsDir, 'node_modules', '.package-lock.json');
  const lock = path.join(webpartsDir, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  run('npm', ['ci', '--no-audit', '--no-fund'], webpartsDir, 'Installing the SharePoint Framework toolchain');
}

/**
 * Bundles the register app for the web part; returns the size in bytes of all its files. ESM with
 * code splitting, as the tab's own build: the entry holds what the first screen needs, and every
 * `import()` in the app (risk detail, editing, settings, import, the committee paper with its Word
 * library, the exports with their Excel library) is a chunk file beside it. webpack, in SPFx's
 * `gulp bundle`, follows those relative imports: static ones join the web part bundle, dynamic ones
 * become SPFx chunks loaded on demand from the same CDN location (Learn, "Dynamic loading of packages
 * in SharePoint Framework").
 */
export async function bundleWebpartApp(outfile: string = appBundlePath): Promise<number> {
  const outdir = path.dirname(outfile);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { [path.basename(outfile, '.js')]: path.join(webpartsDir, 'app', 'register-app.tsx') },
    outdir,
    bundle: true,
    splitting: true,
    // ESM so webpack keeps the named export and sees the chunks' import() calls.
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    legalComments: 'eof',
    metafile: true,
    plugins: [deepImports({ transform: compileStyles })],
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
}

export type SppkgContents = { solutionId: string; version: string; webPartIds: string[]; files: string[] };

/** Reads the solution id, version and web part ids from a .sppkg (an OPC zip). */
export async function readSppkg(file: string): Promise<SppkgContents> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const files = Object.keys(zip.files);
  const appManifest = await zip.file('AppManifest.xml')?.async('string');
  if (!appManifest) throw new Error(`${file}: has no AppManifest.xml; it is not a SharePoint app package.`);
  const solutionId = /ProductID="([^"]+)"/.exec(appManifest)?.[1] ?? '';
  const version = /\sVersion="([^"]+)"/.exec(appManifest)?.[1] ?? '';
  const webPartIds = files
    .map((f) => /WebPart_([0-9a-f-]{36})\.xml$/i.exec(f)?.[1])
    .filter((id): id is string => id !== undefined);
  return { solutionId, version, webPartIds, files };
}

const gulp = path.join(webpartBin, 'gulp');
/** Where `gulp bundle --ship` writes the web part bundle, its chunks and its strings. */
export const webpartDist = path.join(webpartsDir, 'dist');

/** Bundles the app and runs `gulp bundle --ship` (the web part and its chunks in webparts/dist). */
export async function buildWebpartBundle(): Promise<void> {
  ensureWebpartDependencies();
  const bytes = await bundleWebpartApp();
  console.log(`Register app bundle for the web part: ${(bytes / 1024).toFixed(0)} KiB in all files`);
  console.log(`SharePoint Framework toolchain on Node ${spfxNodeVersion()}`);
  // Earlier builds' hashed files would otherwise be packed into the .sppkg beside the new ones.
  for (const dir of [webpartDist, path.join(webpartsDir, 'release')])
    rmSync(dir, { recursive: true, force: true });
  run(gulp, ['bundle', '--ship'], webpartsDir, 'gulp bundle --ship');
}

export type WebpartFirstLoad = {
  /** The web part bundle SharePoint loads when the page renders it (chunks come later, on use). */
  bundle: string;
  gzipBytes: number;
  /** Every chunk webpack wrote beside it, loaded on demand. */
  chunks: { file: string; gzipBytes: number }[];
};

/** What a page view downloads for the web part before its first render, measured in webparts/dist. */
export function webpartFirstLoad(dist: string = webpartDist): WebpartFirstLoad {
  const js = readdirSync(dist).filter((f) => f.endsWith('.js'));
  const bundle = js.find((f) => /^risk-register-web-part_[0-9a-f]+\.js$/.test(f));
  if (!bundle)
    throw new Error(`${dist}: holds no risk-register-web-part_*.js; run \`gulp bundle --ship\` first.`);
  const gz = (f: string) => gzipSync(readFileSync(path.join(dist, f)), { level: 9 }).length;
  const strings = js.filter((f) => f.startsWith('RiskRegisterWebPartStrings_'));
  return {
    bundle,
    gzipBytes: [bundle, ...strings].reduce((n, f) => n + gz(f), 0),
    chunks: js.filter((f) => f.startsWith('chunk.')).map((f) => ({ file: f, gzipBytes: gz(f) })),
  };
}

/** Runs the whole package build; returns the path of the copied .sppkg. */
export async function buildSppkg(options: { outDir?: string } = {}): Promise<string> {
  await buildWebpartBundle();
  const first = webpartFirstLoad();
  console.log(
    `Web part first load: ${(first.gzipBytes / 1024).toFixed(0)} KiB gzip; ${first.chunks.length} chunks on demand`,
  );
  run(gulp, ['package-solution', '--ship'], webpartsDir, 'gulp package-solution --ship');
  if (!existsSync(sppkgSource)) throw new Error(`gulp package-solution did not write ${sppkgSource}.`);
  const contents = await readSppkg(sppkgSource);
  if (!contents.webPartIds.length) throw new Error(`${sppkgSource}: holds no web part definition.`);
  if (!contents.files.some((f) => /^ClientSideAssets\/risk-register-web-part_[0-9a-f]+\.js$/.test(f))) {
    throw new Error(
      `${sppkgSource}: holds no web part bundle under ClientSideAssets/ (includeClientSideAssets).`,
    );
  }
  const missing = first.chunks.filter((c) => !contents.files.includes(`ClientSideAssets/${c.file}`));
  if (missing.length) {
    throw new Error(
      `${sppkgSource}: lacks the on-demand chunks ${missing.map((c) => c.file).join(', ')} under ClientSideAssets/.`,
    );
  }
  const outDir = options.outDir ?? path.join(root, 'build', 'sharepoint');
  mkdirSync(outDir, { recursive: true });
  const target = path.join(outDir, `council-risk-register-${contents.version}.sppkg`);
  copyFileSync(sppkgSource, target);
  return target;
}

if (require.main === module) {
  const appOnly = process.argv.includes('--app-only');
  (appOnly
    ? bundleWebpartApp().then(
        (bytes) =>
          `Register app bundle: ${path.relative(root, appBundlePath)} (${(bytes / 1024).toFixed(0)} KiB)`,
      )
    : buildSppkg().then((file) => `SharePoint package: ${path.relative(root, file)}`)
  ).then(
    (line) => console.log(line),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
