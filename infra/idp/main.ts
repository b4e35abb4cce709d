/**
 * The development identity provider (`npm start` runs it before the API; tests start it as a child process):
 *   npx tsx infra/idp/main.ts
 * Settings: IDP_PORT (3100), IDP_HOST (127.0.0.1), IDP_ISSUER (http://127.0.0.1:<IDP_PORT>), IDP_CONSOLE_URLS,
 * IDP_ACCESS_TOKEN_TTL (600 s), AUTH_AUDIENCE, AUTH_DEV_KEYS_DIR (see impostazioni.ts). Prints one line starting with
 * IDP_READY when it serves; stops on SIGTERM/SIGINT. Refuses NODE_ENV=production: it logs anyone in without a password.
 */
import { createServer } from 'node:http';
import { impostazioniIdp } from './impostazioni';
import { creaProvider } from './provider';
import { loadOrCreateDevKeys } from '../../libs/infrastructure/src/auth/dev-keys';

async function main() {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('NODE_ENV=production: the development identity provider logs anyone in without a password and never runs in production');
  }
  const imp = impostazioniIdp();
  const { privateJwk } = await loadOrCreateDevKeys(imp.cartellaChiavi);
  const provider = creaProvider(imp, privateJwk);
  provider.on('server_error', (_ctx: unknown, err: Error) => console.error(`[idp] server error: ${err.stack ?? err.message}`));

  const server = createServer(provider.callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(imp.porta, imp.host, () => ok());
  });
  console.log(
    `IDP_READY issuer=${imp.emittente} jwks=${imp.emittente}/jwks console=${imp.console.join(',')} ` +
      `(development identity provider: no passwords, never expose it)`,
  );

  let chiusura = false;
  const ferma = (segnale: string) => {
    if (chiusura) return;
    chiusura = true;
    console.log(`[idp] ${segnale}: stopping`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Browsers keep connections open: whatever is still busy after a moment is cut.
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, 2_000).unref();
  };
  process.on('SIGTERM', () => ferma('SIGTERM'));
  process.on('SIGINT', () => ferma('SIGINT'));
}

main().catch((e) => {
  console.error(`[idp] ${(e as Error).message}`);
  process.exit(1);
});
