import { JWK, SignJWT, importJWK } from 'jose';

export interface TokenClaims {
  sub: string;
  roles: string[];
  office: string;
  name?: string;
  /** The organisation an external user acts for (codice fiscale / partita IVA), in the `soggetto` claim. */
  soggetto?: string;
}

/** Signs an access token carrying the claims the API reads (sub, roles, office). For development and tests. */
export async function signToken(key: JWK, claims: TokenClaims, opts: { issuer: string; audience: string; ttl?: string }): Promise<string> {
  const privateKey = await importJWK(key, 'RS256');
  return new SignJWT({
    roles: claims.roles,
    office: claims.office,
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.soggetto ? { soggetto: claims.soggetto } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt()
    .setExpirationTime(opts.ttl ?? '8h')
    .sign(privateKey);
}
