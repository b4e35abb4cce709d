import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { static as statici, type NextFunction, type Request, type Response } from 'express';
import type { AppConfig } from '@app/infrastructure';

export const CONSOLE_PATH = '/console';

/** What the console reads at start (config.json): the API it calls and the identity provider it logs in with. */
export function configConsole(config: AppConfig): { api: string; oidc: { authority: string; clientId: string; scope: string } } | undefined {
  const authority = config.CONSOLE_OIDC_AUTHORITY ?? (/^https?:\/\//.test(config.AUTH_ISSUER) ? config.AUTH_ISSUER : undefined);
  if (!authority) return undefined;
  return { api: '', oidc: { authority, clientId: config.CONSOLE_OIDC_CLIENT_ID, scope: config.CONSOLE_OIDC_SCOPE } };
}

/**
 * The console under /console: its files (hashed assets cached for a year, the page never), its config.json from this
 * API's settings, and index.html for every other path (the console routes in the browser). Its pages may call the API
 * (same origin) and the identity provider's token endpoint, and nothing else.
 */
export function serviConsole(app: NestExpressApplication, config: AppConfig): string | undefined {
  const dir = isAbsolute(config.CONSOLE_DIR) ? config.CONSOLE_DIR : join(process.cwd(), config.CONSOLE_DIR);
  const impostazioni = configConsole(config);
  if (!existsSync(join(dir, 'index.html')) || !impostazioni) return undefined;
  const idp = new URL(impostazioni.oidc.authority).origin;
  app.use(CONSOLE_PATH, (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        `connect-src 'self' ${idp}`,
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    next();
  });
  app.use(`${CONSOLE_PATH}/config.json`, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(impostazioni);
  });
  app.use(
    CONSOLE_PATH,
    statici(dir, {
      index: false,
      fallthrough: true,
      setHeaders: (res, percorso) => res.setHeader('Cache-Control', percorso.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing asset is a 404, not the page: a stale tab would otherwise load HTML as a script.
    if (req.path.startsWith('/assets/')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
  return CONSOLE_PATH;
}
