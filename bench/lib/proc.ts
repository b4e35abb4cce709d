import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { BenchProfile, benchProfile } from './profile';

/**
 * Peak-memory probe for another process through /proc (Linux; writing clear_refs needs the same user or root).
 * Writing "5" to clear_refs resets VmHWM (the resident-set high-water mark) to the current RSS, so the HWM read
 * after an operation is the peak reached during it.
 */
export class MemoryProbe {
  constructor(readonly pid: number) {}

  /** Resets the high-water mark; returns the RSS at that moment, in KiB. */
  reset(): number {
    writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
    return this.status().VmRSS;
  }

  /** VmRSS and VmHWM, in KiB. */
  status(): { VmRSS: number; VmHWM: number } {
    const text = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
      if (!m) throw new Error(`/proc/${this.pid}/status has no ${field}`);
      return Number(m[1]);
    };
    return { VmRSS: kib('VmRSS'), VmHWM: kib('VmHWM') };
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the platform runs on

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces), starting at field 3: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds used so far by the machine (busy, total) from /proc/stat, to tell whether a run saturated it. */
function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0); // idle + iowait
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** A process of the machine as /proc shows it: its command name, and its command line read only when asked. */
export interface ProcessInfo {
  pid: number;
  comm: string;
  cmdline(): string;
}

/** The group a service's process is counted in (postgres, temporal, ...), or undefined: not the stack's. */
export type ServiceClassifier = (p: ProcessInfo) => string | undefined;

/**
 * The database a PostgreSQL backend serves, from its process title ("postgres: [cluster: ]user database host(port)
 * state"); undefined for the postmaster and the auxiliary processes (checkpointer, WAL writer, autovacuum, ...).
 */
export function postgresBackendDatabase(title: string): string | undefined {
  const m = /^postgres: (?:\S+: )?\S+ (\S+) (?:\S*\(\d+\)|\[local\])/.exec(title.replace(/\0/g, ' '));
  return m?.[1];
}

/**
 * Which processes are the stack's services, for a profile:
 * - PostgreSQL: a backend serving the application's database is `postgres`, one serving Temporal's databases is
 *   `postgresTemporal`, one serving any other database (other people's tests) is not the stack's; the postmaster and
 *   the auxiliary processes, shared by every database, are `postgres`.
 * - Temporal: the dev server (command `temporal`) in `dev`; in `produzione` the server binary (command `server`) run
 *   with the profile's `--root`, while the dev server, which other people's tests use, is not the stack's.
 * - MinIO: `minio`.
 */
export function serviceClassifier(profile: BenchProfile): ServiceClassifier {
  const { appDatabase, databases, root } = profile.temporal;
  return (p) => {
    if (p.comm.startsWith('postgres')) {
      const db = postgresBackendDatabase(p.cmdline());
      if (db === undefined || !appDatabase) return 'postgres';
      if (databases.includes(db)) return 'postgresTemporal';
      return db === appDatabase ? 'postgres' : undefined;
    }
    if (p.comm.startsWith('minio')) return 'minio';
    if (profile.name === 'dev') return p.comm.startsWith('temporal') ? 'temporal' : undefined;
    return p.comm === 'server' && root !== undefined && p.cmdline().split('\0').includes(root) ? 'temporal' : undefined;
  };
}

/** Each live process `classify` puts in a group, with its group. */
export function serviceProcesses(classify: ServiceClassifier): Array<{ pid: number; group: string }> {
  const out: Array<{ pid: number; group: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const group = classify({ pid: Number(entry), comm, cmdline: () => readFileSync(`/proc/${entry}/cmdline`, 'utf8') });
      if (group) out.push({ pid: Number(entry), group });
    } catch {
      // The process exited while we looked.
    }
  }
  return out;
}

/** CPU seconds so far of each live process `classify` puts in a group, keyed `group:pid`. */
function cpuOfServices(classify: ServiceClassifier): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { pid, group } of serviceProcesses(classify)) {
    try {
      out[`${group}:${pid}`] = cpuSeconds(pid);
    } catch {
      // Exited since it was listed.
    }
  }
  return out;
}

export interface CpuSnapshot {
  processes: Record<string, number>;
  machine: { busy: number; total: number };
}

/**
 * Where the CPU went during a measured window: the named processes (API, workers, this client), the services of the
 * bench profile (bench/lib/profile.ts: which Temporal server, which PostgreSQL backends), and the machine as a whole.
 * Cheap enough to take before and after each batch.
 */
export class CpuMeter {
  /**
   * `pids` is asked at each snapshot: an app may be restarted (new pid) or stopped (undefined) in between; a name may
   * have several processes (two workers), summed in its group.
   */
  constructor(
    private readonly pids: () => Record<string, number | readonly number[] | undefined>,
    private readonly classify: ServiceClassifier = serviceClassifier(benchProfile()),
  ) {}

  /** The API and every worker of a Stack (`stack.pids()`), with the bench profile's services. */
  static ofStack(stack: { pids(): Record<string, readonly number[]> }): CpuMeter {
    return new CpuMeter(() => stack.pids());
  }

  snapshot(): CpuSnapshot {
    const own = process.cpuUsage();
    const apps: Record<string, number> = {};
    for (const [name, pids] of Object.entries(this.pids())) {
      for (const pid of pids === undefined ? [] : typeof pids === 'number' ? [pids] : pids) {
        try {
          apps[`${name}:${pid}`] = cpuSeconds(pid);
        } catch {
          // Exited: it used nothing more from here on.
        }
      }
    }
    return {
      processes: { ...apps, client: (own.user + own.system) / 1e6, ...cpuOfServices(this.classify) },
      machine: machineCpu(),
    };
  }

  /**
   * CPU milliseconds each process (services summed by command name) used between two snapshots, and the machine's
   * busy share (0..1) over the window. Per pid, so a process that exits in between (a PostgreSQL backend) only
   * loses its own last moments instead of making the sum go negative.
   */
  static diff(a: CpuSnapshot, b: CpuSnapshot): { cpuMs: Record<string, number>; machineBusy: number } {
    const sums: Record<string, number> = {};
    for (const [key, now] of Object.entries(b.processes)) {
      const group = key.split(':')[0];
      sums[group] = (sums[group] ?? 0) + now - (a.processes[key] ?? 0);
    }
    // Whatever else ran on the machine meanwhile (other users, builds): the noise in this window. Clock-tick
    // rounding can make it slightly negative when nothing else ran.
    sums.other = Math.max(0, b.machine.busy - a.machine.busy - Object.values(sums).reduce((x, y) => x + y, 0));
    const cpuMs = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Math.round(v * 1000)]));
    const busy = (b.machine.busy - a.machine.busy) / Math.max(1e-9, b.machine.total - a.machine.total);
    return { cpuMs, machineBusy: Math.round(busy * 100) / 100 };
  }
}

/**
 * Waits until each of the given process groups of `meter` (e.g. api, worker, temporal) has been (almost) idle for
 * `quietWindows` consecutive windows: used between measurements so work one queued (the worker running the
 * workflows a batch started, Temporal terminating a scenario's workflows) does not bleed into the next. Returns how
 * long it waited; gives up after `timeoutMs` (the machine may be shared) and returns -1.
 */
export async function waitUntilIdle(
  meter: CpuMeter,
  groups: string[],
  opts: { windowMs?: number; maxCpuShare?: number; quietWindows?: number; timeoutMs?: number } = {},
): Promise<number> {
  const { windowMs = 500, maxCpuShare = 0.1, quietWindows = 2, timeoutMs = 20_000 } = opts;
  const start = Date.now();
  let quiet = 0;
  let before = meter.snapshot();
  while (quiet < quietWindows) {
    if (Date.now() - start > timeoutMs) return -1;
    await new Promise((r) => setTimeout(r, windowMs));
    const now = meter.snapshot();
    const { cpuMs } = CpuMeter.diff(before, now);
    const busiest = Math.max(...groups.map((g) => (cpuMs[g] ?? 0) / windowMs));
    quiet = busiest <= maxCpuShare ? quiet + 1 : 0;
    before = now;
  }
  return Date.now() - start;
}
