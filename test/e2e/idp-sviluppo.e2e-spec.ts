import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { loadOrCreateDevKeys } from '../../libs/infrastructure/src/auth/dev-keys';
import { signToken } from '../../libs/infrastructure/src/auth/token-signer';
import { CLIENT_CONSOLE, SCOPE_CONSOLE } from '../../infra/idp/impostazioni';
import { descrizioneUtente, SOGGETTI_SVILUPPO, UTENTI_SVILUPPO } from '../../infra/idp/utenti';
import { avviaIdpSviluppo, type IdpSviluppo } from '../support/idp-sviluppo';
import { AUDIENCE, freePort, Stack } from '../support/stack';

/**
 * The development identity provider (infra/idp) as the console uses it, over plain HTTP: authorization code with
 * PKCE, our login page, the token endpoint called from the console's origin, refresh, logout; and the API started
 * trusting it (AUTH_JWKS_URL, AUTH_ISSUER) as `npm start` does, which must accept its tokens and the token CLI's.
 */
jest.setTimeout(120_000);

const ROOT = join(__dirname, '../..');
const TTL = 120;
const stack = new Stack();
let idp: IdpSviluppo;
let consoleUrl: string;
let origine: string;

beforeAll(async () => {
  // The API's port first: the provider must know the console's URL (served by the API) before the API starts.
  const port = await freePort();
  consoleUrl = `http://127.0.0.1:${port}/console/`;
  origine = new URL(consoleUrl).origin;
  idp = await avviaIdpSviluppo({ consoleUrls: [consoleUrl], env: { IDP_ACCESS_TOKEN_TTL: String(TTL) } });
  await stack.start({ env: { PORT: String(port), AUTH_JWKS_URL: idp.jwksUrl, AUTH_ISSUER: idp.issuer } });
});
afterAll(async () => {
  await stack.stop();
  await idp?.stop();
});

/** A browser's cookies for the provider, kept by hand: every request sends them, every answer may set some. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async vai(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(new URL(url, idp.issuer), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [coppia, ...attributi] = c.split(';');
      const i = coppia.indexOf('=');
      const [nome, valore] = [coppia.slice(0, i).trim(), coppia.slice(i + 1)];
      if (!valore || attributi.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a))) this.cookies.delete(nome);
      else this.cookies.set(nome, valore);
    }
    return res;
  }

  /** Posts a urlencoded form, as the page's button does. */
  invia(url: string, campi: Record<string, string>): Promise<Response> {
    return this.vai(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(campi).toString() });
  }
}

/** A JSON answer's body. */
const corpo = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;

const luogo = (res: Response) => {
  expect(res.status).toBe(303);
  return new URL(res.headers.get('location')!, idp.issuer).href;
};

interface Tokens {
  access_token: string;
  id_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

/** A POST to the token endpoint as the console's code makes it: from its origin, a public client (no secret). */
function endpointToken(campi: Record<string, string>, origin = origine) {
  return fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ client_id: CLIENT_CONSOLE, ...campi }).toString(),
  });
}

/** The authorization request the console sends (oidc-client-ts: code, PKCE S256, state, nonce). */
function richiesta() {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const query = new URLSearchParams({
    client_id: CLIENT_CONSOLE,
    response_type: 'code',
    scope: SCOPE_CONSOLE,
    redirect_uri: `${consoleUrl}callback`,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    nonce: randomBytes(8).toString('hex'),
  });
  return { verifier, state, url: `${idp.issuer}/auth?${query}` };
}

/** Logs `utente` in through the login page and exchanges the code: what the console does, step by step. */
async function accedi(utente: string, browser = new Browser()): Promise<{ tokens: Tokens; browser: Browser }> {
  const r = richiesta();
  const pagina = luogo(await browser.vai(r.url));
  expect(pagina).toMatch(new RegExp(`^${idp.issuer}/interaction/[\\w-]+$`));
  const dopo = luogo(await browser.invia(`${pagina}/login`, { utente }));
  const callback = new URL(luogo(await browser.vai(dopo)));
  expect(`${callback.origin}${callback.pathname}`).toBe(`${consoleUrl}callback`);
  expect(callback.searchParams.get('state')).toBe(r.state);
  const res = await endpointToken({
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code')!,
    redirect_uri: `${consoleUrl}callback`,
    code_verifier: r.verifier,
  });
  expect(res.status).toBe(200);
  return { tokens: await corpo<Tokens>(res), browser };
}

describe('development identity provider', () => {
  it('publishes its configuration and, in its JWKS, the development key the token CLI signs with', async () => {
    const conf = await corpo(await fetch(`${idp.issuer}/.well-known/openid-configuration`));
    expect(conf).toMatchObject({ issuer: idp.issuer, jwks_uri: idp.jwksUrl, code_challenge_methods_supported: ['S256'], response_types_supported: ['code'] });
    expect(conf.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'ruoli']));
    const { keys } = await corpo<{ keys: Array<Record<string, unknown>> }>(await fetch(idp.jwksUrl));
    const { publicJwks } = await loadOrCreateDevKeys(join(ROOT, '.data/dev-keys'));
    expect(keys).toEqual([expect.objectContaining({ kid: publicJwks.keys[0].kid, n: publicJwks.keys[0].n, e: publicJwks.keys[0].e })]);
    expect(keys[0].d).toBeUndefined();
  });

  it('logs mario.rossi in with authorization code + PKCE, and the API takes his roles and office from the access token', async () => {
    const browser = new Browser();
    const r = richiesta();
    const pagina = luogo(await browser.vai(r.url));

    // Our login page: Italian, every user a button named by username, roles, office.
    const login = await browser.vai(pagina);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-type')).toMatch(/^text\/html/);
    expect(login.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await login.text();
    expect(html).toMatch(/<html lang="it">/);
    expect(html).toContain('<h1>Accesso di sviluppo</h1>');
    for (const u of UTENTI_SVILUPPO) {
      expect(html).toContain(`name="utente" value="${u.sub}"`);
      expect(html.replace(/<\/?strong>/g, '')).toContain(descrizioneUtente(u).replace(/&/g, '&amp;'));
    }

    // An unknown user is refused on the page, and the interaction goes on.
    const ignoto = await browser.invia(`${pagina}/login`, { utente: 'nessuno.qui' });
    expect(ignoto.status).toBe(400);
    expect(await ignoto.text()).toMatch(/role="alert"[\s\S]*Utente sconosciuto/);

    const dopo = luogo(await browser.invia(`${pagina}/login`, { utente: 'mario.rossi' }));
    const callback = new URL(luogo(await browser.vai(dopo)));
    expect(`${callback.origin}${callback.pathname}`).toBe(`${consoleUrl}callback`);
    expect(callback.searchParams.get('state')).toBe(r.state);
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    const code = callback.searchParams.get('code')!;
    expect(code).toBeTruthy();

    // The code is the console's only with the PKCE verifier.
    const senzaVerifier = await endpointToken({ grant_type: 'authorization_code', code, redirect_uri: `${consoleUrl}callback`, code_verifier: 'x'.repeat(43) });
    expect(senzaVerifier.status).toBe(400);
    expect((await corpo(senzaVerifier)).error).toBe('invalid_grant');
    const { tokens } = await accedi('mario.rossi');

    const at = decodeJwt(tokens.access_token);
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(at).toMatchObject({ iss: idp.issuer, aud: AUDIENCE, sub: 'mario.rossi', roles: ['operatore'], office: 'CPI-FI', client_id: CLIENT_CONSOLE });
    expect(at.soggetto).toBeUndefined();
    expect(at.exp! - at.iat!).toBe(TTL);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: TTL });
    expect(decodeJwt(tokens.id_token)).toMatchObject({
      iss: idp.issuer,
      aud: CLIENT_CONSOLE,
      sub: 'mario.rossi',
      name: 'Mario Rossi',
      roles: ['operatore'],
      office: 'CPI-FI',
    });

    // The API: an operatore of CPI-FI creates a case there; the responsabile's inbox is not his.
    expect((await stack.call('GET', '/api/v1/tirocini', tokens.access_token)).status).toBe(200);
    const creata = await stack.call('POST', '/api/v1/pratiche', tokens.access_token, {
      protocollo: `IDP/${Date.now()}`,
      oggetto: 'Accesso dal fornitore di sviluppo',
    });
    expect(creata.status).toBe(201);
    expect(creata.json).toMatchObject({ ufficio: 'CPI-FI', creataDa: 'mario.rossi' });
    expect((await stack.call('GET', '/api/v1/tirocini/inbox', tokens.access_token)).status).toBe(403);
    // Another office's user, from the same provider, does not see it.
    const altro = await accedi('luca.verdi');
    expect(decodeJwt(altro.tokens.access_token)).toMatchObject({ roles: ['operatore'], office: 'CPI-PO' });
    expect((await stack.call('GET', `/api/v1/pratiche/${creata.json.id}`, altro.tokens.access_token)).status).toBe(404);
    expect((await stack.call('GET', `/api/v1/pratiche/${creata.json.id}`, tokens.access_token)).status).toBe(200);
  });

  it('answers the console’s token requests with CORS for its origin only', async () => {
    const r = richiesta();
    const browser = new Browser();
    const dopo = luogo(await browser.invia(`${luogo(await browser.vai(r.url))}/login`, { utente: 'anna.bianchi' }));
    const code = new URL(luogo(await browser.vai(dopo))).searchParams.get('code')!;
    const campi = { grant_type: 'authorization_code', code, redirect_uri: `${consoleUrl}callback`, code_verifier: r.verifier };

    const estraneo = await endpointToken(campi, 'http://estraneo.example');
    expect(estraneo.headers.get('access-control-allow-origin')).toBeNull();
    expect(estraneo.status).toBe(400);

    const preflight = await fetch(`${idp.issuer}/token`, {
      method: 'OPTIONS',
      headers: { origin: origine, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origine);

    const res = await endpointToken(campi);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(origine);
    expect(decodeJwt((await corpo<Tokens>(res)).access_token)).toMatchObject({ sub: 'anna.bianchi', roles: ['responsabile'] });
  });

  it('gives an external user’s tokens the organisation they act for, which the API uses', async () => {
    const { tokens } = await accedi('paolo.conti');
    const { partitaIva, nome } = SOGGETTI_SVILUPPO.A;
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: 'paolo.conti', roles: ['promotore'], office: 'CPI-FI', soggetto: partitaIva });
    expect(decodeJwt(tokens.id_token)).toMatchObject({ soggetto: partitaIva, organizzazione: nome });
    const voce = await stack.call('PUT', '/api/v1/rubrica/organizzazione', tokens.access_token, { email: 'pec@formazione-toscana.example.it' });
    expect(voce.status).toBe(200);
    expect(voce.json).toMatchObject({ tipo: 'soggetto', nome: partitaIva });
    // Another promotore acts for another organisation.
    const altra = await accedi('irene.costa');
    expect(decodeJwt(altra.tokens.access_token).soggetto).toBe(SOGGETTI_SVILUPPO.D.partitaIva);
  });

  it('refreshes: the new access token works, the refresh token rotates, and logout ends them', async () => {
    const { tokens, browser } = await accedi('giulia.neri');
    const res = await endpointToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(origine);
    const nuovi = await corpo<Tokens>(res);
    expect(nuovi.access_token).not.toBe(tokens.access_token);
    expect(nuovi.refresh_token).toBeTruthy();
    expect(nuovi.refresh_token).not.toBe(tokens.refresh_token);
    expect(decodeJwt(nuovi.access_token)).toMatchObject({ iss: idp.issuer, aud: AUDIENCE, sub: 'giulia.neri', roles: ['dirigente'], office: 'CPI-FI' });
    expect((await stack.call('GET', '/api/v1/tirocini', nuovi.access_token)).status).toBe(200);

    // Logout, as the console sends it: a confirmation page of ours, then back to the console.
    const uscita = await browser.vai(
      `${idp.issuer}/session/end?${new URLSearchParams({ id_token_hint: nuovi.id_token, post_logout_redirect_uri: consoleUrl, client_id: CLIENT_CONSOLE, state: 'uscita' })}`,
    );
    expect(uscita.status).toBe(200);
    const pagina = await uscita.text();
    expect(pagina).toMatch(/<html lang="it">[\s\S]*<h1>Vuoi uscire\?<\/h1>/);
    const azione = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(pagina)![1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(pagina)![1];
    const dopo = await browser.invia(azione, { xsrf, logout: 'yes' });
    expect(luogo(dopo)).toBe(`${consoleUrl}?state=uscita`);
    const refreshDopo = await endpointToken({ grant_type: 'refresh_token', refresh_token: nuovi.refresh_token });
    expect(refreshDopo.status).toBe(400);
    expect((await corpo(refreshDopo)).error).toBe('invalid_grant');
  });

  it('refuses a used refresh token (rotation)', async () => {
    const { tokens } = await accedi('sara.gallo');
    expect((await endpointToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(200);
    const ancora = await endpointToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(ancora.status).toBe(400);
    expect((await corpo(ancora)).error).toBe('invalid_grant');
  });

  it('leaves the token CLI working: its token (development key, the provider’s issuer by default) is accepted', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, IDP_PORT: new URL(idp.issuer).port };
    delete env.AUTH_ISSUER;
    delete env.IDP_ISSUER;
    delete env.AUTH_JWKS_URL;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'infra/scripts/token.ts', '--sub', 'elena.marino', '--roles', 'dirigente', '--office', 'ITL-FI'],
      {
        cwd: ROOT,
        env,
      },
    );
    const token = stdout.trim();
    expect(decodeJwt(token)).toMatchObject({ iss: idp.issuer, aud: AUDIENCE, sub: 'elena.marino' });
    expect((await stack.call('GET', '/api/v1/pratiche', token)).status).toBe(200);
  });

  it('refuses, with 401, tokens of the development key for another audience or issuer, and tokens of another key', async () => {
    const { privateJwk } = await loadOrCreateDevKeys(join(ROOT, '.data/dev-keys'));
    const utente = { sub: 'mario.rossi', roles: ['operatore'], office: 'CPI-FI' };
    const firma = (issuer: string, audience: string) => signToken(privateJwk, utente, { issuer, audience, ttl: '10m' });
    expect((await stack.call('GET', '/api/v1/pratiche', await firma(idp.issuer, AUDIENCE))).status).toBe(200);
    const altraAudience = await stack.call('GET', '/api/v1/pratiche', await firma(idp.issuer, 'altra-applicazione'));
    expect(altraAudience.status).toBe(401);
    expect(altraAudience.json.detail).toMatch(/aud/);
    const altroIssuer = await stack.call('GET', '/api/v1/pratiche', await firma('http://127.0.0.1:1', AUDIENCE));
    expect(altroIssuer.status).toBe(401);
    expect(altroIssuer.json.detail).toMatch(/iss/);
    // The stack's own test provider signs with another key: this API trusts the development provider only.
    const altraChiave = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI', { issuer: idp.issuer });
    expect((await stack.call('GET', '/api/v1/pratiche', altraChiave)).status).toBe(401);
  });
});
