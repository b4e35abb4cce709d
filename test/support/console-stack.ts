/**
 * The whole stack as the console's users meet it: the development identity provider (infra/idp), the real API
 * serving the built console and trusting that provider, the worker, and a Chromium to drive. The API's port is
 * chosen first, so that the provider knows the console's address (its redirect) before either starts.
 */
import { isAbsolute, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { utenteSviluppo } from '../../infra/idp/utenti';
import { loadOrCreateDevKeys } from '../../libs/infrastructure/src/auth/dev-keys';
import { signToken } from '../../libs/infrastructure/src/auth/token-signer';
import { apriBrowser } from './browser';
import { avviaIdpSviluppo, IdpSviluppo } from './idp-sviluppo';
import { AUDIENCE, freePort, Stack, StackOptions } from './stack';

const ROOT = join(__dirname, '../..');

export class ConsoleStack {
  readonly stack = new Stack();
  idp!: IdpSviluppo;
  browser!: Browser;
  baseUrl = '';

  async start(opts: StackOptions = {}): Promise<void> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.idp = await avviaIdpSviluppo({ consoleUrls: [`${this.baseUrl}/console/`] });
    await this.stack.start({ ...opts, env: { ...opts.env, PORT: String(port), AUTH_JWKS_URL: this.idp.jwksUrl, AUTH_ISSUER: this.idp.issuer } });
    this.browser = await apriBrowser();
  }

  /**
   * A token of a development user for the API, as the provider would issue it (same key, issuer, audience and
   * claims): for the data a journey does not enter itself and for checking the state it leaves.
   */
  async token(sub: string): Promise<string> {
    const u = utenteSviluppo(sub);
    if (!u) throw new Error(`${sub}: not a development user (infra/idp/utenti.ts)`);
    const dir = process.env.AUTH_DEV_KEYS_DIR ?? '.data/dev-keys';
    const { privateJwk } = await loadOrCreateDevKeys(isAbsolute(dir) ? dir : join(ROOT, dir));
    return signToken(
      privateJwk,
      { sub: u.sub, roles: u.ruoli, office: u.ufficio, soggetto: u.soggetto },
      { issuer: this.idp.issuer, audience: AUDIENCE, ttl: '1h' },
    );
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.stack.stop();
    await this.idp?.stop();
  }
}
