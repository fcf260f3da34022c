/** State of the register view: display rows, the filtered and sorted subset, filter options. */
import { useCallback, useMemo } from 'react';
import type { Scale } from '../../../domain/types';
import type { RegisterData } from '../../data/use-register-data';
import type { Navigate } from '../../lib/use-location';
import type { GridFilters, SortKey, TabLocation } from '../../lib/url-state';
import { filterAndSort, filterOptions, gridRowsOf, toGridRows, type GridRow } from './grid-rows';

/** A scale level as the register prints it: its code and label (`B Significant`), or the number. */
function levelText(scale: Scale | undefined, value: number): string {
  const level = scale?.levels.find((l) => l.value === value);
  if (!level) return String(value);
  return level.code === String(level.value)
    ? `${level.value} ${level.label}`
    : `${level.code} ${level.label}`;
}

/**
 * The heat-map cell filter in the register's own codes, as the heat map labels its rows and columns
 * (`likelihood B Significant, impact II Critical`); internal values only when no register is chosen.
 */
export function cellFilterText(data: RegisterData, filters: GridFilters): string | undefined {
  const cell = filters.cell;
  if (!cell) return undefined;
  const matrix = data.registers.find((r) => r.name === filters.register)?.settings.matrix;
  const likelihood = matrix?.likelihood.name.toLowerCase() ?? 'likelihood';
  const impact = matrix?.impact.name.toLowerCase() ?? 'impact';
  return `${likelihood} ${levelText(matrix?.likelihood, cell.likelihood)}, ${impact} ${levelText(matrix?.impact, cell.impact)} (${cell.tier} rating)`;
}

/** Everything the register view renders, derived from the loaded data and the URL. */
export function useRegisterPage(data: RegisterData, location: TabLocation, navigate: Navigate) {
  // Rows still unread: every risk from the compact projection, whole where its row is read.
  const { summary, partial, rows, registers, readRows } = data;
  const all = useMemo(
    () => (partial && summary ? gridRowsOf(summary, rows, registers) : toGridRows(rows)),
    [partial, summary, rows, registers],
  );
  const { filters, sort } = location;
  const visible = useMemo(() => filterAndSort(all, filters, sort), [all, filters, sort]);
  const options = useMemo(
    () => ({ registers: registers.map((r) => r.name), ...filterOptions(all), partial: !!partial }),
    [all, registers, partial],
  );
  // The grid's rows on screen that are not read yet are read (after a pause in the scrolling).
  const onShown = useCallback(
    (shown: GridRow[]) => readRows?.(shown.filter((r) => !r.loaded).map((r) => r.id)),
    [readRows],
  );
  const setFilters = (update: Partial<GridFilters>, opts?: { replace?: boolean }) =>
    navigate((l) => ({ ...l, filters: { ...l.filters, ...update } }), opts);
  const clearFilters = () => navigate((l) => ({ ...l, filters: { status: 'open' } }));
  const toggleSort = (key: SortKey) =>
    navigate((l) => ({
      ...l,
      sort: { key, descending: l.sort.key === key ? !l.sort.descending : false },
    }));
  const openRisk = (id: number) => navigate((l) => ({ ...l, risk: id, edit: undefined }));
  const cellText = cellFilterText(data, filters);
  return {
    all,
    visible,
    options,
    filters,
    sort,
    setFilters,
    clearFilters,
    toggleSort,
    openRisk,
    cellText,
    onShown,
    onNeedAll: data.readAll,
  };
}
