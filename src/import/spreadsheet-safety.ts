/**
 * Formula injection: a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return can be
 * run as a formula when a spreadsheet opens it (OWASP "CSV injection"). Every text value we export goes
 * through `neutralise`, which prefixes such text with an apostrophe: Excel and LibreOffice show it as
 * text and never evaluate it. Import removes exactly this prefix again, so a round trip is lossless.
 */

import { neutraliseBidi } from '../domain/display-text';

const dangerous = /^[=+\-@\t\r]/;

/**
 * Text safe to put in a spreadsheet cell or CSV field. Bidi controls are removed as well, so a cell
 * shows its text in stored order (display-text.ts); that part is not undone on import.
 */
export function neutralise(text: string): string {
  const shown = neutraliseBidi(text);
  return dangerous.test(shown) ? `'${shown}` : shown;
}

/** Undoes `neutralise` (for import): `'=SUM(A1)` -> `=SUM(A1)`; any other text is returned as is. */
export function restoreNeutralised(text: string): string {
  // XML stores a carriage return as a line feed, so `'\r…` written to .xlsx reads back as `'\n…`.
  return text.startsWith("'") && /^[=+\-@\t\r\n]/.test(text.slice(1)) ? text.slice(1) : text;
}

/** A cell value for export: numbers stay numbers, everything else becomes neutralised text. */
export function safeCell(value: string | number | undefined | null): string | number {
  if (value === undefined || value === null) return '';
  return typeof value === 'number' ? value : neutralise(value);
}
