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
import type {
  ActionFieldName,
  ControlFieldName,
  FieldCatalogue,
  FieldKind,
  RiskFieldName,
} from './field-spec';

export type * from './field-spec';
export * from './field-text';

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
