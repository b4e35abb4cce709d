import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { documentoOpenApi } from './common/openapi';
import { testoValidoPipe, validationPipe } from './common/validation';

export const API_PREFIX = 'api/v1';

export interface ApiOptions {
  jsonLimitBytes: number;
  /** The larger limit of the plans' routes, where a whole plan is one document. */
  jsonPianiLimitBytes: number;
  /** Serve the OpenAPI UI and document at /api/docs (default: everywhere but production). */
  docs: boolean;
}

/**
 * Everything about the HTTP surface that is not a module: security headers (helmet: no X-Powered-By, nosniff, a
 * strict CSP on HTML), no caching of anything under /api/v1 (personal data), prefix, validation, OpenAPI.
 */
export function configureApi(app: NestExpressApplication, opts: ApiOptions): void {
  const jsonLimitBytes = opts.jsonLimitBytes;
  app.disable('x-powered-by');
  app.use(
    helmet({
      // The OpenAPI UI is the only HTML served: its scripts and styles are files of its own origin; its inline styles
      // are the one exception.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  app.use(`/${API_PREFIX}`, (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Whole plans arrive as one JSON document (a 10,000-phase plan is about 3 MB): their routes parse up to a larger
  // limit first; every other route stops at the default, answering 413 before reading more. The second parser skips
  // a body the first has read.
  app.use(`/${API_PREFIX}/piani`, json({ limit: opts.jsonPianiLimitBytes }));
  app.useBodyParser('json', { limit: jsonLimitBytes });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(testoValidoPipe, validationPipe);
  if (!opts.docs) return;
  const doc = documentoOpenApi(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}
