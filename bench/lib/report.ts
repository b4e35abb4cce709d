import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { MiB } from './stats';
import type { Scenario, ScenarioResult, TargetCheck } from './types';

export interface ScenarioOutcome extends Partial<ScenarioResult> {
  name: string;
  title: string;
  /** Set when the scenario failed to run (as opposed to running and missing a target). */
  error?: string;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  machine: { nproc: number; totalMemoryMb: number; cpuModel: string; node: string; platform: string; kernel: string };
  git: { commit: string | null; dirty: boolean | null };
  stack: { database: string; namespace: string; taskQueue: string; bucket: string };
  scenarios: ScenarioOutcome[];
  /** Every target of every scenario that ran was met. */
  pass: boolean;
  missed: string[];
  errors: string[];
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

/**
 * For each scenario, the newest run that measured it: this run's outcome if it ran, otherwise the newest result file
 * that has it, so running one scenario does not wipe the other's numbers from the docs.
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
    for (const o of run.scenarios ?? []) if (!found.has(o.name) && (run === current || !o.error)) found.set(o.name, { outcome: o, run });
  }
  return found;
}

const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v).replace(/\|/g, '\\|'));

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

/** docs/benchmarks.md: what is measured, how to run it, the targets, and the latest results. Regenerated each run. */
/**
 * What an earlier docs/benchmarks.md says of a scenario: its rows in the "Latest results" table and its results
 * section. The results files are git-ignored, so on a new machine, or when only some scenarios are run, the
 * measurements of the others are carried over from the page itself rather than shown as "never run".
 */
export function previousResults(markdown: string, name: string): { rows: string[]; section: string } | undefined {
  const at = markdown.indexOf('\n## Latest results');
  if (at < 0) return undefined;
  const results = markdown.slice(at);
  const rows = results.split('\n').filter((l) => l.startsWith(`| \`${name}\` |`) && !l.includes('| never run |'));
  const start = results.indexOf(`\n### \`${name}\`\n`);
  // A scenario with no targets has no rows in the table but still a results section to keep.
  if (start < 0) return undefined;
  const next = results.indexOf('\n### ', start + 1);
  return { rows, section: results.slice(start + 1, next < 0 ? undefined : next).trimEnd() };
}

export function renderMarkdown(scenarios: Scenario[], latest: Map<string, LatestOutcome>, previous = ''): string {
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
    '## Scenarios',
    '',
  );
  for (const s of scenarios) {
    out.push(`### \`${s.name}\`: ${s.title}`, '', s.description, '', 'Targets:', '', ...s.targets.map((t) => `- ${t}`), '');
    if (s.findings) out.push('Findings:', '', s.findings, '');
  }

  out.push('## Latest results', '');
  const rows: unknown[][] = [];
  const kept = new Map<string, string>();
  for (const s of scenarios) {
    const l = latest.get(s.name);
    const date = l ? l.run.startedAt.slice(0, 10) : '';
    const before = l ? undefined : previousResults(previous, s.name);
    if (before) {
      rows.push(...before.rows.map((r) => r.replace(/^\| | \|$/g, '').split(' | ')));
      kept.set(s.name, before.section);
    } else if (!l) rows.push([`\`${s.name}\``, 'never run', '', '', '', '']);
    else if (l.outcome.error) rows.push([`\`${s.name}\``, 'failed to run', l.outcome.error.split('\n')[0].slice(0, 160), '', 'error', date]);
    else {
      for (const t of l.outcome.targets ?? []) {
        rows.push([`\`${s.name}\``, t.label, `${t.value}${t.unit ? ` ${t.unit}` : ''}`, describeTarget(t), t.pass ? 'pass' : '**MISSED**', date]);
      }
    }
  }
  out.push(table(['Scenario', 'Measure', 'Value', 'Target', 'Result', 'Date'], rows), '');
  out.push(
    'PostgreSQL, the Temporal dev server, MinIO, the API, the worker and the bench client all share the machine, so',
    'when it is CPU-bound (see "Machine CPU busy" below) every millisecond of CPU the API spends per request is',
    'taken from the services it calls: the per-process CPU columns show where the difference between the paths goes.',
    'For a start, "bench client" is the HTTP client on the API path and the Temporal client on the raw path; for an',
    'upload, the HTTP client streaming the file or the MinIO client (which hashes each part) on the direct path.',
    '',
  );

  for (const s of scenarios) {
    const l = latest.get(s.name);
    const o = l?.outcome;
    if (kept.has(s.name)) out.push(kept.get(s.name)!, '');
    if (!l || !o || o.error || !o.metrics) continue;
    out.push(`### \`${s.name}\``, '', `Run of ${describeRun(l.run)}.`, '');
    out.push(
      `Settings: ${Object.entries(o.settings ?? {})
        .map(([k, v]) => `${k} ${cell(v)}`)
        .join(', ')}.`,
      '',
    );
    out.push(table(['Metric', 'Value'], Object.entries(o.metrics)), '');
    if (o.details?.rows.length) out.push('Each measurement, in the order run:', '', table(o.details.columns, o.details.rows), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
