/**
 * Starts the real API and worker (the built `dist/` apps) as child processes against the services `npm test`
 * brought up, with a JWKS server of the test's own playing the identity provider.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { verificaLingua } from './lingua';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { exportJWK, generateKeyPair, importJWK, JWK, SignJWT } from 'jose';
import { ClientApi, creaClient } from '@app/client';
import { signToken } from '../../libs/infrastructure/src/auth/token-signer';
import { codaSistema } from '../../libs/infrastructure/src/config/app-config';

const ROOT = join(__dirname, '../..');
export const ISSUER = 'https://idp.test.local';
/** The scrape token the test stack's /metrics answers to. */
export const METRICS_TOKEN = 'metriche-di-prova-0123456789';
export const AUDIENCE = 'workflow-engine';

/** Signs exactly the given payload (RS256) with `key`. */
export async function signRaw(key: JWK, payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(await importJWK(key, 'RS256'));
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as AddressInfo;
  srv.close();
  return port;
}

/** A tiny OIDC-like key server: publishes a JWKS and signs tokens with the matching private key. */
export class TestIdentityProvider {
  private server?: Server;
  private key?: JWK;
  url = '';

  async start(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    this.key = { ...(await exportJWK(privateKey)), kid: 'test-1', alg: 'RS256' };
    const pub = { ...(await exportJWK(publicKey)), kid: 'test-1', alg: 'RS256', use: 'sig' };
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [pub] }));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  token(sub: string, roles: string[], office: string, opts: { issuer?: string; ttl?: string; soggetto?: string } = {}): Promise<string> {
    return signToken(this.key!, { sub, roles, office, soggetto: opts.soggetto }, { issuer: opts.issuer ?? ISSUER, audience: AUDIENCE, ttl: opts.ttl });
  }

  /** A token with exactly these claims, signed by this provider (no expiry unless `exp` is among them). */
  raw(claims: Record<string, unknown>): Promise<string> {
    return signRaw(this.key!, { iss: ISSUER, aud: AUDIENCE, iat: Math.floor(Date.now() / 1000), ...claims });
  }

  async stop(): Promise<void> {
    this.server?.close();
  }
}

class AppProcess {
  child?: ChildProcess;
  output = '';
  /** `name` tells the log apart when several processes run the same app (the second worker logs to e2e-worker-2.log). */
  constructor(
    private readonly app: 'api' | 'worker',
    private readonly env: NodeJS.ProcessEnv,
    private readonly name: string = app,
  ) {}

  async start(ready: () => Promise<boolean>, timeoutMs = Number(process.env.STACK_PRONTO_MS ?? 60_000)): Promise<void> {
    this.output = '';
    // BENCH_CPU_PROF=<dir>: the bench's CPU profiler, started and stopped by SIGUSR2 (bench/lib/profilo-cpu.mjs).
    const profilo = process.env.BENCH_CPU_PROF ? ['--import', pathToFileURL(join(ROOT, 'bench/lib/profilo-cpu.mjs')).href] : [];
    this.child = spawn(process.execPath, [...profilo, join(ROOT, `dist/apps/${this.app}/src/main.js`)], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Kept in memory for start-up errors, and on disk for any failure to be read afterwards.
    const log = join(ROOT, '.data/logs', `e2e-${this.name}.log`);
    mkdirSync(dirname(log), { recursive: true });
    const append = (d: Buffer) => {
      this.output += d;
      appendFileSync(log, d);
    };
    this.child.stdout!.on('data', append);
    this.child.stderr!.on('data', append);
    const deadline = Date.now() + timeoutMs;
    while (!(await ready().catch(() => false))) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited during start-up:\n${this.output.slice(-3000)}`);
      if (Date.now() > deadline) {
        await this.stop('SIGKILL'); // never leave a half-started process polling the task queue
        throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.output.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The pid while the process runs; undefined once it has exited (or before it started). */
  get pid(): number | undefined {
    const child = this.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  /**
   * Stops the process and waits for it to exit. One still up 60 s after a SIGTERM (far past its drain) is killed and
   * the stop fails naming it: a lingering process would otherwise hold the whole run open.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const rimasto = await Promise.race([exited.then(() => false), new Promise<boolean>((ok) => (timer = setTimeout(() => ok(true), 60_000)))]);
    clearTimeout(timer);
    if (rimasto) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${this.name} still running 60 s after ${signal}: killed (its log: .data/logs/e2e-${this.name}.log)`);
    }
  }
}

const WORKER_START_TIMEOUT_MS = 180_000;

export interface StackOptions {
  /** Overrides the stack's settings: AUTH_JWKS_URL and AUTH_ISSUER for another identity provider, PORT for the API's port. */
  env?: NodeJS.ProcessEnv;
  /** For the API alone (the worker keeps `env`): e.g. its dependencies reached through a proxy the test cuts. */
  apiEnv?: NodeJS.ProcessEnv;
  /** Worker processes polling the same task queue (default 1): the bench's production profile runs two. */
  workers?: number;
}

/** The API and the worker(s), started against the services of the current `npm test` run. */
export class Stack {
  readonly idp = new TestIdentityProvider();
  api!: AppProcess;
  workers: AppProcess[] = [];
  baseUrl = '';
  env: NodeJS.ProcessEnv = {};
  /** The settings `start` gave, before any `riavvia`. */
  private envBase: NodeJS.ProcessEnv = {};

  /** The first worker: the only one unless the stack was started with `workers`. */
  get worker(): AppProcess {
    return this.workers[0];
  }

  async start(opts: StackOptions = {}): Promise<void> {
    await this.idp.start();
    // A suite may choose the port (e.g. to give an identity provider the console's URL before the API starts).
    const port = opts.env?.PORT ? Number(opts.env.PORT) : await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.env = {
      PORT: String(port),
      AUTH_JWKS_URL: this.idp.url,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // The draw periods' schedule looks every 2 s instead of 5 minutes, so near periods begin and are revealed in time.
      SORTEGGIO_CONTROLLO_PERIODI: 'PT2S',
      METRICS_TOKEN,
      // Every test calls from 127.0.0.1, many as one user: the limits are tried on purpose in sicurezza.e2e-spec.ts.
      RATE_LIMIT_UTENTE_AL_MINUTO: '1000000',
      RATE_LIMIT_IP_AL_MINUTO: '1000000',
      ...opts.env,
    };
    this.envBase = this.env;
    const workers = opts.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer (got ${workers})`);
    this.api = new AppProcess('api', { ...this.env, ...opts.apiEnv });
    this.workers = Array.from({ length: workers }, (_, i) => new AppProcess('worker', this.env, i === 0 ? 'worker' : `worker-${i + 1}`));
    const started = await Promise.allSettled([this.api.start(() => this.apiReady()), this.startWorkers()]);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stop(); // if one app failed, do not leave the other running
      throw failed.reason;
    }
  }

  /**
   * Starts the worker (the first one, or the `index`-th); ready when Temporal lists this very process (identity
   * pid@host) among the task queue's pollers.
   */
  async startWorker(index = 0): Promise<void> {
    const worker = this.workers[index];
    if (!worker) throw new Error(`no worker ${index}: the stack has ${this.workers.length}`);
    const connection = await Connection.connect({ address: this.env.TEMPORAL_ADDRESS ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
    try {
      // A worker bundles its workflows as it starts: on a busy 2-CPU machine, with two workers starting at once (the
      // bench's production profile), that alone took over a minute.
      // Both of its Workers: the procedures' task queue and the system jobs'.
      const coda = this.env.TEMPORAL_TASK_QUEUE ?? process.env.TEMPORAL_TASK_QUEUE ?? 'procedure';
      const code = [coda, this.env.TEMPORAL_TASK_QUEUE_SISTEMA ?? process.env.TEMPORAL_TASK_QUEUE_SISTEMA ?? codaSistema(coda)];
      const polla = async (name: string) => {
        const { pollers } = await connection.workflowService.describeTaskQueue({
          namespace: this.env.TEMPORAL_NAMESPACE ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
          taskQueue: { name },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        return (pollers ?? []).some((p) => p.identity === `${worker.child?.pid}@${hostname()}`);
      };
      await worker.start(async () => (await Promise.all(code.map(polla))).every(Boolean), WORKER_START_TIMEOUT_MS);
    } finally {
      await connection.close();
    }
  }

  /**
   * Stops the API and the worker and starts them again with `env` over the settings `start` gave (no argument: those
   * settings): the port and the identity provider stay, so clients and tokens keep working.
   */
  async riavvia(env: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): Promise<void> {
    await Promise.all([this.api?.stop(), this.stopWorkers()]);
    this.env = { ...this.envBase, ...env };
    this.api = new AppProcess('api', this.env);
    this.workers = this.workers.map((_, i) => new AppProcess('worker', this.env, i === 0 ? 'worker' : `worker-${i + 1}`));
    await Promise.all([this.api.start(() => this.apiReady(), timeoutMs), this.startWorkers()]);
  }

  /** Starts every worker that is not running (all of them at start-up; after `stopWorkers`, all again). */
  async startWorkers(): Promise<void> {
    const stopped = this.workers.map((w, i) => (w.pid === undefined ? i : -1)).filter((i) => i >= 0);
    const started = await Promise.allSettled(stopped.map((i) => this.startWorker(i)));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async stopWorkers(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop(signal)));
  }

  /** The pids of the running API and workers, by app: what the bench's CPU meter counts as the stack's. */
  pids(): { api: number[]; worker: number[] } {
    const live = (ps: AppProcess[]) => ps.map((p) => p.pid).filter((pid): pid is number => pid !== undefined);
    return { api: live(this.api ? [this.api] : []), worker: live(this.workers) };
  }

  /** Starts the API again (after a test killed it), with the same settings. */
  async startApi(): Promise<void> {
    await this.api.start(() => this.apiReady());
  }

  private async apiReady(): Promise<boolean> {
    try {
      return (await fetch(`${this.baseUrl}/health/ready`)).ok;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.api?.stop(), ...this.workers.map((w) => w.stop())]);
    await this.idp.stop();
  }

  /**
   * The API's typed client (libs/client, generated from openapi.json) acting with `token`: for the calls a test makes
   * as a client would. Every answer is read for English texts as `call` reads it. Tests that must send what the
   * contract does not allow (malformed bodies, wrong types) use `call`.
   */
  client(token?: string): ClientApi {
    const client = creaClient(this.baseUrl, token);
    client.use({
      async onResponse({ request, response }) {
        const text = await response.clone().text();
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        verificaLingua(request.method, new URL(request.url).pathname, json);
      },
    });
    return client;
  }

  /** An HTTP call to the API; JSON in and out. */
  async call(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    verificaLingua(method, path, json);
    return { status: res.status, headers: res.headers, json, text };
  }
}

/**
 * The data of a typed client's answer, which must be a success: otherwise the test fails naming the call, its status
 * and the problem the API answered.
 */
export function dati<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (!r.response.ok || r.error !== undefined) throw new Error(`${r.response.url} → ${r.response.status}: ${JSON.stringify(r.error)}`);
  return r.data as T;
}

/** Minimal valid files, recognised from their bytes. */
export const samples = {
  /** One blank A4 page: a PDF a reader opens (documents that are examined must be). */
  pdf: Buffer.from(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  ),
  png: Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a80000000049454e44ae426082',
    'hex',
  ),
};

export function form(fields: Record<string, string>, file: { name: string; bytes: Buffer }): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  return fd;
}

/** Every item of a paged list, following its Link rel="next" from `url`; with the number of pages read. */
export async function tutteLePagine(stack: Stack, url: string, token: string): Promise<{ ids: string[]; pagine: number }> {
  const ids: string[] = [];
  let pagine = 0;
  for (let next: string | undefined = url; next; pagine++) {
    if (pagine > 50) throw new Error(`${url}: more than 50 pages`);
    const res = await stack.call('GET', next, token);
    if (res.status !== 200) throw new Error(`GET ${next} → ${res.status}: ${res.text}`);
    ids.push(...(res.json as Array<{ id: string }>).map((x) => x.id));
    next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  return { ids, pagine };
}
