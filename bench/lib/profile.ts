/**
 * Which stack the bench measures, from `BENCH_PROFILO` (infra/bench.sh sets it and the variables below):
 *
 * - `dev` (default): the Temporal dev server of infra/services.sh (`temporal server start-dev`, SQLite in a file under .data/temporal) on
 *   7233, one worker process.
 * - `produzione`: the Temporal server of infra/production/temporal-server.sh (v1.29.1 on PostgreSQL, several history
 *   shards, its own databases) on `BENCH_TEMPORAL_PROD_PORT` (7333), two worker processes on the same task queue.
 *
 * The profile decides which processes of the machine are the stack's when the CPU is shared out (bench/lib/proc.ts):
 * in `produzione` the dev server, which other people's tests use, is someone else's load, and the PostgreSQL backends
 * serving Temporal's databases are told apart from those serving the application's.
 */
export type ProfileName = 'dev' | 'produzione';

export interface BenchProfile {
  name: ProfileName;
  /** Worker processes the Stack starts. */
  workers: number;
  temporal: {
    /** What serves Temporal, in words. */
    server: string;
    /** The application database (DATABASE_URL's), whose backends are the API's and the worker's. */
    appDatabase: string;
    /** Temporal's own PostgreSQL databases (persistence, visibility); none for the dev server. */
    databases: string[];
    /** The server's data directory (its `--root`): how its process is told apart from any other server binary. */
    root?: string;
    /** Its Prometheus endpoint, when it has one. */
    metricsUrl?: string;
  };
}

export const PROFILES: readonly ProfileName[] = ['dev', 'produzione'];

export function profileName(env: NodeJS.ProcessEnv = process.env): ProfileName {
  const name = env.BENCH_PROFILO || 'dev';
  if (!PROFILES.includes(name as ProfileName)) throw new Error(`BENCH_PROFILO must be one of ${PROFILES.join(', ')} (got ${name})`);
  return name as ProfileName;
}

function positiveInt(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${key} must be a positive integer (got ${raw})`);
  return n;
}

export function benchProfile(env: NodeJS.ProcessEnv = process.env): BenchProfile {
  const name = profileName(env);
  const appDatabase = env.DATABASE_URL ? decodeURIComponent(new URL(env.DATABASE_URL).pathname.slice(1)) : '';
  if (name === 'dev') {
    return { name, workers: positiveInt(env, 'BENCH_WORKERS', 1), temporal: { server: 'Temporal dev server (SQLite file)', appDatabase, databases: [] } };
  }
  const databases = [env.TEMPORAL_PROD_DB, env.TEMPORAL_PROD_VISIBILITY_DB].filter((d): d is string => !!d);
  if (databases.length !== 2 || !env.BENCH_TEMPORAL_ROOT) {
    throw new Error('BENCH_PROFILO=produzione needs TEMPORAL_PROD_DB, TEMPORAL_PROD_VISIBILITY_DB and BENCH_TEMPORAL_ROOT: run it through npm run bench');
  }
  return {
    name,
    workers: positiveInt(env, 'BENCH_WORKERS', 2),
    temporal: {
      server: `Temporal server ${env.BENCH_TEMPORAL_VERSION ?? ''} on PostgreSQL`.replace('  ', ' '),
      appDatabase,
      databases,
      root: env.BENCH_TEMPORAL_ROOT,
      metricsUrl: env.TEMPORAL_PROD_METRICS_PORT ? `http://127.0.0.1:${env.TEMPORAL_PROD_METRICS_PORT}/metrics` : undefined,
    },
  };
}
