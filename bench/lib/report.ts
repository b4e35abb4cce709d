import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { PROFILES, ProfileName } from './profile';
import { MiB } from './stats';
import type { Scenario, ScenarioResult, TargetCheck } from './types';

export interface ScenarioOutcome extends Partial<ScenarioResult> {
  name: string;
  title: string;
  /** The bench profile it ran in (bench/lib/profile.ts); results written before profiles existed are `dev`. */
  profile?: ProfileName;
  /** What the profile's Temporal server kept in PostgreSQL before and after the scenario (produzione only). */
  temporalStore?: TemporalStoreUsage;
  /** Set when the scenario failed to run (as opposed to running and missing a target). */
  error?: string;
}

/** Temporal's PostgreSQL databases around one scenario: their size and the workflow executions they hold. */
export interface TemporalStoreUsage {
  bytesBefore: number;
  bytesAfter: number;
  executionsBefore: number;
  executionsAfter: number;
  /** Growth per workflow execution the scenario added (bytes), when it added any. */
  bytesPerExecution?: number;
  /** Shard-serialised persistence writes seen in the server's metrics during the scenario, when it exports them. */
  persistence?: PersistenceUsage;
}

export interface PersistenceUsage {
  /** Writes to a workflow's state, all serialised by its history shard (create, update, conflict-resolve). */
  shardWrites: number;
  /** Their mean latency as the server measured it (ms). */
  meanWriteMs: number;
  /** The ceiling this latency puts on one shard: writes per second it can serialise (1000 / meanWriteMs). */
  writesPerSecondPerShardCeiling: number;
  /** The writes per second the scenario actually drove through each shard, over its duration. */
  writesPerSecondPerShardMeasured: number;
}

/** The profile an outcome (or a run) was measured in. */
export const profileOf = (o: { profile?: ProfileName }): ProfileName => o.profile ?? 'dev';

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  machine: { nproc: number; totalMemoryMb: number; cpuModel: string; node: string; platform: string; kernel: string };
  git: { commit: string | null; dirty: boolean | null };
  stack: { database: string; namespace: string; taskQueue: string; bucket: string };
  /** The bench profile and what it ran: the Temporal server, its history shards, the worker processes. */
  profile?: RunProfile;
  scenarios: ScenarioOutcome[];
  /** Every target of every scenario that ran was met. */
  pass: boolean;
  missed: string[];
  errors: string[];
}

export interface RunProfile {
  name: ProfileName;
  temporalServer: string;
  temporalAddress: string;
  /** Read from the server's own database (its shards table), not from its configuration. */
  historyShards?: number;
  workers: number;
}

/** "produzione: Temporal server v1.29.1 on PostgreSQL, 4 history shards, 2 workers". */
export function describeProfile(p: RunProfile | undefined): string {
  if (!p) return 'dev: Temporal dev server, 1 worker';
  const shards = p.historyShards ? `, ${p.historyShards} history shards` : '';
  return `${p.name}: ${p.temporalServer}${shards}, ${p.workers} worker${p.workers === 1 ? '' : 's'}`;
}

export function machineInfo(): BenchResults['machine'] {
  return {
    nproc: availableParallelism(),
    totalMemoryMb: Math.round(totalmem() / MiB),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    kernel: release(),
  };
}

/** The commit measured and whether tracked files had local changes (then the numbers are indicative only). */
export function gitInfo(root: string): BenchResults['git'] {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', '--short=12', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return { commit: null, dirty: null };
  }
}

export function describeTarget(t: TargetCheck): string {
  return `${t.op} ${t.target}${t.unit ? ` ${t.unit}` : ''}`;
}

export function targetLine(t: TargetCheck): string {
  return `${t.label}: ${t.value}${t.unit ? ` ${t.unit}` : ''} (target ${describeTarget(t)})`;
}

/** Writes bench/results/<timestamp>.json and bench/results/latest.json; returns the first one's path. */
export function writeResults(dir: string, results: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const file = join(dir, `${results.startedAt.replace(/:/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  return file;
}

/** A scenario's most recent successful outcome, with the run it came from. */
export interface LatestOutcome {
  outcome: ScenarioOutcome;
  run: BenchResults;
}

/** The key of a scenario's latest outcome in one profile. */
export const latestKey = (name: string, profile: ProfileName) => `${name}@${profile}`;

/**
 * For each scenario and profile (key `latestKey(name, profile)`), the newest run that measured it: this run's outcome
 * if it ran, otherwise the newest result file that has it, so running one scenario, or one profile, does not wipe the
 * others' numbers from the docs.
 */
export function latestOutcomes(dir: string, current: BenchResults): Map<string, LatestOutcome> {
  const found = new Map<string, LatestOutcome>();
  const runs: BenchResults[] = [current];
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)
      .filter((n) => /^\d{4}-.*\.json$/.test(n))
      .sort()
      .reverse()) {
      try {
        runs.push(JSON.parse(readFileSync(join(dir, f), 'utf8')) as BenchResults);
      } catch {
        // A file from an interrupted run: skip it.
      }
    }
  }
  for (const run of runs) {
    for (const o of run.scenarios ?? []) {
      const key = latestKey(o.name, profileOf(o));
      if (!found.has(key) && (run === current || !o.error)) found.set(key, { outcome: o, run });
    }
  }
  return found;
}

const cell = (v: unknown) => (v === undefined || v === null ? '' : (typeof v === 'object' ? JSON.stringify(v) : String(v)).replace(/\|/g, '\\|'));

function table(header: string[], rows: unknown[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function describeRun(run: BenchResults): string {
  const m = run.machine;
  return (
    `${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, commit ${run.git.commit ?? 'unknown'}${run.git.dirty ? ' (with local changes)' : ''}; ` +
    `${m.nproc} CPUs (${m.cpuModel}), ${Math.round(m.totalMemoryMb / 1024)} GB RAM, Node ${m.node}`
  );
}

/** The heading of a scenario's results section in one profile (`dev` keeps the heading pages had before profiles). */
export const resultsHeading = (name: string, profile: ProfileName) => `### \`${name}\`${profile === 'dev' ? '' : ` (${profile})`}`;

/**
 * What an earlier docs/benchmarks.md says of a scenario in one profile: its rows in the "Latest results" table and its
 * results section. The results files are git-ignored, so on a new machine, or when only some scenarios are run, the
 * measurements of the others are carried over from the page itself rather than shown as "never run". Rows of a page
 * written before profiles (no Profile column) are `dev`'s, and come back with that column.
 */
export function previousResults(markdown: string, name: string, profile: ProfileName = 'dev'): { rows: string[][]; section: string } | undefined {
  const at = markdown.indexOf('\n## Latest results');
  if (at < 0) return undefined;
  const end = markdown.indexOf('\n## ', at + 1);
  const results = markdown.slice(at, end < 0 ? undefined : end);
  const withProfile = results.includes('| Scenario | Profile |');
  const rows = results
    .split('\n')
    .filter((l) => l.startsWith(`| \`${name}\` |`) && !l.includes('| never run |'))
    .map((l) => l.replace(/^\| | \|$/g, '').split(' | '))
    .map((cells) => (withProfile ? cells : [cells[0], 'dev', ...cells.slice(1)]))
    .filter((cells) => cells[1] === profile);
  const start = results.indexOf(`\n${resultsHeading(name, profile)}\n`);
  // A scenario with no targets has no rows in the table but still a results section to keep.
  if (start < 0) return undefined;
  const next = results.indexOf('\n### ', start + 1);
  return { rows, section: results.slice(start + 1, next < 0 ? undefined : next).trimEnd() };
}

/** docs/benchmarks.md: what is measured, how to run it, the targets, and the latest results. Regenerated each run. */
/**
 * The page. `sizing`, when given, is a section appended at the end (bench/lib/dimensionamento.ts: a region's sizing
 * worked out from the latest measurements).
 */
export function renderMarkdown(scenarios: Scenario[], latest: Map<string, LatestOutcome>, previous = '', sizing?: string): string {
  const out: string[] = [];
  out.push(
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run.ts, bench/lib/report.ts): edit the generator, not this file. -->',
    '',
    'The benchmarks measure what the API costs on top of the services it drives. Each API path is timed against',
    'the same operation done directly on the service (a raw Temporal client, a direct MinIO upload), on the same',
    'machine and in the same run, interleaved; the targets are ratios, which carry from one machine to another far',
    'better than absolute numbers do.',
    '',
    '## How to run',
    '',
    '```sh',
    `npm run bench                      # every scenario but ${scenarios
      .filter((s) => s.soloSeNominato)
      .map((s) => s.name)
      .join(', ')} (a few minutes, including the build)`,
    `npm run bench -- workflow-start    # only the named scenario(s): ${scenarios.map((s) => s.name).join(', ')}`,
    'BENCH_PROFILO=produzione npm run bench -- workflow-start   # the same against the production profile',
    '```',
    '',
    '`infra/bench.sh` starts the local services that are not running (and at the end stops only those it started),',
    'recreates the `workflow_engine_bench` database, prepares the `wfe-bench` Temporal namespace, and builds the API',
    'and the worker. `bench/run.ts` then starts the built API and worker as child processes (the `Stack` the',
    'end-to-end tests use, with their stand-in identity provider) on task queue `procedure-bench` and bucket',
    "`documenti-bench`, with logs at `warn`, and runs the scenarios. Benchmark data never mixes with `npm start`'s",
    "or `npm test`'s.",
    '',
    'Each run writes `bench/results/<timestamp>.json` and `bench/results/latest.json` (git-ignored): the machine,',
    "the settings, every individual measurement and each target's outcome. It prints a summary and regenerates this",
    'page. The command fails only when a scenario cannot run; a missed target is printed as `MISSED` and recorded,',
    'since the numbers depend on the machine and on what else it is doing.',
    '',
    "`otherLoadShare` in each scenario's metrics is the share of the machine's CPU that processes other than the",
    'stack and the bench used while it was measured (builds, other users): above 0.1 the run is noisy and is worth',
    'repeating on a quiet machine.',
    '',
    'Settings, as environment variables: `BENCH_WORKFLOWS` starts per measured batch (default 300),',
    '`BENCH_CONCURRENCY` requests in flight (16), `BENCH_ROUNDS` ABBA rounds (2), `BENCH_WARMUP` starts per warm-up',
    'batch (50), `BENCH_WORKER` `paused` (default) or `running` during timed start batches, `BENCH_DIRECT_PART_MB` the',
    "direct upload's multipart part size (default: the API's `S3_PART_SIZE_MB`).",
    '',
    '`BENCH_PROFILO=produzione` runs the same scenarios against the production profile: `infra/bench.sh` starts the',
    'Temporal server of `infra/production/temporal-server.sh` (v1.29.1 on PostgreSQL) with its own databases',
    '(`temporal_bench`, `temporal_visibility_bench`, recreated when it starts the server), `BENCH_HISTORY_SHARDS`',
    'history shards (default 4) and the `wfe-bench-prod` namespace on `BENCH_TEMPORAL_PROD_PORT` (7333), and stops it',
    'at the end if it started it; the stack runs `BENCH_WORKERS` worker processes (default 2 there, 1 in `dev`). Each',
    'result records its profile, and this page keeps the latest outcome of each scenario in each profile.',
    '',
    '## Scenarios',
    '',
  );
  for (const s of scenarios) {
    out.push(`### \`${s.name}\`: ${s.title}`, '', s.description, '', 'Targets:', '', ...s.targets.map((t) => `- ${t}`), '');
    if (s.findings) out.push('Findings:', '', s.findings, '');
  }

  out.push('## Latest results', '');
  const rows: unknown[][] = [];
  const carried = new Map<string, string>();
  for (const s of scenarios) {
    for (const profile of PROFILES) {
      const l = latest.get(latestKey(s.name, profile));
      const date = l ? l.run.startedAt.slice(0, 10) : '';
      const before = l ? undefined : previousResults(previous, s.name, profile);
      if (before) {
        rows.push(...before.rows);
        carried.set(latestKey(s.name, profile), before.section);
      } else if (!l) {
        if (profile === 'dev') rows.push([`\`${s.name}\``, profile, 'never run', '', '', '', '']);
      } else if (l.outcome.error) rows.push([`\`${s.name}\``, profile, 'failed to run', l.outcome.error.split('\n')[0].slice(0, 160), '', 'error', date]);
      else {
        for (const t of l.outcome.targets ?? []) {
          rows.push([`\`${s.name}\``, profile, t.label, `${t.value}${t.unit ? ` ${t.unit}` : ''}`, describeTarget(t), t.pass ? 'pass' : '**MISSED**', date]);
        }
      }
    }
  }
  out.push(table(['Scenario', 'Profile', 'Measure', 'Value', 'Target', 'Result', 'Date'], rows), '');
  out.push(
    'PostgreSQL, the Temporal server, MinIO, the API, the worker(s) and the bench client all share the machine, so',
    'when it is CPU-bound (see "Machine CPU busy" below) every millisecond of CPU the API spends per request is',
    'taken from the services it calls: the per-process CPU columns show where the difference between the paths goes.',
    'For a start, "bench client" is the HTTP client on the API path and the Temporal client on the raw path; for an',
    'upload, the HTTP client streaming the file or the MinIO client (which hashes each part) on the direct path.',
    '',
    'Profiles (`BENCH_PROFILO`): `dev`, the default, runs against the Temporal dev server (SQLite in a file) with one',
    'worker; `produzione` against the Temporal server on PostgreSQL of `infra/production` (its own databases, several',
    'history shards) with two worker processes on the same task queue. In `produzione` "Temporal" is that server alone',
    "(the dev server, which other people's tests use, counts as other load), and PostgreSQL is split: `postgres` for",
    "the application database's backends and the server's own processes, `postgresTemporal` for the backends serving",
    "Temporal's databases. In both profiles the backends serving other databases count as other load.",
    '',
  );

  for (const s of scenarios) {
    // Each profile's headline figures: this run's or a results file's, else those of the section carried over.
    const figures = PROFILES.flatMap((profile) => {
      const l = latest.get(latestKey(s.name, profile));
      if (l && !l.outcome.error && l.outcome.metrics) {
        const when = `run of ${l.run.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
        return [{ profile, line: `${describeProfile(l.run.profile)}; ${when}`, metrics: l.outcome.metrics as Record<string, unknown> }];
      }
      const kept = l ? undefined : carried.get(latestKey(s.name, profile));
      const fromPage = kept && sectionFigures(kept);
      return fromPage ? [{ profile, ...fromPage }] : [];
    });
    if (figures.length > 1) {
      // Both profiles measured: their headline figures side by side, before each one's own section.
      const names = [...new Set(figures.flatMap((f) => Object.keys(f.metrics)))];
      out.push(
        `### \`${s.name}\`: profiles side by side`,
        '',
        ...figures.map((f) => `- ${f.line}.`),
        '',
        table(
          ['Metric', ...figures.map((f) => f.profile)],
          names.map((n) => [n, ...figures.map((f) => f.metrics[n] ?? '')]),
        ),
        '',
      );
    }
    for (const profile of PROFILES) {
      const key = latestKey(s.name, profile);
      const l = latest.get(key);
      const o = l?.outcome;
      if (carried.has(key)) out.push(carried.get(key)!, '');
      if (!l || !o || o.error || !o.metrics) continue;
      out.push(resultsHeading(s.name, profile), '', `Run of ${describeRun(l.run)}.`, '', `Profile ${describeProfile(l.run.profile)}.`, '');
      out.push(
        `Settings: ${Object.entries(o.settings ?? {})
          .map(([k, v]) => `${k} ${cell(v)}`)
          .join(', ')}.`,
        '',
      );
      out.push(table(['Metric', 'Value'], Object.entries(o.metrics)), '');
      if (o.temporalStore) out.push(describeStore(o.temporalStore, l.run.profile?.historyShards), '');
      if (o.details?.rows.length) out.push('Each measurement, in the order run:', '', table(o.details.columns, o.details.rows), '');
    }
  }
  if (sizing) out.push(sizing.trimEnd(), '');
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * The headline figures of a results section carried over from the page: its "Metric | Value" table, and its profile
 * and run lines, for the profiles' side-by-side table.
 */
export function sectionFigures(section: string): { line: string; metrics: Record<string, unknown> } | undefined {
  const lines = section.split('\n');
  const at = lines.indexOf('| Metric | Value |');
  if (at < 0) return undefined;
  const metrics: Record<string, unknown> = {};
  for (const l of lines.slice(at + 2)) {
    if (!l.startsWith('| ')) break;
    const [k, v] = l.replace(/^\| | \|$/g, '').split(' | ');
    metrics[k] = v;
  }
  const profile =
    lines
      .find((l) => l.startsWith('Profile '))
      ?.slice('Profile '.length)
      .replace(/\.$/, '') ?? 'dev: Temporal dev server, 1 worker';
  const run = /^Run of (\S+ \S+ UTC)/.exec(lines.find((l) => l.startsWith('Run of ')) ?? '')?.[1];
  return { line: `${profile}${run ? `; run of ${run}` : ''}`, metrics };
}

/** One paragraph on what Temporal kept in PostgreSQL during a scenario, and how busy its shards were. */
export function describeStore(t: TemporalStoreUsage, shards?: number): string {
  const mb = (b: number) => `${Math.round(b / MiB)} MB`;
  const parts = [
    `Temporal's databases went from ${mb(t.bytesBefore)} to ${mb(t.bytesAfter)} and from ${t.executionsBefore} to ${t.executionsAfter} ` +
      `workflow executions${t.bytesPerExecution !== undefined ? ` (${Math.round(t.bytesPerExecution / 1024)} KB per execution added, indexes and visibility included)` : ''}.`,
  ];
  const p = t.persistence;
  if (p) {
    parts.push(
      `The server made ${p.shardWrites} shard-serialised writes (workflow state create/update), mean ${p.meanWriteMs} ms each: ` +
        `one shard can serialise at most about ${p.writesPerSecondPerShardCeiling} such writes per second, and this scenario drove ` +
        `${p.writesPerSecondPerShardMeasured} per second through each of its ${shards ?? '?'} shards over its duration.`,
    );
  }
  return parts.join(' ');
}
