/**
 * Committee papers and exports, as the tab's report dialog, export buttons and the CLI use them:
 * - `createCommitteePaper(store, { register, periodId, options, onProgress })` -> `{ paper, docx }`;
 * - `buildPaper(input)` + `renderPaperDocx(paper)` for callers that already hold the data;
 * - `exportRegisterXlsx/Csv(settings, risks)`, `exportSnapshotsXlsx/Csv(view)` -> file contents;
 * - `exportRegisterForImportXlsx/Csv(settings, risks)` -> the layout the import reads back unchanged.
 */
export {
  buildPaper,
  heatMap,
  formatDate,
  type CommitteePaper,
  type PaperInput,
  type PaperOptions,
  type RiskSection,
  type SummaryRow,
  type HeatMap,
} from './paper-model';
export { renderPaperDocx, paperDocument } from './paper-docx';
export { createCommitteePaper, loadPaper, type PaperProgress, type PaperRequest } from './paper-source';
export {
  exportRegisterXlsx,
  exportRegisterCsv,
  exportSnapshotsXlsx,
  exportSnapshotsCsv,
  registerTable,
  snapshotTable,
} from './export';
export {
  exportRegisterForImportXlsx,
  exportRegisterForImportCsv,
  importLayout,
  CHILD_SHEET_NAME,
} from './import-layout';
export { neutralise, restoreNeutralised, safeCell } from '../import/spreadsheet-safety';
