/** The register grid's columns: header text, sort key and starting width. */
import type { SortKey } from '../../lib/url-state';

export type Column = { key: SortKey; header: string; width: number; minWidth: number };

export const registerColumns: Column[] = [
  { key: 'reference', header: 'Reference', width: 90, minWidth: 80 },
  { key: 'title', header: 'Title', width: 270, minWidth: 160 },
  { key: 'owners', header: 'Owner(s)', width: 170, minWidth: 100 },
  { key: 'current', header: 'Current rating', width: 165, minWidth: 110 },
  { key: 'target', header: 'Target', width: 160, minWidth: 100 },
  { key: 'direction', header: 'Direction', width: 125, minWidth: 100 },
  { key: 'appetite', header: 'Appetite', width: 115, minWidth: 90 },
  { key: 'lastReviewed', header: 'Last reviewed', width: 120, minWidth: 100 },
  { key: 'review', header: 'This period', width: 130, minWidth: 100 },
];
