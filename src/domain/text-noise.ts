/**
 * Clean-up of text copied from council papers and SharePoint rich text: HTML tags, entities,
 * non-breaking spaces and runs of whitespace. Parsers read the cleaned text; errors quote the original.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  times: '×',
  ndash: '–',
  mdash: '—',
  hellip: '…',
};

/** Decodes the HTML entities councils' exports contain (`&nbsp;`, `&amp;`, `&#160;`, `&#x2191;`). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return codePoint(parseInt(body.slice(2), 16), whole);
    if (body.startsWith('#')) return codePoint(parseInt(body.slice(1), 10), whole);
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function codePoint(code: number, fallback: string): string {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/** Text with tags removed, entities decoded, every kind of space collapsed to one, and trimmed. */
export function normaliseText(text: string): string {
  return decodeEntities(text.replace(/<[^>]*>/g, ' '))
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

/** Case- and space-insensitive key for comparing labels (`Very  likely` = `very likely`). */
export function labelKey(text: string): string {
  return normaliseText(text).toLowerCase();
}
