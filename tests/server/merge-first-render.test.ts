/**
 * Joining the first render: the entry and its static chunks become one file, the lazy views import
 * what they shared from it, and the page behaves as before (the joined build is run here in Node as
 * ES modules, and the tab's own build is checked for one first-render file).
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mergeFirstRender, rewriteLazyImports } from '../../src/server/merge-first-render';

jest.setTimeout(60_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'merge-first-'));
  const src = path.join(dir, 'src');
  mkdirSync(src);
  // The entry and two lazy views share `counter` (so esbuild puts it in a chunk of its own) and each
  // lazy view shares `format` with the other only.
  writeFileSync(
    path.join(src, 'counter.js'),
    `export let count = 0; export function bump() { count += 1; return count; }`,
  );
  writeFileSync(path.join(src, 'format.js'), `export const format = (n) => 'count ' + n;`);
  writeFileSync(
    path.join(src, 'entry.js'),
    `import { bump, count } from './counter.js';
     bump();
     globalThis.first = count;
     export const later = () => Promise.all([import('./a.js'), import('./b.js')]);`,
  );
  writeFileSync(
    path.join(src, 'a.js'),
    `import { bump } from './counter.js'; import { format } from './format.js'; export const a = () => format(bump());`,
  );
  writeFileSync(
    path.join(src, 'b.js'),
    `import { count } from './counter.js'; import { format } from './format.js'; export const b = () => format(count);`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('joining the first render', () => {
  it('makes one first-render file whose lazy views share its state (live bindings kept)', async () => {
    const out = path.join(dir, 'out');
    const result = await build({
      entryPoints: [path.join(dir, 'src', 'entry.js')],
      outdir: out,
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      metafile: true,
      chunkNames: 'chunks/[name]-[hash]',
      logLevel: 'silent',
    });
    const before = readdirSync(path.join(out, 'chunks'));
    const entry = path.join(out, 'entry.js');
    const merged = await mergeFirstRender(result.metafile, entry);
    expect(merged.length).toBeGreaterThan(0);
    const after = readdirSync(path.join(out, 'chunks'));
    // The counter's chunk is gone; the lazy views and their own shared chunk stay.
    expect(after.length).toBe(before.length - merged.length);
    expect(readFileSync(entry, 'utf8')).not.toMatch(/from\s*"\.\/chunks\/chunk-/);

    const mod = await import(pathToFileURL(entry).href);
    expect((globalThis as { first?: number }).first).toBe(1);
    const [a, b] = await mod.later();
    // One counter for the entry and both views: a's bump is seen by b.
    expect(a.a()).toBe('count 2');
    expect(b.b()).toBe('count 2');
  });

  it('rewrites a lazy view’s imports of joined chunks to one import of the entry and keeps the rest', () => {
    const file = '/site/chunks/view.js';
    const joined = new Set(['/site/chunks/chunk-A.js', '/site/chunks/chunk-B.js']);
    const exportsOf: Record<string, string[]> = {
      '/site/chunks/chunk-A.js': ['a', 'b'],
      '/site/chunks/chunk-B.js': ['c'],
    };
    const aliasOf = (chunk: string, name: string) =>
      exportsOf[chunk]?.includes(name) ? `_${chunk.endsWith('A.js') ? 0 : 1}_${name}` : undefined;
    const code =
      'import{a as x,b}from"./chunk-A.js";import"./chunk-B.js";import{q}from"./chunk-LAZY.js";var v=x+b+q;';
    expect(rewriteLazyImports(code, file, '/site/entry.js', aliasOf, joined)).toBe(
      'import{_0_a as x,_0_b as b}from"../entry.js";import{q}from"./chunk-LAZY.js";var v=x+b+q;',
    );
    expect(
      rewriteLazyImports('import{q}from"./chunk-LAZY.js";q();', file, '/site/entry.js', aliasOf, joined),
    ).toBe(undefined);
    expect(() =>
      rewriteLazyImports('import{zz}from"./chunk-B.js";', file, '/site/entry.js', aliasOf, joined),
    ).toThrow(/imports "zz" from \/site\/chunks\/chunk-B\.js, which does not export it/);
  });
});
