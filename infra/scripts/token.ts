/**
 * Prints a development access token signed with the local key the API trusts with AUTH_MODE=dev (as `npm start` runs it).
 *   npm run -s token -- --sub mario.rossi --roles operatore,responsabile --office CPI-FI [--ttl 8h]
 *   npm run -s token -- --sub promo.1 --roles promotore --office CPI-FI --soggetto 80012345678
 */
import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../../libs/domain/src/auth/roles';
import { loadConfig } from '../../libs/infrastructure/src/config/app-config';
import { loadOrCreateDevKeys } from '../../libs/infrastructure/src/auth/dev-keys';
import { signToken } from '../../libs/infrastructure/src/auth/token-signer';

async function main() {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      roles: { type: 'string' },
      office: { type: 'string' },
      soggetto: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  if (!values.sub || !values.roles || !values.office) {
    throw new Error('usage: npm run -s token -- --sub mario.rossi --roles operatore[,responsabile] --office CPI-FI [--soggetto CF-or-PIVA] [--ttl 8h]');
  }
  const roles = values.roles.split(',').map((r) => r.trim());
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length) throw new Error(`unknown role(s) ${bad.join(', ')}; roles are ${ROLES.join(', ')}`);
  const config = loadConfig();
  if (config.AUTH_JWKS_URL) throw new Error('AUTH_JWKS_URL is set: tokens come from the identity provider, not from this script');
  const dir = isAbsolute(config.AUTH_DEV_KEYS_DIR) ? config.AUTH_DEV_KEYS_DIR : join(process.cwd(), config.AUTH_DEV_KEYS_DIR);
  const { privateJwk } = await loadOrCreateDevKeys(dir);
  if (roles.some((r) => ['promotore', 'ospitante', 'datore'].includes(r)) && !values.soggetto) {
    throw new Error('promotore, ospitante and datore act for an organisation: give --soggetto with its codice fiscale or partita IVA');
  }
  console.log(
    await signToken(
      privateJwk,
      { sub: values.sub, roles, office: values.office, soggetto: values.soggetto },
      { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, ttl: values.ttl },
    ),
  );
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
