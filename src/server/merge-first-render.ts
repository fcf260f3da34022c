/**
 * Joins the tab's first render into one file. esbuild's code splitting makes a chunk for every set
 * of entry points that shares a module (esbuild docs, "Splitting"), and it has no setting that joins
 * them (evanw/esbuild#207, "manual chunks"): the register's first render came as the entry and 47
 * chunks, each fetched and compressed on its own. After the build, this step bundles the entry and
 * the chunks it imports statically into the entry file, re-exporting what the lazy views import
 * from those chunks under one name per chunk and export, and points the lazy views' imports at it.
 * The browser then fetches one file before the first render, compressed as one (about 9 KiB gzip
 * less than the parts), and the lazy views are unchanged but for where their shared code lives.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** An output's metafile entry by its absolute path (the metafile names them from the working folder). */
const outputOf = (outputs: Metafile['outputs'], file: string) => outputs[path.relative(process.cwd(), file)];

/** The entry and every output it imports statically, transitively (absolute paths). */
function staticClosure(outputs: Metafile['outputs'], entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of outputOf(outputs, file)?.imports ?? []) {
      if (i.kind === 'import-statement' && !i.external) visit(path.resolve(i.path));
    }
  };
  visit(entry);
  return seen;
}

const relativeImport = (fromFile: string, toFile: string): string => {
  const rel = path.relative(path.dirname(fromFile), toFile).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
};

/** esbuild's import statements at the head of a minified chunk: `import{a as b,c}from"./x.js";`. */
const leadingImport = /^import(?:\s*\{([^}]*)\}\s*from\s*)?\s*"(\.{1,2}\/[^"]+)";?/;

/**
 * Rewrites a lazy output's imports of joined chunks to one import of the entry; undefined when it
 * imports none of them.
 */
export function rewriteLazyImports(
  code: string,
  file: string,
  entry: string,
  aliasOf: (chunk: string, name: string) => string | undefined,
  joined: ReadonlySet<string>,
): string | undefined {
  let rest = code;
  const kept: string[] = [];
  const fromEntry: string[] = [];
  let changed = false;
  for (let m = leadingImport.exec(rest); m; m = leadingImport.exec(rest)) {
    rest = rest.slice(m[0].length);
    const target = path.resolve(path.dirname(file), m[2] as string);
    if (!joined.has(target)) {
      kept.push(m[0].endsWith(';') ? m[0] : `${m[0]};`);
      continue;
    }
    changed = true;
    for (const spec of (m[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [name, local] = spec.split(/\s+as\s+/) as [string, string | undefined];
      const alias = aliasOf(target, name);
      if (!alias) throw new Error(`${file}: imports "${name}" from ${target}, which does not export it.`);
      fromEntry.push(`${alias} as ${local ?? name}`);
    }
  }
  if (!changed) return undefined;
  const from = JSON.stringify(relativeImport(file, entry));
  const entryImport = fromEntry.length ? `import{${fromEntry.join(',')}}from${from};` : `import${from};`;
  return `${entryImport}${kept.join('')}${rest}`;
}

/**
 * Joins `entry` and its static chunks (a build's metafile names them) and rewrites every other
 * JavaScript output that imports them. Returns the files joined (now deleted).
 */
export async function mergeFirstRender(metafile: Metafile, entry: string): Promise<string[]> {
  const outputs = metafile.outputs;
  const closure = staticClosure(outputs, entry);
  const chunks = [...closure].filter((f) => f !== entry);
  if (chunks.length === 0) return [];
  const exportsOf = (file: string) => outputOf(outputs, file)?.exports ?? [];
  const index = new Map(chunks.map((c, i) => [c, i]));
  const aliasOf = (chunk: string, name: string) => {
    const i = index.get(chunk);
    return i === undefined || !exportsOf(chunk).includes(name) ? undefined : `_${i}_${name}`;
  };

  // The entry first, so its imports run the chunks in its order; then the chunks' exports, named.
  // The joined file takes the entry's place, so paths are from the entry's folder.
  const fromEntry = (file: string) => JSON.stringify(relativeImport(entry, file));
  const contents = [
    `import ${fromEntry(entry)};`,
    ...chunks.map((c) => {
      const names = exportsOf(c).map((n) => `${n} as ${aliasOf(c, n)}`);
      return `export {${names.join(', ')}} from ${fromEntry(c)};`;
    }),
    ...(exportsOf(entry).length ? [`export * from ${fromEntry(entry)};`] : []),
  ].join('\n');

  // Lazy outputs stay where they are: the joined file imports them by their path from the entry's folder.
  const lazyExternal: Plugin = {
    name: 'lazy-external',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!args.resolveDir) return undefined;
        const target = path.resolve(args.resolveDir, args.path);
        if (closure.has(target)) {
          if (args.kind === 'dynamic-import') {
            throw new Error(`${args.importer} loads ${target} on demand, but it is in the first render.`);
          }
          return { path: target };
        }
        return { path: relativeImport(entry, target), external: true };
      });
    },
  };
  const result = await build({
    stdin: { contents, resolveDir: path.dirname(entry), sourcefile: 'first-render.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    write: false,
    logLevel: 'silent',
    plugins: [lazyExternal],
  });
  const joined = result.outputFiles[0]?.text;
  if (joined === undefined) throw new Error('Joining the first render produced no output.');

  const lazy = Object.keys(outputs)
    .map((f) => path.resolve(f))
    .filter((f) => f.endsWith('.js') && !closure.has(f));
  // Nothing may still name a joined chunk: each file is checked as it will be written.
  const names = chunks.map((c) => path.basename(c));
  const checked = (file: string, code: string) => {
    const left = names.find((n) => code.includes(`/${n}"`));
    if (left) throw new Error(`${file} still imports ${left} after the first render was joined.`);
    return code;
  };
  const joinedSet = new Set(chunks);
  const rewrites: [string, string][] = [[entry, checked(entry, joined)]];
  for (const file of lazy) {
    const code = await readFile(file, 'utf8');
    const rewritten = rewriteLazyImports(code, file, entry, aliasOf, joinedSet);
    checked(file, rewritten ?? code);
    if (rewritten !== undefined) rewrites.push([file, rewritten]);
  }
  await Promise.all(rewrites.map(([file, code]) => writeFile(file, code)));
  await Promise.all(chunks.map((c) => rm(c)));
  return chunks;
}
