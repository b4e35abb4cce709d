import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '../..');
const vivo = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * infra/supervise.sh, which runs the API and the worker under `npm start`: a process that dies is started again, with
 * a line saying so; a stop request reaches the process, which ends its work, and nothing is left running.
 */
describe('the supervisor of npm start', () => {
  it('restarts a process that crashes, logs it, and on SIGTERM stops it gracefully and exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supervise-'));
    // Crashes on its first start; from the second on it runs, writes its pid, and on SIGTERM records a clean exit.
    writeFileSync(
      join(dir, 'app.js'),
      `
      const fs = require('fs'), path = require('path');
      const runs = path.join(${JSON.stringify(dir)}, 'runs');
      const n = (fs.existsSync(runs) ? Number(fs.readFileSync(runs, 'utf8')) : 0) + 1;
      fs.writeFileSync(runs, String(n));
      if (n === 1) { console.error('boom'); process.exit(3); }
      fs.writeFileSync(path.join(${JSON.stringify(dir)}, 'pid'), String(process.pid));
      process.on('SIGTERM', () => { fs.writeFileSync(path.join(${JSON.stringify(dir)}, 'stopped'), 'clean'); process.exit(0); });
      setInterval(() => {}, 1000);
    `,
    );
    const sup = spawn('bash', [join(ROOT, 'infra/supervise.sh'), 'prova', process.execPath, join(dir, 'app.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    sup.stdout.on('data', (d) => (log += d));
    sup.stderr.on('data', (d) => (log += d));
    try {
      const pid = await waitFor('the restarted process', async () => {
        try {
          return Number(readFileSync(join(dir, 'pid'), 'utf8')) || undefined;
        } catch {
          return undefined;
        }
      });
      expect(log).toMatch(/\[supervise\] .* prova exited \(code 3\) after \d+ s; restarting in 1 s/);
      expect(readFileSync(join(dir, 'runs'), 'utf8')).toBe('2');
      expect(vivo(pid)).toBe(true);

      sup.kill('SIGTERM');
      const [code] = await once(sup, 'exit');
      expect(code).toBe(0);
      expect(readFileSync(join(dir, 'stopped'), 'utf8')).toBe('clean');
      expect(vivo(pid)).toBe(false);
      expect(readFileSync(join(dir, 'runs'), 'utf8')).toBe('2'); // not started again after the stop
    } finally {
      if (sup.exitCode === null) sup.kill('SIGKILL');
    }
  });
});
