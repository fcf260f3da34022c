/**
 * People's text as it is shown: in the tab, in review cards, in committee papers and in exports.
 * Stored text is kept exactly as typed; these run where it is displayed.
 */

/**
 * Unicode bidirectional embedding, override and isolate controls (LRE, RLE, PDF, LRO, RLO: U+202A-202E;
 * LRI, RLI, FSI, PDI: U+2066-2069). They reorder what is displayed without changing what is stored,
 * so "invoice\u202Efdp.exe" shows as "invoiceexe.pdf" ("Trojan Source", CVE-2021-42574; Unicode
 * UAX #9). The marks (LRM, RLM, ALM) are kept: right-to-left names need them and they reorder nothing
 * across the text around them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** The text with its bidi controls removed, so it displays in the order it is stored. */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** `neutraliseBidi` on every string of plain data (objects and arrays); other values as they are. */
export function neutraliseBidiDeep<T>(value: T): T {
  if (typeof value === 'string') return neutraliseBidi(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => neutraliseBidiDeep(v)) as T;
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutraliseBidiDeep(v);
    return out as T;
  }
  return value;
}

/**
 * Characters Adaptive Card TextBlocks read as markdown (bold, italic, links, code, strike) and the
 * backslash itself; line-start markers (headings, quotes, lists) are handled apart.
 */
const INLINE_MARKDOWN = /[\\*_[\]`~<]/g;
const LINE_START_MARKDOWN = /^(\s*)(?:([#>+-])|(\d+)([.)]))/gm;

/**
 * People's text for an Adaptive Card TextBlock: bidi controls removed and markdown escaped with
 * CommonMark backslash escapes, so `[pay here](https://evil.example)` shows as typed instead of as
 * a live link. Teams' renderers honour these escapes (microsoft/AdaptiveCards#5590; iOS since
 * microsoft/Teams-AdaptiveCards-Mobile#83).
 */
export function cardText(text: string): string {
  return neutraliseBidi(text)
    .replace(INLINE_MARKDOWN, '\\$&')
    .replace(
      LINE_START_MARKDOWN,
      (
        _whole,
        space: string,
        marker: string | undefined,
        digits: string | undefined,
        dot: string | undefined,
      ) => (marker ? `${space}\\${marker}` : `${space}${digits ?? ''}\\${dot ?? ''}`),
    );
}
