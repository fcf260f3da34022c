/** Small statistics for bench figures. */

/** Nearest-rank percentile (p in 0..100) of a sample; 0 for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Median and spread (min..max) of repeated timings, rounded to 0.01. */
export type Spread = { median: number; min: number; max: number; runs: number };

export function spreadOf(values: readonly number[]): Spread {
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    median: round(percentile(values, 50)),
    min: round(values.length ? Math.min(...values) : 0),
    max: round(values.length ? Math.max(...values) : 0),
    runs: values.length,
  };
}

/** `0.93 (0.91-0.95, 3 runs)`: a figure without a unit. */
export function formatPlain(s: Spread): string {
  return `${s.median} (${s.min}-${s.max}, ${s.runs} runs)`;
}

/** `12.3 ms (10.1-15.0, 5 runs)`: the median, then the spread. */
export function formatSpread(s: Spread, unit = 'ms'): string {
  return `${s.median} ${unit} (${s.min}-${s.max}, ${s.runs} runs)`;
}
