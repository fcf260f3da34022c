/**
 * The field catalogue: every field of a risk, a control and an action, once. For each field its value
 * kind, the label people read, the SharePoint column that stores it, what validation applies and where
 * it appears (form, grid, review card, committee paper, import, export). The list schema, the item
 * codec (both directions), the shape check of validation, the form, the export columns and the import
 * labels and synonyms are derived from it; a field whose display needs more than its kind gives (a
 * rating, a person list) names one renderer, which each surface maps to its own code.
 *
 * The catalogues are typed `satisfies Record<…FieldName, …>` over the domain types, so a field added to
 * `Risk` (or `Control`, `RiskAction`) fails typecheck here until it is catalogued, and every
 * `Record<RiskFieldName, …>` built from it elsewhere fails until that place handles it too.
 *
 * Pure data and pure functions: no React, PnPjs or I/O (the tab maps renderer names to components).
 */
import { ACTION_STATUSES, FREQUENCY_CHOICES, RISK_STATUSES, TREATMENT_OPTIONS } from './choices';
import type { Control, Person, Rating, Risk, RiskAction } from './types';

/** How a value is held: the kind decides the column type, the codec, the shape check and the editor. */
export type FieldKind =
  /** A single line of text (SharePoint Text, at most 255 characters). */
  | 'text'
  /** Multiple lines of text (SharePoint Note). */
  | 'note'
  /** A list of short texts, stored one per line in a Note column. */
  | 'lines'
  /** Site users (SharePoint UserMulti). */
  | 'people'
  /** A likelihood x impact pair, two Number columns `<column>Likelihood` and `<column>Impact`. */
  | 'rating'
  /** A score on the register's matrix (Number). */
  | 'score'
  /** A plain number (Number). */
  | 'number'
  /** One of `choices` (SharePoint Choice). */
  | 'choice'
  /** A calendar date, `yyyy-mm-dd` (date-only DateTime). */
  | 'date'
  /** Records kept in their own list (a risk's controls and actions). */
  | 'children';

/**
 * Displays that need more than a field's kind: each surface maps every name to its own code with a
 * `Record<RendererName, …>`, so a new renderer is demanded everywhere it can appear.
 */
export type RendererName = 'rating' | 'people' | 'controls' | 'actions';

/**
 * Where a field sits on the risk form, top to bottom. The tab lays each group out (a row of fields or
 * one under another) with a `Record<FormGroup, …>`, so a new group is placed everywhere it must be.
 */
export type FormGroup =
  'identity' | 'title' | 'description' | 'causes' | 'people' | 'rating' | 'review' | 'links';

export type FormPlacement = {
  group: FormGroup;
  /** Position within the group; fields without one follow, in catalogue order. */
  order?: number;
  /** The field's label on the form, when it differs from `label`. */
  label?: string;
  hint?: string;
  placeholder?: string;
};

export type ImportPlacement = {
  /**
   * Header patterns (on normalised headers: lower case, punctuation removed) that name this field.
   * Council headers overlap (`Risk control measures` is not a risk), so rules are tried by `rank`.
   */
  synonyms?: RegExp;
  /** Order among the header rules: lower is tried first (see src/import/columns.ts). */
  rank?: number;
};

export type ExportPlacement = {
  /** Column width in characters. */
  width: number;
  /** How a list is joined in one cell: `\n` (default) or `, `. */
  join?: ', ' | '\n';
};

/** Where a field appears; absent surfaces do not show it. */
export type Appearances = {
  form?: FormPlacement;
  /** On the register grid (and its search); the grid's fixed columns are the tab's own. */
  grid?: { width: number };
  /** A fact on the review card. */
  card?: true;
  /** A row of the risk's section in the committee paper. */
  paper?: true;
  import?: ImportPlacement;
  export?: ExportPlacement;
};

export type FieldSpec = {
  kind: FieldKind;
  /** What people read: the export header, the import label, the grid header, a paper row's label. */
  label: string;
  /**
   * SharePoint internal column name (the rating prefix for `rating`). Never changes once provisioned:
   * real tenants hold these lists. Absent for `children` (their own lists).
   */
  column?: string;
  /** `text`, `note`, `number`: the domain leaves the property out when it is empty (`mergedInto?`). */
  optional?: true;
  /** Must have a value (a text not empty, a person list not empty). */
  required?: boolean;
  /** What to say when a required field is empty. */
  requiredMessage?: string;
  /** `choice`: the values, in display order. */
  choices?: readonly string[];
  /** `choice`: the words shown for each value; default: the value with a capital. */
  choiceLabels?: Readonly<Record<string, string>>;
  /** `choice`: the value a missing or unreadable stored value becomes; absent = optional. */
  fallback?: string;
  /** `number`: inclusive range. */
  min?: number;
  max?: number;
  /** A display the kind alone does not give. */
  renderer?: RendererName;
  appears: Appearances;
};

/** Every field of a risk but its storage id. */
export type RiskFieldName = Exclude<keyof Risk, 'id'>;
export type ControlFieldName = Exclude<keyof Control, 'id'>;
export type ActionFieldName = Exclude<keyof RiskAction, 'id'>;

/** A catalogue: field name -> spec, in the order the fields are shown. */
export type FieldCatalogue<K extends string = string> = Readonly<Record<K, FieldSpec>>;

export { ACTION_STATUSES, FREQUENCY_CHOICES, RISK_STATUSES, TREATMENT_OPTIONS };

const single = { kind: 'text' } as const;
const multi = { kind: 'note' } as const;

/**
 * The risk's fields, in the order the export and import list them. Import ranks reproduce the order the
 * header rules were tuned in (see src/import/columns.ts for the ranks of its own rules).
 */
export const RISK_FIELDS = {
  reference: {
    ...single,
    label: 'Reference',
    column: 'RiskReference',
    required: true,
    appears: {
      form: { group: 'identity' },
      import: {
        rank: 150,
        synonyms: /^(risk )?(ref|reference|no|number|id|ref no|reference no|code)$|^ref\b/,
      },
      export: { width: 12 },
    },
  },
  register: { ...single, label: 'Register', column: 'Register', required: true, appears: {} },
  aliases: {
    kind: 'lines',
    label: 'Other references',
    column: 'Aliases',
    appears: {
      form: {
        group: 'links',
        label: 'Other references (aliases)',
        hint: 'One per line, e.g. a former reference',
      },
      import: { rank: 160, synonyms: /\b(other|previous|old|alias) ref|\baliases?\b/ },
      export: { width: 12, join: ', ' },
    },
  },
  title: {
    ...single,
    label: 'Title',
    column: 'Title',
    required: true,
    appears: {
      form: { group: 'title' },
      import: { rank: 200, synonyms: /\btitle\b|^risk$|^risk name$|^strategic risks?\b|^name$/ },
      export: { width: 40 },
    },
  },
  description: {
    ...multi,
    label: 'Description',
    column: 'RiskDescription',
    appears: {
      form: { group: 'description' },
      import: { rank: 210, synonyms: /\bdescription\b|^details?$|\brisk detail/ },
      export: { width: 50 },
    },
  },
  cause: {
    ...multi,
    label: 'Cause',
    column: 'Cause',
    appears: {
      form: { group: 'causes' },
      import: { rank: 220, synonyms: /\bcause\b/ },
      export: { width: 40 },
    },
  },
  event: {
    ...multi,
    label: 'Risk event',
    column: 'RiskEvent',
    appears: {
      form: { group: 'causes', label: 'Event' },
      import: { rank: 230, synonyms: /\bevent\b/ },
      export: { width: 40 },
    },
  },
  consequence: {
    ...multi,
    label: 'Consequence',
    column: 'Consequence',
    appears: {
      form: { group: 'causes' },
      import: { rank: 240, synonyms: /\bconsequences?\b|^effect$/ },
      export: { width: 40 },
    },
  },
  directorate: {
    ...single,
    label: 'Directorate or business area',
    column: 'Directorate',
    appears: {
      form: { group: 'identity', label: 'Directorate' },
      import: {
        rank: 250,
        synonyms: /\bdirectorate\b|\bbusiness area\b|\bservice area\b|^service$|^department$/,
      },
      export: { width: 20 },
    },
  },
  category: {
    ...single,
    label: 'Category',
    column: 'Category',
    appears: {
      form: { group: 'identity' },
      import: { rank: 260, synonyms: /\bcategory\b|^risk type$/ },
      export: { width: 16 },
    },
  },
  owners: {
    kind: 'people',
    label: 'Risk owners',
    column: 'Owners',
    required: true,
    requiredMessage: 'A risk needs at least one owner to review it each period; add one.',
    renderer: 'people',
    appears: {
      form: { group: 'people', label: 'Risk owner(s)' },
      import: {
        rank: 190,
        synonyms:
          /^(risk )?owners?$|\blead officer\b|\bresponsible officer\b|\baccountable officer\b|^officer$|\brisk owners?\b/,
      },
      export: { width: 30 },
    },
  },
  delegates: {
    kind: 'people',
    label: 'Delegates',
    column: 'Delegates',
    renderer: 'people',
    appears: {
      form: { group: 'people', label: 'Delegates (may answer review cards for the owners)' },
      import: { rank: 180, synonyms: /\bdelegates?\b/ },
      export: { width: 30 },
    },
  },
  cabinetMembers: {
    kind: 'people',
    label: 'Cabinet members',
    column: 'CabinetMembers',
    renderer: 'people',
    appears: {
      form: { group: 'people', label: 'Cabinet member(s)' },
      import: {
        rank: 170,
        synonyms: /\bcabinet member|\bportfolio holder|\blead member|\bresponsible member/,
      },
      export: { width: 30 },
    },
  },
  ownersToConfirm: {
    kind: 'lines',
    label: 'Owners to confirm',
    column: 'OwnersToConfirm',
    optional: true,
    appears: {
      import: { rank: 195, synonyms: /\bowners? to confirm\b/ },
      export: { width: 24 },
    },
  },
  inherent: {
    kind: 'rating',
    label: 'Inherent',
    column: 'Inherent',
    renderer: 'rating',
    appears: {
      form: { group: 'rating', label: 'Inherent rating (before controls)' },
      import: {},
      export: { width: 14 },
    },
  },
  current: {
    kind: 'rating',
    label: 'Current',
    column: 'Current',
    renderer: 'rating',
    appears: {
      form: { group: 'rating', label: 'Current rating (after controls)' },
      import: {},
      export: { width: 14 },
    },
  },
  target: {
    kind: 'rating',
    label: 'Target',
    column: 'Target',
    renderer: 'rating',
    appears: { form: { group: 'rating', label: 'Target rating' }, import: {}, export: { width: 14 } },
  },
  inherentScoreOnly: {
    kind: 'score',
    label: 'Inherent score (cell not recorded)',
    column: 'InherentScoreOnly',
    appears: { import: {}, export: { width: 12 } },
  },
  currentScoreOnly: {
    kind: 'score',
    label: 'Current score (cell not recorded)',
    column: 'CurrentScoreOnly',
    appears: { import: {}, export: { width: 12 } },
  },
  targetScoreOnly: {
    kind: 'score',
    label: 'Target score (cell not recorded)',
    column: 'TargetScoreOnly',
    appears: { import: {}, export: { width: 12 } },
  },
  appetite: {
    kind: 'score',
    label: 'Risk appetite',
    column: 'Appetite',
    appears: {
      form: { group: 'review', order: 1, label: 'Appetite (score)' },
      import: { rank: 40, synonyms: /\bappetite\b|\btolerance\b/ },
      export: { width: 10 },
    },
  },
  triggers: {
    kind: 'lines',
    label: 'Triggers',
    column: 'Triggers',
    appears: {
      form: { group: 'links', order: 1, hint: 'One per line' },
      import: { rank: 120, synonyms: /\btrigger/ },
      export: { width: 40 },
    },
  },
  reviewFrequency: {
    kind: 'choice',
    label: 'Review frequency',
    column: 'ReviewFrequency',
    choices: FREQUENCY_CHOICES,
    choiceLabels: {
      monthly: 'Monthly',
      quarterly: 'Quarterly',
      termly: 'Termly',
      'six-monthly': 'Six-monthly',
      annually: 'Annually',
    },
    fallback: 'quarterly',
    appears: {
      form: { group: 'review', order: 3 },
      import: {
        rank: 60,
        synonyms: /\breview (frequency|timescale|cycle|period)\b|\btimescale review\b|^frequency$/,
      },
      export: { width: 14 },
    },
  },
  // Also read from the review frequency column (Halton prints dates as review timescales); exported
  // in a column of its own so a register with both comes back with both.
  nextReviewDate: {
    kind: 'date',
    label: 'Next review date',
    column: 'NextReviewDate',
    appears: { import: {}, export: { width: 12 } },
  },
  timescaleToTarget: {
    ...single,
    label: 'Timescale to target',
    column: 'TimescaleToTarget',
    appears: {
      form: { group: 'review', order: 2, placeholder: 'At target, 1-3 years…' },
      import: { rank: 50, synonyms: /\btimescale to target\b|\btime to target\b|\btarget date\b/ },
      export: { width: 14 },
    },
  },
  treatment: {
    kind: 'choice',
    label: 'Treatment option',
    column: 'Treatment',
    choices: TREATMENT_OPTIONS,
    appears: {
      form: { group: 'review', label: 'Treatment' },
      import: { rank: 270, synonyms: /\btreatment\b|\bresponse\b/ },
      export: { width: 12 },
    },
  },
  status: {
    kind: 'choice',
    label: 'Status',
    column: 'RiskStatus',
    choices: RISK_STATUSES,
    fallback: 'open',
    appears: { import: { rank: 280, synonyms: /^status$|\brisk status\b/ }, export: { width: 10 } },
  },
  mergedInto: {
    ...single,
    label: 'Merged into',
    column: 'MergedInto',
    optional: true,
    appears: { import: { rank: 100, synonyms: /\bmerged into\b/ }, export: { width: 12 } },
  },
  closureReason: {
    ...multi,
    label: 'Reason for closing',
    column: 'ClosureReason',
    optional: true,
    appears: {
      import: { rank: 95, synonyms: /\breason for clos|\bclosure reason\b/ },
      export: { width: 30 },
    },
  },
  linkedRisks: {
    kind: 'lines',
    label: 'Linked risks',
    column: 'LinkedRisks',
    appears: {
      form: { group: 'links', hint: 'References, one per line' },
      import: { rank: 110, synonyms: /\blinked\b|\brelated risks?\b|\bcross ref/ },
      export: { width: 16, join: ', ' },
    },
  },
  controls: {
    kind: 'children',
    label: 'Controls',
    renderer: 'controls',
    appears: {
      import: {
        rank: 90,
        synonyms:
          /^(current |existing |key |mitigating )?controls?( title| in place)?$|\bcontrol measures?\b|\bcurrent controls\b/,
      },
      export: { width: 60 },
    },
  },
  actions: {
    kind: 'children',
    label: 'Actions',
    renderer: 'actions',
    appears: {
      import: {
        rank: 80,
        synonyms: /\bactions?\b|\bfurther controls\b|\bmitigation (measures|actions)\b|\bactions? plan\b/,
      },
      export: { width: 60 },
    },
  },
} as const satisfies FieldCatalogue<RiskFieldName>;

/** A control's own fields (its parent risk's columns are the list's, see src/sharepoint/schema.ts). */
export const CONTROL_FIELDS = {
  title: { ...single, label: 'Control', column: 'Title', required: true, appears: {} },
  owners: { kind: 'people', label: 'Owner', column: 'Owners', renderer: 'people', appears: {} },
  serviceTag: { ...single, label: 'Tag', column: 'ServiceTag', optional: true, appears: {} },
  order: { kind: 'number', label: 'Order', column: 'SortOrder', optional: true, appears: {} },
  detail: { ...multi, label: 'Full text', column: 'FullText', optional: true, appears: {} },
} as const satisfies FieldCatalogue<ControlFieldName>;

/** An action's own fields. */
export const ACTION_FIELDS = {
  title: { ...single, label: 'Action', column: 'Title', required: true, appears: {} },
  owners: { kind: 'people', label: 'Owner', column: 'Owners', renderer: 'people', appears: {} },
  plannedDate: { kind: 'date', label: 'Due', column: 'PlannedDate', appears: {} },
  reviewDate: { kind: 'date', label: 'Review', column: 'ReviewDate', appears: {} },
  status: {
    kind: 'choice',
    label: 'Status',
    column: 'ActionStatus',
    choices: ACTION_STATUSES,
    fallback: 'not-started',
    appears: {},
  },
  progress: {
    kind: 'number',
    label: 'Progress',
    column: 'Progress',
    optional: true,
    min: 0,
    max: 100,
    appears: {},
  },
  progressNote: { ...multi, label: 'Note', column: 'ProgressNote', optional: true, appears: {} },
  detail: { ...multi, label: 'Full text', column: 'FullText', optional: true, appears: {} },
} as const satisfies FieldCatalogue<ActionFieldName>;

/** Names of the risk fields of one kind, e.g. `FieldsOfKind<'rating'>` = inherent | current | target. */
export type FieldsOfKind<K extends FieldKind, C = typeof RISK_FIELDS> = {
  [N in keyof C]: C[N] extends { kind: K } ? N : never;
}[keyof C];

export type RatingFieldName = FieldsOfKind<'rating'>;

/** The names of a catalogue's fields, in order. */
export function fieldNames<K extends string>(catalogue: FieldCatalogue<K>): K[] {
  return Object.keys(catalogue) as K[];
}

/** The fields that appear on a surface, in catalogue order. */
export function fieldsOn<K extends string>(
  catalogue: FieldCatalogue<K>,
  surface: keyof Appearances,
): [K, FieldSpec][] {
  return (Object.entries(catalogue) as [K, FieldSpec][]).filter(([, spec]) => spec.appears[surface]);
}

/** The form's groups, top to bottom. */
export const FORM_GROUPS: readonly FormGroup[] = [
  'identity',
  'title',
  'description',
  'causes',
  'people',
  'rating',
  'review',
  'links',
];

/** The form's fields group by group, each group's fields by `order`, then in catalogue order. */
export function formLayout<K extends string>(
  catalogue: FieldCatalogue<K>,
): { group: FormGroup; fields: [K, FieldSpec][] }[] {
  const placed = fieldsOn(catalogue, 'form');
  const position = ([, spec]: [K, FieldSpec]) => spec.appears.form?.order ?? Number.MAX_SAFE_INTEGER;
  return FORM_GROUPS.map((group) => ({
    group,
    fields: placed
      .filter(([, spec]) => spec.appears.form?.group === group)
      .sort((a, b) => position(a) - position(b)),
  })).filter((g) => g.fields.length > 0);
}

/** The words for a choice value: its label in the catalogue, or the value with a capital. */
export function choiceText(spec: FieldSpec, value: string): string {
  return spec.choiceLabels?.[value] ?? `${value.charAt(0).toUpperCase()}${value.slice(1)}`;
}

/** The empty value of a kind: what a new record holds for a field nobody filled in. */
export function emptyValue(spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'text':
    case 'note':
      return '';
    case 'lines':
    case 'people':
    case 'children':
      return [];
    case 'choice':
      return spec.fallback;
    default:
      return undefined;
  }
}

/** A field's value as one line of plain text, for facts and paper rows (ratings and people excepted). */
export function plainText(spec: FieldSpec, value: unknown, join = ', '): string {
  if (value === undefined || value === null) return '';
  switch (spec.kind) {
    case 'lines':
      return (value as string[]).join(join);
    case 'people':
      return (value as Person[]).map((p) => p.name).join(join);
    case 'choice':
      return value === '' ? '' : choiceText(spec, String(value));
    case 'rating': {
      const r = value as Rating;
      return `${r.likelihood} x ${r.impact}`;
    }
    case 'children':
      return (value as { title: string }[]).map((c) => c.title).join(join);
    default:
      return String(value);
  }
}

/** One field shown as a label and its value in words (a card fact, a paper row, a grid cell). */
export type FieldFact = { field: string; label: string; text: string };

/**
 * The facts a surface shows for a record from its catalogue: every field placed on `surface`, in
 * catalogue order, as plain text. Surfaces with layouts of their own (the card's rating block, the
 * paper's rating table) show their fixed fields themselves and these after them; empty values are left
 * out.
 */
export function catalogueFacts<K extends string>(
  record: object,
  catalogue: FieldCatalogue<K>,
  surface: 'card' | 'paper' | 'grid',
): FieldFact[] {
  const values = record as Record<string, unknown>;
  return fieldsOn(catalogue, surface)
    .map(([field, spec]) => ({ field, label: spec.label, text: plainText(spec, values[field]) }))
    .filter((f) => f.text !== '');
}
