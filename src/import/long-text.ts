/**
 * Long text is never a reason to refuse a row. SharePoint's single-line Title holds 255 characters, and
 * council cells often hold more: a risk statement printed as the title (Halton), a title run into its
 * description in one paragraph (Medway's DR02b), a control that is a paragraph (Kent). The title becomes
 * the text's opening words within the limit and the whole text is kept beside it.
 */
import { SINGLE_LINE_MAX } from '../domain/reference';

/** `Workforce (Social Workers) Insufficient staff…`: a bracketed heading run into the sentence after it. */
const runInHeading = /^(.{3,120}?\))\s+(?=[A-Z])/;
/** The end of a sentence: `.`, `!` or `?` (closing quotes or brackets allowed), then space and more text. */
const sentenceEnd = /[.!?]["'”’)]?(?=\s+\S)/g;

/**
 * A title for `text` of at most `max` characters: the text itself when it fits; else its first line,
 * a bracketed heading it opens with, or its first sentence, when one fits; else its words up to the
 * limit, ending with `…`. The result always begins the text.
 */
export function shortTitle(text: string, max: number = SINGLE_LINE_MAX): string {
  const t = text.trim();
  if (t.length <= max) return t;
  const firstLine = t.split('\n')[0]?.trim() ?? '';
  if (firstLine && firstLine.length <= max && firstLine.length < t.length) return firstLine;
  const heading = runInHeading.exec(firstLine);
  if (heading?.[1]) return heading[1];
  let end = -1;
  for (const m of firstLine.matchAll(sentenceEnd)) {
    const stop = m.index + m[0].length;
    if (stop > max) break;
    end = stop;
  }
  if (end > 0) return firstLine.slice(0, end).trim();
  const cut = firstLine.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Whether a text needs a short title (it is longer than a title may be). */
export function tooLongForTitle(text: string, max: number = SINGLE_LINE_MAX): boolean {
  return text.trim().length > max;
}
