/**
 * An esbuild plugin that points named imports of barrel packages at the files that define them.
 *
 * esbuild splits code by file, not by export: a file reached by an import statement from the entry is
 * put in a chunk the entry loads, even when the entry uses none of its exports and only a lazy view
 * does (evanw/esbuild#1420, "Code splitting should tree-shake per chunk"; esbuild docs, "Splitting":
 * shared code goes to a chunk every importer loads). Fluent UI's packages are barrels: the first
 * screen's `Button` styles import `@fluentui/react-tabster`'s index for one focus-style helper, and the
 * index re-exports the hooks that pull in all of Tabster, which only the lazy views' components use.
 * So every named import from a listed package is rewritten to an import from the defining file
 * (`import { Button } from '@fluentui/react-button'` becomes an import of
 * `…/react-button/lib/components/Button/Button.js`), and a chunk carries only the files its modules
 * name. The packages rewritten declare `"sideEffects": false`, so skipping their index files changes
 * nothing but placement. Names the plugin cannot trace (a local re-export, a namespace) keep their
 * barrel import.
 */
import type { Plugin, PluginBuild } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Packages rewritten: side-effect-free barrels of ESM files that re-export with `export … from`. */
const barrelPackage = /^(@fluentui\/[^/]+|tabster|keyborg)$/;

type Origin = { file: string; name: string };

const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

const reExport = /export\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g;
const starExport = /export\s*\*\s*from\s*["']([^"']+)["']/g;

/** A re-export's source: a file beside this one, or a package (resolved from this file's folder). */
type Source = { spec: string; from: string };
type ExportMap = { named: Map<string, { source: Source; name: string }>; stars: Source[] };

/** The `export … from` statements of one file: which name comes from which file or package. */
export function parseReExports(code: string, file: string): ExportMap {
  const named = new Map<string, { source: Source; name: string }>();
  const stars: Source[] = [];
  const from = path.dirname(file);
  const clean = stripComments(code);
  for (const m of clean.matchAll(reExport)) {
    const source = { spec: m[2] as string, from };
    for (const part of (m[1] as string).split(',')) {
      const [local, exported] = part.trim().split(/\s+as\s+/);
      if (!local || local.startsWith('type ')) continue;
      named.set((exported ?? local).trim(), { source, name: local.trim() });
    }
  }
  for (const m of clean.matchAll(starExport)) stars.push({ spec: m[1] as string, from });
  return { named, stars };
}

/** A source's file: a relative path as it stands, a package through `resolve` (undefined: not followed). */
export type ResolveFrom = (spec: string, fromDir: string) => Promise<string | undefined>;

/** Follows re-exports from `file` to the file that defines `name`, reading and parsing each file once. */
export function createTracer(readFile: (file: string) => Promise<string>, resolve: ResolveFrom) {
  const sources = new Map<string, Promise<string>>();
  const read = (file: string) => {
    let code = sources.get(file);
    if (!code) {
      code = readFile(file).then(stripComments);
      sources.set(file, code);
    }
    return code;
  };
  const maps = new Map<string, Promise<ExportMap>>();
  const mapOf = (file: string) => {
    let m = maps.get(file);
    if (!m) {
      m = read(file).then((code) => parseReExports(code, file));
      maps.set(file, m);
    }
    return m;
  };
  const fileOf = (s: Source) =>
    s.spec.startsWith('.')
      ? Promise.resolve(path.resolve(s.from, s.spec))
      : barrelPackage.test(s.spec)
        ? resolve(s.spec, s.from)
        : Promise.resolve(undefined);
  const trace = async (file: string, name: string, depth = 0): Promise<Origin | undefined> => {
    if (depth > 20) return undefined;
    const map = await mapOf(file);
    const hop = map.named.get(name);
    if (hop) {
      const next = await fileOf(hop.source);
      return next ? await trace(next, hop.name, depth + 1) : undefined;
    }
    for (const star of map.stars) {
      const next = await fileOf(star);
      const found = next ? await trace(next, name, depth + 1) : undefined;
      if (found) return found;
    }
    // Not re-exported here: defined here if this is not the barrel we started from.
    return depth > 0 && (await definesName(read, file, name)) ? { file, name } : undefined;
  };
  return trace;
}

/** Whether a file's code (comments stripped) declares `name` as its own export. */
async function definesName(read: (file: string) => Promise<string>, file: string, name: string) {
  const code = await read(file);
  const escaped = name.replace(/[$]/g, '\\$');
  return (
    new RegExp(`export\\s+(?:const|let|var|function\\*?|class|async\\s+function)\\s+${escaped}\\b`).test(
      code,
    ) || new RegExp(`export\\s*\\{[^}]*\\b${escaped}\\b[^}]*\\}(?!\\s*from)`).test(code)
  );
}

const namedImport = /import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["'];?/g;

/** Rewrites one file's named imports of barrel packages; `resolve` gives a package's entry file. */
export async function rewriteImports(
  code: string,
  resolve: (pkg: string) => Promise<string | undefined>,
  trace: (file: string, name: string) => Promise<Origin | undefined>,
): Promise<string> {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const m of code.matchAll(namedImport)) {
    const pkg = m[2] as string;
    if (!barrelPackage.test(pkg)) continue;
    const barrel = await resolve(pkg);
    if (!barrel) continue;
    const kept: string[] = [];
    const moved: string[] = [];
    for (const raw of (m[1] as string).split(',')) {
      const spec = raw.trim();
      if (!spec) continue;
      if (spec.startsWith('type ')) {
        kept.push(spec);
        continue;
      }
      const [imported, local] = spec.split(/\s+as\s+/) as [string, string | undefined];
      const origin = await trace(barrel, imported.trim());
      if (!origin) kept.push(spec);
      else
        moved.push(
          `import { ${origin.name} as ${(local ?? imported).trim()} } from ${JSON.stringify(origin.file)};`,
        );
    }
    if (!moved.length) continue;
    const rest = kept.length ? `import { ${kept.join(', ')} } from ${JSON.stringify(pkg)};` : '';
    edits.push({ start: m.index, end: m.index + m[0].length, text: [...moved, rest].join(' ') });
  }
  let out = code;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const loaderOf = (file: string) =>
  file.endsWith('.tsx') ? 'tsx' : file.endsWith('.ts') ? 'ts' : file.endsWith('.jsx') ? 'jsx' : 'js';

/** A change to a project file before its imports are rewritten (undefined: none). */
export type SourceTransform = (code: string, file: string) => Promise<string | undefined>;

/**
 * The plugin: rewrites the project's and Fluent's own files (node_modules/@fluentui, tabster).
 * `transform` first changes a project file (the tab's styles compiled ahead of time,
 * src/server/griffel-aot.ts): esbuild keeps the first plugin's contents, so the two share one load.
 */
export function deepImports(options: { transform?: SourceTransform } = {}): Plugin {
  return {
    name: 'deep-imports',
    setup(build: PluginBuild) {
      const read = (file: string) => readFile(file, 'utf8');
      const resolved = new Map<string, Promise<string | undefined>>();
      const resolveFrom: ResolveFrom = (spec, fromDir) => {
        const key = `${fromDir}|${spec}`;
        let r = resolved.get(key);
        if (!r) {
          r = build
            .resolve(spec, { resolveDir: fromDir, kind: 'import-statement' })
            .then((x) => (x.errors.length || x.namespace !== 'file' || !x.path ? undefined : x.path));
          resolved.set(key, r);
        }
        return r;
      };
      const trace = createTracer(read, resolveFrom);
      build.onLoad({ filter: /\.(m?js|jsx|tsx?)$/ }, async (args) => {
        const inPackages = args.path.includes(`${path.sep}node_modules${path.sep}`);
        if (inPackages && !/node_modules[\\/](@fluentui|tabster)[\\/]/.test(args.path)) return undefined;
        const source = await read(args.path);
        const code = (inPackages ? undefined : await options.transform?.(source, args.path)) ?? source;
        if (code === source && !/from\s*["'](@fluentui\/|tabster|keyborg)/.test(code)) return undefined;
        const resolveDir = path.dirname(args.path);
        const resolve = (pkg: string) => resolveFrom(pkg, resolveDir);
        return {
          contents: await rewriteImports(code, resolve, trace),
          loader: loaderOf(args.path),
          resolveDir,
        };
      });
    },
  };
}
