/**
 * Bundles the tab with esbuild: ESM with code splitting, so the heavy views (risk detail with its
 * forms and chart, settings) are separate chunks fetched on first use. Used by `npm run build:tab`,
 * the gulp `bundle-tab` task and the local stack.
 */
import { build } from 'esbuild';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deepImports } from './deep-imports';
import { compileStyles } from './griffel-aot';
import { mergeFirstRender } from './merge-first-render';

export type TabBuildOptions = { outDir: string; production?: boolean };

const indexHtml = `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Risk register</title>
    <style>html,body{margin:0;font-family:"Segoe UI",system-ui,-apple-system,sans-serif}</style>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="tab-entry.js"></script>
  </body>
</html>
`;

/**
 * Hosts allowed to frame the tab (Learn, "Tab requirements": Teams, Microsoft 365 and Outlook, and
 * *.cloud.microsoft, where their web clients are moving).
 */
export const teamsFrameAncestors = [
  'teams.microsoft.com',
  '*.teams.microsoft.com',
  '*.cloud.microsoft',
  '*.microsoft365.com',
  '*.office.com',
  'outlook.office.com',
  'outlook.office365.com',
];

/**
 * Azure Static Web Apps configuration (Learn, "Configure Azure Static Web Apps": `globalHeaders`,
 * `routes[].headers`): framing by Microsoft 365 only, and the two files that name the deployment
 * never cached, so a changed tab-config.json or bundle entry is seen at once.
 */
export function staticWebAppConfig(): Record<string, unknown> {
  const noCache = { 'Cache-Control': 'no-cache' };
  return {
    globalHeaders: {
      'Content-Security-Policy': `frame-ancestors 'self' ${teamsFrameAncestors.join(' ')}`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    },
    routes: [
      { route: '/index.html', headers: noCache },
      { route: '/tab-config.json', headers: noCache },
      { route: '/tab-entry.js', headers: noCache },
    ],
  };
}

/**
 * Builds index.html and the bundle into `outDir`; returns the output files, their total size in bytes,
 * the source files with code in them, and the output file of each entry and lazily loaded module.
 */
export async function buildTab(
  options: TabBuildOptions,
): Promise<{ files: string[]; bytes: number; inputs: string[]; entries: Record<string, string> }> {
  await mkdir(options.outDir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(__dirname, 'tab-entry.tsx')],
    outdir: options.outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: options.production ?? true,
    sourcemap: options.production === false ? 'inline' : false,
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    metafile: true,
    // Named imports of Fluent's barrels point at their defining files, so a lazy view's components stay
    // in its own chunk (src/server/deep-imports.ts); the project's styles are compiled ahead of time,
    // as Fluent's own are, so Griffel's runtime resolver is in no bundle (src/server/griffel-aot.ts).
    plugins: [deepImports({ transform: compileStyles })],
    logLevel: 'warning',
    define: {
      'process.env.NODE_ENV': JSON.stringify(options.production === false ? 'development' : 'production'),
    },
  });
  await writeFile(path.join(options.outDir, 'index.html'), indexHtml);
  await writeFile(
    path.join(options.outDir, 'staticwebapp.config.json'),
    `${JSON.stringify(staticWebAppConfig(), null, 2)}\n`,
  );
  const outputs = Object.entries(result.metafile.outputs);
  const inputs = new Set(
    outputs.flatMap(([, o]) =>
      Object.entries(o.inputs)
        .filter(([, i]) => i.bytesInOutput > 0)
        .map(([f]) => f),
    ),
  );
  // The production tab's first render as one file (src/server/merge-first-render.ts).
  const merged =
    options.production === false
      ? []
      : await mergeFirstRender(result.metafile, path.resolve(options.outDir, 'tab-entry.js'));
  const files = outputs.map(([f]) => path.resolve(f)).filter((f) => !merged.includes(f));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  // Each module loaded with import() -> its output file (absolute).
  const entries = Object.fromEntries(
    outputs.flatMap(([f, o]) => (o.entryPoint ? [[o.entryPoint, path.resolve(f)]] : [])),
  );
  return { files, bytes: sizes.reduce((n, b) => n + b, 0), inputs: [...inputs], entries };
}

if (require.main === module) {
  const outDir = process.argv[2] ?? path.join(process.cwd(), 'dist', 'tab');
  buildTab({ outDir })
    .then(({ files, bytes }) =>
      console.log(`Tab bundle: ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB in ${outDir}`),
    )
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
