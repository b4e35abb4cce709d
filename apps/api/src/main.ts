import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigError, loadConfig } from '@app/infrastructure';
import { AppModule } from './app.module';
import { configureApi } from './setup';

async function bootstrap() {
  loadConfig(); // fail fast, naming every bad variable, before anything connects
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  configureApi(app, { jsonLimitBytes: config.HTTP_JSON_LIMIT_BYTES, jsonPianiLimitBytes: config.HTTP_JSON_PIANI_LIMIT_BYTES, docs: config.API_DOCS ?? config.NODE_ENV !== 'production' });
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`API listening on http://${config.HOST}:${config.PORT}/api/v1${config.API_DOCS ?? config.NODE_ENV !== 'production' ? ' (docs: /api/docs)' : ''}`);
}

bootstrap().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : `api failed to start: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
