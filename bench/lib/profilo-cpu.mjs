// Preloaded (`node --import`) into the API and the worker by test/support/stack.ts when BENCH_CPU_PROF names a
// directory: a SIGUSR2 starts V8's CPU profiler in the process's main thread, the next SIGUSR2 stops it and writes
// `<app>-<pid>-<n>.cpuprofile` there (Chrome DevTools or speedscope read it). A scenario sends the signals around the
// window it measures, so start-up and set-up stay out of the profile. Node's own --cpu-prof cannot do this: it
// profiles from start to a normal exit, and the apps end on a re-raised SIGTERM. Workflow code runs in a worker
// thread, which this does not see: set TEMPORAL_DEBUG=1 too, and the SDK runs it in the main thread.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, dirname, join } from 'node:path';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.BENCH_CPU_PROF;
if (dir && isMainThread) {
  // dist/apps/<app>/src/main.js → <app>
  const app = basename(dirname(dirname(process.argv[1] ?? 'node/x/main.js')));
  const session = new Session();
  session.connect();
  let running = false;
  let n = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (err) return void process.stderr.write(`profilo CPU: ${err.message}\n`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${app}-${process.pid}-${++n}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
