/**
 * The deep-imports plugin: a component only a lazy chunk uses stays out of what the entry loads, and
 * every name still resolves to the code that defines it.
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTracer, deepImports, parseReExports } from '../../src/server/deep-imports';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '..', '..');
let dir: string;

beforeAll(() => {
  // Inside the project, so the packages resolve from its node_modules.
  dir = mkdtempSync(path.join(root, '.deep-imports-'));
  writeFileSync(
    path.join(dir, 'entry.tsx'),
    `import { Button } from '@fluentui/react-button';
     export const first = Button;
     export const later = () => import('./lazy');`,
  );
  writeFileSync(
    path.join(dir, 'lazy.tsx'),
    `import { ToggleButton } from '@fluentui/react-button';
     import { useArrowNavigationGroup } from '@fluentui/react-tabster';
     export const lazy = [ToggleButton, useArrowNavigationGroup];`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The input files in the entry's output and the chunks it imports statically. */
async function firstRenderInputs(plugins: boolean): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(dir, 'entry.tsx')],
    outdir: path.join(dir, plugins ? 'with' : 'without'),
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
    jsx: 'automatic',
    plugins: plugins ? [deepImports()] : [],
  });
  const outs: Metafile['outputs'] = result.metafile.outputs;
  const entry = Object.keys(outs).find((k) => k.endsWith('entry.js')) as string;
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const i of outs[f]?.imports ?? []) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry);
  return [...seen].flatMap((f) =>
    Object.entries(outs[f]?.inputs ?? {})
      .filter(([, o]) => o.bytesInOutput > 0)
      .map(([i]) => i),
  );
}

describe('deep imports', () => {
  it('keeps Tabster and the lazy-only ToggleButton out of the first render (and esbuild alone does not)', async () => {
    const without = await firstRenderInputs(false);
    expect(without.some((f) => f.includes('node_modules/tabster/'))).toBe(true);
    const withPlugin = await firstRenderInputs(true);
    expect(withPlugin.some((f) => f.includes('node_modules/tabster/'))).toBe(false);
    expect(withPlugin.some((f) => f.includes('ToggleButton'))).toBe(false);
    expect(withPlugin.some((f) => f.includes('components/Button/Button.js'))).toBe(true);
  });

  it('traces a name through relative and package re-exports to its defining file', async () => {
    const { readFile } = await import('node:fs/promises');
    // Fluent's ESM entry (`module`), as esbuild resolves it for the browser.
    const resolve = async (spec: string) => path.join(root, 'node_modules', spec, 'lib', 'index.js');
    const trace = createTracer((f) => readFile(f, 'utf8'), resolve);
    const theme = path.join(root, 'node_modules/@fluentui/react-theme/lib/index.js');
    const found = await trace(theme, 'teamsDarkTheme');
    expect(found?.file).toMatch(/@fluentui[\\/]tokens[\\/]lib[\\/]themes[\\/]teams[\\/]darkTheme\.js$/);
    expect(await trace(theme, 'noSuchExport')).toBeUndefined();
  });

  it('reads renamed and starred re-exports, ignoring comments and type-only names', () => {
    const map = parseReExports(
      `export { a as b, /** note */ c, type T } from './x.js';\nexport * from './y.js';`,
      '/p/index.js',
    );
    expect([...map.named.keys()]).toEqual(['b', 'c']);
    expect(map.named.get('b')?.name).toBe('a');
    expect(map.stars.map((s) => s.spec)).toEqual(['./y.js']);
  });
});
