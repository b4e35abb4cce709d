/**
 * `npm run bench` (through infra/bench.sh, which prepares the services, the database, the namespace and the build).
 * Starts the built API and worker, runs the named scenarios (default: all), writes bench/results/ and
 * docs/benchmarks.md, and prints a summary. Exits non-zero only when something fails to run; a missed target is
 * reported as MISSED, because the numbers depend on the machine.
 *
 *   tsx bench/run.ts [scenario...]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../libs/infrastructure/src/config/app-config';
import { Stack } from '../test/support/stack';
import { renderSizing } from './lib/dimensionamento';
import { HttpClient } from './lib/http';
import { benchProfile } from './lib/profile';
import {
  BenchResults,
  RunProfile,
  ScenarioOutcome,
  describeProfile,
  gitInfo,
  latestOutcomes,
  machineInfo,
  renderMarkdown,
  targetLine,
  writeResults,
} from './lib/report';
import { TemporalStore } from './lib/temporal-store';
import type { BenchContext, Scenario } from './lib/types';
import { aperti100k } from './scenarios/aperti-100k';
import { consoleScenario } from './scenarios/console';
import { controlliAccesso } from './scenarios/controlli-accesso';
import { rafficaCreazioni } from './scenarios/raffica-creazioni';
import { graduatoria20k } from './scenarios/graduatoria-20k';
import { sorteggioPalermo } from './scenarios/sorteggio-palermo';
import { sorteggioSottoCarico } from './scenarios/sorteggio-sotto-carico';
import { tirocinioAttivazioni } from './scenarios/tirocinio-attivazioni';
import { upload100mb } from './scenarios/upload-100mb';
import { valutazione10k } from './scenarios/valutazione-10k';
import { workflowStart } from './scenarios/workflow-start';

const ROOT = join(__dirname, '..');
const SCENARIOS: Scenario[] = [
  workflowStart,
  upload100mb,
  valutazione10k,
  sorteggioPalermo,
  sorteggioSottoCarico,
  graduatoria20k,
  tirocinioAttivazioni,
  controlliAccesso,
  rafficaCreazioni,
  consoleScenario,
  aperti100k,
];
const OFFICE = 'CPI-BENCH';
/** Above this share of the machine's CPU taken by unrelated processes during the measurements, say so. */
const NOISY = 0.1;

const log = (msg: string) => console.log(`[bench] ${msg}`);

function selectScenarios(args: string[]): Scenario[] {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      `usage: npm run bench [-- scenario...]\n       npx tsx bench/run.ts --pagina (docs/benchmarks.md again from bench/results)\nscenarios: ${SCENARIOS.map((s) => s.name).join(', ')} (default: all but ${SCENARIOS.filter(
        (s) => s.soloSeNominato,
      )
        .map((s) => s.name)
        .join(', ')}, which run only when named)`,
    );
    process.exit(0);
  }
  const unknown = args.filter((a) => !SCENARIOS.some((s) => s.name === a));
  if (unknown.length) {
    console.error(`[bench] unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  return args.length ? SCENARIOS.filter((s) => args.includes(s.name)) : SCENARIOS.filter((s) => !s.soloSeNominato);
}

/**
 * `npx tsx bench/run.ts --pagina`: docs/benchmarks.md written again from bench/results (the latest run of each
 * scenario) and the scenarios' current descriptions and findings, without running anything: findings written after a
 * long run reach the page without repeating it.
 */
function riscriviPagina(): number {
  const resultsDir = join(ROOT, 'bench/results');
  const ultimo = join(resultsDir, 'latest.json');
  if (!existsSync(ultimo)) {
    console.error('[bench] no bench/results/latest.json: run a scenario first');
    return 2;
  }
  const latest = latestOutcomes(resultsDir, JSON.parse(readFileSync(ultimo, 'utf8')) as BenchResults);
  const page = join(ROOT, 'docs/benchmarks.md');
  const previous = existsSync(page) ? readFileSync(page, 'utf8') : '';
  writeFileSync(page, renderMarkdown(SCENARIOS, latest, previous, renderSizing(latest, previous)));
  log('docs/benchmarks.md written again from bench/results');
  return 0;
}

async function main(): Promise<number> {
  if (process.argv.includes('--pagina')) return riscriviPagina();
  const selected = selectScenarios(process.argv.slice(2));
  const config = loadConfig();
  const profile = benchProfile();
  const startedAt = new Date();
  const t0 = performance.now();

  // The production profile's Temporal databases: the shard count the server really uses, and what each scenario adds.
  const store = await TemporalStore.open(profile);
  const runProfile: RunProfile = {
    name: profile.name,
    temporalServer: profile.temporal.server,
    temporalAddress: config.TEMPORAL_ADDRESS,
    historyShards: await store?.historyShards(),
    workers: profile.workers,
  };
  log(`profile ${describeProfile(runProfile)}; Temporal at ${config.TEMPORAL_ADDRESS}, namespace ${config.TEMPORAL_NAMESPACE}`);
  const askedShards = process.env.TEMPORAL_PROD_HISTORY_SHARDS;
  if (store && askedShards && Number(askedShards) !== runProfile.historyShards) {
    // The server keeps the count its databases were first used with, whatever its configuration says now.
    log(`note: ${askedShards} history shards asked for, but the running server's databases have ${runProfile.historyShards}: measuring with those`);
  }

  const stack = new Stack();
  // Stopped from outside (Ctrl-C, a CI timeout): take the API and the worker down too rather than orphan them.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
  }
  log(`starting the API and ${profile.workers === 1 ? 'the worker' : `${profile.workers} workers`} (built dist/ apps)...`);
  try {
    await stack.start({ workers: profile.workers });
  } catch (e) {
    // Stack.start leaves whichever app did come up running when the other fails: do not orphan it.
    await stack.stop().catch(() => undefined);
    throw e;
  }
  const actor = { sub: 'bench.op', roles: ['operatore'] as ['operatore'], office: OFFICE };
  const outcomes: ScenarioOutcome[] = [];
  let api: HttpClient | undefined;
  try {
    api = new HttpClient(stack.baseUrl, await stack.idp.token(actor.sub, actor.roles, actor.office));
    const ctx: BenchContext = {
      stack,
      api,
      config,
      office: OFFICE,
      actor,
      // Base-36 time: short, unique per run, and valid in a protocollo ([A-Za-z0-9/._-]).
      runTag: `B${Date.now().toString(36).toUpperCase()}`,
      log,
      temporalStore: store,
    };
    for (const s of selected) {
      log(`${s.name}: ${s.title}`);
      const s0 = performance.now();
      const before = await store?.snapshot();
      try {
        const result = await s.run({ ...ctx, log: (msg) => log(`  ${s.name}: ${msg}`) });
        const temporalStore = store && before ? TemporalStore.usage(before, await store.snapshot(), runProfile.historyShards ?? 1) : undefined;
        outcomes.push({ name: s.name, title: s.title, profile: profile.name, ...result, temporalStore, durationMs: Math.round(performance.now() - s0) });
      } catch (e) {
        // Keep going: the other scenarios still tell something; the exit code will say this one failed.
        const error = (e as Error).stack ?? String(e);
        console.error(`[bench] ${s.name} failed: ${error}`);
        outcomes.push({ name: s.name, title: s.title, profile: profile.name, error, durationMs: Math.round(performance.now() - s0) });
      }
    }
  } finally {
    api?.close();
    await stack.stop();
    await store?.close();
  }

  const targets = outcomes.flatMap((o) => (o.targets ?? []).map((t) => ({ scenario: o.name, t })));
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - t0),
    machine: machineInfo(),
    git: gitInfo(ROOT),
    stack: {
      database: new URL(config.DATABASE_URL).pathname.slice(1),
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      bucket: config.S3_BUCKET,
    },
    profile: runProfile,
    scenarios: outcomes,
    pass: targets.every(({ t }) => t.pass),
    missed: targets.filter(({ t }) => !t.pass).map(({ scenario, t }) => `${scenario}: ${targetLine(t)} MISSED`),
    errors: outcomes.filter((o) => o.error).map((o) => `${o.name}: ${o.error!.split('\n')[0]}`),
  };
  const resultsDir = join(ROOT, 'bench/results');
  const latest = latestOutcomes(resultsDir, results);
  const file = writeResults(resultsDir, results);
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  const page = join(ROOT, 'docs/benchmarks.md');
  const previous = existsSync(page) ? readFileSync(page, 'utf8') : '';
  writeFileSync(page, renderMarkdown(SCENARIOS, latest, previous, renderSizing(latest, previous)));

  const m = results.machine;
  console.log(
    `\nBenchmark summary (${m.nproc} CPUs, ${Math.round(m.totalMemoryMb / 1024)} GB, Node ${m.node}; ${Math.round(results.durationMs / 1000)} s; profile ${describeProfile(runProfile)})`,
  );
  for (const o of outcomes) {
    if (o.error) {
      console.log(`  ${o.name}: ERROR ${o.error.split('\n')[0]}`);
      continue;
    }
    console.log(
      `  ${o.name}: ${Object.entries(o.metrics ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    for (const t of o.targets ?? []) console.log(`    ${t.pass ? 'ok    ' : 'MISSED'} ${targetLine(t)}`);
    const noise = o.metrics?.otherLoadShare ?? 0;
    if (noise > NOISY)
      console.log(`    note: other processes used ${Math.round(noise * 100)}% of the machine's CPU while this was measured: the numbers are noisy`);
  }
  console.log(
    `  ${results.missed.length ? `MISSED ${results.missed.length} target(s)` : 'all targets met'}` +
      `${results.errors.length ? `; ${results.errors.length} scenario(s) failed to run` : ''}`,
  );
  console.log(`  results: ${file.slice(ROOT.length + 1)} (and bench/results/latest.json); docs/benchmarks.md updated`);
  return results.errors.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[bench] error: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
