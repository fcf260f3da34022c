/** A complete Risk from the few fields every risk has, with empty lists and strings for the rest. */
import { RISK_FIELDS, emptyValue, type FieldCatalogue, type RiskFieldName } from './field-catalogue';
import type { Risk } from './types';

/**
 * Fills every field a caller leaves out with its kind's empty value (the catalogue's fallback for a
 * choice: quarterly review, `open` status); optional fields stay absent.
 */
export function newRisk(
  fields: Partial<Risk> & Pick<Risk, 'reference' | 'title' | 'register'>,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): Risk {
  const empty: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(catalogue)) {
    const value = emptyValue(spec);
    if (value !== undefined) empty[field] = value;
  }
  return { ...empty, ...fields } as Risk;
}
