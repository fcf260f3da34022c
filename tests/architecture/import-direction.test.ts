/**
 * The README's direction of imports is what lint enforces: a forbidden import in each layer fails
 * `eslint` (run as the CLI on a snippet given the layer's file name), and an allowed one passes.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../..');
const eslintBin = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');

/** Lints `code` as if it were the file `file`; the rule ids it reports. */
function lint(file: string, code: string): string[] {
  const run = spawnSync(
    process.execPath,
    [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', file, '--no-warn-ignored'],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  if (run.status === 2) throw new Error(`eslint could not run: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const use = (what: string) => `${what}\nexport const used = [x];\n`;

describe('the direction of imports', () => {
  it.each([
    ['src/domain/probe.ts', "import { x } from '../ports';"],
    ['src/domain/probe.ts', "import { x } from '../import/rows';"],
    ['src/domain/probe.ts', "import { x } from '../reports/export';"],
    ['src/ports/probe.ts', "import { x } from '../sharepoint/item-codec';"],
    ['src/sharepoint/probe.ts', "import { x } from '../review/cards';"],
    ['src/review/probe.ts', "import { x } from '../sharepoint/item-codec';"],
    ['src/review/probe.ts', "import { x } from '../sharepoint/errors';"],
    ['src/tab/probe.ts', "import { x } from '../sharepoint';"],
    ['src/tab/views/probe.ts', "import { x } from '../../sharepoint/register-view';"],
    ['src/tab/probe.ts', "import { x } from '../review/cards';"],
    ['src/import/probe.ts', "import { x } from '../reports/export';"],
    ['src/reports/probe.ts', "import { x } from '../sharepoint/schema';"],
    ['src/service-api/probe.ts', "import { x } from '../sharepoint/risk-repository';"],
    ['src/review/probe.ts', "import { x } from '../testing/teams-client';"],
    ['src/emulator/probe.ts', "import { x } from '../ports';"],
    ['bench/probe.ts', "import { x } from '../tests/review/fakes';"],
  ])('%s may not `%s`', (file, imp) => {
    expect(lint(file, use(imp)).some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it.each([
    ['src/review/probe.ts', "import { x } from '../ports';"],
    ['src/tab/probe.ts', "import { x } from '../reports/export';"],
    ['src/reports/probe.ts', "import { x } from '../import/people-text';"],
    ['src/sharepoint/probe.ts', "import { x } from '../ports/errors';"],
    ['src/domain/probe.ts', "import { x } from './types';"],
    ['bench/probe.ts', "import { x } from '../src/testing/teams-client';"],
  ])('%s may `%s`', (file, imp) => {
    expect(lint(file, use(imp))).toEqual([]);
  });
});
