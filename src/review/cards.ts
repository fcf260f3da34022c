/**
 * Expands the Adaptive Card templates in cards/ with their data. Templates stay JSON files (edited and
 * tested as golden triplets); this module only binds data, removes the properties a `$when` switched
 * off (the templating library leaves them as null) and refuses a card Teams would refuse.
 */
import { Template } from 'adaptivecards-templating';
import { cardText } from '../domain/display-text';
import digestTemplate from '../../cards/digest/template.json';
import introTemplate from '../../cards/intro/template.json';
import noticeTemplate from '../../cards/notice/template.json';
import recordedTemplate from '../../cards/recorded/template.json';
import reviewTemplate from '../../cards/review/template.json';
import type { CardActionData } from './card-signing';

/** One element of a card's body or actions, as the Adaptive Card schema names it by `type`. */
export type CardElement = { type: string; id?: string; [property: string]: unknown };

/** An Adaptive Card as this service sends it (schema 1.5, the version Teams renders everywhere). */
export type Card = {
  type: 'AdaptiveCard';
  $schema?: string;
  version: string;
  speak?: string;
  body: CardElement[];
  actions?: CardElement[];
  refresh?: { action: CardElement; userIds?: string[] };
  [property: string]: unknown;
};

/**
 * Teams refuses bot messages over 100 KB (413 RequestEntityTooLarge, error code MessageSizeTooBig),
 * counting the message "encoded as UTF-16", and recommends keeping a message within 80 KB
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages, "bot message
 * size limit"). A card's own JSON is held to 80 KB in UTF-16: two bytes per UTF-16 code unit, so
 * about 40,000 characters of plain text, and a character outside the Basic Multilingual Plane
 * (most emoji) counts four bytes.
 */
export const MAX_CARD_BYTES = 80 * 1024;

/** The comment box's limit: long enough for a committee paragraph, short enough for a SharePoint note cell. */
export const COMMENT_MAX_LENGTH = 2000;

export type Notice = { style: 'warning' | 'attention' | 'good' | 'accent'; title: string; text: string };

/** A rating as the card prints it: the register's notation, and the band's name as text (never colour alone). */
export type RatingText = {
  text: string;
  band: string;
  /** The notation with the band named: `Medium (12)`, `BII (High)`. */
  label: string;
  words: string;
};

export type Choice = { title: string; value: string };

export type ReviewCardData = {
  period: { id: string; label: string; dueBy: string };
  risk: { id: number; reference: string; title: string; register: string; url: string };
  current: RatingText;
  /**
   * False when the current rating was recorded as a score alone (`Medium 12`): there is no cell to
   * confirm, so the card offers only "Submit" with likelihood and impact to choose.
   */
  canConfirm: boolean;
  target: { text: string };
  appetite: string;
  /** The field catalogue's card facts (src/domain/field-catalogue.ts), after the fixed ones. */
  facts: { title: string; value: string }[];
  previous: { periodLabel: string; comment: string; author: string; recordedOn: string } | null;
  controls: { items: { title: string }[]; more: string };
  actions: { items: { title: string; status: string; due: string }[]; more: string };
  likelihood: { value: string; choices: Choice[] };
  impact: { value: string; choices: Choice[] };
  comment: { maxLength: number; value: string };
  notice: Notice | null;
  action: CardActionData;
  refresh: { userIds: string[] } | null;
};

export type RecordedCardData = {
  period: { id: string; label: string };
  risk: { id: number; reference: string; title: string; url: string };
  outcome: string;
  rating: { text: string; band: string; label: string };
  previousRating: string;
  direction: string;
  recordedBy: string;
  recordedAt: string;
  comment: string;
  canEdit: boolean;
  notice: Notice | null;
  action: CardActionData;
  refresh: { userIds: string[] } | null;
};

export type NoticeCardData = {
  style: 'warning' | 'attention' | 'good' | 'accent';
  title: string;
  /** Which record the notice is about, e.g. `Q3 2026/27 review of CRR0001`; '' when none. */
  subject: string;
  text: string;
  details: string[];
  retry: { verb: string; title: string; data: CardActionData | Record<string, unknown> } | null;
  url: string;
};

export type IntroCardData = {
  period: { label: string; dueBy: string };
  ownerName: string;
  count: number;
  countText: string;
  risks: { reference: string; title: string }[];
  url: string;
};

export type DigestCardData = {
  register: string;
  period: { label: string; dueBy: string };
  count: number;
  escalateAfterDays: number;
  asOf: string;
  rows: { reference: string; title: string; owner: string; state: string; sent: string; rating: string }[];
  more: string;
  url: string;
};

export const templates = {
  review: reviewTemplate,
  recorded: recordedTemplate,
  notice: noticeTemplate,
  intro: introTemplate,
  digest: digestTemplate,
} as const;

export type TemplateName = keyof typeof templates;

type DataFor = {
  review: ReviewCardData;
  recorded: RecordedCardData;
  notice: NoticeCardData;
  intro: IntroCardData;
  digest: DigestCardData;
};

/** Removes null properties (a `$when` that was false) and null array items, recursively. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(dropNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

/**
 * Each template is prepared once: a Template parses the template's expressions when it is made
 * (`Template.prepare`), and `expand` only sets its data for the call and runs synchronously, so one
 * instance serves every card of that template.
 */
const templateCache = new WeakMap<object, Template>();
function compiled(template: object): Template {
  let t = templateCache.get(template);
  if (!t) templateCache.set(template, (t = new Template(template)));
  return t;
}

/** Expands any template with raw data; used by the golden tests and by `expandCard`. */
export function expandTemplate(template: object, data: unknown): Card {
  return dropNulls(compiled(template).expand({ $root: data })) as Card;
}

/** Size of a card as Teams counts it: its JSON in UTF-16, two bytes per code unit. */
export function cardBytes(card: Card): number {
  // A JavaScript string's length is its number of UTF-16 code units.
  return JSON.stringify(card).length * 2;
}

/**
 * Keys whose values are not text a person reads in a TextBlock: signed action data, refresh ids,
 * links, ChoiceSet choices and input values (shown in inputs, which render no markdown, and sent back).
 */
const NOT_TEXT = new Set(['action', 'data', 'refresh', 'url', 'choices', 'value', 'maxLength']);

/** Every displayed string of card data through `cardText` (bidi controls removed, markdown escaped). */
function asCardText(value: unknown): unknown {
  if (typeof value === 'string') return cardText(value);
  if (Array.isArray(value)) return value.map(asCardText);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = NOT_TEXT.has(k) ? v : asCardText(v);
    return out;
  }
  return value;
}

/**
 * What a card is, machine-readable: the review card and the reminder share a template, and nothing a
 * person reads (a title, a speak text) is used to recognise a card. The kind travels in the card as the
 * `id` of its first body element (`crr-kind-<kind>`), an Adaptive Card property every schema version
 * has (the root `metadata` object is 1.6; these cards are 1.5), which Teams keeps in the message it
 * stores and Graph returns in the chat message's attachment.
 */
export const CARD_KINDS = {
  review: 'review',
  reminder: 'review',
  recorded: 'recorded',
  notice: 'notice',
  intro: 'intro',
  digest: 'digest',
} as const satisfies Record<string, TemplateName>;

export type CardKind = keyof typeof CARD_KINDS;

/** The kinds one template can make. */
export type KindOf<N extends TemplateName> = {
  [K in CardKind]: (typeof CARD_KINDS)[K] extends N ? K : never;
}[CardKind];

const KIND_PREFIX = 'crr-kind-';

const isCardKind = (v: string): v is CardKind => Object.hasOwn(CARD_KINDS, v);

/** The kind of a card this service made; undefined for anything else. */
export function cardKindOf(card: unknown): CardKind | undefined {
  if (typeof card !== 'object' || card === null) return undefined;
  const first = (card as { body?: unknown }).body;
  const id = Array.isArray(first) ? (first[0] as { id?: unknown } | undefined)?.id : undefined;
  if (typeof id !== 'string' || !id.startsWith(KIND_PREFIX)) return undefined;
  const kind = id.slice(KIND_PREFIX.length);
  return isCardKind(kind) ? kind : undefined;
}

/** Expands a named template; throws when the card would exceed Teams' recommended size. */
export function expandCard<N extends TemplateName>(
  name: N,
  data: DataFor[N],
  kind: KindOf<N> = name as unknown as KindOf<N>,
): Card {
  const card = expandTemplate(templates[name], asCardText(data) as DataFor[N]);
  const first = card.body[0];
  if (!first) throw new Error(`The ${name} template made a card with an empty body.`);
  first.id = `${KIND_PREFIX}${kind}`;
  const bytes = cardBytes(card);
  if (bytes > MAX_CARD_BYTES) {
    throw new Error(
      `The ${name} card is ${Math.round(bytes / 1024)} KB as Teams counts it (UTF-16); at most 80 KB is sent. ` +
        'Shorten the longest texts (comment, control or action titles) or list fewer items.',
    );
  }
  return card;
}
