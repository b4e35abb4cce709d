/**
 * The worker stops on SIGTERM whenever it comes: while it starts (before Nest listens for signals: its workflow
 * bundle is being built), as soon as it polls (its schedules not yet set), and once running. A worker that lingers
 * after a SIGTERM keeps its database pool and its e-mail loop, and a supervisor waiting for it never replaces it (a
 * full run of the suite hung so: the worker of a stopped stack was still up 10 minutes later, Temporal's runtime
 * having taken the signal alone while Nest did not listen yet).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

jest.setTimeout(150_000);

const ROOT = join(__dirname, '../..');
/** Far more than the worker's drain (WORKER_SHUTDOWN_GRACE_MS, 10 s by default): past it, the process lingers. */
const ATTESA_MASSIMA_MS = 60_000;

/** The built worker with info logs, and a promise per log line awaited. */
function worker(): { child: ChildProcess; riga: (re: RegExp) => Promise<void>; uscita: Promise<[number | null, NodeJS.Signals | null]> } {
  // Its e-mail loop busy (a round every 0.5 s, as in the SMTP fault test): the database pool never idles, so only a
  // real shutdown closes it. With the loop quiet, a lingering process would exit by itself once the pool idled.
  const env = { ...process.env, LOG_LEVEL: 'info', SMTP_URL: `smtp://127.0.0.1:${process.env.MAILPIT_SMTP_PORT ?? 1025}`, EMAIL_CONTROLLO_OGNI: 'PT0.5S' };
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let testo = '';
  const attese: Array<{ re: RegExp; ok: () => void }> = [];
  const leggi = (d: Buffer) => {
    testo += d.toString();
    for (const a of attese.filter((x) => x.re.test(testo))) {
      attese.splice(attese.indexOf(a), 1);
      a.ok();
    }
  };
  child.stdout!.on('data', leggi);
  child.stderr!.on('data', leggi);
  const uscita = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const riga = (re: RegExp) => (re.test(testo) ? Promise.resolve() : new Promise<void>((ok) => attese.push({ re, ok })));
  return { child, riga, uscita };
}

/** SIGTERM once `momento` is logged; how the process ended, or 'ancora attivo' if it is still up after the wait. */
async function fermaA(momento: RegExp): Promise<string> {
  const w = worker();
  try {
    await Promise.race([
      w.riga(momento),
      w.uscita.then(([code]) => {
        throw new Error(`the worker exited (${code}) before logging ${momento}`);
      }),
      // A line that never comes fails the test here, and the worker is killed below (left up, it kept Jest alive).
      new Promise<never>((_, no) => setTimeout(() => no(new Error(`the worker did not log ${momento} in ${ATTESA_MASSIMA_MS} ms`)), ATTESA_MASSIMA_MS).unref()),
    ]);
    w.child.kill('SIGTERM');
    const timer = new Promise<string>((ok) => setTimeout(() => ok('ancora attivo'), ATTESA_MASSIMA_MS).unref());
    return await Promise.race([w.uscita.then(([code, signal]) => (code === 0 || signal === 'SIGTERM' ? 'uscito' : `uscito con ${code ?? signal}`)), timer]);
  } finally {
    if (w.child.exitCode === null && w.child.signalCode === null) {
      w.child.kill('SIGKILL');
      await w.uscita;
    }
  }
}

describe('worker stopped by SIGTERM', () => {
  it('exits when the signal comes while it starts, before Nest listens for signals', async () => {
    // Bundled at start (from source, or a stale bundle) or loaded prebuilt (dist/workflow-bundle.js): either way
    // logged by Temporal's runtime before Nest listens for signals.
    expect(await fermaA(/Workflow bundle (created|prebuilt)/)).toBe('uscito');
  });

  it('exits when the signal comes as soon as it polls, its schedules not yet set', async () => {
    expect(await fermaA(/worker running on task queue/)).toBe('uscito');
  });

  it('exits when the signal comes once it runs', async () => {
    expect(await fermaA(/schedule riconciliazione-documenti/)).toBe('uscito');
  });
});
