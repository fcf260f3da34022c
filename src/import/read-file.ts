/**
 * Reads an uploaded register file into plain text grids: .xlsx through exceljs, .csv through papaparse.
 * The file's bytes decide its type, not its name, so a renamed Word file or an encrypted workbook is
 * reported as what it is before anything else happens.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Result } from '../domain/types';
import { restoreNeutralised } from './spreadsheet-safety';
import type { ImportIssue } from './issues';

/** One worksheet as text: `rows[r][c]` is the text of row r+1, column c+1. */
export type SheetGrid = { name: string; rows: string[][] };

export type FileKind = 'xlsx' | 'csv';

export type ReadFile = { kind: FileKind; sheets: SheetGrid[] };

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
// Encrypted (password-protected) .xlsx files and legacy .xls files are OLE compound documents.
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function fileIssue(fileName: string, message: string): ImportIssue {
  return { field: 'file', value: fileName, message };
}

/** Reads `bytes` (the file named `fileName`) into sheets of text, or says why it cannot. */
export async function readRegisterFile(
  bytes: Uint8Array,
  fileName: string,
): Promise<Result<ReadFile, ImportIssue[]>> {
  const lower = fileName.toLowerCase();
  if (bytes.length === 0) {
    return {
      ok: false,
      errors: [fileIssue(fileName, `${fileName} is empty. Choose the saved .xlsx or .csv file.`)],
    };
  }
  if (startsWith(bytes, oleMagic)) {
    return {
      ok: false,
      errors: [
        fileIssue(
          fileName,
          `${fileName} is password-protected or is an old-format .xls workbook. Open it in Excel, remove the ` +
            'password (File > Info > Protect Workbook) and save it as .xlsx, then import that file.',
        ),
      ],
    };
  }
  if (startsWith(bytes, zipMagic)) return readXlsx(bytes, fileName);
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) {
    return {
      ok: false,
      errors: [
        fileIssue(
          fileName,
          `${fileName} is not a readable Excel workbook (it may be damaged). Re-save it from Excel as .xlsx.`,
        ),
      ],
    };
  }
  if (looksLikeText(bytes)) return readCsv(bytes, fileName);
  return {
    ok: false,
    errors: [
      fileIssue(
        fileName,
        `${fileName} is neither an Excel workbook (.xlsx) nor a CSV file. Save the register as .xlsx or .csv.`,
      ),
    ],
  };
}

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      sample.length === bytes.length ? sample : trimPartialChar(sample),
    );
    return true;
  } catch {
    return false;
  }
}

// A 4 KB sample may cut a multi-byte character in half; drop up to three trailing continuation bytes.
function trimPartialChar(sample: Uint8Array): Uint8Array {
  let end = sample.length;
  for (let i = 0; i < 3 && end > 0 && ((sample[end - 1] ?? 0) & 0xc0) === 0x80; i++) end--;
  if (end > 0 && ((sample[end - 1] ?? 0) & 0xc0) === 0xc0) end--;
  return sample.subarray(0, end);
}

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<Result<ReadFile, ImportIssue[]>> {
  const workbook = new ExcelJS.Workbook();
  try {
    // An exact ArrayBuffer copy: JSZip (inside exceljs) reads it in Node and in the browser alike, where
    // there is no Node Buffer. exceljs's typings name only its own Buffer type.
    await workbook.xlsx.load(bytes.slice().buffer as unknown as ExcelJS.Buffer);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      errors: [
        fileIssue(
          fileName,
          `${fileName} could not be opened as an Excel workbook (${detail}). It may be damaged or not a spreadsheet; ` +
            're-save it from Excel as .xlsx.',
        ),
      ],
    };
  }
  const sheets: SheetGrid[] = [];
  workbook.eachSheet((sheet) => {
    const rows: string[][] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, sheet.columnCount); c++) {
        const cell = row.getCell(c);
        // A merged range repeats its master's value in every cell; keep it once, in the master.
        cells.push(
          cell.isMerged && cell.master.address !== cell.address
            ? ''
            : restoreNeutralised(cellText(cell.value)),
        );
      }
      rows.push(trimRight(cells));
    }
    sheets.push({ name: sheet.name, rows: trimRows(rows) });
  });
  if (sheets.length === 0) {
    // Word and PowerPoint files are zip packages too; their part names sit uncompressed in the zip directory.
    const names = new TextDecoder('latin1').decode(bytes);
    const other = names.includes('word/document.xml')
      ? 'a Word document'
      : names.includes('ppt/presentation.xml')
        ? 'a PowerPoint file'
        : undefined;
    if (other) {
      return {
        ok: false,
        errors: [
          fileIssue(
            fileName,
            `${fileName} is ${other}, not an Excel workbook. Copy its table into Excel, save as .xlsx and import that.`,
          ),
        ],
      };
    }
    return {
      ok: false,
      errors: [
        fileIssue(fileName, `${fileName} has no worksheets. Save the register into a sheet and retry.`),
      ],
    };
  }
  return { ok: true, value: { kind: 'xlsx', sheets } };
}

/** The text a person sees in a cell, for every value shape exceljs returns. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((run) => run.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      return result === undefined ||
        (typeof result === 'object' && result !== null && !(result instanceof Date))
        ? ''
        : cellText(result as ExcelJS.CellValue);
    }
    if ('hyperlink' in value && 'text' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return '';
  }
  return String(value);
}

function readCsv(bytes: Uint8Array, fileName: string): Result<ReadFile, ImportIssue[]> {
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const fatal = parsed.errors.filter((e) => e.type === 'Quotes');
  if (fatal.length > 0) {
    return {
      ok: false,
      errors: fatal.map((e) => ({
        field: 'file',
        value: fileName,
        ...(e.row !== undefined ? { row: e.row + 1 } : {}),
        message: `${fileName}: ${e.message}. Check the quotes on this line, or re-save the file from Excel as CSV.`,
      })),
    };
  }
  const rows = parsed.data.map((row) => trimRight(row.map((cell) => restoreNeutralised(cell ?? ''))));
  const name = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || 'CSV';
  return { ok: true, value: { kind: 'csv', sheets: [{ name, rows: trimRows(rows) }] } };
}

function trimRight(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--;
  return cells.slice(0, end);
}

function trimRows(rows: string[][]): string[][] {
  let end = rows.length;
  while (end > 0 && (rows[end - 1]?.length ?? 0) === 0) end--;
  return rows.slice(0, end);
}
