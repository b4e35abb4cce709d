import { performance } from 'node:perf_hooks';

export interface PoolRun {
  /** Operations completed. */
  count: number;
  /** From the first operation's start to the last one's end. */
  wallMs: number;
  /** Each operation's own latency, in completion order. */
  latenciesMs: number[];
}

/**
 * Runs `op(0..count-1)` keeping at most `concurrency` in flight, and times it. The first failure stops new
 * operations from starting and is rethrown once those in flight have settled, so a broken run never looks fast.
 */
export async function runPool(count: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<PoolRun> {
  const latenciesMs: number[] = [];
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && next < count) {
      const i = next++;
      const t0 = performance.now();
      try {
        await op(i);
        latenciesMs.push(performance.now() - t0);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const wallMs = performance.now() - t0;
  if (failure !== undefined) throw failure;
  return { count, wallMs, latenciesMs };
}
