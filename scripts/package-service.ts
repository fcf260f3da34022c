/**
 * `npm run package:service`: bundles the review service (src/server/config-service.ts, which loads
 * the validated configuration and starts the service) into dist/review-service.js for Node 24 LTS.
 * It has no native module: SQLite is Node's built-in `node:sqlite`, so the one file runs on the host's
 * Node.js 24 with nothing else installed (docs/deployment.md, "Host the review service").
 */
import { build } from 'esbuild';
import path from 'node:path';

const root = path.join(__dirname, '..');

/** Modules resolved from node_modules at run time instead of bundled (none: no native modules remain). */
export const serviceExternals: string[] = [];

/** Builds the service bundle; returns its path and size in bytes. */
export async function buildService(outfile = path.join(root, 'dist', 'review-service.js')) {
  const result = await build({
    entryPoints: [path.join(root, 'src', 'server', 'config-service.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: ['node24'],
    format: 'cjs',
    sourcemap: true,
    external: serviceExternals,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'linked',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  return { outfile, bytes };
}

if (require.main === module) {
  buildService().then(
    ({ outfile, bytes }) =>
      console.log(
        `Review service bundle: ${path.relative(root, outfile)} (${(bytes / 1024).toFixed(0)} KiB with source map)`,
      ),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
