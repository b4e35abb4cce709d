/**
 * The development OpenID Provider: oidc-provider (panva, OpenID-certified) configured for the console and the API.
 *
 * - One client, `wfe-console`: public (no secret), authorization code with PKCE S256, refresh tokens rotated at each
 *   use; redirect `<console>callback`, back to `<console>` after logout, CORS from the console's origins.
 * - Access tokens are JWTs (RS256, signed with the development key the token CLI uses) for the API: `aud` is
 *   AUTH_AUDIENCE, with the claims the API reads (`roles`, `office`, and `soggetto` for external users).
 * - ID token and userinfo carry the name (scope `profile`) and roles, office, organisation (scope `ruoli`).
 * - Login is a page of ours listing the users of utenti.ts; the console's consent is implied (a first-party client).
 */
import Provider, { type Account, type Client, type KoaContext, type Middleware, type ResourceServerInfo, type Token } from 'oidc-provider';
import type { JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { CLIENT_CONSOLE, SCOPE_CONSOLE, SCOPE_RUOLI, type ImpostazioniIdp } from './impostazioni';
import { paginaAccesso, paginaErrore, paginaUscita, paginaUscitaAvvenuta } from './pagine';
import { utenteSviluppo, type UtenteSviluppo } from './utenti';
import { isExternal } from '../../libs/domain/src/auth/roles';

const ORE_SESSIONE = 8;

/** The claims the API reads, as access tokens carry them. */
export function claimsApi(u: UtenteSviluppo): Record<string, unknown> {
  return { roles: u.ruoli, office: u.ufficio, ...(u.soggetto && isExternal({ roles: u.ruoli }) ? { soggetto: u.soggetto } : {}) };
}

function account(u: UtenteSviluppo): Account {
  return {
    accountId: u.sub,
    // oidc-provider keeps of these the claims of the scopes granted (claims config below).
    claims: () => ({
      sub: u.sub,
      name: `${u.nome} ${u.cognome}`,
      given_name: u.nome,
      family_name: u.cognome,
      preferred_username: u.sub,
      ...claimsApi(u),
      ...(u.organizzazione ? { organizzazione: u.organizzazione } : {}),
    }),
  };
}

export function creaProvider(imp: ImpostazioniIdp, chiaveFirma: JWK): Provider {
  const origini = new Set(imp.console.map((u) => new URL(u).origin));
  const secondi = ORE_SESSIONE * 3600;
  const server: ResourceServerInfo = {
    // No scopes of its own: the API decides by roles and office, not by OAuth scopes.
    scope: '',
    audience: imp.audience,
    accessTokenTTL: imp.ttlAccessToken,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };

  const provider = new Provider(imp.emittente, {
    clients: [
      {
        client_id: CLIENT_CONSOLE,
        client_name: 'Console dei servizi per il lavoro',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: imp.console.map((u) => `${u}callback`),
        post_logout_redirect_uris: imp.console,
      },
    ],
    responseTypes: ['code'],
    jwks: { keys: [chiaveFirma] },
    // Sessions and interactions live in memory (the default adapter): a restart logs everyone out, as fits development.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      [SCOPE_RUOLI]: ['roles', 'office', 'soggetto', 'organizzazione'],
    },
    // The console reads who the user is from the ID token (its access token is for the API, not for userinfo).
    conformIdTokenClaims: false,
    findAccount: (_ctx: KoaContext, sub: string) => {
      const u = utenteSviluppo(sub);
      return u ? account(u) : undefined;
    },
    extraTokenClaims: (_ctx: KoaContext, token: Token) => {
      const u = token.kind === 'AccessToken' && token.accountId ? utenteSviluppo(token.accountId) : undefined;
      return u ? claimsApi(u) : undefined;
    },
    clientBasedCORS: (_ctx: KoaContext, origin: string) => origini.has(origin),
    pkce: { required: () => true },
    // The console is ours: no consent screen. Its grant holds its scopes and the API, created at its first login.
    loadExistingGrant: async (ctx: KoaContext) => {
      const { client, session, provider: p } = ctx.oidc;
      const id = ctx.oidc.result?.consent?.grantId ?? (client ? session.grantIdFor(client.clientId) : undefined);
      const esistente = id ? await p.Grant.find(id) : undefined;
      if (!client || client.clientId !== CLIENT_CONSOLE || !session.accountId) return esistente;
      const grant = esistente ?? new p.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(`${SCOPE_CONSOLE} offline_access`);
      grant.addResourceScope(imp.risorsa, server.scope);
      await grant.save();
      return grant;
    },
    // Refresh tokens for the console without offline_access: they end with the session (8 h) or at logout.
    issueRefreshToken: async (_ctx: KoaContext, client: Client) => client.clientId === CLIENT_CONSOLE && client.grantTypeAllowed('refresh_token'),
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => imp.risorsa,
        // A token request names no resource (oidc-client-ts sends none): the one granted at authorization is used.
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: KoaContext, indicatore: string) => {
          if (indicatore !== imp.risorsa) throw new Error(`unknown resource indicator ${indicatore}`);
          return server;
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContext, form: string) => {
          sicurezza(ctx, imp);
          ctx.type = 'html';
          ctx.body = paginaUscita(form, ctx.oidc.client?.clientName);
        },
        postLogoutSuccessSource: async (ctx: KoaContext) => {
          sicurezza(ctx, imp);
          ctx.type = 'html';
          ctx.body = paginaUscitaAvvenuta(ctx.oidc.client?.clientName);
        },
      },
    },
    renderError: async (ctx: KoaContext, out: { error?: string; error_description?: string }) => {
      sicurezza(ctx, imp);
      ctx.type = 'html';
      ctx.body = paginaErrore(out);
    },
    ttl: {
      AccessToken: imp.ttlAccessToken,
      AuthorizationCode: 60,
      IdToken: imp.ttlAccessToken,
      Interaction: 15 * 60,
      RefreshToken: secondi,
      Session: secondi,
      Grant: secondi,
    },
  });
  provider.use(interazioni(provider, imp));
  return provider;
}

/** Reads a small urlencoded form body (the login page's POST). */
async function modulo(ctx: KoaContext, limite = 16 * 1024): Promise<URLSearchParams> {
  let testo = '';
  for await (const pezzo of ctx.req) {
    testo += String(pezzo);
    if (testo.length > limite) throw new Error('form too large');
  }
  return new URLSearchParams(testo);
}

/** Our pages' CSP: nothing but their own style; their forms post here and end redirected to the console. */
function sicurezza(ctx: KoaContext, imp: ImpostazioniIdp) {
  const origini = [...new Set(imp.console.map((u) => new URL(u).origin))].join(' ');
  ctx.set('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${origini}; frame-ancestors 'none'; base-uri 'none'`);
  ctx.set('x-frame-options', 'DENY');
  ctx.set('cache-control', 'no-store');
  ctx.set('referrer-policy', 'no-referrer');
}

/** GET /interaction/:uid (the login page), POST /interaction/:uid/login (log in as a user), POST …/annulla. */
function interazioni(provider: Provider, imp: ImpostazioniIdp): Middleware {
  return async (ctx, next) => {
    const m = /^\/interaction\/([\w-]+)(?:\/(login|annulla))?$/.exec(ctx.path);
    if (!m) return next();
    const [, uid, azione] = m;
    if ((!azione && ctx.method !== 'GET') || (azione && ctx.method !== 'POST')) {
      ctx.status = 405;
      return;
    }
    sicurezza(ctx, imp);
    const dettagli = await provider.interactionDetails(ctx.req, ctx.res).catch(() => undefined);
    if (!dettagli || dettagli.uid !== uid) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = paginaErrore({ error: 'richiesta_scaduta', error_description: 'la richiesta di accesso è scaduta o già conclusa' });
      return;
    }
    const client = dettagli.params.client_id ? await provider.Client.find(String(dettagli.params.client_id)) : undefined;
    const applicazione = client?.clientName ? `L’applicazione «${client.clientName}»` : 'Un’applicazione';
    const pagina = (errore?: string) => paginaAccesso({ azione: `/interaction/${uid}/login`, annulla: `/interaction/${uid}/annulla`, applicazione, errore });
    const fine = async (risultato: Parameters<Provider['interactionResult']>[2]) => {
      const verso = await provider.interactionResult(ctx.req, ctx.res, risultato, { mergeWithLastSubmission: false });
      ctx.redirect(verso);
      ctx.status = 303;
    };

    if (azione === 'annulla') return fine({ error: 'access_denied', error_description: 'accesso annullato dall’utente' });
    if (dettagli.prompt.name !== 'login') {
      // Only a grant the console's loadExistingGrant did not cover gets here (another client): nothing to ask.
      return fine({ error: 'access_denied', error_description: `richiesta non gestita da questo fornitore di sviluppo (${dettagli.prompt.name})` });
    }
    if (!azione) {
      ctx.type = 'html';
      ctx.body = pagina();
      return;
    }
    const sub = (await modulo(ctx)).get('utente') ?? '';
    if (!utenteSviluppo(sub)) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = pagina(`Utente sconosciuto: «${sub}». Scegli uno degli utenti elencati.`);
      return;
    }
    return fine({ login: { accountId: sub } });
  };
}
