/** Small, dependency-free statistics for benchmark samples. */

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100) of the samples; NaN for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Rounds for display and for the JSON (raw timings keep their precision elsewhere). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const MiB = 1024 * 1024;

/** Mean, median, 95th percentile and maximum, rounded to 0.1. */
export function summary(xs: readonly number[]): { mean: number; p50: number; p95: number; max: number } {
  return {
    mean: round(sum(xs) / Math.max(1, xs.length), 1),
    p50: round(percentile(xs, 50), 1),
    p95: round(percentile(xs, 95), 1),
    max: round(percentile(xs, 100), 1),
  };
}

/** A positive integer setting from the environment, or the default; anything else stops the run naming it. */
export function intEnv(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer (got ${process.env[name]})`);
  return v;
}
