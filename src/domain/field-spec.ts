/**
 * The shape of the field catalogue (src/domain/field-catalogue.ts): a field's kind, label, column and
 * where it appears. Types only, so the catalogue's helpers (field-text.ts) can use them without
 * importing the catalogue itself.
 */
import type { Control, Risk, RiskAction } from './types';

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
