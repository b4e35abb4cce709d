import type { AppConfig } from '../../libs/infrastructure/src/config/app-config';
import type { Stack } from '../../test/support/stack';
import type { HttpClient } from './http';
import type { TemporalStore } from './temporal-store';

/** What every scenario is handed: the running stack, an authenticated API client, the shared settings. */
export interface BenchContext {
  stack: Stack;
  api: HttpClient;
  config: AppConfig;
  /** The office the bench acts in, and the token's actor. */
  office: string;
  actor: { sub: string; roles: ['operatore']; office: string };
  /** Unique per run: prefixes protocol numbers and object keys so runs never collide. */
  runTag: string;
  log: (msg: string) => void;
  /**
   * The production profile's Temporal databases and metrics (undefined in `dev`): a scenario may take
   * `shardWrites()` around a batch to report the history shard writes per operation.
   */
  temporalStore?: TemporalStore;
}

/** One target, checked against one measured value. */
export interface TargetCheck {
  metric: string;
  label: string;
  value: number;
  op: '>=' | '<';
  target: number;
  unit: string;
  pass: boolean;
}

export interface ScenarioResult {
  name: string;
  title: string;
  /** Headline numbers, as shown in the summary and the docs table. */
  metrics: Record<string, number>;
  targets: TargetCheck[];
  /** The settings the scenario ran with (counts, concurrency, sizes). */
  settings: Record<string, unknown>;
  /** Every individual measurement, for later analysis. */
  raw: unknown;
  /** The measurements worth a table in the docs, one row each. */
  details: { columns: string[]; rows: (string | number)[][] };
  durationMs: number;
}

export interface Scenario {
  name: string;
  title: string;
  /** What it measures, and its targets in words, for the docs. */
  description: string;
  targets: readonly string[];
  /** What the measurements showed so far and why (kept by hand, with the date), for the docs. */
  findings?: string;
  /** Run only when named (`npm run bench -- <name>`): too long for the default run of every scenario. */
  soloSeNominato?: boolean;
  run(ctx: BenchContext): Promise<Omit<ScenarioResult, 'name' | 'title' | 'durationMs'>>;
}

export function check(metric: string, label: string, value: number, op: TargetCheck['op'], target: number, unit: string): TargetCheck {
  return { metric, label, value, op, target, unit, pass: op === '>=' ? value >= target : value < target };
}
