import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import { isAbsolute, join } from 'node:path';
import { Actor, isExternal, isRole } from '@app/domain';
import { AppConfig, authMode, loadOrCreateDevKeys } from '@app/infrastructure';

export class InvalidTokenError extends Error {}

const CACHE_MAX_ENTRIES = 10_000;
const CACHE_MAX_MS = 5 * 60_000;

/**
 * Verified tokens, kept until they expire (at most 5 minutes): a signature check costs about half a millisecond
 * of CPU per request. Bounded; the oldest entry goes first.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  constructor(private readonly max = CACHE_MAX_ENTRIES) {}

  get(token: string, now = Date.now()): Actor | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (hit.until <= now) {
      this.entries.delete(token);
      return undefined;
    }
    return hit.actor;
  }

  set(token: string, actor: Actor, expSeconds: number | undefined, now = Date.now()): void {
    const until = Math.min(expSeconds ? expSeconds * 1000 : now, now + CACHE_MAX_MS);
    if (until <= now) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { actor, until });
  }
}

/**
 * Verifies bearer tokens against the identity provider's JWKS (AUTH_JWKS_URL: a SPID/CIE broker or any OIDC
 * provider), or, in development, against the local key that `npm run -s token` signs with.
 */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private keys: JWTVerifyGetKey;
  private readonly cache = new VerifiedTokenCache();

  constructor(private readonly config: AppConfig) {}

  private readonly log = new Logger(TokenVerifier.name);

  async onModuleInit(): Promise<void> {
    const mode = authMode(this.config);
    if (mode === 'jwks') {
      this.keys = createRemoteJWKSet(new URL(this.config.AUTH_JWKS_URL!), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    } else if (mode === 'dev') {
      const dir = isAbsolute(this.config.AUTH_DEV_KEYS_DIR) ? this.config.AUTH_DEV_KEYS_DIR : join(process.cwd(), this.config.AUTH_DEV_KEYS_DIR);
      this.keys = createLocalJWKSet((await loadOrCreateDevKeys(dir)).publicJwks);
      this.log.warn(
        `AUTH_MODE=dev: tokens are verified with the local DEVELOPMENT key in ${dir}, which anyone with access to this machine can use ` +
          'to sign a token of any role. Never expose this API: set AUTH_JWKS_URL to the identity provider instead.',
      );
    } else {
      throw new Error('no token verification configured: set AUTH_JWKS_URL (the identity provider), or AUTH_MODE=dev for development only');
    }
  }

  async verify(token: string): Promise<Actor> {
    const cached = this.cache.get(token);
    if (cached) return cached;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.AUTH_ISSUER,
        audience: this.config.AUTH_AUDIENCE,
        algorithms: ['RS256', 'ES256', 'PS256'],
        clockTolerance: 30,
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      // jose's reasons, in the words a user reads: expired, not yet valid, wrong issuer or audience, bad signature.
      const code = (e as { code?: string }).code ?? '';
      const claim = (e as { claim?: string }).claim;
      throw new InvalidTokenError(
        code === 'ERR_JWT_EXPIRED'
          ? 'token scaduto: ottenerne uno nuovo'
          : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
            ? `token non valido: dichiarazione «${claim ?? '?'}» mancante o errata`
            : code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
              ? 'token non valido: firma non riconosciuta'
              : `token non valido (${code || 'formato'})`,
      );
    }
    // A token valid for a century is a password: the lifetime from issue (or from now, without iat) is bounded.
    const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
    if (payload.exp! - from > this.config.AUTH_MAX_TOKEN_LIFETIME_MS / 1000) {
      throw new InvalidTokenError(`token valido più a lungo del massimo ammesso (${this.config.AUTH_MAX_TOKEN_LIFETIME})`);
    }
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    if (!payload.sub || typeof payload.office !== 'string' || !payload.office) {
      throw new InvalidTokenError('il token deve indicare sub e office');
    }
    const claim = payload[this.config.AUTH_SOGGETTO_CLAIM];
    const soggetto = typeof claim === 'string' && /^[A-Za-z0-9]{11,16}$/.test(claim.trim()) ? claim.trim().toUpperCase() : undefined;
    // Only external users act for an organisation: a staff token's soggetto claim, if any, means nothing here.
    const esterno = isExternal({ roles });
    const actor: Actor = { sub: payload.sub, roles, office: payload.office, ...(soggetto && esterno ? { soggetto } : {}) };
    if (esterno && !soggetto) {
      throw new InvalidTokenError(
        `il token di un promotore, ospitante o datore deve indicare nella dichiarazione ${this.config.AUTH_SOGGETTO_CLAIM} l’organizzazione per cui agisce (codice fiscale o partita IVA)`,
      );
    }
    this.cache.set(token, actor, payload.exp);
    return actor;
  }
}
