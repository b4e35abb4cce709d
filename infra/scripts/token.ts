/**
 * Prints a development access token signed with the local development key, which the development identity provider
 * (infra/idp, started by `npm start`) publishes in its JWKS: the API `npm start` runs accepts it, as it does with
 * AUTH_MODE=dev. Its issuer is the development provider's (IDP_ISSUER, else http://127.0.0.1:<IDP_PORT, 3100>)
 * unless AUTH_ISSUER is set.
 *   npm run -s token -- --sub mario.rossi --roles operatore,responsabile --office CPI-FI [--ttl 8h]
 *   npm run -s token -- --sub promo.1 --roles promotore --office CPI-FI --soggetto 80012345678
 */
import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../../libs/domain/src/auth/roles';
import { loadConfig } from '../../libs/infrastructure/src/config/app-config';
import { loadOrCreateDevKeys } from '../../libs/infrastructure/src/auth/dev-keys';
import { signToken } from '../../libs/infrastructure/src/auth/token-signer';
import { emittenteSviluppo } from '../idp/impostazioni';

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
  // The API's own default issuer is not the development provider's: only an AUTH_ISSUER given here is taken as it is.
  const issuer = process.env.AUTH_ISSUER || emittenteSviluppo();
  // Another provider's API would refuse this key; the development provider's publishes it.
  if (config.AUTH_JWKS_URL && config.AUTH_JWKS_URL !== `${emittenteSviluppo()}/jwks`) {
    throw new Error('AUTH_JWKS_URL is set: tokens come from that identity provider, not from this script');
  }
  const dir = isAbsolute(config.AUTH_DEV_KEYS_DIR) ? config.AUTH_DEV_KEYS_DIR : join(process.cwd(), config.AUTH_DEV_KEYS_DIR);
  const { privateJwk } = await loadOrCreateDevKeys(dir);
  if (roles.some((r) => ['promotore', 'ospitante', 'datore'].includes(r)) && !values.soggetto) {
    throw new Error('promotore, ospitante and datore act for an organisation: give --soggetto with its codice fiscale or partita IVA');
  }
  console.log(
    await signToken(
      privateJwk,
      { sub: values.sub, roles, office: values.office, soggetto: values.soggetto },
      { issuer, audience: config.AUTH_AUDIENCE, ttl: values.ttl },
    ),
  );
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
