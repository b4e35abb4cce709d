import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Pool } from 'pg';
import { praticaStartOptions } from '../../apps/api/src/pratiche/pratica-start';
import { auditHash, GENESIS_HASH, type AuditFields } from '../../libs/infrastructure/src/audit/audit-chain';
import { CHAIN_LOCK } from '../../libs/infrastructure/src/audit/audit.repository';
import type { PraticaWorkflowInput } from '../../workflows/pratiche/pratica.types';
import { expectStatus } from '../lib/http';
import { runPool, PoolRun } from '../lib/pool';
import { CpuMeter, waitUntilIdle } from '../lib/proc';
import { intEnv, percentile, round, sum } from '../lib/stats';
import { connectTemporal, openWorkflowsOf, terminateAll } from '../lib/temporal';
import { TemporalStore } from '../lib/temporal-store';
import { BenchContext, Scenario, check } from '../lib/types';

/** api: through the API; raw: the Temporal client's start alone; rawpg: that start plus the case and audit rows. */
type Path = 'api' | 'raw' | 'rawpg';

interface Batch {
  path: Path;
  warmUp: boolean;
  starts: number;
  wallMs: number;
  startsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** How long the stack took to go idle again after the batch (the worker running what it started); -1: never. */
  settleMs: number;
  /** CPU milliseconds per start of each process during the batch, and then including the settling afterwards. */
  cpuMsPerStart: Record<string, number>;
  cpuMsPerStartWithSettle: Record<string, number>;
  /** Share (0..1) of the whole machine's CPU that was busy during the batch. */
  machineBusy: number;
  /** History shard writes per start and their mean latency (production profile, from the server's metrics). */
  shardWrites?: { perOp: number; meanMs: number };
}

/**
 * Starting a procedure through the API (HTTP, auth, validation, workflow start, the case row and its audit row)
 * against starting the same workflow straight from a Temporal client: how much the API costs on top of Temporal.
 */
export const workflowStart: Scenario = {
  name: 'workflow-start',
  title: 'Workflow starts: API vs raw Temporal client',
  description:
    'The same number of `praticaWorkflow` runs started (i) through the API, `POST /api/v1/pratiche` with a unique ' +
    '`protocollo` (HTTP, JWT check, validation, Temporal start, case row and audit row in PostgreSQL, read-back), and ' +
    '(ii) with the raw `@temporalio/client` `workflow.start` with the same input, task queue, ID policy and search ' +
    'attributes, over one connection as the API has. Both keep the same number of requests in flight. A warm-up ' +
    'batch of each comes first; the measured batches then run in ABBA order (raw, api, api, raw, ...) so a slow drift ' +
    'of the machine weighs on both alike. The worker is paused while a batch is timed and resumed afterwards to run ' +
    'what the batch started, and the next batch waits for the stack to go idle: otherwise the raw path, faster than ' +
    'the worker, would leave most of its workflows to run after its clock stopped while the slower API path shared ' +
    'the CPU with them (`BENCH_WORKER=running` keeps the worker polling throughout). Throughput is all measured ' +
    'starts over all their wall time, per path. Each batch also records the CPU time per start of the API, the ' +
    'worker, the bench client, PostgreSQL and Temporal, which shows where the difference goes. The workflows ' +
    'started are terminated at the end (they would otherwise wait for a decision forever). The fair baseline ' +
    '(`rawpg`) is the least a correct start must do: the same raw start, then, with `pg` straight (a pool of 20, as ' +
    "the API's), one transaction that takes the audit chain's lock, reads its end and whether the change is already " +
    'recorded, inserts the audit row (hash-chained with the same function) and the case row. The API is held to it.',
  targets: [
    "API throughput at least 0.8 times the fair baseline's: the raw client's start plus the case row and its audit row written with `pg` in one transaction (ratio api/rawpg >= 0.8). The bare start's ratio (api/raw) is reported beside it.",
  ],
  findings:
    'Target missed (2026-11-23, 2 CPUs): 0.39-0.44 at first, 0.49-0.57 after the API work was cut. Both paths are bound by ' +
    "the machine's CPU (85-92% busy), so the ratio is the ratio of CPU spent per start. Temporal's own work per start " +
    '(server 3-6 ms, client 1-2 ms) is common to both; the API path adds the API process (6.2 ms per start at first: ' +
    'PostgreSQL driver 1.3, Temporal client/gRPC 1.1, HTTP 0.9, JWT signature 0.66, TypeORM 0.63) and PostgreSQL ' +
    '(about 1 ms for the case row and its audit row, one transaction). Verified tokens are now cached until expiry, ' +
    'the audit append makes one query inside its lock instead of two, the case row is a plain INSERT and the ' +
    'response is built from what was written (no read-back): API CPU fell to 3.4-4.4 ms per start. The rest is the ' +
    'case row and audit row that a start must write in the same transaction, and the HTTP hop: 0.8 would need the ' +
    'whole API path to cost about a quarter of a Temporal start, which on this machine it cannot while it stores ' +
    "what it starts. On a machine where Temporal runs elsewhere the API's share of the CPU is what limits it: " +
    'about 250 starts/s per API process at the measured cost.' +
    " Run of 2026-12-05 (after the trust work, on a machine half as fast: raw starts 146/s against 297/s): ratio 0.43, API 63 starts/s; `controlli-accesso` measured the same run's starts against the API before that work at 1.30, so the lower ratio is the machine's noise, not the new checks." +
    ' Fair baseline, 2026-12-06 (issue 15; 200 starts per batch, ABC CBA, other load 5%): API 76.6 starts/s, raw start plus ' +
    'the case and audit rows with pg (`rawpg`) 107.9/s, bare raw start 203/s: api/rawpg 0.71, MISSED (target 0.8); api/raw ' +
    '0.377. Per start the API process spends 6.7-10.3 ms of CPU, the PostgreSQL share is about the same on both paths ' +
    "(2.4-3.7 against 3.3-3.5 ms): the gap is the API's own HTTP, token, validation and ORM work.",

  async run(ctx: BenchContext) {
    const perBatch = intEnv('BENCH_WORKFLOWS', 300);
    const concurrency = intEnv('BENCH_CONCURRENCY', 16);
    const rounds = intEnv('BENCH_ROUNDS', 2);
    const warmUp = Math.min(perBatch, intEnv('BENCH_WARMUP', 50));
    const workerMode = process.env.BENCH_WORKER ?? 'paused';
    if (workerMode !== 'paused' && workerMode !== 'running') throw new Error(`BENCH_WORKER must be paused or running (got ${workerMode})`);

    const { client, close } = await connectTemporal(ctx.config);
    // The fair baseline's own connections: the API's pool size, the application's role.
    const pg = new Pool({ connectionString: ctx.config.DATABASE_URL, max: 20, application_name: 'bench-rawpg' });
    const started: string[] = [];
    const batches: Batch[] = [];
    let seq = 0;
    const cpu = CpuMeter.ofStack(ctx.stack);
    const idle = () => waitUntilIdle(cpu, ['api', 'worker', 'temporal']);
    // Every worker of the profile (two in produzione) is paused and resumed together.
    const ensureWorker = () => ctx.stack.startWorkers();

    const startViaApi = async () => {
      const protocollo = `${ctx.runTag}-A${++seq}`;
      const res = await ctx.api.json('POST', '/api/v1/pratiche', { protocollo, oggetto: 'Benchmark: avvio della procedura' });
      expectStatus(res, 201, 'POST /api/v1/pratiche');
      started.push((res.json as { workflowId: string }).workflowId);
    };

    // Exactly what PraticheService.create sends to Temporal, minus everything around it; `tag` marks the path.
    const rawStart = async (tag: string): Promise<{ input: PraticaWorkflowInput; workflowId: string }> => {
      const input: PraticaWorkflowInput = {
        praticaId: randomUUID(),
        ufficio: ctx.office,
        protocollo: `${ctx.runTag}-${tag}${++seq}`,
        oggetto: 'Benchmark: avvio della procedura',
        creataDa: ctx.actor,
        creataIl: new Date().toISOString(),
      };
      const options = praticaStartOptions(input, ctx.config.TEMPORAL_TASK_QUEUE);
      await client.workflow.start('praticaWorkflow', options);
      started.push(options.workflowId);
      return { input, workflowId: options.workflowId };
    };
    const startRaw = async () => {
      await rawStart('R');
    };

    // The raw start, then what PraticheService.crea stores after it (insertPratica), with nothing around it: no
    // HTTP, no token, no validation, no ORM.
    const startRawPg = async () => {
      const { input, workflowId } = await rawStart('P');
      const at = new Date(input.creataIl);
      const idempotencyKey = `pratica:${input.praticaId}:creata`;
      const f: AuditFields = {
        registratoIl: at,
        attore: input.creataDa.sub,
        ruoli: [...input.creataDa.roles].sort().join(','),
        ufficio: input.creataDa.office,
        procedura: 'pratica',
        entita: 'pratica',
        entitaId: input.praticaId,
        azione: 'creata',
        motivazione: null,
        prima: null,
        dopo: { stato: 'aperta', protocollo: input.protocollo, oggetto: input.oggetto },
        requestId: null,
        idempotencyKey,
      };
      const c = await pg.connect();
      try {
        await c.query('BEGIN');
        await c.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
        const { rows } = await c.query<{ seen: boolean; last: string | null }>(
          `SELECT EXISTS (SELECT 1 FROM audit_log WHERE idempotency_key = $1) AS seen, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS last`,
          [idempotencyKey],
        );
        if (!rows[0].seen) {
          const prevHash = rows[0].last ?? GENESIS_HASH;
          await c.query(
            `INSERT INTO audit_log (registrato_il, attore, ruoli, ufficio, procedura, entita, entita_id, azione, motivazione,
               prima, dopo, request_id, idempotency_key, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
            [
              f.registratoIl,
              f.attore,
              f.ruoli,
              f.ufficio,
              f.procedura,
              f.entita,
              f.entitaId,
              f.azione,
              null,
              null,
              JSON.stringify(f.dopo),
              null,
              idempotencyKey,
              prevHash,
              auditHash(prevHash, f),
            ],
          );
          await c.query(
            `INSERT INTO pratiche (id, workflow_id, ufficio, protocollo, oggetto, stato, creata_da, creata_il, aggiornata_il, versione)
             VALUES ($1, $2, $3, $4, $5, 'aperta', $6, $7, $7, 0)`,
            [input.praticaId, workflowId, input.ufficio, input.protocollo, input.oggetto, input.creataDa.sub, at],
          );
        }
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    };
    const starters: Record<Path, () => Promise<void>> = { api: startViaApi, raw: startRaw, rawpg: startRawPg };

    const batch = async (path: Path, count: number, isWarmUp: boolean) => {
      // Paused: the workflows wait in the task queue while the starts are timed, then the worker comes back and
      // runs them before the next batch. Otherwise a raw batch, faster than the worker, would leave most of its
      // workflows to run after the clock stops while a slower API batch would share the CPU with them.
      if (workerMode === 'paused') await ctx.stack.stopWorkers();
      const w0 = await ctx.temporalStore?.shardWrites();
      const c0 = cpu.snapshot();
      const run: PoolRun = await runPool(count, concurrency, starters[path]);
      const c1 = cpu.snapshot();
      const w1 = await ctx.temporalStore?.shardWrites();
      await ensureWorker();
      const settleMs = await idle();
      const during = CpuMeter.diff(c0, c1);
      const withSettle = CpuMeter.diff(c0, cpu.snapshot());
      const perStart = (ms: Record<string, number>) => Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, round(v / count, 2)]));
      const b: Batch = {
        path,
        warmUp: isWarmUp,
        starts: run.count,
        wallMs: round(run.wallMs, 1),
        startsPerSecond: round(run.count / (run.wallMs / 1000), 1),
        latencyMs: {
          p50: round(percentile(run.latenciesMs, 50), 1),
          p95: round(percentile(run.latenciesMs, 95), 1),
          p99: round(percentile(run.latenciesMs, 99), 1),
          max: round(percentile(run.latenciesMs, 100), 1),
        },
        settleMs,
        cpuMsPerStart: perStart(during.cpuMs),
        cpuMsPerStartWithSettle: perStart(withSettle.cpuMs),
        machineBusy: during.machineBusy,
        shardWrites: TemporalStore.writesPer(w0, w1, count),
      };
      batches.push(b);
      ctx.log(
        `${isWarmUp ? 'warm-up ' : ''}${path}: ${count} starts in ${(run.wallMs / 1000).toFixed(2)} s = ${b.startsPerSecond}/s ` +
          `(p50 ${b.latencyMs.p50} ms, p95 ${b.latencyMs.p95} ms; ` +
          `CPU ${Math.round(b.machineBusy * 100)}% busy, ms/start ${Object.entries(b.cpuMsPerStart)
            .map(([k, v]) => `${k} ${v}`)
            .join(' ')})${settleMs < 0 ? '; the stack did not go idle afterwards' : ''}`,
      );
    };

    try {
      // A run that crashed before its clean-up left open workflows here: close them so they cost nothing now.
      const leftovers = await openWorkflowsOf(client, ctx.office);
      if (leftovers.length) ctx.log(`terminated ${await terminateAll(client, leftovers)} workflows left open by an earlier run`);
      await idle();
      await batch('raw', warmUp, true);
      await batch('rawpg', warmUp, true);
      await batch('api', warmUp, true);
      for (let r = 0; r < rounds; r++) {
        // ABC CBA: a linear drift (a growing table, a warming cache) weighs on every path alike.
        const order: Path[] = r % 2 === 0 ? ['raw', 'rawpg', 'api'] : ['api', 'rawpg', 'raw'];
        for (const path of order) await batch(path, perBatch, false);
      }
    } finally {
      await ensureWorker();
      const terminated = await terminateAll(client, started, concurrency);
      ctx.log(`terminated ${terminated} of the ${started.length} workflows started`);
      await close();
      await pg.end();
    }

    const measured = (path: Path) => batches.filter((b) => !b.warmUp && b.path === path);
    const throughput = (path: Path) => round(sum(measured(path).map((b) => b.starts)) / (sum(measured(path).map((b) => b.wallMs)) / 1000), 1);
    const api = throughput('api');
    const raw = throughput('raw');
    const rawPg = throughput('rawpg');
    const ratio = round(api / raw, 3);
    const ratioFair = round(api / rawPg, 3);
    const all = batches.filter((b) => !b.warmUp);
    const otherLoadShare = round(sum(all.map((b) => b.cpuMsPerStart.other * b.starts)) / (sum(all.map((b) => b.wallMs)) * availableParallelism()), 2);
    return {
      metrics: { apiStartsPerSecond: api, rawStartsPerSecond: raw, rawPgStartsPerSecond: rawPg, ratio, ratioFair, otherLoadShare },
      targets: [check('ratioFair', 'API / (raw start + case and audit rows with pg) throughput', ratioFair, '>=', 0.8, '')],
      settings: { startsPerBatch: perBatch, concurrency, rounds, warmUpStarts: warmUp, worker: workerMode, office: ctx.office },
      raw: { batches },
      details: {
        columns: [
          'Batch',
          'Starts',
          'Wall (s)',
          'Starts/s',
          'p50 (ms)',
          'p95 (ms)',
          'Machine CPU busy',
          'CPU ms/start: API',
          'bench client',
          'Temporal',
          'PostgreSQL',
          'PostgreSQL (Temporal)',
          'worker',
          'other load',
          'shard writes/start',
          'Settle (ms)',
        ],
        rows: batches.map((b) => [
          `${b.path}${b.warmUp ? ' (warm-up)' : ''}`,
          b.starts,
          round(b.wallMs / 1000, 2),
          b.startsPerSecond,
          b.latencyMs.p50,
          b.latencyMs.p95,
          `${Math.round(b.machineBusy * 100)}%`,
          b.cpuMsPerStart.api ?? 0,
          b.cpuMsPerStart.client ?? 0,
          b.cpuMsPerStart.temporal ?? 0,
          b.cpuMsPerStart.postgres ?? 0,
          b.cpuMsPerStart.postgresTemporal ?? 0,
          b.cpuMsPerStart.worker ?? 0,
          b.cpuMsPerStart.other ?? 0,
          b.shardWrites?.perOp ?? '',
          b.settleMs,
        ]),
      },
    };
  },
};
