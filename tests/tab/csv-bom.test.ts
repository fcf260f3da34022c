/**
 * CSV downloads start with exactly one UTF-8 byte-order mark: the exports write one (so Excel reads
 * UTF-8), and the download must not add a second, which Excel shows as stray characters in the first header.
 */
import { exportRegisterCsv, exportSnapshotsCsv } from '../../src/reports';
import { fileBlob, mimeTypes } from '../../src/tab/views/reports/download';
import { periodById } from '../../src/domain/periods';
import type { RegisterView, StoredRisk } from '../../src/ports';
import { Q4, risks, settings, snapshots } from '../reports/demo-register';

const bom = [0xef, 0xbb, 0xbf];

async function bytesOf(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.arrayBuffer())];
}

const stored = risks.map((r, i) => ({ ...r, id: i + 1, etag: '"1"', modified: '' })) as StoredRisk[];

describe('CSV downloads', () => {
  it.each([
    ['register', () => exportRegisterCsv(settings, stored)],
    [
      'reviews',
      () => {
        const p = periodById(Q4);
        if (!p.ok) throw new Error('bad period');
        const view: RegisterView = {
          settings,
          period: p.value,
          rows: stored.map((risk) => {
            const snapshot = snapshots.find((s) => s.riskReference === risk.reference && s.periodId === Q4);
            return {
              risk,
              ...(snapshot ? { snapshot: { ...snapshot, id: 1, etag: '"1"', modified: '' } } : {}),
              direction: 'unchanged' as const,
              reviewState: 'confirmed' as const,
            };
          }),
        };
        return exportSnapshotsCsv(view);
      },
    ],
  ])('the %s CSV starts with exactly one byte-order mark', async (_name, make) => {
    const csv = make();
    const bytes = await bytesOf(fileBlob(csv, mimeTypes.csv));
    expect(bytes.slice(0, 3)).toEqual(bom);
    expect(bytes.slice(3, 6)).not.toEqual(bom);
    // The text after the mark is the header row, as Excel shows it.
    expect(new TextDecoder().decode(new Uint8Array(bytes.slice(3, 12)))).toMatch(/^[A-Za-z"]/);
  });

  it('adds the mark to CSV text without one, and leaves other files as they are', async () => {
    expect((await bytesOf(fileBlob('a,b\r\n1,2', mimeTypes.csv))).slice(0, 4)).toEqual([...bom, 0x61]);
    const xlsx = new Uint8Array([0x50, 0x4b, 3, 4]);
    expect(await bytesOf(fileBlob(xlsx, mimeTypes.xlsx))).toEqual([0x50, 0x4b, 3, 4]);
    expect(await bytesOf(fileBlob('plain', 'text/plain'))).toEqual([...new TextEncoder().encode('plain')]);
  });
});
