import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { readRegisterFile } from '../../src/import';
import { periodById } from '../../src/domain/periods';
import { buildPaper, renderPaperDocx } from '../../src/reports';
import { Q4, risks, settings, snapshots } from '../reports/demo-register';

// The tab's bundle gets exceljs's browser build (esbuild follows its "browser" field); so does this test.
jest.mock('exceljs', () => jest.requireActual('exceljs/dist/exceljs.min.js'));

/** Runs `fn` as the tab does in a browser: with no Node `Buffer` global. */
async function withoutBuffer<T>(fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { Buffer?: unknown };
  const saved = g.Buffer;
  delete g.Buffer;
  try {
    return await fn();
  } finally {
    g.Buffer = saved;
  }
}

describe('files the tab reads and writes in the browser', () => {
  it('opens an .xlsx workbook without Node Buffer', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Register');
    ws.addRow(['Risk Ref', 'Risk Title', 'Current Risk Rating']);
    ws.addRow(['CRR0001', 'Budget gap', 'High (16)']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = await withoutBuffer(() => readRegisterFile(bytes, 'register.xlsx'));
    if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('; '));
    expect(JSON.stringify(read.value)).toContain('Budget gap');
  });

  it('renders the committee paper without Node Buffer', async () => {
    const period = periodById(Q4);
    if (!period.ok) throw new Error(`bad period ${Q4}`);
    const paper = buildPaper({ settings, period: period.value, risks, snapshots, options: {} });
    const docx = await withoutBuffer(() => renderPaperDocx(paper));
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(docx) })).value;
    for (const row of paper.summary) expect(text).toContain(row.reference);
  });
});
