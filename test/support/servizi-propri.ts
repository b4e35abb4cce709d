/**
 * A Temporal dev server and a MinIO of a test's own (the binaries `npm test` built), on free ports with data in a
 * folder of the test's: for faults that would break the services the rest of the run shares (a SIGKILLed Temporal),
 * and for a fresh stack to restore a backup into.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from './stack';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, '.cache/bin');
// The Temporal CLI's folder is temporal-v<version>; temporal-server-v… and temporal-sql-tool-v… (infra/production) are not it.
const binario = (prefisso: string, nome: string) => {
  const dir = readdirSync(BIN).find((d) => d.startsWith(prefisso) && !d.includes('.tmp.'));
  if (!dir) throw new Error(`${nome} non è in ${BIN}: npm test lo costruisce (infra/services.sh build)`);
  return join(BIN, dir, nome);
};

async function finoA(what: string, child: ChildProcess, ok: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited during start-up`);
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

abstract class Servizio {
  child?: ChildProcess;
  constructor(protected readonly nome: string) {}

  protected avvia(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
    const log = join(ROOT, '.data/logs', `test-${this.nome}.log`);
    this.child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => appendFileSync(log, d));
    this.child.stderr!.on('data', (d: Buffer) => appendFileSync(log, d));
    return this.child;
  }

  /** SIGKILL (a crash) or SIGTERM; resolves once the process is gone. */
  async ferma(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = once(c, 'exit');
    c.kill(signal);
    await exited;
  }
}

export class TemporalProprio extends Servizio {
  port = 0;
  constructor(readonly dbFile: string) {
    super('temporal');
  }
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /**
   * Starts on the same port (and file) as before, if it ran already: a restart after a crash. A free port may be
   * taken by the time the server binds it (the server opens ports of its own too): a start that exits is tried again,
   * with new HTTP and metrics ports, up to three times.
   */
  async avviaServer(namespace?: string): Promise<void> {
    this.port ||= await freePort();
    mkdirSync(join(this.dbFile, '..'), { recursive: true });
    for (let tentativo = 1; ; tentativo++) {
      const args = [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--http-port',
        String(await freePort()),
        '--metrics-port',
        String(await freePort()),
        '--headless',
        '--db-filename',
        this.dbFile,
        '--log-level',
        'warn',
        ...(namespace ? ['--namespace', namespace] : []),
      ];
      const child = this.avvia(binario('temporal-v', 'temporal'), args);
      try {
        await finoA('temporal', child, async () => {
          const c = await Connection.connect({ address: this.address, connectTimeout: 1000 });
          try {
            await c.workflowService.getSystemInfo({});
            return true;
          } finally {
            await c.close();
          }
        });
        return;
      } catch (e) {
        const uscito = child.exitCode !== null || child.signalCode !== null;
        if (!uscito || tentativo >= 3) throw e;
      }
    }
  }
}

export class MinioPropria extends Servizio {
  port = 0;
  constructor(readonly dataDir: string) {
    super('minio');
  }
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async avviaServer(): Promise<void> {
    this.port ||= await freePort();
    mkdirSync(this.dataDir, { recursive: true });
    const child = this.avvia(
      binario('minio-', 'minio'),
      ['server', this.dataDir, '--quiet', '--address', `127.0.0.1:${this.port}`, '--console-address', `127.0.0.1:${await freePort()}`],
      {
        MINIO_ROOT_USER: process.env.S3_ACCESS_KEY ?? 'minioadmin',
        MINIO_ROOT_PASSWORD: process.env.S3_SECRET_KEY ?? 'minioadmin',
        MINIO_BROWSER_REDIRECT: 'off',
        MINIO_UPDATE: 'off',
        MINIO_CALLHOME_ENABLE: 'off',
      },
    );
    await finoA('minio', child, async () => (await fetch(`${this.endpoint}/minio/health/ready`)).ok);
  }
}
