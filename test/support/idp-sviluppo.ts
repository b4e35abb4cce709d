/**
 * The development identity provider (infra/idp) as a child process of a test, on a free port, for suites that log in
 * as the console does (authorization code + PKCE) and run the API trusting it:
 *
 *   const idp = await avviaIdpSviluppo({ consoleUrls: [`${base}/console/`] });
 *   await stack.start({ env: { AUTH_JWKS_URL: idp.jwksUrl, AUTH_ISSUER: idp.issuer } });
 *   …
 *   await idp.stop();
 *
 * It signs with the development key in AUTH_DEV_KEYS_DIR (`.data/dev-keys` by default), as `npm run -s token` does.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from './stack';

const ROOT = join(__dirname, '../..');

export interface IdpSviluppo {
  /** The issuer (`iss` of its tokens): the API's AUTH_ISSUER. */
  issuer: string;
  /** The jwks_uri its discovery document publishes: the API's AUTH_JWKS_URL. */
  jwksUrl: string;
  /** The console base URLs it accepts (redirect `<base>callback`, after logout `<base>`), each ending in '/'. */
  consoleUrls: string[];
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

export interface OpzioniIdpSviluppo {
  /** The console base URLs, e.g. `http://127.0.0.1:<port>/console/`. */
  consoleUrls: string[];
  /** More environment for the provider (IDP_ACCESS_TOKEN_TTL, AUTH_AUDIENCE, AUTH_DEV_KEYS_DIR…). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Starts `tsx infra/idp/main.ts` and resolves once it prints IDP_READY and its discovery document answers. */
export async function avviaIdpSviluppo(opts: OpzioniIdpSviluppo): Promise<IdpSviluppo> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let output = '';
  const log = join(ROOT, '.data/logs/e2e-idp.log');
  mkdirSync(dirname(log), { recursive: true });
  // One process (node with tsx's loader, not the tsx CLI that forks another): the signal reaches the server.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'infra/idp/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, IDP_PORT: String(port), IDP_HOST: '127.0.0.1', IDP_ISSUER: issuer, IDP_CONSOLE_URLS: opts.consoleUrls.join(','), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (d: Buffer) => {
    output += d;
    appendFileSync(log, d);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = once(child, 'exit');

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let discovery: { issuer?: string; jwks_uri?: string } | undefined;
  while (!discovery) {
    if (child.exitCode !== null) throw new Error(`the development identity provider exited during start-up:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the development identity provider is not ready after ${opts.timeoutMs ?? 30_000} ms:\n${output.slice(-3000)}`);
    }
    if (output.includes('IDP_READY')) {
      discovery = await fetch(`${issuer}/.well-known/openid-configuration`)
        .then((r) => (r.ok ? (r.json() as Promise<{ issuer?: string; jwks_uri?: string }>) : undefined))
        .catch(() => undefined);
    }
    if (!discovery) await new Promise((r) => setTimeout(r, 100));
  }
  if (discovery.issuer !== issuer || !discovery.jwks_uri) {
    await stop();
    throw new Error(`unexpected discovery document: ${JSON.stringify(discovery)}`);
  }
  return {
    issuer,
    jwksUrl: discovery.jwks_uri,
    consoleUrls: opts.consoleUrls.map((u) => (u.endsWith('/') ? u : `${u}/`)),
    output: () => output,
    stop,
  };
}
