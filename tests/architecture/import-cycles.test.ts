/**
 * No import cycles, counting type-only imports: none between files (dpdm over src and bench), and
 * none between the folders the README's import direction names (src/domain, src/ports,
 * src/sharepoint, src/import, src/reports, ... and each view folder of the tab), so the layers stay a
 * direction and not a web.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../..');

type Tree = Record<string, { id: string | null }[] | null>;

let tree: Tree;
let circulars: string[][];
beforeAll(() => {
  // dpdm's command line (its module loads ES-only dependencies jest cannot require), output as JSON.
  const pkg = require.resolve('dpdm/package.json');
  const bin = (JSON.parse(readFileSync(pkg, 'utf8')) as { bin: Record<string, string> }).bin.dpdm as string;
  const dir = mkdtempSync(path.join(tmpdir(), 'dpdm-'));
  try {
    const out = path.join(dir, 'graph.json');
    const run = spawnSync(
      process.execPath,
      [
        path.join(path.dirname(pkg), bin),
        '--no-warning',
        '--no-tree',
        '--no-progress',
        '-o',
        out,
        'src/**/*.ts',
        'src/**/*.tsx',
        'bench/**/*.ts',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`dpdm failed: ${run.stderr}`);
    ({ tree, circulars } = JSON.parse(readFileSync(out, 'utf8')) as { tree: Tree; circulars: string[][] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The folder a file belongs to for the direction of imports. */
export function layerOf(file: string): string | undefined {
  const rel = file.replace(/\\/g, '/');
  const view = /^src\/tab\/views\/([^/]+)\//.exec(rel);
  if (view) return `src/tab/views/${view[1]}`;
  const top = /^(src\/[^/]+|bench)\//.exec(rel);
  return top?.[1];
}

function folderCycles(t: Tree): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const [file, deps] of Object.entries(t)) {
    const from = layerOf(file);
    if (!from) continue;
    for (const d of deps ?? []) {
      const to = d.id ? layerOf(d.id) : undefined;
      if (!to || to === from) continue;
      // src/tab and its view folders: the tab's shell may use its views, not the other way round.
      if (
        from.startsWith('src/tab') &&
        to.startsWith('src/tab') &&
        !(from.includes('/views/') && to.includes('/views/'))
      )
        continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles: string[][] = [];
  const visit = (node: string, trail: string[]) => {
    for (const next of edges.get(node) ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) cycles.push([...trail.slice(at), next]);
      else visit(next, [...trail, next]);
    }
  };
  for (const start of edges.keys()) visit(start, [start]);
  return cycles;
}

describe('import cycles', () => {
  it('none between files, type-only imports included', () => {
    expect(circulars).toEqual([]);
  });

  it('sees the whole tree', () => {
    expect(Object.keys(tree).filter((f) => f.startsWith('src/domain/')).length).toBeGreaterThan(10);
    expect(Object.keys(tree)).toContain('bench/run.ts');
  });

  it('none between folders', () => {
    expect(folderCycles(tree)).toEqual([]);
  });
});
