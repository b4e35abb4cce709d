/**
 * "Sizing a region" in docs/benchmarks.md: what a region would provision (history shards, Temporal server, worker
 * processes, API replicas, PostgreSQL) for a year of tirocini, worked out from the latest `tirocinio-attivazioni`
 * measurements (the production profile's when there are some) and from assumptions stated one by one. Regenerated
 * with every bench run, so the arithmetic always uses the figures on the same page; when no run has the inputs, the
 * previous page's section is kept as it was.
 */
import type { LatestOutcome } from './report';
import { describeProfile, latestKey } from './report';

/** Everything the sizing assumes rather than measures: each with where it comes from. */
export const ASSUMPTIONS = {
  tirociniPerYear: {
    value: 300_000,
    why: 'issue 15: tirocini extracurricolari activated in Italy in a year (the whole country: an upper bound for any region)',
  },
  workingDays: { value: 250, why: 'working days in a year' },
  peakDayFactor: { value: 3, why: 'the busiest day carries 3 times the average working day (starts bunch at the start of a month and in the autumn)' },
  peakHourShare: { value: 0.25, why: "a quarter of that day's activations fall in its busiest hour" },
  meanMonthsOpen: { value: 6, why: 'issue 15: each tirocinio is open 2 to 12 months; 6 on average' },
  presenzeDays: {
    value: 5,
    why: "each open tirocinio's monthly attendance is registered through the API within the first 5 working days of the month, 8 hours a day",
  },
  presenzeShareOfActivation: {
    value: 1 / 3,
    why: 'one attendance registration costs a third of an activation (an activation is three API writes, each with its workflow steps)',
  },
  reminderWindowHours: { value: 1, why: "every open tirocinio's month-start reminder is due at once and must be drained within an hour" },
  reminderShardWrites: {
    value: 5,
    why: 'only without an `aperti-100k` run: a reminder taken as a timer of its workflow, about 5 shard writes (the timer fired, a workflow task started and completed, its notice activity started and completed)',
  },
  reminderShareFallback: {
    value: 0.25,
    why: "only without an `aperti-100k` run or measured shard writes: a reminder costs a quarter of an activation's Temporal, worker and PostgreSQL CPU",
  },
  headroom: { value: 1.5, why: 'provisioned = peak demand × 1.5 (50% headroom)' },
  coresPerNodeProcess: { value: 1, why: 'a Node process (API or worker) uses about one core: its JavaScript runs on one thread' },
  minReplicas: { value: 2, why: 'two of every stateless process, so that one can fail or be upgraded' },
  shardExecutions: {
    value: 10_000,
    why: 'Temporal: each history shard is responsible for "tens of thousands of workflow executions" (docs.temporal.io, What is a History Shard): take the low end',
  },
  shardGrowth: {
    value: 8,
    why: 'the shard count can never change once the databases are in use (docs.temporal.io): room for the other procedures and regions on the same cluster over its life',
  },
  retentionYears: { value: 1, why: 'the namespace keeps closed workflows 365 days (TEMPORAL_RETENTION_DAYS)' },
} as const;

/** Configuration facts the connection budget follows from (not measured, not assumed: read from the code). */
export const POOLS = {
  /** libs/infrastructure/src/persistence/data-source-options.ts: `max` of each API or worker process. */
  app: 20,
  /** infra/production/temporal-server.sh defaults: per service, to `temporal` and to `temporal_visibility`. */
  temporalPerService: 20 + 10,
  /** frontend, history, matching, worker: each opens its own pools, even in one process. */
  temporalServices: 4,
};

type Assumptions = { [K in keyof typeof ASSUMPTIONS]: number };
const DEFAULTS = Object.fromEntries(Object.entries(ASSUMPTIONS).map(([k, v]) => [k, v.value])) as Assumptions;

/** The measured inputs, per activation (CPU ms of each component), from one `tirocinio-attivazioni` outcome. */
export interface Measured {
  cpuMs: { api: number; worker: number; temporal: number; postgres: number; postgresTemporal: number };
  activationsPerSecond: number;
  /** Shard writes per activation and their mean latency (produzione, from the server's metrics). */
  shardWritesPerActivation?: number;
  meanShardWriteMs?: number;
  /** Temporal's databases' growth per workflow execution the scenario added (bytes). */
  bytesPerExecution?: number;
  historyShards?: number;
  source: string;
  /**
   * One month-start reminder's CPU per component, measured by `aperti-100k`'s surge: the office-wide job that sends
   * them set-wise (no timer or task per traineeship, hence no shard writes of its own worth counting).
   */
  reminder?: { cpuMs: Measured['cpuMs']; source: string };
}

/** A reminder's measured cost, from one `aperti-100k` outcome (its surge), when it drained one. */
export function reminderFrom(l: LatestOutcome): Measured['reminder'] {
  const ondata = (l.outcome.raw as { ondata?: { cpuMsPerNotice?: Record<string, number>; dovutaPrimaS?: number } } | undefined)?.ondata;
  const c = ondata?.cpuMsPerNotice;
  const avvisi = l.outcome.metrics?.surgeNotices;
  // A surge that fell due before its CPU window opened was partly unmetered: its cost per reminder would be too low.
  if (!c || l.outcome.error || !avvisi || (ondata?.dovutaPrimaS ?? 0) > 0) return undefined;
  return {
    cpuMs: { api: c.api ?? 0, worker: c.worker ?? 0, temporal: c.temporal ?? 0, postgres: c.postgres ?? 0, postgresTemporal: c.postgresTemporal ?? 0 },
    source:
      `\`aperti-100k\`'s month-start surge (${avvisi.toLocaleString('en')} reminders at ${l.outcome.metrics?.surgeNoticesPerSecond}/s), ` +
      `run of ${l.run.startedAt.slice(0, 16).replace('T', ' ')} UTC, profile ${describeProfile(l.run.profile)}`,
  };
}

export function measuredFrom(l: LatestOutcome): Measured | undefined {
  const m = l.outcome.metrics;
  if (!m || l.outcome.error || m.temporalCpuMsPerActivation === undefined) return undefined;
  return {
    cpuMs: {
      api: m.apiCpuMsPerActivation ?? 0,
      worker: m.workerCpuMsPerActivation ?? 0,
      temporal: m.temporalCpuMsPerActivation ?? 0,
      postgres: m.postgresCpuMsPerActivation ?? 0,
      postgresTemporal: m.postgresTemporalCpuMsPerActivation ?? 0,
    },
    activationsPerSecond: m.activationsPerSecond,
    shardWritesPerActivation: m.shardWritesPerActivation,
    meanShardWriteMs: m.meanShardWriteMs,
    bytesPerExecution: l.outcome.temporalStore?.bytesPerExecution,
    historyShards: l.run.profile?.historyShards,
    source: `\`tirocinio-attivazioni\`, run of ${l.run.startedAt.slice(0, 16).replace('T', ' ')} UTC, profile ${describeProfile(l.run.profile)}`,
  };
}

const pow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
const r = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export interface Sizing {
  openAtOnce: number;
  rates: { activations: number; presenze: number; reminders: number };
  /** CPU ms of one reminder per component, and what it was taken from. */
  reminderCpuMs: Measured['cpuMs'];
  reminderBasis: string;
  /** Cores each component needs at the peak hour, and with headroom. */
  cores: Record<keyof Measured['cpuMs'], { demand: number; provisioned: number }>;
  workers: number;
  apiReplicas: number;
  shards: { byExecutions: number; byWrites?: number; chosen: number; writesPerSecondAtPeak?: number; ceilingPerShard?: number };
  storageBytesPerYear?: number;
}

export function computeSizing(m: Measured, a: Assumptions = DEFAULTS): Sizing {
  const openAtOnce = Math.round((a.tirociniPerYear * a.meanMonthsOpen) / 12);
  const activations = ((a.tirociniPerYear / a.workingDays) * a.peakDayFactor * a.peakHourShare) / 3600;
  const presenze = openAtOnce / (a.presenzeDays * 8 * 3600);
  const reminders = openAtOnce / (a.reminderWindowHours * 3600);
  const measuredShare = m.shardWritesPerActivation ? a.reminderShardWrites / m.shardWritesPerActivation : undefined;
  const share = Math.min(1, measuredShare ?? a.reminderShareFallback);
  // Measured where an aperti-100k run drained a surge; else derived from the activation. A reminder has no API call.
  const reminderCpuMs = m.reminder?.cpuMs ?? {
    api: 0,
    worker: m.cpuMs.worker * share,
    temporal: m.cpuMs.temporal * share,
    postgres: m.cpuMs.postgres * share,
    postgresTemporal: m.cpuMs.postgresTemporal * share,
  };
  // The office-wide job sends a month's reminders set-wise: a few workflow tasks per office, none per traineeship.
  const reminderShardWrites = m.reminder ? 0 : a.reminderShardWrites;
  const reminderBasis = m.reminder
    ? `measured: ${m.reminder.source}; sent set-wise by the office-wide job, no shard writes per reminder`
    : measuredShare !== undefined
      ? `${a.reminderShardWrites} of the ${r(m.shardWritesPerActivation!, 1)} shard writes of an activation (${r(share * 100, 1)}% of its non-API CPU)`
      : `${r(share * 100)}% of an activation's non-API CPU (no shard writes measured)`;
  const cores = {} as Sizing['cores'];
  for (const k of Object.keys(m.cpuMs) as Array<keyof Measured['cpuMs']>) {
    const demand = (activations * m.cpuMs[k] + presenze * m.cpuMs[k] * a.presenzeShareOfActivation + reminders * reminderCpuMs[k]) / 1000;
    cores[k] = { demand: r(demand, 3), provisioned: r(demand * a.headroom, 3) };
  }
  const processes = (c: number) => Math.max(a.minReplicas, Math.ceil(c / a.coresPerNodeProcess));
  const byExecutions = Math.ceil(openAtOnce / a.shardExecutions);
  let byWrites: number | undefined;
  let writesPerSecondAtPeak: number | undefined;
  let ceilingPerShard: number | undefined;
  if (m.shardWritesPerActivation && m.meanShardWriteMs) {
    writesPerSecondAtPeak = (activations + presenze * a.presenzeShareOfActivation) * m.shardWritesPerActivation + reminders * reminderShardWrites;
    ceilingPerShard = 1000 / m.meanShardWriteMs;
    // Each shard at most half busy (the headroom), as shards are not loaded evenly.
    byWrites = Math.ceil(writesPerSecondAtPeak / (ceilingPerShard / a.headroom));
  }
  const chosen = pow2(Math.max(byExecutions, byWrites ?? 0) * a.shardGrowth);
  return {
    openAtOnce,
    rates: { activations: r(activations, 3), presenze: r(presenze, 3), reminders: r(reminders, 2) },
    reminderCpuMs: Object.fromEntries(Object.entries(reminderCpuMs).map(([k, v]) => [k, r(v, 2)])) as Measured['cpuMs'],
    reminderBasis,
    cores,
    workers: processes(cores.worker.provisioned),
    apiReplicas: processes(cores.api.provisioned),
    shards: {
      byExecutions,
      byWrites,
      chosen,
      writesPerSecondAtPeak: writesPerSecondAtPeak === undefined ? undefined : r(writesPerSecondAtPeak, 1),
      ceilingPerShard: ceilingPerShard === undefined ? undefined : Math.round(ceilingPerShard),
    },
    storageBytesPerYear: m.bytesPerExecution ? m.bytesPerExecution * a.tirociniPerYear * a.retentionYears : undefined,
  };
}

/** The connections every pool could open at once: the apps' and the Temporal nodes'. */
export const connections = (s: Sizing, a: Assumptions = DEFAULTS) =>
  (s.apiReplicas + s.workers) * POOLS.app + a.minReplicas * POOLS.temporalServices * POOLS.temporalPerService;

const table = (header: string[], rows: unknown[][]) =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** What the measurements showed about which component saturates first (kept by hand, with the date). */
export const FINDINGS = [
  '### Which component saturates first',
  '',
  'Measured 2026-12-07 on the 2-CPU bench machine, every component on it, so each profile saturates the machine as a ' +
    'whole; what tells them apart is where the CPU goes, and so what to scale first.',
  '',
  '- **Dev profile** (Temporal dev server, 1 worker). An activation (`tirocinio-attivazioni`, 08:59): worker 68.8 ms of ' +
    "CPU, Temporal 63.0, the application's PostgreSQL 52.3, API 31.8, 216 ms in all, 8.37 activations/s; of the " +
    'single-threaded Node processes the worker would reach a full core first, at about 14.5/s. The migration import ' +
    "(`aperti-100k` at 100,000, 10:54): 11.7 ms per traineeship until idle (11.2 the stack's own), two thirds of it (7.5) the Temporal server: " +
    'it saturates first, at 144.5 imported/s.',
  '- **Production profile** (Temporal v1.29.1 on PostgreSQL, 4 history shards, 2 worker processes, 11:37). An activation: ' +
    "workers 98.1 ms (both), Temporal 63.2 and its PostgreSQL 36.4, the application's PostgreSQL 62.1, API 36.4: 296 ms, " +
    '5.95 activations/s. The import (`aperti-100k` at 20,000): 19.5 ms per traineeship until idle, of which Temporal 6.4 and ' +
    "its PostgreSQL 7.0: the Temporal server with its database is three quarters of the stack's own 17.7 ms and saturates first (99.8 imported/s, " +
    "against 144.5 on the dev server). Temporal's resident memory grew with the open runs (599 MB holding 10,600, 784 MB " +
    "holding 20,000), the worker's did not (410 and 403 MB). A month's reminders: 18,800 in 33 s (570.8/s), about 2 ms of " +
    'CPU each, none of it per traineeship in Temporal.',
  '- **So, for a region**: the worker processes and the Temporal cluster with its PostgreSQL are what to scale first, in ' +
    'that order for activations and the other way round for imports and for holding many open runs; the API and the ' +
    "application's PostgreSQL come after. The table above already sizes all of them for the peak hour with room to spare: " +
    'the sizing is set by availability (two of each) and by the history shards, not by CPU.',
].join('\n');

/**
 * The section, from the latest production-profile activation run (else the dev profile's); undefined (the caller keeps
 * the page's previous section) when neither has the inputs.
 */
export function renderSizing(latest: Map<string, LatestOutcome>, previous = ''): string | undefined {
  const l = latest.get(latestKey('tirocinio-attivazioni', 'produzione')) ?? latest.get(latestKey('tirocinio-attivazioni', 'dev'));
  const attivazione = l && measuredFrom(l);
  // The reminders' cost from the surge of the same profile's aperti-100k, else the other's.
  const profilo = l?.outcome.profile ?? 'dev';
  const ondate = [latestKey('aperti-100k', profilo), latestKey('aperti-100k', profilo === 'dev' ? 'produzione' : 'dev')];
  const promemoria = ondate.map((k) => latest.get(k)).find((x) => x && reminderFrom(x));
  const m = attivazione && (promemoria ? { ...attivazione, reminder: reminderFrom(promemoria) } : attivazione);
  if (!m) {
    const at = previous.indexOf('\n## Sizing a region');
    return at < 0 ? undefined : previous.slice(at + 1);
  }
  const a = DEFAULTS;
  const s = computeSizing(m, a);
  const labels: Record<keyof Measured['cpuMs'], string> = {
    temporal: 'Temporal server',
    postgresTemporal: "PostgreSQL, Temporal's databases",
    worker: 'workers',
    api: 'API',
    postgres: "PostgreSQL, the application's database",
  };
  const keys = Object.keys(labels) as Array<keyof Measured['cpuMs']>;
  const out: string[] = [
    `## Sizing a region: ${a.tirociniPerYear.toLocaleString('en')} tirocini a year`,
    '',
    `Worked out by \`bench/lib/dimensionamento.ts\` at each bench run. **Measured** here: the CPU each component spends per ` +
      `tirocinio activation, the shard writes per activation and their latency, and Temporal's storage per workflow, all from ` +
      `${m.source}. **Assumed**: everything in the first table, each with its reason. The load of a whole year of tirocini is ` +
      'small next to what one machine does: what sizes the deployment is availability and the one choice that cannot be ' +
      'undone, the history shard count. ' +
      (m.reminder
        ? `The month-start reminders' cost is measured too, from ${m.reminder.source}; the monthly attendance's is derived from the activation, as the second table says.`
        : 'The month-start reminders and monthly attendance are not measured (no `aperti-100k` run): their cost is derived from the activation, as the second table says.'),
    '',
    '### Assumptions',
    '',
    table(
      ['Assumption', 'Value', 'Why'],
      (Object.keys(ASSUMPTIONS) as Array<keyof typeof ASSUMPTIONS>).map((k) => [
        `\`${k}\``,
        ASSUMPTIONS[k].value.toLocaleString('en', { maximumFractionDigits: 3 }),
        ASSUMPTIONS[k].why,
      ]),
    ),
    '',
    '### Load at the peak hour',
    '',
    `Open at once: ${a.tirociniPerYear.toLocaleString('en')} × ${a.meanMonthsOpen} / 12 = **${s.openAtOnce.toLocaleString('en')}** tirocini. ` +
      'The peak hour is taken as the first working day of a busy month, with all three loads at once (the reminders may in ' +
      'fact be due at night: adding them is conservative).',
    '',
    table(
      ['Load', 'Per second', 'Arithmetic', 'CPU of one'],
      [
        [
          'activations',
          s.rates.activations,
          `${a.tirociniPerYear.toLocaleString('en')} / ${a.workingDays} days × ${a.peakDayFactor} × ${a.peakHourShare} / 3600 s`,
          'measured (below)',
        ],
        [
          'attendance registrations',
          s.rates.presenze,
          `${s.openAtOnce.toLocaleString('en')} / (${a.presenzeDays} days × 8 h × 3600 s)`,
          `${r(a.presenzeShareOfActivation * 100, 1)}% of an activation`,
        ],
        ['month-start reminders', s.rates.reminders, `${s.openAtOnce.toLocaleString('en')} / (${a.reminderWindowHours} h × 3600 s)`, s.reminderBasis],
      ],
    ),
    '',
    '### Cores per component',
    '',
    'Demand = Σ (rate × CPU of one) over the three loads; provisioned = demand × ' + `${a.headroom}.`,
    '',
    table(
      ['Component', 'CPU ms per activation (measured)', 'CPU ms per reminder', 'Cores at peak', `Cores provisioned (× ${a.headroom})`],
      keys.map((k) => [labels[k], m.cpuMs[k], s.reminderCpuMs[k], s.cores[k].demand, s.cores[k].provisioned]),
    ),
    '',
    '### What to provision',
    '',
    table(
      ['Item', 'Size', 'Arithmetic'],
      [
        [
          'History shards',
          `**${s.shards.chosen}**`,
          `by executions: ${s.openAtOnce.toLocaleString('en')} open / ${a.shardExecutions.toLocaleString('en')} per shard = ${s.shards.byExecutions}` +
            (s.shards.byWrites !== undefined
              ? `; by writes: ${s.shards.writesPerSecondAtPeak} shard writes/s at peak / (${s.shards.ceilingPerShard} per shard ceiling, measured as 1000 / ${m.meanShardWriteMs} ms, / ${a.headroom}) = ${s.shards.byWrites}`
              : '; by writes: not measured (dev profile)') +
            `; the larger × ${a.shardGrowth} growth, to a power of two`,
        ],
        [
          'Temporal server',
          `${Math.max(1, Math.ceil(s.cores.temporal.provisioned))} core(s) in all, on ${a.minReplicas} nodes for availability`,
          `${s.cores.temporal.provisioned} cores provisioned, rounded up; \`infra/production\` runs one node: more need TLS and membership first (its README)`,
        ],
        ['Worker processes', `**${s.workers}**`, `${s.cores.worker.provisioned} cores / ${a.coresPerNodeProcess} per process, at least ${a.minReplicas}`],
        ['API replicas', `**${s.apiReplicas}**`, `${s.cores.api.provisioned} cores / ${a.coresPerNodeProcess} per process, at least ${a.minReplicas}`],
        [
          "PostgreSQL for Temporal's databases",
          `${Math.max(1, Math.ceil(s.cores.postgresTemporal.provisioned))} core(s)` +
            (s.storageBytesPerYear ? `, ${r(s.storageBytesPerYear / 1024 ** 3, 1)} GB a year of tirocini` : ''),
          `${s.cores.postgresTemporal.provisioned} cores provisioned` +
            (s.storageBytesPerYear
              ? `; ${Math.round(m.bytesPerExecution! / 1024)} KB per execution (measured at activation: a year of monthly events adds history) × ${a.tirociniPerYear.toLocaleString('en')} × ${a.retentionYears} year retention`
              : "; storage not measured (dev profile: the dev server's SQLite)"),
        ],
        [
          "PostgreSQL for the application's database",
          `${Math.max(1, Math.ceil(s.cores.postgres.provisioned))} core(s)`,
          `${s.cores.postgres.provisioned} cores provisioned`,
        ],
        [
          'PostgreSQL `max_connections`',
          `at least ${connections(s, a)}`,
          `(${s.apiReplicas} API + ${s.workers} workers) × ${POOLS.app} + ${a.minReplicas} Temporal nodes × ${POOLS.temporalServices} services × ${POOLS.temporalPerService} ` +
            "(the pools' configured maxima, one server for both databases; lower Temporal's pools or split the servers to need fewer)",
        ],
      ],
    ),
    '',
    `On the 2-CPU machine of that run an activation took ${r(
      keys.reduce((x, k) => x + m.cpuMs[k], 0),
      1,
    )} ms of CPU across these components ` +
      `(the bench client's excluded) and the stack reached ${m.activationsPerSecond} activations/s: the peak hour above needs ` +
      `${r(
        keys.reduce((x, k) => x + s.cores[k].demand, 0),
        2,
      )} cores in all.`,
    '',
  ];
  if (FINDINGS) out.push(FINDINGS, '');
  return out.join('\n');
}
