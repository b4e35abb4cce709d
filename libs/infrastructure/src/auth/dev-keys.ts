import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { JWK, exportJWK, generateKeyPair, importJWK } from 'jose';

/**
 * The development signing key: an RS256 pair kept in AUTH_DEV_KEYS_DIR, created on first use. The API verifies with
 * its public JWKS when no AUTH_JWKS_URL is set; `npm run -s token` signs with the private half.
 */
export const DEV_KID = 'dev-1';

export async function loadOrCreateDevKeys(dir: string): Promise<{ privateJwk: JWK; publicJwks: { keys: JWK[] } }> {
  const file = join(dir, 'dev-signing-key.json');
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: DEV_KID, alg: 'RS256', use: 'sig' };
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process created it first
    }
  }
  const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  const { d, p, q, dp, dq, qi, ...pub } = privateJwk;
  void d;
  void p;
  void q;
  void dp;
  void dq;
  void qi;
  return { privateJwk, publicJwks: { keys: [pub] } };
}

export async function importSigningKey(jwk: JWK) {
  return importJWK(jwk, 'RS256');
}
