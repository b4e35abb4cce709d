import { Injectable, OnModuleInit } from '@nestjs/common';
import { JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import { isAbsolute, join } from 'node:path';
import { Actor, isRole } from '@app/domain';
import { AppConfig, loadOrCreateDevKeys } from '@app/infrastructure';

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

  async onModuleInit(): Promise<void> {
    if (this.config.AUTH_JWKS_URL) {
      this.keys = createRemoteJWKSet(new URL(this.config.AUTH_JWKS_URL), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    } else {
      const dir = isAbsolute(this.config.AUTH_DEV_KEYS_DIR) ? this.config.AUTH_DEV_KEYS_DIR : join(process.cwd(), this.config.AUTH_DEV_KEYS_DIR);
      this.keys = createLocalJWKSet((await loadOrCreateDevKeys(dir)).publicJwks);
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
      }));
    } catch (e) {
      throw new InvalidTokenError((e as Error).message);
    }
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    if (!payload.sub || typeof payload.office !== 'string' || !payload.office) {
      throw new InvalidTokenError('the token must carry sub and office claims');
    }
    const actor: Actor = { sub: payload.sub, roles, office: payload.office };
    this.cache.set(token, actor, payload.exp);
    return actor;
  }
}
