/**
 * The development identity provider's settings, read from the environment. Plain code (no oidc-provider): the token
 * CLI (infra/scripts/token.ts) and the tests import it to agree with the provider on its issuer.
 */
import { isAbsolute, join } from 'node:path';

/** The console's OIDC client: public (no secret), authorization code with PKCE S256, refresh tokens. */
export const CLIENT_CONSOLE = 'wfe-console';
/** The scope that adds roles, office and organisation (soggetto) to the ID token and userinfo. */
export const SCOPE_RUOLI = 'ruoli';
/** What the console asks for. */
export const SCOPE_CONSOLE = `openid profile ${SCOPE_RUOLI}`;

export const PORTA_PREDEFINITA = 3100;
const CONSOLE_PREDEFINITE = 'http://127.0.0.1:3000/console/,http://localhost:3000/console/';
/** No access token may outlive the API's AUTH_MAX_TOKEN_LIFETIME default (12 hours). */
const TTL_MASSIMO_S = 12 * 3600;

export interface ImpostazioniIdp {
  host: string;
  porta: number;
  /** The issuer (`iss`) of every token, without a trailing slash: the API's AUTH_ISSUER. */
  emittente: string;
  /** The console's base URLs (ending in '/'): redirect `<base>callback`, after logout `<base>`. */
  console: string[];
  /** Access tokens' lifetime, seconds: short, so that the console refreshes. */
  ttlAccessToken: number;
  /** The `aud` of access tokens: the API's AUTH_AUDIENCE. */
  audience: string;
  /** The resource indicator (RFC 8707: an absolute URI) the console's access tokens are for; its audience is `audience`. */
  risorsa: string;
  /** Where the development signing key lives (the token CLI signs with the same). */
  cartellaChiavi: string;
}

const errore = (variabile: string, valore: string, atteso: string) => new Error(`${variabile}=${JSON.stringify(valore)}: ${atteso}`);

function porta(env: NodeJS.ProcessEnv): number {
  const v = env.IDP_PORT || String(PORTA_PREDEFINITA);
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 65535) throw errore('IDP_PORT', v, 'must be a TCP port (1-65535)');
  return n;
}

/**
 * The development provider's issuer: IDP_ISSUER, else http://127.0.0.1:<IDP_PORT, 3100>. The token CLI signs with it
 * by default, so its tokens and the provider's are accepted by the same API.
 */
export function emittenteSviluppo(env: NodeJS.ProcessEnv = process.env): string {
  const v = env.IDP_ISSUER || `http://127.0.0.1:${porta(env)}`;
  if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol)) throw errore('IDP_ISSUER', v, 'must be an http(s) URL');
  return v.replace(/\/+$/, '');
}

export function impostazioniIdp(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ImpostazioniIdp {
  const consoleUrls = (env.IDP_CONSOLE_URLS || CONSOLE_PREDEFINITE)
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .map((u) => {
      if (!URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol)) throw errore('IDP_CONSOLE_URLS', u, 'each must be an http(s) URL');
      return u.endsWith('/') ? u : `${u}/`;
    });
  if (!consoleUrls.length) throw errore('IDP_CONSOLE_URLS', env.IDP_CONSOLE_URLS ?? '', 'give at least one console URL');
  const ttl = env.IDP_ACCESS_TOKEN_TTL || '600';
  if (!/^\d+$/.test(ttl) || Number(ttl) < 10 || Number(ttl) > TTL_MASSIMO_S) {
    throw errore('IDP_ACCESS_TOKEN_TTL', ttl, `must be seconds between 10 and ${TTL_MASSIMO_S}`);
  }
  const audience = env.AUTH_AUDIENCE || 'workflow-engine';
  const chiavi = env.AUTH_DEV_KEYS_DIR || '.data/dev-keys';
  return {
    host: env.IDP_HOST || '127.0.0.1',
    porta: porta(env),
    emittente: emittenteSviluppo(env),
    console: consoleUrls,
    ttlAccessToken: Number(ttl),
    audience,
    // 'workflow-engine' is not a URI, which a resource indicator must be: the audience stays what the API expects.
    risorsa: /^[a-z][a-z0-9+.-]*:/i.test(audience) ? audience : `urn:${audience}`,
    cartellaChiavi: isAbsolute(chiavi) ? chiavi : join(cwd, chiavi),
  };
}
