import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../test/support/stack';
import type { BenchContext } from './types';

/**
 * The API built from an earlier commit (`BENCH_PRIMA_DIR`: a checkout with its `dist/` built, which
 * `bash infra/bench-prima.sh <commit>` prepares), run beside the current one against the same services with the same
 * settings, so both are measured in the same run. It neither migrates nor grants. Undefined without BENCH_PRIMA_DIR.
 */
export interface ApiPrecedente {
  dir: string;
  url: string;
  child: ChildProcess;
  stop(): void;
}

export async function avviaApiPrecedente(ctx: BenchContext): Promise<ApiPrecedente | undefined> {
  const dir = process.env.BENCH_PRIMA_DIR;
  const main = dir ? join(dir, 'dist/apps/api/src/main.js') : '';
  if (!dir || !existsSync(main)) return undefined;
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: dir,
    env: { ...process.env, ...ctx.stack.env, PORT: String(port), DB_MIGRATIONS_RUN: 'false', DATABASE_OWNER_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const limite = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the earlier API exited (${child.exitCode}): ${stderr.slice(-2000)}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > limite) {
      child.kill('SIGKILL');
      throw new Error(`the earlier API did not become ready: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { dir, url, child, stop: () => void child.kill('SIGTERM') };
}
