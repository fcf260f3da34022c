/**
 * Importing a register from Excel or CSV, as the tab's import wizard and the CLI use it:
 * 1. `readRegisterFile(bytes, name)` -> sheets of text, or file problems (wrong type, password, damage);
 * 2. `suggestMapping(sheets)` -> a header row and column mapping the user may correct (`headersOf`,
 *    `importFields` list the choices; `checkMapping` validates an edited one);
 * 3. `dryRun({...})` -> each row's outcome and every problem by row, column and header;
 * 4. `commitImport(plan, store, actor, { onProgress })` -> writes in batches; re-running resumes.
 */
export { readRegisterFile, type ReadFile, type SheetGrid, type FileKind } from './read-file';
export {
  suggestMapping,
  headersOf,
  suggestForRow,
  readBlockSheets,
  twoRowHeader,
  checkMapping,
  type ColumnMapping,
  type HeaderCell,
  type MappingSuggestion,
} from './mapping';
export { importFields, fieldForHeader, normaliseHeader, type ImportField } from './columns';
export {
  dryRun,
  loadExistingRisks,
  type ImportPlan,
  type PlannedRow,
  type RowOutcome,
  type UnresolvedPerson,
  type DryRunInput,
} from './plan';
export {
  commitImport,
  type CommitOptions,
  type CommitProgress,
  type CommitResult,
  type RowResult,
} from './commit';
export {
  directoryResolver,
  type PersonResolver,
  type Resolution,
  type DirectoryEntry,
} from './people-resolver';
export { describeIssue, columnLetter, isBlocking, type ImportIssue } from './issues';
export { htmlToText, cellToList } from './html-text';
export { formatPeople, formatPerson, parsePeopleCell } from './people-text';
export {
  proposeMatrix,
  adoptMatrix,
  matrixChangeRefusal,
  notationOfText,
  type MatrixProposal,
  type MatrixFit,
} from './matrix-proposal';
