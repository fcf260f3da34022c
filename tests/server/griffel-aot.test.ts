/**
 * The tab's styles compiled ahead of time: a `makeStyles` call becomes Griffel's `__styles` with the
 * CSS rules, a file whose styles cannot be evaluated fails the build by name, and the built tab has
 * no runtime style resolver in any bundle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileStyles } from '../../src/server/griffel-aot';
import { buildTab } from '../../src/server/tab-build';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..', '..');
// A file in the tab's own folder, so its relative imports resolve as the tab's do.
const file = path.join(root, 'src', 'tab', 'views', 'Example.tsx');

describe('styles compiled ahead of time', () => {
  it('replaces makeStyles with __styles carrying the rules, tokens and media query included', async () => {
    const code = `import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { narrow } from '../lib/layout';
const useStyles = makeStyles({ bar: { backgroundColor: tokens.colorNeutralBackground2, [narrow]: { display: 'none' } } });
export function Bar(props: { label: string }) { return <div className={useStyles().bar}>{props.label}</div>; }
`;
    const out = await compileStyles(code, file);
    expect(out).toBeDefined();
    expect(out).not.toMatch(/\bmakeStyles\s*\(/);
    expect(out).toContain('__styles');
    expect(out).toContain('background-color:var(--colorNeutralBackground2)');
    expect(out).toMatch(/@media[^"]*max-width/);
    // TypeScript and JSX are left for esbuild.
    expect(out).toContain('props: {');
    expect(out).toContain('<div');
  });

  it('leaves a file without makeStyles alone', async () => {
    await expect(compileStyles(`export const a: number = 1;`, file)).resolves.toBeUndefined();
  });

  it('fails the build by file and says what to change when a style value cannot be evaluated', async () => {
    const code = `import { makeStyles } from '@griffel/react';
import { colourFromTheServer } from './not-a-file';
export const useStyles = makeStyles({ bar: { color: colourFromTheServer } });
`;
    await expect(compileStyles(code, file)).rejects.toThrow(
      /src\/tab\/views\/Example\.tsx: Griffel could not compile this file's makeStyles at build time .*@fluentui\/react-theme/,
    );
  });

  it('builds the tab with no runtime style resolver in any bundle', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'tab-aot-'));
    try {
      const { inputs } = await buildTab({ outDir, production: true });
      expect(inputs.some((f) => f.includes('src/tab/App.tsx'))).toBe(true);
      expect(inputs.some((f) => f.includes('@griffel/react/src/__styles.js'))).toBe(true);
      const runtime = inputs.filter((f) =>
        /@griffel\/core\/src\/(makeStyles|runtime\/resolveStyleRules)\.js|node_modules\/(rtl-css-js|stylis)\//.test(
          f,
        ),
      );
      expect(runtime).toEqual([]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
