/** State of the register view: display rows, the filtered and sorted subset, filter options. */
import { useMemo } from 'react';
import type { RegisterData } from '../../data/use-register-data';
import type { Navigate } from '../../lib/use-location';
import type { GridFilters, SortKey, TabLocation } from '../../lib/url-state';
import { filterAndSort, filterOptions, toGridRows } from './grid-rows';

/** Everything the register view renders, derived from the loaded data and the URL. */
export function useRegisterPage(data: RegisterData, location: TabLocation, navigate: Navigate) {
  const all = useMemo(() => toGridRows(data.rows), [data.rows]);
  const { filters, sort } = location;
  const visible = useMemo(() => filterAndSort(all, filters, sort), [all, filters, sort]);
  const options = useMemo(
    () => ({ registers: data.registers.map((r) => r.name), ...filterOptions(all) }),
    [all, data.registers],
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
  return { all, visible, options, filters, sort, setFilters, clearFilters, toggleSort, openRisk };
}
