/** The heat map's cells: for one register and one tier, which open risks sit in each likelihood x impact cell. */
import { useMemo } from 'react';
import type { Band, RiskMatrix, ScaleLevel } from '../../../domain/types';
import type { RegisterData } from '../../data/use-register-data';
import { bandOf } from '../../lib/rating';
import { formatScore } from '../../../domain';
import type { Tier } from '../../lib/url-state';

export type HeatCell = {
  likelihood: ScaleLevel;
  impact: ScaleLevel;
  band?: Band;
  references: string[];
};

export type HeatMapModel = {
  register: string;
  matrix: RiskMatrix;
  /** Rows, most likely first (as printed in papers). */
  rows: { likelihood: ScaleLevel; cells: HeatCell[] }[];
  impacts: ScaleLevel[];
  unrated: string[];
  /** Risks rated by a score alone on this tier (`Medium 12`): listed beside the map, as "cell not recorded". */
  cellNotRecorded: { reference: string; text: string }[];
  total: number;
};

const collator = new Intl.Collator('en-GB', { numeric: true });

/** Builds the heat map of one register's open risks on one tier. */
export function buildHeatMap(data: RegisterData, register: string, tier: Tier): HeatMapModel | undefined {
  const summary = data.registers.find((r) => r.name === register);
  if (!summary) return undefined;
  const matrix = summary.settings.matrix;
  // The compact projection holds every risk at once; the rows may still be arriving a page at a time.
  const all = data.summary ?? data.rows.map((r) => r.risk);
  const risks = all.filter((r) => r.register === register && r.status === 'open');
  const byCell = new Map<string, string[]>();
  const unrated: string[] = [];
  const cellNotRecorded: HeatMapModel['cellNotRecorded'] = [];
  for (const risk of risks) {
    const rating = risk[tier];
    const scoreOnly = risk[`${tier}ScoreOnly`];
    if (!rating && scoreOnly !== undefined) {
      cellNotRecorded.push({ reference: risk.reference, text: formatScore(matrix, scoreOnly) });
      continue;
    }
    if (!rating) {
      unrated.push(risk.reference);
      continue;
    }
    const key = `${rating.likelihood}x${rating.impact}`;
    byCell.set(key, [...(byCell.get(key) ?? []), risk.reference]);
  }
  const impacts = [...matrix.impact.levels].sort((a, b) => a.value - b.value);
  const likelihoods = [...matrix.likelihood.levels].sort((a, b) => b.value - a.value);
  return {
    register,
    matrix,
    impacts,
    unrated: unrated.sort(collator.compare),
    cellNotRecorded: cellNotRecorded.sort((a, b) => collator.compare(a.reference, b.reference)),
    total: risks.length,
    rows: likelihoods.map((l) => ({
      likelihood: l,
      cells: impacts.map((i) => ({
        likelihood: l,
        impact: i,
        band: bandOf(matrix, { likelihood: l.value, impact: i.value }),
        references: (byCell.get(`${l.value}x${i.value}`) ?? []).sort(collator.compare),
      })),
    })),
  };
}

/** The heat map for the register chosen in the URL (or the first register). */
export function useHeatMap(data: RegisterData, register: string | undefined, tier: Tier) {
  const chosen = register ?? data.registers[0]?.name;
  return useMemo(() => (chosen ? buildHeatMap(data, chosen, tier) : undefined), [data, chosen, tier]);
}

/** What a screen reader hears for a cell. */
export function cellLabel(m: HeatMapModel, c: HeatCell): string {
  const count = c.references.length;
  return (
    `${m.matrix.likelihood.name} ${c.likelihood.code} ${c.likelihood.label}, ` +
    `${m.matrix.impact.name} ${c.impact.code} ${c.impact.label}: ` +
    `${c.band ? `${c.band.name} band, ` : ''}${count} ${count === 1 ? 'risk' : 'risks'}` +
    (count ? ` (${c.references.join(', ')})` : '')
  );
}
