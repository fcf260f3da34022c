/**
 * Formula injection: a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return can be
 * run as a formula when a spreadsheet opens it (OWASP "CSV injection"). Every text value we export goes
 * through `neutralise`, which prefixes such text with an apostrophe: Excel and LibreOffice show it as
 * text and never evaluate it. Import removes exactly this prefix again, so a round trip is lossless.
 */

const dangerous = /^[=+\-@\t\r]/;

/** Text safe to put in a spreadsheet cell or CSV field. */
export function neutralise(text: string): string {
  return dangerous.test(text) ? `'${text}` : text;
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
