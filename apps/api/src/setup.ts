import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { testoValidoPipe, validationPipe } from './common/validation';

export const API_PREFIX = 'api/v1';

/** Everything about the HTTP surface that is not a module: prefix, validation, OpenAPI. */
export function configureApi(app: NestExpressApplication, jsonLimitBytes: number): void {
  // Whole plans arrive as one JSON document (a 10,000-phase plan is about 3 MB).
  app.useBodyParser('json', { limit: jsonLimitBytes });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(testoValidoPipe, validationPipe);
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Workflow engine — procedure per CPI e Ispettorato')
      .setDescription('Durable procedures on Temporal. Errors are RFC 9457 application/problem+json. Authenticate with a bearer JWT carrying sub, roles and office.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}
