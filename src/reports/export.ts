/**
 * Exports of the register (.xlsx and .csv) and of one period's snapshots (.xlsx and .csv). Every text
 * cell is neutralised against formula injection and written as a string, never as a formula. Returned
 * as bytes so the tab can offer a download and the CLI can write a file.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { formatDirection } from '../domain/direction';
import { formatRating, formatScore } from '../domain/rating-display';
import type { Rating, RegisterSettings, Risk, RiskMatrix } from '../domain/types';
import type { RegisterView } from '../ports';
import {
  formatActions,
  formatControls,
  registerColumns,
  type ColumnValue,
  type RegisterColumn,
} from './register-columns';
import { safeCell } from '../import/spreadsheet-safety';

export type Table = { headers: string[]; widths: number[]; rows: ColumnValue[][] };

/** The register as a table (the same columns in .xlsx and .csv); `columns` default to every export column. */
export function registerTable(
  matrix: RiskMatrix,
  risks: Risk[],
  columns: RegisterColumn[] = registerColumns(matrix),
): Table {
  return {
    headers: columns.map((c) => c.header),
    widths: columns.map((c) => c.width),
    rows: [...risks].sort(byReference).map((risk) => columns.map((c) => c.value(risk))),
  };
}

const outcomeText = { confirmed: 'Confirmed', changed: 'Changed', 'not-reviewed': 'Not reviewed' } as const;

/** A period's snapshots as a table: what was reported for that period, not today's ratings. */
export function snapshotTable(view: RegisterView): Table {
  const matrix = view.settings.matrix;
  const rating = (r: Rating | undefined) => (r ? formatRating(matrix, r) : '');
  const headers = [
    'Reference',
    'Title',
    'Period',
    'Inherent rating',
    'Current rating',
    'Current score',
    'Target rating',
    'Risk appetite',
    'Direction of travel',
    'Outcome',
    'Period comment',
    'Recorded by',
    'Recorded at',
    'Recorded through',
    'Controls',
    'Actions',
  ];
  const rows: ColumnValue[][] = [];
  for (const row of [...view.rows].sort((a, b) => byReference(a.risk, b.risk))) {
    const s = row.snapshot;
    if (!s) continue;
    rows.push([
      row.risk.reference,
      row.risk.title,
      view.period.label,
      rating(s.inherent),
      s.current ? rating(s.current) : s.currentScore !== undefined ? formatScore(matrix, s.currentScore) : '',
      s.currentScore ?? (s.current ? s.current.likelihood * s.current.impact : undefined),
      rating(s.target),
      s.appetite,
      formatDirection(row.direction),
      outcomeText[s.outcome],
      s.comment,
      s.recordedBy?.name,
      s.recordedAt,
      s.source,
      formatControls(row.risk.controls),
      formatActions(row.risk.actions),
    ]);
  }
  return { headers, widths: headers.map((h) => (/comment|controls|actions|title/i.test(h) ? 50 : 16)), rows };
}

export function byReference(a: Risk, b: Risk): number {
  return a.reference.localeCompare(b.reference, 'en-GB', { numeric: true });
}

/** A table as one worksheet of `wb`: bold frozen header row with a filter, wrapped text, no formulas. */
function addSheet(wb: ExcelJS.Workbook, sheetName: string, table: Table): void {
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = table.headers.map((header, i) => ({
    header: safeCell(header) as string,
    width: table.widths[i] ?? 16,
  }));
  ws.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    const added = ws.addRow(row.map(safeCell));
    added.alignment = { wrapText: true, vertical: 'top' };
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.headers.length } };
}

/** Tables as an .xlsx workbook, one sheet each, in order. */
export async function tablesToXlsx(
  sheets: { name: string; table: Table }[],
  meta: { title: string; subject: string },
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.title = meta.title;
  wb.subject = meta.subject;
  wb.creator = 'Council Risk Register';
  for (const s of sheets) addSheet(wb, s.name, s.table);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function toXlsx(
  sheetName: string,
  table: Table,
  meta: { title: string; subject: string },
): Promise<Uint8Array> {
  return tablesToXlsx([{ name: sheetName, table }], meta);
}

/** A table as CSV the way Excel saves one sheet: UTF-8 with one BOM, CRLF between rows. */
export function tableToCsv(table: Table): string {
  // A BOM so Excel reads the file as UTF-8 (names, arrows and dashes survive).
  return `\ufeff${Papa.unparse([table.headers.map(safeCell), ...table.rows.map((r) => r.map(safeCell))], { newline: '\r\n' })}`;
}

/** The register as an .xlsx workbook with one sheet, `Register`. */
export function exportRegisterXlsx(settings: RegisterSettings, risks: Risk[]): Promise<Uint8Array> {
  return toXlsx('Register', registerTable(settings.matrix, risks), {
    title: `${settings.register} risk register`,
    subject: `${settings.councilName}: ${settings.register}`,
  });
}

/** The register as CSV text (UTF-8 with BOM). */
export function exportRegisterCsv(settings: RegisterSettings, risks: Risk[]): string {
  return tableToCsv(registerTable(settings.matrix, risks));
}

/** A period's snapshots as an .xlsx workbook with one sheet named after the period. */
export function exportSnapshotsXlsx(view: RegisterView): Promise<Uint8Array> {
  return toXlsx(view.period.label.replace(/[\\/?*[\]:]/g, '-'), snapshotTable(view), {
    title: `${view.settings.register} snapshots ${view.period.label}`,
    subject: `${view.settings.councilName}: ${view.settings.register}`,
  });
}

/** A period's snapshots as CSV text. */
export function exportSnapshotsCsv(view: RegisterView): string {
  return tableToCsv(snapshotTable(view));
}
