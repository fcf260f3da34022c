/** A complete Risk from the few fields every risk has, with empty lists and strings for the rest. */
import type { Risk } from './types';

/** Fills every list and text field a caller leaves out; quarterly review and `open` status by default. */
export function newRisk(fields: Partial<Risk> & Pick<Risk, 'reference' | 'title' | 'register'>): Risk {
  return {
    aliases: [],
    description: '',
    cause: '',
    event: '',
    consequence: '',
    directorate: '',
    category: '',
    owners: [],
    delegates: [],
    cabinetMembers: [],
    triggers: [],
    reviewFrequency: 'quarterly',
    timescaleToTarget: '',
    status: 'open',
    linkedRisks: [],
    controls: [],
    actions: [],
    ...fields,
  };
}
