import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, importJWK } from 'jose';
import { Actor } from '@app/domain';
import { loadConfig, loadOrCreateDevKeys } from '@app/infrastructure';
import { InvalidTokenError, TokenVerifier, VerifiedTokenCache } from './token-verifier';

const actor: Actor = { sub: 'mario.rossi', roles: ['operatore'], office: 'CPI-FI' };
const now = 1_800_000_000_000;

describe('VerifiedTokenCache', () => {
  it('returns a verified token until it expires', () => {
    const c = new VerifiedTokenCache();
    c.set('t', actor, now / 1000 + 60, now);
    expect(c.get('t', now + 59_000)).toEqual(actor);
    expect(c.get('t', now + 60_000)).toBeUndefined();
  });

  it('keeps an entry at most five minutes, even for a long-lived token', () => {
    const c = new VerifiedTokenCache();
    c.set('t', actor, now / 1000 + 3600, now);
    expect(c.get('t', now + 299_000)).toEqual(actor);
    expect(c.get('t', now + 300_000)).toBeUndefined();
  });

  it('does not keep tokens without expiry or already expired', () => {
    const c = new VerifiedTokenCache();
    c.set('a', actor, undefined, now);
    c.set('b', actor, now / 1000 - 1, now);
    expect([c.get('a', now), c.get('b', now)]).toEqual([undefined, undefined]);
  });

  it('drops the oldest entry when full', () => {
    const c = new VerifiedTokenCache(2);
    for (const t of ['a', 'b', 'c']) c.set(t, actor, now / 1000 + 60, now);
    expect([c.get('a', now), c.get('b', now), c.get('c', now)]).toEqual([undefined, actor, actor]);
  });
});

describe('TokenVerifier', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dev-keys-'));
  const config = (over: Record<string, string> = {}) => loadConfig({ AUTH_MODE: 'dev', AUTH_DEV_KEYS_DIR: dir, ...over });
  async function verifier(over: Record<string, string> = {}) {
    const v = new TokenVerifier(config(over));
    await v.onModuleInit();
    return v;
  }
  async function token(claims: Record<string, unknown>, opts: { exp?: number | null; iat?: number | null } = {}) {
    const { privateJwk } = await loadOrCreateDevKeys(dir);
    const key = await importJWK(privateJwk, 'RS256');
    const nowS = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ roles: ['operatore'], office: 'CPI-FI', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid })
      .setSubject('mario.rossi')
      .setIssuer('workflow-engine-dev')
      .setAudience('workflow-engine');
    if (opts.iat !== null) jwt.setIssuedAt(opts.iat ?? nowS);
    if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? nowS + 3600);
    return jwt.sign(key);
  }

  it('refuses to start without a way to verify tokens, and never trusts the development key unless asked', async () => {
    await expect(new TokenVerifier(loadConfig({ AUTH_DEV_KEYS_DIR: dir })).onModuleInit()).rejects.toThrow(/AUTH_JWKS_URL.*AUTH_MODE=dev/);
    expect(() => loadConfig({ AUTH_MODE: 'dev', NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(
      /AUTH_MODE=dev: refused in production/,
    );
    expect(() => loadConfig({ AUTH_MODE: 'jwks' })).toThrow(/AUTH_MODE=jwks: AUTH_JWKS_URL is required/);
  });

  it('accepts a well-formed token and reads the organisation an external user acts for', async () => {
    const v = await verifier();
    expect(await v.verify(await token({}))).toEqual({ sub: 'mario.rossi', roles: ['operatore'], office: 'CPI-FI' });
    expect(await v.verify(await token({ roles: ['promotore'], soggetto: '80012345678' }))).toMatchObject({ roles: ['promotore'], soggetto: '80012345678' });
    const altro = await verifier({ AUTH_SOGGETTO_CLAIM: 'org_cf' });
    expect(await altro.verify(await token({ roles: ['datore'], org_cf: 'rssmra85t10a562s' }))).toMatchObject({ soggetto: 'RSSMRA85T10A562S' });
  });

  it('refuses a token without exp, one valid for longer than the maximum, and an external one without its organisation', async () => {
    const v = await verifier({ AUTH_MAX_TOKEN_LIFETIME: 'PT12H' });
    await expect(v.verify(await token({}, { exp: null }))).rejects.toThrow(InvalidTokenError);
    const nowS = Math.floor(Date.now() / 1000);
    await expect(v.verify(await token({}, { exp: nowS + 100 * 365 * 86400 }))).rejects.toThrow(/più a lungo del massimo/);
    await expect(v.verify(await token({}, { exp: nowS + 13 * 3600, iat: null }))).rejects.toThrow(/più a lungo del massimo/);
    await expect(v.verify(await token({ roles: ['ospitante'] }))).rejects.toThrow(/dichiarazione soggetto/);
    await expect(v.verify(await token({ roles: ['ospitante'], soggetto: 'x' }))).rejects.toThrow(/dichiarazione soggetto/);
    // Staff with an external role too are scoped as staff: no organisation needed.
    expect(await v.verify(await token({ roles: ['operatore', 'promotore'] }))).toMatchObject({ roles: ['operatore', 'promotore'] });
  });
});
