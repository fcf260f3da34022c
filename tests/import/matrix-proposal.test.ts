/**
 * Issue 16, deliverable 6: a new register is on the default matrix; the file's notation says which
 * preset its council uses. Every corpus layout (written by hand from the seed papers) must propose its
 * own council's preset, and a register with risks is refused a different matrix with what to do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetById } from '../../src/domain/presets';
import {
  matrixChangeRefusal,
  notationOfText,
  proposeMatrix,
  readBlockSheets,
  readRegisterFile,
  suggestMapping,
} from '../../src/import';
import { defaultMatrix } from '../../src/sharepoint/settings-codec';
import { fileNames, layoutDirs, loadLayout } from '../fixtures/import-corpus/corpus-model';

describe('the matrix a file is written in', () => {
  it('reads the notation of a rating text by its shape', () => {
    expect(notationOfText('BII')).toBe('codes');
    expect(notationOfText('Medium (15)')).toBe('band-bracket-score');
    expect(notationOfText('Medium 12')).toBe('band-score');
    expect(notationOfText('4 3 12')).toBe('impact-likelihood-score');
    expect(notationOfText('15')).toBe('product');
    expect(notationOfText('All')).toBeUndefined();
  });

  it.each(layoutDirs().map((d) => [`${d.council}/${d.layout}`, d.dir] as const))(
    '%s (.xlsx) proposes its council preset for a register on the default matrix',
    async (_name, dir) => {
      const layout = await loadLayout(dir);
      const bytes = new Uint8Array(readFileSync(join(dir, fileNames(layout).xlsx)));
      const raw = await readRegisterFile(bytes, fileNames(layout).xlsx);
      if (!raw.ok) throw new Error(JSON.stringify(raw.errors));
      const file = readBlockSheets(raw.value).file;
      const suggestion = suggestMapping(file.sheets);
      if (!suggestion.ok) throw new Error(JSON.stringify(suggestion.errors));
      const proposal = proposeMatrix(file, suggestion.value.mapping, defaultMatrix);
      expect(proposal.preset?.id).toBe(layout.preset);
      expect(proposal.reason).toContain(proposal.preset?.name);
      // On its own preset the register already reads the file: nothing is proposed.
      const own = presetById(layout.preset)!;
      expect(proposeMatrix(file, suggestion.value.mapping, own).preset).toBeUndefined();
    },
  );

  it('refuses another matrix for a register that has risks, saying why and what to do', () => {
    const medway = presetById('medway')!;
    expect(matrixChangeRefusal('Corporate', defaultMatrix, medway, 0)).toBeUndefined();
    expect(matrixChangeRefusal('Corporate', medway, medway, 12)).toBeUndefined();
    const refusal = matrixChangeRefusal('Corporate', defaultMatrix, medway, 12);
    expect(refusal).toMatch(/already has 12 risk\(s\) rated on the Likelihood x impact \(5 x 5\) matrix/);
    expect(refusal).toMatch(/Settings/);
    expect(refusal).toMatch(/new, empty register/);
  });
});
