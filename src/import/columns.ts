/**
 * The register fields an import can fill, and how council headers name them. Each council titles its
 * columns differently (`Risk Ref`, `Risk No.*`, `Risk ID`; `Current Risk Rating`, `Residual Risk Level`,
 * `Current risk (after controls)`), so headers are normalised and matched by rule, and the user can
 * correct the result before anything is read.
 */
export type Tier = 'inherent' | 'current' | 'target';

export type ImportField =
  | 'reference'
  | 'aliases'
  | 'title'
  | 'description'
  | 'cause'
  | 'event'
  | 'consequence'
  | 'directorate'
  | 'category'
  | 'owners'
  | 'delegates'
  | 'cabinetMembers'
  | `${Tier}Rating`
  | `${Tier}Likelihood`
  | `${Tier}Impact`
  | 'appetite'
  | 'triggers'
  | 'reviewFrequency'
  | 'timescaleToTarget'
  | 'treatment'
  | 'status'
  | 'mergedInto'
  | 'linkedRisks'
  | 'controls'
  | 'actions'
  /** Read so it is not mistaken for another field; direction is computed from snapshots, never imported. */
  | 'direction'
  /** A period comment or progress update: shown in the dry run, not stored on the risk. */
  | 'comment';

/** Every field with the label a mapping screen shows for it. */
export const importFields: readonly { field: ImportField; label: string }[] = [
  { field: 'reference', label: 'Reference' },
  { field: 'aliases', label: 'Other references' },
  { field: 'title', label: 'Title' },
  { field: 'description', label: 'Description' },
  { field: 'cause', label: 'Cause' },
  { field: 'event', label: 'Risk event' },
  { field: 'consequence', label: 'Consequence' },
  { field: 'directorate', label: 'Directorate or business area' },
  { field: 'category', label: 'Category' },
  { field: 'owners', label: 'Risk owners' },
  { field: 'delegates', label: 'Delegates' },
  { field: 'cabinetMembers', label: 'Cabinet members' },
  { field: 'inherentRating', label: 'Inherent rating' },
  { field: 'inherentLikelihood', label: 'Inherent likelihood' },
  { field: 'inherentImpact', label: 'Inherent impact' },
  { field: 'currentRating', label: 'Current rating' },
  { field: 'currentLikelihood', label: 'Current likelihood' },
  { field: 'currentImpact', label: 'Current impact' },
  { field: 'targetRating', label: 'Target rating' },
  { field: 'targetLikelihood', label: 'Target likelihood' },
  { field: 'targetImpact', label: 'Target impact' },
  { field: 'appetite', label: 'Risk appetite' },
  { field: 'triggers', label: 'Triggers' },
  { field: 'reviewFrequency', label: 'Review frequency' },
  { field: 'timescaleToTarget', label: 'Timescale to target' },
  { field: 'treatment', label: 'Treatment option' },
  { field: 'status', label: 'Status' },
  { field: 'mergedInto', label: 'Merged into' },
  { field: 'linkedRisks', label: 'Linked risks' },
  { field: 'controls', label: 'Controls' },
  { field: 'actions', label: 'Actions' },
  { field: 'direction', label: 'Direction of travel (not imported)' },
  { field: 'comment', label: 'Period comment (not imported)' },
];

/** Lower case, punctuation and footnote marks removed, spaces collapsed: `Risk No.*` -> `risk no`. */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const tierWords: readonly [Tier, RegExp][] = [
  ['target', /\b(target|after further|future|desired)\b/],
  ['inherent', /\b(inherent|before controls?|gross|original|untreated|pre mitigation|pre control)\b/],
  ['current', /\b(current|residual|after controls?|net|post mitigation)\b/],
];

/** Rules in order: the first that matches a normalised header names its field. */
const rules: readonly [RegExp, ImportField | ((h: string) => ImportField | undefined)][] = [
  // A band column repeats what the rating says; it is read from the rating, never imported.
  [/\bband$/, () => undefined],
  [/^(inherent|current|residual|target|gross|net) risk\b/, ratingField],
  [/\bdirection\b|\btrend\b/, 'direction'],
  [/\bappetite\b|\btolerance\b/, 'appetite'],
  [/\btimescale to target\b|\btime to target\b|\btarget date\b/, 'timescaleToTarget'],
  [/\breview (frequency|timescale|cycle|period)\b|\btimescale review\b|^frequency$/, 'reviewFrequency'],
  [/\b(control|action) owners?\b|\bplanned completion\b|\breview date\b/, () => undefined],
  [/\bactions?\b|\bfurther controls\b|\bmitigation (measures|actions)\b|\bactions? plan\b/, 'actions'],
  [
    /^(current |existing |key |mitigating )?controls?( title| in place)?$|\bcontrol measures?\b|\bcurrent controls\b/,
    'controls',
  ],
  [/\bmerged into\b/, 'mergedInto'],
  [/\blinked\b|\brelated risks?\b|\bcross ref/, 'linkedRisks'],
  [/\btrigger/, 'triggers'],
  [/\bcomments?\b|\bprogress update\b|\bcommentary\b|^update$/, 'comment'],
  [
    /\b(likelihood|probability)\b|\bimpact\b(?! and| consequence)|\bseverity\b|\bscore\b|\brisk (rating|level)\b|\brating\b|\bresidual\b|\binherent\b|\btarget risk\b|\bcurrent risk\b/,
    ratingField,
  ],
  [/^(risk )?(ref|reference|no|number|id|ref no|reference no|code)$|^ref\b/, 'reference'],
  [/\b(other|previous|old|alias) ref|\baliases?\b/, 'aliases'],
  [/\bcabinet member|\bportfolio holder|\blead member|\bresponsible member/, 'cabinetMembers'],
  [/\bdelegates?\b/, 'delegates'],
  [
    /^(risk )?owners?$|\blead officer\b|\bresponsible officer\b|\baccountable officer\b|^officer$|\brisk owners?\b/,
    'owners',
  ],
  [/\btitle\b|^risk$|^risk name$|^strategic risks?\b|^name$/, 'title'],
  [/\bdescription\b|^details?$|\brisk detail/, 'description'],
  [/\bcause\b/, 'cause'],
  [/\bevent\b/, 'event'],
  [/\bconsequences?\b|^effect$/, 'consequence'],
  [/\bdirectorate\b|\bbusiness area\b|\bservice area\b|^service$|^department$/, 'directorate'],
  [/\bcategory\b|^risk type$/, 'category'],
  [/\btreatment\b|\bresponse\b/, 'treatment'],
  [/^status$|\brisk status\b/, 'status'],
];

function ratingField(header: string): ImportField | undefined {
  const tier = tierWords.find(([, re]) => re.test(header))?.[0];
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
): ImportField | `untiered${'Rating' | 'Likelihood' | 'Impact'}` | undefined {
  const header = normaliseHeader(text);
  if (!header) return undefined;
  // Our own export's headers are the field labels; match them exactly before the council rules.
  const own = importFields.find((f) => normaliseHeader(f.label) === header);
  if (own) return own.field;
  for (const [re, target] of rules) {
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
