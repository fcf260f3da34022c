/**
 * Ahead-of-time styles for the tab: the project's `makeStyles` calls are compiled at build time by
 * Griffel's own Babel preset (griffel.js.org, "Ahead-of-time compilation": `@griffel/babel-preset`
 * evaluates each style object and replaces the call with `__styles`, a map of atomic class names and
 * the CSS rules). Fluent UI ships its components compiled this way; with the project's styles compiled
 * too, no code calls the runtime resolver, so it (Griffel's style resolution, rtl-css-js and stylis)
 * leaves every bundle, and the browser inserts ready rules instead of resolving styles as each view
 * first renders.
 *
 * The preset evaluates a style object's imports in Node: `tokens` comes from `@fluentui/react-theme`
 * (evaluating `@fluentui/react-components` loads every component's CommonJS build, which fails), and
 * values must be computable at build time (`tokens`, constants, media queries).
 */
import { transformAsync } from '@babel/core';
import type { SourceTransform } from './deep-imports';

const usesMakeStyles = /\bmakeStyles\s*\(/;

/**
 * Compiles the `makeStyles` calls of one project file; undefined when it has none. A file whose
 * styles cannot be evaluated fails the build, naming the file and what to change, rather than keep
 * the runtime resolver in the bundle unnoticed.
 */
export const compileStyles: SourceTransform = async (code, file) => {
  if (!usesMakeStyles.test(code)) return undefined;
  try {
    const out = await transformAsync(code, {
      filename: file,
      babelrc: false,
      configFile: false,
      // Only Griffel's transform runs; TypeScript and JSX are parsed and printed back for esbuild.
      parserOpts: { plugins: ['typescript', 'jsx'] },
      presets: [['@griffel/babel-preset', { babelOptions: { presets: ['@babel/preset-typescript'] } }]],
    });
    return out?.code ?? undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reason = message.split(/\s*Require stack:/)[0]!.replace(/\s+/g, ' ');
    throw new Error(
      `${file}: Griffel could not compile this file's makeStyles at build time (${reason}). ` +
        "Import tokens from '@fluentui/react-theme' and keep style values to tokens, constants and media queries.",
    );
  }
};
