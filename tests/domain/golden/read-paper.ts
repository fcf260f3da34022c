/**
 * Reads a golden paper with the domain code, as an import would: references split into aliases,
 * printed ratings parsed on the council's matrix, and a Risk built from what the paper prints.
 */
import {
  newRisk,
  parseLevel,
  parsePeriod,
  parseRating,
  parseReviewTimescale,
  presetById,
  splitReference,
  type ParsedRating,
  type Period,
  type Rating,
  type Result,
  type Risk,
  type RiskMatrix,
} from '../../../src/domain';
import type { Paper, PrintedRisk } from './paper';

export type ReadRisk = {
  printed: PrintedRisk;
  risk: Risk;
  inherent?: Result<ParsedRating>;
  current?: Result<ParsedRating>;
  target?: Result<ParsedRating>;
  residualScore?: Result<ParsedRating>;
};

export type ReadPaper = { paper: Paper; matrix: RiskMatrix; period: Period; risks: ReadRisk[] };

function must<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.value;
}

/** The cell a parsed rating names, when it names one. */
export function cellOf(parsed: Result<ParsedRating> | undefined): Rating | undefined {
  return parsed?.ok && parsed.value.kind === 'cell' ? parsed.value.rating : undefined;
}

function fromLevels(
  matrix: RiskMatrix,
  levels: [string, string] | undefined,
  what: string,
): Rating | undefined {
  if (!levels) return undefined;
  const likelihood = must(parseLevel(matrix, 'likelihood', levels[0]), `${what} likelihood`);
  const impact = must(parseLevel(matrix, 'impact', levels[1]), `${what} impact`);
  return { likelihood: likelihood.value, impact: impact.value };
}

export function readPaper(paper: Paper): ReadPaper {
  const matrix = presetById(paper.matrixId);
  if (!matrix) throw new Error(`No preset ${paper.matrixId}`);
  const period = must(parsePeriod(paper.period), `${paper.council} period`);
  const risks = paper.risks.map((p): ReadRisk => {
    const parse = (text: string | undefined) => (text === undefined ? undefined : parseRating(matrix, text));
    const inherent = parse(p.inherent);
    const current = parse(p.current);
    const target = parse(p.target);
    const residualScore = parse(p.residualScore);
    const { reference, aliases } = splitReference(p.reference);
    const timescale =
      p.reviewTimescale === undefined
        ? undefined
        : must(parseReviewTimescale(p.reviewTimescale), p.reference);
    const ratings = {
      inherent: cellOf(inherent),
      current: fromLevels(matrix, p.currentLevels, `${p.reference} current`) ?? cellOf(current),
      target: fromLevels(matrix, p.targetLevels, `${p.reference} target`) ?? cellOf(target),
    };
    const risk = newRisk({
      reference,
      aliases,
      title: p.title,
      register: `${paper.council} ${p.area ?? 'register'}`,
      directorate: p.area ?? '',
      owners: p.owners.map((name) => ({ name })),
      cabinetMembers: p.cabinetMembers.map((name) => ({ name })),
      ...Object.fromEntries(Object.entries(ratings).filter(([, rating]) => rating !== undefined)),
      ...(p.appetite === undefined ? {} : { appetite: p.appetite }),
      reviewFrequency:
        timescale?.kind === 'frequency' ? timescale.frequency : (paper.reviewFrequency ?? 'quarterly'),
      ...(timescale?.kind === 'date' ? { nextReviewDate: timescale.date } : {}),
      timescaleToTarget: p.timescaleToTarget ?? '',
      linkedRisks: p.linkedRisks ?? [],
    });
    return {
      printed: p,
      risk,
      ...(inherent ? { inherent } : {}),
      ...(current ? { current } : {}),
      ...(target ? { target } : {}),
      ...(residualScore ? { residualScore } : {}),
    };
  });
  return { paper, matrix, period, risks };
}

/** The risk with this printed reference (aliases included). */
export function byReference(read: ReadPaper, reference: string): ReadRisk {
  const found = read.risks.find((r) => r.printed.reference === reference || r.risk.reference === reference);
  if (!found) throw new Error(`No risk ${reference} in ${read.paper.council}`);
  return found;
}
