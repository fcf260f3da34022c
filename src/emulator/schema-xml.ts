/**
 * A small reader for the one XML shape createfieldasxml receives: a single `<Field ...>` element
 * with optional `<CHOICES><CHOICE>` and `<Default>` children. Not a general XML parser.
 */
import { badRequest } from './errors';

export type ParsedSchemaXml = {
  attributes: Record<string, string>;
  choices: string[];
  defaultValue?: string;
};

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** Parses `<Field A="v" .../>` or `<Field ...>...</Field>`; throws 400 saying what is wrong. */
export function parseSchemaXml(xml: string): ParsedSchemaXml {
  const open = /^\s*<Field\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/i.exec(xml);
  if (!open) {
    throw badRequest(`SchemaXml must start with a <Field ...> element; got '${xml.slice(0, 60)}'.`);
  }
  const attributes: Record<string, string> = {};
  const attrText = open[1] ?? '';
  const attrRe = /([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let m = attrRe.exec(attrText); m; m = attrRe.exec(attrText)) {
    attributes[m[1] as string] = decodeEntities(m[3] ?? m[4] ?? '');
  }
  if (attrText.replace(attrRe, '').trim() !== '') {
    throw badRequest(`SchemaXml has a malformed attribute near '${attrText.replace(attrRe, '').trim()}'.`);
  }
  const selfClosing = open[2] === '/';
  const rest = xml.slice(open[0].length);
  if (!selfClosing && !/<\/Field>\s*$/i.test(rest)) {
    throw badRequest('SchemaXml <Field> is not closed: end it with /> or </Field>.');
  }
  const choices = selfClosing
    ? []
    : [...rest.matchAll(/<CHOICE>([\s\S]*?)<\/CHOICE>/gi)].map((m) => decodeEntities(m[1] ?? ''));
  const def = selfClosing ? null : /<Default>([\s\S]*?)<\/Default>/i.exec(rest);
  return { attributes, choices, ...(def ? { defaultValue: decodeEntities(def[1] ?? '') } : {}) };
}
