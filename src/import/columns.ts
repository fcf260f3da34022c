/**
 * The register fields an import can fill, and how council headers name them. Each council titles its
 * columns differently (`Risk Ref`, `Risk No.*`, `Risk ID`; `Current Risk Rating`, `Residual Risk Level`,
 * `Current risk (after controls)`), so headers are normalised and matched by rule, and the user can
 * correct the result before anything is read. The fields, their labels and synonyms are the field
 * catalogue's (src/domain/field-catalogue.ts); this module adds the rules that decide between fields.
 */
import {
  RISK_FIELDS,
  fieldsOn,
  type FieldCatalogue,
  type RatingFieldName,
  type RiskFieldName,
} from '../domain/field-catalogue';
import { tierOfHeading } from '../domain/tiers';
export type Tier = RatingFieldName;

type Catalogue = typeof RISK_FIELDS;

/** The risk fields the product's catalogue lets an import fill (a rating tier is three fields below). */
type ImportableField = {
  [K in keyof Catalogue]: Catalogue[K]['appears'] extends { import: object } ? K : never;
}[keyof Catalogue];

export type ImportField =
  | Exclude<ImportableField, Tier>
  | `${Tier}Rating`
  | `${Tier}Likelihood`
  | `${Tier}Impact`
  /** Read so it is not mistaken for another field; direction is computed from snapshots, never imported. */
  | 'direction'
  /** A period comment or progress update: shown in the dry run, not stored on the risk. */
  | 'comment';

/** Columns the import reads but never stores on the risk. */
const readOnlyFields: readonly { field: ImportField; label: string }[] = [
  { field: 'direction', label: 'Direction of travel (not imported)' },
  { field: 'comment', label: 'Period comment (not imported)' },
];

/**
 * Every field with the label a mapping screen shows for it, from the field catalogue: a rating tier
 * can come as one rating column or as likelihood and impact columns.
 */
export function importFieldsOf(
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): readonly { field: ImportField; label: string }[] {
  const fields = fieldsOn(catalogue, 'import').flatMap(([field, spec]) =>
    spec.kind === 'rating'
      ? (['Rating', 'Likelihood', 'Impact'] as const).map((part) => ({
          field: `${field}${part}` as ImportField,
          label: `${spec.label} ${part.toLowerCase()}`,
        }))
      : [{ field: field as ImportField, label: spec.label }],
  );
  return [...fields, ...readOnlyFields];
}

/** Every field of the product's catalogue with its mapping-screen label. */
export const importFields: readonly { field: ImportField; label: string }[] = importFieldsOf();

/** Lower case, punctuation and footnote marks removed, spaces collapsed: `Risk No.*` -> `risk no`. */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

type Rule = readonly [RegExp, ImportField | ((h: string) => ImportField | undefined)];

/**
 * The import's own header rules, ranked among the catalogue's field synonyms (src/domain/field-catalogue.ts,
 * `appears.import.rank`): these name no single field, or decide between fields.
 */
const ownRules: readonly (readonly [number, ...Rule])[] = [
  // A band column repeats what the rating says; it is read from the rating, never imported.
  [0, /\bband$/, () => undefined],
  [10, /^(inherent|current|residual|target|gross|net) risk\b/, ratingField],
  [20, /\bdirection\b|\btrend\b/, 'direction'],
  [70, /\b(control|action) owners?\b|\bplanned completion\b|\breview date\b/, () => undefined],
  [130, /\bcomments?\b|\bprogress update\b|\bcommentary\b|^update$/, 'comment'],
  [
    140,
    /\b(likelihood|probability)\b|\bimpact\b(?! and| consequence)|\bseverity\b|\bscore\b|\brisk (rating|level)\b|\brating\b|\bresidual\b|\binherent\b|\btarget risk\b|\bcurrent risk\b/,
    ratingField,
  ],
];

const rulesByCatalogue = new WeakMap<object, readonly Rule[]>();

/** The header rules of a catalogue, in rank order: the first that matches a normalised header names its field. */
function rulesOf(catalogue: FieldCatalogue<RiskFieldName>): readonly Rule[] {
  let rules = rulesByCatalogue.get(catalogue);
  if (!rules) {
    const ranked: (readonly [number, ...Rule])[] = [...ownRules];
    for (const [field, spec] of fieldsOn(catalogue, 'import')) {
      const synonyms = spec.appears.import?.synonyms;
      if (synonyms)
        ranked.push([spec.appears.import?.rank ?? Number.MAX_SAFE_INTEGER, synonyms, field as ImportField]);
    }
    rules = ranked.sort((a, b) => a[0] - b[0]).map(([, re, target]) => [re, target] as const);
    rulesByCatalogue.set(catalogue, rules);
  }
  return rules;
}

function ratingField(header: string): ImportField | undefined {
  // The domain's one tier rule (src/domain/tiers.ts).
  const tier = tierOfHeading(header);
  const component = /\b(likelihood|probability)\b/.test(header)
    ? 'Likelihood'
    : /\b(impact|severity)\b/.test(header) && !/\bscore\b/.test(header)
      ? 'Impact'
      : 'Rating';
  // An untiered `Impact (Severity)` is resolved against the other headers by suggestMapping.
  return `${tier ?? 'untiered'}${component}` as ImportField;
}

/**
 * The field a header names, or undefined. Untiered rating headers (Halton's `Impact (Severity)`, `Score
 * (I x L)`) come back as `untieredX`; `suggestMapping` decides their tier from the rest of the row.
 */
export function fieldForHeader(
  text: string,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): ImportField | `untiered${'Rating' | 'Likelihood' | 'Impact'}` | undefined {
  const header = normaliseHeader(text);
  if (!header) return undefined;
  // Our own export's headers are the field labels; match them exactly before the council rules.
  const fields = catalogue === RISK_FIELDS ? importFields : importFieldsOf(catalogue);
  const own = fields.find((f) => normaliseHeader(f.label) === header);
  if (own) return own.field;
  for (const [re, target] of rulesOf(catalogue)) {
    if (!re.test(header)) continue;
    return typeof target === 'function' ? target(header) : target;
  }
  return undefined;
}

/** Which fields a matrix needs in the file for ratings: Halton-style registers give the parts in columns. */
export function ratingFieldsOf(tier: Tier): [ImportField, ImportField, ImportField] {
  return [`${tier}Rating`, `${tier}Likelihood`, `${tier}Impact`];
}

/** The label of a field, for messages. */
export function fieldLabel(field: ImportField): string {
  return importFields.find((f) => f.field === field)?.label ?? field;
}
