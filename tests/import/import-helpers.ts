/** Shared steps of the import tests: read a fixture, map it, dry-run it against a given register. */
import {
  directoryResolver,
  dryRun,
  readRegisterFile,
  suggestMapping,
  type ImportPlan,
} from '../../src/import';
import type { StoredRisk } from '../../src/ports';
import { directory, type Fixture } from '../fixtures/import/build-fixtures';

export const resolver = () =>
  directoryResolver(directory.map((p, i) => ({ id: 100 + i, name: p.name, email: p.email })));

export async function planFor(
  fixture: Fixture,
  existing: StoredRisk[] = [],
  register = 'Test register',
): Promise<ImportPlan> {
  const file = await readRegisterFile(fixture.bytes, fixture.fileName);
  if (!file.ok) throw new Error(`fixture ${fixture.fileName} did not read: ${JSON.stringify(file.errors)}`);
  const suggestion = suggestMapping(file.value.sheets);
  if (!suggestion.ok)
    throw new Error(`no mapping for ${fixture.fileName}: ${JSON.stringify(suggestion.errors)}`);
  return dryRun({
    file: file.value,
    mapping: suggestion.value.mapping,
    register,
    matrix: fixture.matrix,
    existing,
    resolver: resolver(),
  });
}
