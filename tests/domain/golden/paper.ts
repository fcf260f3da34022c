/**
 * Builders for the golden fixtures: each seed paper is written down as the council printed it (ratings
 * as text, in the paper's own notation), and the golden tests read that text with the domain code.
 */
import type { ReviewFrequency } from '../../../src/domain';

/** One risk as a paper prints it. Every rating is the paper's own text; absent = not printed. */
export type PrintedRisk = {
  /** As printed, aliases included: `DR14 (PH09)`. */
  reference: string;
  title: string;
  owners: string[];
  cabinetMembers: string[];
  /** Directorate or business area the paper groups the risk under. */
  area?: string;
  inherent?: string;
  current?: string;
  target?: string;
  /** Kent also prints likelihood and impact as separate columns: [likelihood, impact]. */
  currentLevels?: [string, string];
  targetLevels?: [string, string];
  /** A score printed without its cell: Gloucestershire's residual `Medium 12`, Cambridgeshire's level `15`. */
  residualScore?: string;
  /** Direction of travel as printed: `⇨`, `↔`, `New`, `Merged Risk`. */
  direction?: string;
  /** Cambridgeshire's risk appetite, a score. */
  appetite?: number;
  timescaleToTarget?: string;
  /** Halton's "Timescale Review" column, as printed. */
  reviewTimescale?: string;
  linkedRisks?: string[];
};

export type Paper = {
  council: string;
  matrixId: string;
  /** The reporting period as the paper names it. */
  period: string;
  /** How often the paper says risks are reviewed, when it says so for all of them. */
  reviewFrequency?: ReviewFrequency;
  risks: PrintedRisk[];
};

/** A printed risk: reference and title, then whatever the paper prints for it. */
export function printed(
  reference: string,
  title: string,
  fields: Partial<Omit<PrintedRisk, 'reference' | 'title'>> = {},
): PrintedRisk {
  return { reference, title, owners: [], cabinetMembers: [], ...fields };
}
