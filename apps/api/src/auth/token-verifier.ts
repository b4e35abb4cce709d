import { Injectable, OnModuleInit } from '@nestjs/common';
import { JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import { isAbsolute, join } from 'node:path';
import { Actor, isRole } from '@app/domain';
import { AppConfig, loadOrCreateDevKeys } from '@app/infrastructure';

export class InvalidTokenError extends Error {}

/**
 * Verifies bearer tokens against the identity provider's JWKS (AUTH_JWKS_URL: a SPID/CIE broker or any OIDC
 * provider), or, in development, against the local key that `npm run -s token` signs with.
 */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private keys: JWTVerifyGetKey;

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
    return { sub: payload.sub, roles, office: payload.office };
  }
}
