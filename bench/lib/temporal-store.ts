import { Client } from 'pg';
import type { BenchProfile } from './profile';
import type { PersistenceUsage, TemporalStoreUsage } from './report';
import { round } from './stats';

/** Temporal's persistence operations that write a workflow's state: each holds its history shard's lock. */
const SHARD_WRITES = ['CreateWorkflowExecution', 'UpdateWorkflowExecution', 'ConflictResolveWorkflowExecution', 'SetWorkflowExecution'];

/** One sample of the Prometheus text format: name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The samples of a Prometheus text exposition (format 0.0.4): enough for the counters and histograms the bench
 * reads from Temporal's /metrics; comments and malformed lines are skipped. Written here rather than taken from a
 * library: the project's prom-client exposes metrics but does not parse them, and these 20 lines are the whole need.
 */
export function parsePrometheus(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    const value = Number(m[3]);
    if (!Number.isNaN(value)) out.push({ name: m[1], labels, value });
  }
  return out;
}

/** The sum of a metric's samples whose labels match `where` (a label value in the given list). */
export function sumOf(samples: Sample[], name: string, where: Record<string, string[]> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(where).every(([k, vs]) => vs.includes(s.labels[k]))).reduce((a, s) => a + s.value, 0);
}

interface StoreSnapshot {
  at: number;
  bytes: number;
  executions: number;
  /** Shard-serialised writes so far and their summed latency (ms), from the server's metrics. */
  writes?: { count: number; latencyMs: number };
}

/**
 * Temporal's own PostgreSQL databases in the `produzione` profile: their size and workflow executions before and after
 * each scenario, the history shard count the server set them up with, and (from its Prometheus endpoint) how many
 * shard-serialised writes it made and how long they took, which bounds what one shard can carry.
 */
export class TemporalStore {
  private constructor(
    private readonly db: Client,
    private readonly databases: string[],
    private readonly metricsUrl?: string,
  ) {}

  /** Undefined for a profile without Temporal databases (the dev server keeps its SQLite file to itself). */
  static async open(profile: BenchProfile, env: NodeJS.ProcessEnv = process.env): Promise<TemporalStore | undefined> {
    const [main] = profile.temporal.databases;
    if (!main) return undefined;
    const db = new Client({
      host: env.TEMPORAL_DB_HOST ?? '127.0.0.1',
      port: Number(env.TEMPORAL_DB_PORT ?? 5432),
      user: env.TEMPORAL_DB_USER ?? 'postgres',
      password: env.TEMPORAL_DB_PASSWORD ?? '',
      database: main,
    });
    await db.connect();
    return new TemporalStore(db, profile.temporal.databases, profile.temporal.metricsUrl);
  }

  /** The number of history shards, as the server recorded them in its database (one row each). */
  async historyShards(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM shards');
    return Number(rows[0].n);
  }

  async snapshot(): Promise<StoreSnapshot> {
    const size = await this.db.query<{ bytes: string }>('SELECT sum(pg_database_size(d))::bigint AS bytes FROM unnest($1::text[]) AS d', [this.databases]);
    const executions = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM executions');
    return { at: Date.now(), bytes: Number(size.rows[0].bytes), executions: Number(executions.rows[0].n), writes: await this.shardWrites() };
  }

  /**
   * Shard-serialised writes the server has made so far, and their summed latency (ms): a scenario takes it before and
   * after a batch. Persistence latency is a histogram in seconds (Temporal's Prometheus reporter); its _count and
   * _sum suffice. Undefined without metrics.
   */
  async shardWrites(): Promise<StoreSnapshot['writes']> {
    if (!this.metricsUrl) return undefined;
    try {
      const samples = parsePrometheus(await (await fetch(this.metricsUrl)).text());
      const where = { operation: SHARD_WRITES };
      const count = sumOf(samples, 'persistence_latency_count', where);
      const seconds = sumOf(samples, 'persistence_latency_sum', where);
      return count > 0 ? { count, latencyMs: seconds * 1000 } : undefined;
    } catch {
      return undefined; // No metrics this time: the sizes still tell something.
    }
  }

  /** Writes per operation and their mean latency between two `shardWrites()`, for a batch of `ops` operations. */
  static writesPer(before: StoreSnapshot['writes'], after: StoreSnapshot['writes'], ops: number): { perOp: number; meanMs: number } | undefined {
    if (!before || !after || after.count <= before.count || ops <= 0) return undefined;
    const n = after.count - before.count;
    return { perOp: round(n / ops, 2), meanMs: round((after.latencyMs - before.latencyMs) / n, 2) };
  }

  static usage(before: StoreSnapshot, after: StoreSnapshot, shards: number): TemporalStoreUsage {
    const added = after.executions - before.executions;
    let persistence: PersistenceUsage | undefined;
    if (before.writes && after.writes && after.writes.count > before.writes.count) {
      const shardWrites = after.writes.count - before.writes.count;
      const meanWriteMs = (after.writes.latencyMs - before.writes.latencyMs) / shardWrites;
      persistence = {
        shardWrites,
        meanWriteMs: round(meanWriteMs, 2),
        writesPerSecondPerShardCeiling: Math.round(1000 / meanWriteMs),
        writesPerSecondPerShardMeasured: round(shardWrites / ((after.at - before.at) / 1000) / Math.max(1, shards), 1),
      };
    }
    return {
      bytesBefore: before.bytes,
      bytesAfter: after.bytes,
      executionsBefore: before.executions,
      executionsAfter: after.executions,
      bytesPerExecution: added > 0 ? Math.round((after.bytes - before.bytes) / added) : undefined,
      persistence,
    };
  }

  async close(): Promise<void> {
    await this.db.end();
  }
}
