/**
 * npm run openapi: writes openapi.json, the API's contract, at the repository root.
 *
 * It reads the BUILT API (dist/, as `nest build api` leaves it): the @nestjs/swagger CLI plugin adds its metadata
 * (types, optionality, the JSDoc descriptions of the DTOs) at compile time, so only the built modules describe the
 * routes as the running API serves them at /api/docs-json. No database, Temporal or storage is needed: the
 * application is created in preview mode (modules and routes are scanned, no provider is instantiated), with the same
 * prefix and document builder as the running API (configureApi, documentoOpenApi).
 *   npm run openapi                      builds the API, then writes openapi.json
 *   tsx infra/scripts/openapi.ts --out x   from the current dist/, into x
 */
import 'reflect-metadata';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';

const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'dist/apps/api/src');

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'openapi.json') } } });
  if (!existsSync(join(DIST, 'app.module.js'))) throw new Error(`${DIST} has no built API: run \`nest build api\` first (npm run openapi does)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const built = (m: string) => require(join(DIST, m));
  const { AppModule } = built('app.module');
  const { configureApi } = built('setup');
  const { documentoOpenApi, testoDocumento } = built('common/openapi') as {
    documentoOpenApi: (app: unknown) => OpenAPIObject;
    testoDocumento: (d: OpenAPIObject) => string;
  };
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { preview: true, logger: false, abortOnError: false });
  configureApi(app, { jsonLimitBytes: 1, jsonPianiLimitBytes: 1, docs: false });
  const doc = documentoOpenApi(app);
  await app.close();
  writeFileSync(resolve(values.out!), testoDocumento(doc));
  const operazioni = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((k) => k !== 'parameters').length, 0);
  console.log(`${values.out}: ${operazioni} operations`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
