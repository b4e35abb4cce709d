import { ASSUMPTIONS, Measured, computeSizing, connections, renderSizing } from './dimensionamento';
import { latestKey } from './report';

const measured: Measured = {
  cpuMs: { api: 20, worker: 40, temporal: 60, postgres: 10, postgresTemporal: 30 },
  activationsPerSecond: 10,
  shardWritesPerActivation: 25,
  meanShardWriteMs: 4,
  bytesPerExecution: 50 * 1024,
  historyShards: 4,
  source: 'a run',
};

describe('computeSizing', () => {
  const s = computeSizing(measured);

  it('works the peak-hour rates out of the assumptions', () => {
    expect(s.openAtOnce).toBe(150_000); // 300,000 × 6 / 12
    expect(s.rates.activations).toBeCloseTo(((300_000 / 250) * 3 * 0.25) / 3600, 3); // 0.25/s
    expect(s.rates.presenze).toBeCloseTo(150_000 / (5 * 8 * 3600), 3);
    expect(s.rates.reminders).toBeCloseTo(150_000 / 3600, 2);
  });

  it('costs a reminder by its share of the shard writes of an activation, with no API CPU', () => {
    // 5 of 25 writes: a fifth of the activation's worker, Temporal and database CPU.
    expect(s.reminderCpuMs).toEqual({ api: 0, worker: 8, temporal: 12, postgres: 2, postgresTemporal: 6 });
  });

  it('adds the three loads per component, with headroom', () => {
    const worker = (0.25 * 40 + ((150_000 / 144_000) * 40) / 3 + (150_000 / 3600) * 8) / 1000;
    expect(s.cores.worker.demand).toBeCloseTo(worker, 3);
    expect(s.cores.worker.provisioned).toBeCloseTo(worker * 1.5, 2);
    expect(s.workers).toBe(Math.max(2, Math.ceil(worker * 1.5)));
    expect(s.apiReplicas).toBe(2); // far under a core: the availability minimum
  });

  it('sizes the shards by open executions and by measured writes, times growth, to a power of two', () => {
    expect(s.shards.byExecutions).toBe(15); // 150,000 / 10,000
    expect(s.shards.ceilingPerShard).toBe(250); // 1000 / 4 ms
    const writes = (0.25 + 150_000 / 144_000 / 3) * 25 + (150_000 / 3600) * 5;
    expect(s.shards.writesPerSecondAtPeak).toBeCloseTo(writes, 1);
    expect(s.shards.byWrites).toBe(Math.ceil(writes / (250 / 1.5)));
    expect(s.shards.chosen).toBe(128); // max(15, 2) × 8 = 120 → 128
  });

  it('without measured shard writes, falls back to a fixed share and sizes shards by executions only', () => {
    const dev = computeSizing({ ...measured, shardWritesPerActivation: undefined, meanShardWriteMs: undefined, bytesPerExecution: undefined });
    expect(dev.reminderCpuMs.temporal).toBe(60 * ASSUMPTIONS.reminderShareFallback.value);
    expect(dev.shards.byWrites).toBeUndefined();
    expect(dev.storageBytesPerYear).toBeUndefined();
  });
});

describe('computeSizing with the reminders measured (aperti-100k)', () => {
  const reminder = { cpuMs: { api: 0.01, worker: 0.65, temporal: 0.16, postgres: 1.03, postgresTemporal: 0 }, source: 'a surge' };
  const s = computeSizing({ ...measured, reminder });

  it("takes a reminder's CPU as measured, not as a share of an activation", () => {
    expect(s.reminderCpuMs).toEqual(reminder.cpuMs);
    expect(s.reminderBasis).toContain('measured: a surge');
    const postgres = (0.25 * 10 + ((150_000 / 144_000) * 10) / 3 + (150_000 / 3600) * 1.03) / 1000;
    expect(s.cores.postgres.demand).toBeCloseTo(postgres, 3);
  });

  it('counts no shard writes for the reminders: the office-wide job sends them set-wise', () => {
    expect(s.shards.writesPerSecondAtPeak).toBeCloseTo((0.25 + 150_000 / 144_000 / 3) * 25, 1);
  });
});

describe('renderSizing', () => {
  it("keeps the page's previous section when no run has the inputs", () => {
    expect(renderSizing(new Map(), 'x\n## Sizing a region: old\n\nkept')).toBe('## Sizing a region: old\n\nkept');
    expect(renderSizing(new Map(), 'no section')).toBeUndefined();
  });

  it('prefers the production profile, and says which run it used', () => {
    const run = (name: 'dev' | 'produzione', temporal: number) => ({
      outcome: { name: 'tirocinio-attivazioni', title: '', profile: name, metrics: { temporalCpuMsPerActivation: temporal, activationsPerSecond: 10 } },
      run: { startedAt: '2026-12-07T10:00:00.000Z', profile: { name, temporalServer: name, temporalAddress: '', workers: 2, historyShards: 4 } } as never,
    });
    const page = renderSizing(
      new Map([
        [latestKey('tirocinio-attivazioni', 'dev'), run('dev', 45)],
        [latestKey('tirocinio-attivazioni', 'produzione'), run('produzione', 33)],
      ]),
    )!;
    expect(page).toContain('profile produzione: produzione, 4 history shards, 2 workers');
    expect(page).toContain('| Temporal server | 33 |');
  });

  it('uses the month-start surge of aperti-100k for the reminders when there is one, and says so', () => {
    const attivazione = {
      outcome: {
        name: 'tirocinio-attivazioni',
        title: '',
        profile: 'dev' as const,
        metrics: { temporalCpuMsPerActivation: 40, workerCpuMsPerActivation: 60, activationsPerSecond: 10 },
      },
      run: { startedAt: '2026-12-07T10:00:00.000Z', profile: { name: 'dev', temporalServer: 'dev', temporalAddress: '', workers: 1 } } as never,
    };
    const aperti = {
      outcome: {
        name: 'aperti-100k',
        title: '',
        profile: 'dev' as const,
        metrics: { surgeNotices: 94_000, surgeNoticesPerSecond: 300 },
        raw: { ondata: { cpuMsPerNotice: { api: 0, worker: 0.7, temporal: 0.2, postgres: 1.1 } } },
      },
      run: { startedAt: '2026-12-07T11:00:00.000Z', profile: { name: 'dev', temporalServer: 'dev', temporalAddress: '', workers: 1 } } as never,
    };
    const senza = renderSizing(new Map([[latestKey('tirocinio-attivazioni', 'dev'), attivazione]]))!;
    expect(senza).toContain('| workers | 60 | 15 |'); // a quarter of the activation's
    const con = renderSizing(
      new Map([
        [latestKey('tirocinio-attivazioni', 'dev'), attivazione],
        [latestKey('aperti-100k', 'dev'), aperti],
      ]),
    )!;
    expect(con).toContain('| workers | 60 | 0.7 |');
    expect(con).toContain("`aperti-100k`'s month-start surge (94,000 reminders at 300/s), run of 2026-12-07 11:00 UTC");
    // A surge that fell due before its CPU window opened was partly unmetered: not used.
    const sovrapposta = { ...aperti, outcome: { ...aperti.outcome, raw: { ondata: { ...aperti.outcome.raw.ondata, dovutaPrimaS: 40 } } } };
    const senzaOndata = renderSizing(
      new Map([
        [latestKey('tirocinio-attivazioni', 'dev'), attivazione],
        [latestKey('aperti-100k', 'dev'), sovrapposta],
      ]),
    )!;
    expect(senzaOndata).toContain('| workers | 60 | 15 |');
  });
});

describe('connections', () => {
  it("adds up the apps' pools and every Temporal service's on every node", () => {
    const s = computeSizing(measured);
    expect(connections(s)).toBe((s.apiReplicas + s.workers) * 20 + 2 * 4 * 30);
  });
});
