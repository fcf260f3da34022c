/**
 * Problems found while importing, each pinned to where the user can find it: sheet, row number as Excel
 * shows it, column letter, the A1 cell and the header text above it.
 */
import type { FieldError } from '../domain/types';

export type ImportIssue = FieldError & {
  sheet?: string;
  /** 1-based row number as the spreadsheet shows it. */
  row?: number;
  /** Column letter(s): `C`, `AA`. */
  column?: string;
  /** A1-style cell reference: `C12`. */
  cell?: string;
  /** The header text of the column, as the file has it. */
  header?: string;
};

/** Column letters of a 0-based column index: 0 -> `A`, 26 -> `AA`. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Whether an issue blocks the import (warnings do not). */
export function isBlocking(issue: ImportIssue): boolean {
  return issue.severity !== 'warning';
}

/** One line a person can act on: `Sheet1!C12 (Current Risk Rating): …`. */
export function describeIssue(issue: ImportIssue): string {
  // Sheet names are quoted (they often hold spaces: 'Risk Register'), the header as the file has it.
  const sheet = issue.sheet ? `sheet '${issue.sheet}' ` : '';
  const where = issue.cell
    ? `${sheet}cell ${issue.cell}${issue.header ? ` (header "${issue.header}")` : ''}`
    : issue.row !== undefined
      ? `${sheet}row ${issue.row}`
      : issue.sheet
        ? `sheet '${issue.sheet}'`
        : 'file';
  const kind = issue.severity === 'warning' ? 'warning' : 'error';
  // The accepted forms, when the message does not already list them.
  const accepted =
    issue.allowed?.length && !issue.allowed.every((a) => issue.message.includes(a))
      ? ` Accepted: ${issue.allowed.slice(0, 12).join(', ')}${issue.allowed.length > 12 ? ', …' : ''}.`
      : '';
  return `${where.charAt(0).toUpperCase()}${where.slice(1)} ${kind}: ${issue.message}${accepted}`;
}
