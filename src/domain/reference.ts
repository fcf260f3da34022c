/**
 * Risk references as councils print them: `CRR0001`, `SR 7.2`, `SR09B`, `DR02b`, `COP1`, Cambridgeshire's
 * bare `1`, and Medway's `DR14 (PH09)`, which is reference `DR14` with the former reference `PH09`.
 */
import { normaliseText } from './text-noise';

/** SharePoint's single line of text limit; references, titles and names are single-line fields. */
export const SINGLE_LINE_MAX = 255;
/** SharePoint's multiple lines of text limit (plain text). */
export const MULTI_LINE_MAX = 63_999;

/** Letters and digits, with inner spaces, dots, slashes, dashes or underscores. */
export const REFERENCE_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 ._/-]*[A-Za-z0-9])?$/;

/** Whether `text` is a well-formed reference (no aliases in brackets; at most 255 characters). */
export function isValidReference(text: string): boolean {
  return typeof text === 'string' && text.length <= SINGLE_LINE_MAX && REFERENCE_PATTERN.test(text);
}

/** Splits `DR14 (PH09)` into reference `DR14` and aliases `['PH09']`; `CRR0001` has none. */
export function splitReference(text: string): { reference: string; aliases: string[] } {
  const t = normaliseText(text);
  const aliases: string[] = [];
  const reference = t
    .replace(/\(([^()]*)\)/g, (_whole, inner: string) => {
      for (const alias of inner.split(/[,;/]/)) if (alias.trim()) aliases.push(alias.trim());
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { reference, aliases };
}

/** Canonical comparison key: case and spacing ignored, so `sr 7.2` finds `SR 7.2`. */
export function referenceKey(text: string): string {
  return normaliseText(text).replace(/\s+/g, '').toUpperCase();
}
