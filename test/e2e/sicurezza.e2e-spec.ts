import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevKeys } from '../../libs/infrastructure/src/auth/dev-keys';
import { signToken } from '../../libs/infrastructure/src/auth/token-signer';
import { AUDIENCE, ISSUER, METRICS_TOKEN, Stack } from '../support/stack';

/**
 * The defaults that bite in production, tried against the real API: tokens without expiry or living too long, the
 * development key where it is not asked for, security headers, rate limits, the metrics and the request ids.
 */
jest.setTimeout(120_000);

const stack = new Stack();
const LIMITE = 8;

beforeAll(async () => {
  // Small limits, so a test can reach them; the other suites run with limits out of reach.
  await stack.start({ env: { RATE_LIMIT_UTENTE_AL_MINUTO: String(LIMITE), RATE_LIMIT_IP_AL_MINUTO: String(LIMITE * 4) } });
});
afterAll(() => stack.stop());

describe('tokens', () => {
  it('refuses a token without exp, one living longer than the maximum, and an external one without its organisation', async () => {
    const claims = { sub: 'mario.rossi', roles: ['operatore'], office: 'CPI-FI' };
    const now = Math.floor(Date.now() / 1000);
    const senzaScadenza = await stack.call('GET', '/api/v1/pratiche', await stack.idp.raw(claims));
    expect(senzaScadenza.status).toBe(401);
    expect(senzaScadenza.json.detail).toMatch(/exp/);
    expect((await stack.call('GET', '/api/v1/pratiche', await stack.idp.raw({ ...claims, exp: now + 100 * 365 * 86_400 }))).status).toBe(401);
    expect((await stack.call('GET', '/api/v1/pratiche', await stack.idp.raw({ ...claims, exp: now + 3600 }))).status).toBe(200);
    const promotoreSenzaSoggetto = await stack.call('GET', '/api/v1/tirocini', await stack.idp.token('pro.anonimo', ['promotore'], 'CPI-FI'));
    expect(promotoreSenzaSoggetto.status).toBe(401);
    expect(promotoreSenzaSoggetto.json.detail).toMatch(/soggetto/);
  });

  it('does not trust the development key unless AUTH_MODE=dev', async () => {
    const { privateJwk } = await loadOrCreateDevKeys(mkdtempSync(join(tmpdir(), 'dev-keys-')));
    const dev = await signToken(privateJwk, { sub: 'intruso', roles: ['amministratore'], office: 'CPI-FI' }, { issuer: ISSUER, audience: AUDIENCE, ttl: '1h' });
    expect((await stack.call('GET', '/api/v1/pratiche', dev)).status).toBe(401);
  });
});

describe('HTTP surface', () => {
  it('sends security headers, never X-Powered-By, and no-store on personal data', async () => {
    const token = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI');
    const res = await stack.call('GET', '/api/v1/pratiche', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    const docs = await fetch(`${stack.baseUrl}/api/docs`);
    expect(docs.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(docs.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('keeps /metrics behind its token', async () => {
    expect((await fetch(`${stack.baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: 'Bearer sbagliato' } })).status).toBe(404);
    const ok = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/http_requests_total|process_cpu/);
  });

  it('keeps a caller request id only if it is a short plain token', async () => {
    const token = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI');
    const buono = await stack.call('GET', '/api/v1/pratiche', token, undefined, { 'x-request-id': 'richiesta-0001' });
    expect(buono.headers.get('x-request-id')).toBe('richiesta-0001');
    for (const cattivo of ['a', 'x'.repeat(200), 'id con spazi e <script>', "'; DROP TABLE audit_log; --"]) {
      const res = await stack.call('GET', '/api/v1/pratiche', token, undefined, { 'x-request-id': cattivo });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers 429 with Retry-After once a user is over the limit, per user and then per address', async () => {
    const uno = await stack.idp.token('utente.insistente', ['operatore'], 'CPI-FI');
    const stati: number[] = [];
    for (let i = 0; i < LIMITE + 2; i++) stati.push((await stack.call('GET', '/api/v1/pratiche', uno)).status);
    // Earlier tests of this file used other subjects: this one has its whole budget.
    expect(stati.slice(0, LIMITE).every((s) => s === 200)).toBe(true);
    expect(stati.slice(LIMITE)).toEqual([429, 429]);
    const oltre = await stack.call('GET', '/api/v1/pratiche', uno);
    expect(oltre.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(oltre.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(oltre.json).toMatchObject({ status: 429, errors: [expect.objectContaining({ rule: 'limite-richieste', limit: LIMITE })] });
    // Another user is not held back by the first one's limit...
    const due = await stack.idp.token('utente.paziente', ['operatore'], 'CPI-FI');
    expect((await stack.call('GET', '/api/v1/pratiche', due)).status).toBe(200);
    // ...but many users from one address are, by the address's limit; the health checks never are.
    let ultimo = 200;
    for (let i = 0; i < LIMITE * 4 && ultimo !== 429; i++) {
      ultimo = (await stack.call('GET', '/api/v1/pratiche', await stack.idp.token(`utente.${i}`, ['operatore'], 'CPI-FI'))).status;
    }
    expect(ultimo).toBe(429);
    expect((await fetch(`${stack.baseUrl}/health/live`)).status).toBe(200);
  });
});
