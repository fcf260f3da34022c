/**
 * Councils paste register cells out of web systems, so a cell may hold `<p>` paragraphs and `<ul>/<ol>`
 * lists (the Medway paper is full of them). These helpers turn such a cell into clean text: paragraphs on
 * their own lines and list items as separate entries, with no markup or entities left behind.
 */
import sanitizeHtml from 'sanitize-html';

const blockTags = ['p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const looksLikeHtml = /<\s*\/?\s*(p|div|br|li|ul|ol|span|strong|b|i|em|u|table|tr|td|h[1-6]|font)\b[^>]*>/i;
const bullet = /^\s*(?:[•▪◦·*–-]|\d{1,3}[.)]|\(?[ivxlc]{1,5}\)|[a-z]\))\s+/i;

/** Whether a cell's text carries HTML markup worth converting. */
export function hasHtml(text: string): boolean {
  return looksLikeHtml.test(text);
}

/**
 * Plain text of a cell: tags removed, entities decoded, each paragraph and list item on its own line,
 * runs of blank space collapsed. Text without markup only has its whitespace tidied.
 */
export function htmlToText(text: string): string {
  if (!hasHtml(text)) return tidyLines(text.split(/\r?\n/)).join('\n');
  // Mark block boundaries before sanitize-html drops the tags, so lines survive as lines.
  const marked = text.replace(
    new RegExp(`<\\s*(/?)\\s*(${blockTags.join('|')})\\b[^>]*>`, 'gi'),
    (_m, close: string, tag: string) => (tag.toLowerCase() === 'li' && !close ? '\n\u2022 ' : '\n'),
  );
  const stripped = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {} });
  return tidyLines(decodeEntities(stripped).split('\n')).join('\n');
}

/**
 * A cell as a list of entries: each HTML list item or paragraph, or each line, with any bullet or
 * numbering (`•`, `-`, `1.`, `2)`, `(iii)`) removed. Empty lines are dropped.
 */
export function cellToList(text: string): string[] {
  return htmlToText(text)
    .split('\n')
    .flatMap(splitInlineBullets)
    .flatMap(splitNumberedRun)
    .map((line) => line.replace(bullet, '').trim())
    .filter((line) => line.length > 0);
}

/** `• Monitoring of absence • Monitoring of caseloads`: bullets typed inside one line (no `<li>`). */
export function splitInlineBullets(line: string): string[] {
  if (!/(^|\s)[•▪◦]\s/.test(line)) return [line];
  return line
    .split(/(?:^|\s)[•▪◦]\s+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * A numbered list typed on one line (`1. Poor results 2. More challenges 3. Low assurance`, or an `<ol>`
 * whose `<li>` tags were lost): split where the next number in sequence follows a space, written the
 * way the first one is (`2.` after `1.`, `2)` after `1)`). A number out of sequence (`key stage 2 and
 * 4`) does not split.
 */
export function splitNumberedRun(line: string): string[] {
  const first = /^\s*(\d{1,3})([.)])\s+/.exec(line);
  if (!first) return [line];
  const mark = first[2] === ')' ? '\\)' : '\\.';
  const items: string[] = [];
  let n = Number(first[1]);
  let rest = line;
  for (;;) {
    const next = new RegExp(`\\s${n + 1}${mark}\\s+(?=\\S)`).exec(rest);
    if (!next || next.index === 0) break;
    items.push(rest.slice(0, next.index).trim());
    rest = rest.slice(next.index).trim();
    n++;
  }
  items.push(rest.trim());
  return items;
}

function tidyLines(lines: string[]): string[] {
  return lines.map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim()).filter((line) => line.length > 0);
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X'))
      return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return named[body.toLowerCase()] ?? match;
  });
}
