/** The register's filter bar: every control is a labelled native-backed field, changes go to the URL. */
import { Button } from '@fluentui/react-button';
import { Field } from '@fluentui/react-field';
import { SearchBox } from '@fluentui/react-search';
import { Select } from '@fluentui/react-select';
import { Switch } from '@fluentui/react-switch';
import { Text } from '@fluentui/react-text';
import { tokens } from '@fluentui/react-theme';
import { makeStyles, mergeClasses } from '@griffel/react';
import { FilterRegular } from '@fluentui/react-icons';
import { useId, useState } from 'react';
import type { ReviewState } from '../../../ports';
import { reviewStateLabel } from '../../components/RatingBadge';
import { narrow } from '../../lib/layout';
import type { GridFilters, StatusFilter } from '../../lib/url-state';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: '12px',
    alignItems: 'flex-end',
    padding: '12px',
    marginBottom: '12px',
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
    [narrow]: { flexDirection: 'column', alignItems: 'stretch' },
  },
  // On a narrow screen the filters are a panel behind the Filters button, closed at first.
  collapsed: { [narrow]: { display: 'none' } },
  toggle: { display: 'none', [narrow]: { display: 'inline-flex', marginBottom: '8px' } },
  select: { minWidth: '150px', [narrow]: { minWidth: 0 } },
  search: { minWidth: '220px', flexGrow: 1, [narrow]: { minWidth: 0 } },
  chips: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap', marginBottom: '8px' },
});

export type FilterOptions = {
  registers: string[];
  directorates: string[];
  owners: string[];
  bands: string[];
  /** Rows remain unread: directorates and owners are those of the rows read so far. */
  partial?: boolean;
};

const reviewStates: ReviewState[] = [
  'outstanding',
  'overdue',
  'confirmed',
  'changed',
  'not-reviewed',
  'not-due',
];

function SelectFilter(props: {
  label: string;
  value: string | undefined;
  all: string;
  options: { value: string; label: string }[];
  onChange: (value: string | undefined) => void;
  onFocus?: () => void;
}) {
  const styles = useStyles();
  return (
    <Field label={props.label} className={styles.select}>
      <Select
        value={props.value ?? ''}
        onChange={(_, d) => props.onChange(d.value || undefined)}
        onFocus={props.onFocus}
      >
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

const asOptions = (values: string[]) => values.map((v) => ({ value: v, label: v }));

/** Filters for register, directorate, owner, band, appetite, review state, status and free text. */
export function RegisterFilters(props: {
  filters: GridFilters;
  options: FilterOptions;
  onChange: (update: Partial<GridFilters>, options?: { replace?: boolean }) => void;
  onClear: () => void;
  /** The heat-map cell filter in the register's codes (`likelihood B Significant, impact II Critical`). */
  cellText?: string;
  /**
   * Called when the search box or a filter that needs every risk's row (directorate, owner, review
   * state) gets focus: the rest of the register is read so its options and matches are whole.
   */
  onNeedAll?: () => void;
}) {
  const styles = useStyles();
  const { filters: f, options, onChange } = props;
  const activeCount = [
    f.register,
    f.directorate,
    f.owner,
    f.band,
    f.aboveAppetite,
    f.review,
    f.q,
    f.cell,
    f.status !== 'open',
  ].filter(Boolean).length;
  const active = activeCount > 0;
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <>
      <Button
        className={styles.toggle}
        icon={<FilterRegular />}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Hide filters' : 'Filters'}
        {activeCount ? ` (${activeCount} applied)` : ''}
      </Button>
      <div
        id={panelId}
        className={mergeClasses(styles.bar, !open && styles.collapsed)}
        role="search"
        aria-label="Filter the register"
      >
        <Field label="Search" className={styles.search}>
          <SearchBox
            value={f.q ?? ''}
            placeholder="Reference, title, owner…"
            onFocus={props.onNeedAll}
            onChange={(_, d) => onChange({ q: d.value || undefined }, { replace: true })}
          />
        </Field>
        <SelectFilter
          label="Register"
          all="All registers"
          value={f.register}
          options={asOptions(options.registers)}
          onChange={(register) => onChange({ register, cell: undefined })}
        />
        <SelectFilter
          label="Directorate"
          all={options.partial ? 'All directorates (listed as risks are read)' : 'All directorates'}
          value={f.directorate}
          onFocus={props.onNeedAll}
          options={asOptions(options.directorates)}
          onChange={(directorate) => onChange({ directorate })}
        />
        <SelectFilter
          label="Owner"
          all={options.partial ? 'All owners (listed as risks are read)' : 'All owners'}
          value={f.owner}
          onFocus={props.onNeedAll}
          options={asOptions(options.owners)}
          onChange={(owner) => onChange({ owner })}
        />
        <SelectFilter
          label="Band"
          all="All bands"
          value={f.band}
          options={asOptions(options.bands)}
          onChange={(band) => onChange({ band })}
        />
        <SelectFilter
          label="This period"
          all="Any review state"
          value={f.review}
          onFocus={props.onNeedAll}
          options={reviewStates.map((s) => ({ value: s, label: reviewStateLabel[s] }))}
          onChange={(review) => onChange({ review: review as ReviewState | undefined })}
        />
        <Field label="Status" className={styles.select}>
          <Select value={f.status} onChange={(_, d) => onChange({ status: d.value as StatusFilter })}>
            <option value="open">Open</option>
            <option value="closed">Closed or merged</option>
            <option value="all">All</option>
          </Select>
        </Field>
        <Switch
          label="Above appetite only"
          checked={!!f.aboveAppetite}
          onChange={(_, d) => onChange({ aboveAppetite: d.checked || undefined })}
        />
        {active ? <Button onClick={props.onClear}>Clear filters</Button> : null}
      </div>
      {f.cell ? (
        <div className={styles.chips}>
          <Text>Showing heat map cell: {props.cellText}</Text>
          <Button size="small" onClick={() => onChange({ cell: undefined })}>
            Remove cell filter
          </Button>
        </div>
      ) : null}
    </>
  );
}
