import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProfileName } from './profile';
import { BenchResults, ScenarioOutcome, latestKey, latestOutcomes, previousResults, renderMarkdown } from './report';
import type { Scenario } from './types';

const scenario = (name: string): Scenario => ({
  name,
  title: `${name} title`,
  description: 'what it does',
  targets: ['a target'],
  run: () => Promise.reject(new Error('not run here')),
});

const outcome = (name: string, profile: ProfileName | undefined, value: number): ScenarioOutcome => ({
  name,
  title: `${name} title`,
  profile,
  metrics: { ratio: value, otherLoadShare: 0.01 },
  targets: [{ metric: 'ratio', label: 'API / raw', value, op: '>=', target: 0.8, unit: '', pass: value >= 0.8 }],
  settings: { n: 1 },
  details: { columns: ['Batch'], rows: [['one']] },
});

const run = (startedAt: string, profile: ProfileName | undefined, scenarios: ScenarioOutcome[]): BenchResults => ({
  startedAt,
  finishedAt: startedAt,
  durationMs: 1,
  machine: { nproc: 2, totalMemoryMb: 1024, cpuModel: 'cpu', node: 'v20', platform: 'linux-x64', kernel: '6' },
  git: { commit: 'abc', dirty: false },
  stack: { database: 'db', namespace: 'ns', taskQueue: 'q', bucket: 'b' },
  profile: profile && { name: profile, temporalServer: 'a server', temporalAddress: '127.0.0.1:7333', historyShards: 4, workers: profile === 'dev' ? 1 : 2 },
  scenarios,
  pass: true,
  missed: [],
  errors: [],
});

describe('latestOutcomes', () => {
  it('keeps the newest outcome of each scenario in each profile; results written before profiles are dev', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    writeFileSync(
      join(dir, '2026-12-01T10-00-00.000Z.json'),
      JSON.stringify(run('2026-12-01T10:00:00.000Z', undefined, [outcome('workflow-start', undefined, 0.4)])),
    );
    writeFileSync(
      join(dir, '2026-12-02T10-00-00.000Z.json'),
      JSON.stringify(run('2026-12-02T10:00:00.000Z', 'produzione', [outcome('workflow-start', 'produzione', 0.5)])),
    );
    const current = run('2026-12-03T10:00:00.000Z', 'produzione', [outcome('tirocinio-attivazioni', 'produzione', 0.1)]);
    const latest = latestOutcomes(dir, current);
    expect(latest.get(latestKey('workflow-start', 'dev'))?.outcome.metrics?.ratio).toBe(0.4);
    expect(latest.get(latestKey('workflow-start', 'produzione'))?.outcome.metrics?.ratio).toBe(0.5);
    expect(latest.get(latestKey('tirocinio-attivazioni', 'produzione'))?.run).toBe(current);
    expect(latest.has(latestKey('tirocinio-attivazioni', 'dev'))).toBe(false);
  });
});

describe('renderMarkdown with two profiles', () => {
  const scenarios = [scenario('workflow-start'), scenario('upload-100mb')];
  const dev = run('2026-12-01T10:00:00.000Z', 'dev', [outcome('workflow-start', 'dev', 0.43)]);
  const prod = run('2026-12-02T10:00:00.000Z', 'produzione', [outcome('workflow-start', 'produzione', 0.61)]);
  const latest = new Map([
    [latestKey('workflow-start', 'dev'), { outcome: dev.scenarios[0], run: dev }],
    [latestKey('workflow-start', 'produzione'), { outcome: prod.scenarios[0], run: prod }],
  ]);
  const page = renderMarkdown(scenarios, latest, '', '## Sizing a region: x\n\nthe sizing');

  it("shows both profiles' rows, their figures side by side, one section each, and the sizing at the end", () => {
    expect(page).toContain('| `workflow-start` | dev | API / raw | 0.43 | >= 0.8 | **MISSED** | 2026-12-01 |');
    expect(page).toContain('| `workflow-start` | produzione | API / raw | 0.61 | >= 0.8 | **MISSED** | 2026-12-02 |');
    expect(page).toContain('| `upload-100mb` | dev | never run |');
    expect(page).toContain('| Metric | dev | produzione |\n| --- | --- | --- |\n| ratio | 0.43 | 0.61 |');
    expect(page).toContain('\n### `workflow-start`\n');
    expect(page).toContain('\n### `workflow-start` (produzione)\n');
    expect(page).toContain('Profile produzione: a server, 4 history shards, 2 workers.');
    expect(page.trimEnd().endsWith('the sizing')).toBe(true);
  });

  it("carries each profile's rows and section over from the page when a run has neither", () => {
    const prodAgain = previousResults(page, 'workflow-start', 'produzione')!;
    expect(prodAgain.rows).toEqual([['`workflow-start`', 'produzione', 'API / raw', '0.61', '>= 0.8', '**MISSED**', '2026-12-02']]);
    expect(prodAgain.section.startsWith('### `workflow-start` (produzione)\n')).toBe(true);
    expect(prodAgain.section).not.toContain('Sizing');
    const devAgain = previousResults(page, 'workflow-start', 'dev')!;
    expect(devAgain.rows.map((r) => r[1])).toEqual(['dev']);
    expect(devAgain.section).not.toContain('(produzione)');

    const next = renderMarkdown(scenarios, new Map(), page);
    expect(next).toContain('| `workflow-start` | produzione | API / raw | 0.61 |');
    expect(next).toContain('\n### `workflow-start` (produzione)\n');
  });

  it('reads the rows of a page written before profiles as the dev profile', () => {
    const old = [
      '## Latest results',
      '',
      '| Scenario | Measure | Value | Target | Result | Date |',
      '| --- | --- | --- | --- | --- | --- |',
      '| `workflow-start` | API / raw Temporal start throughput | 0.431 | >= 0.8 | **MISSED** | 2026-12-05 |',
      '',
      '### `workflow-start`',
      '',
      'Run of then.',
    ].join('\n');
    expect(previousResults(`x\n${old}`, 'workflow-start', 'dev')?.rows).toEqual([
      ['`workflow-start`', 'dev', 'API / raw Temporal start throughput', '0.431', '>= 0.8', '**MISSED**', '2026-12-05'],
    ]);
    expect(previousResults(`x\n${old}`, 'workflow-start', 'produzione')).toBeUndefined();
  });
});

describe('the profiles side by side, when one profile is carried over from the page', () => {
  it('takes the carried profile’s figures from its section', () => {
    const scenarios = [scenario('workflow-start')];
    const dev = run('2026-12-01T10:00:00.000Z', 'dev', [outcome('workflow-start', 'dev', 0.43)]);
    const prod = run('2026-12-02T10:00:00.000Z', 'produzione', [outcome('workflow-start', 'produzione', 0.61)]);
    const page = renderMarkdown(
      scenarios,
      new Map([
        [latestKey('workflow-start', 'dev'), { outcome: dev.scenarios[0], run: dev }],
        [latestKey('workflow-start', 'produzione'), { outcome: prod.scenarios[0], run: prod }],
      ]),
    );
    const dev2 = run('2026-12-03T10:00:00.000Z', 'dev', [outcome('workflow-start', 'dev', 0.5)]);
    const next = renderMarkdown(scenarios, new Map([[latestKey('workflow-start', 'dev'), { outcome: dev2.scenarios[0], run: dev2 }]]), page);
    expect(next).toContain('| Metric | dev | produzione |\n| --- | --- | --- |\n| ratio | 0.5 | 0.61 |');
    expect(next).toContain('- produzione: a server, 4 history shards, 2 workers; run of 2026-12-02 10:00 UTC.');
  });
});
