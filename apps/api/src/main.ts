import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigError, loadConfig } from '@app/infrastructure';
import { AppModule } from './app.module';
import { serviConsole } from './console';
import { configureApi } from './setup';

async function bootstrap() {
  loadConfig(); // fail fast, naming every bad variable, before anything connects
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // The signals that stop a service (not Nest's default list, which includes SIGUSR2: the bench's CPU profiler's).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT', 'SIGHUP']);
  const config = app.get(AppConfig);
  configureApi(app, {
    jsonLimitBytes: config.HTTP_JSON_LIMIT_BYTES,
    jsonPianiLimitBytes: config.HTTP_JSON_PIANI_LIMIT_BYTES,
    docs: config.API_DOCS ?? config.NODE_ENV !== 'production',
  });
  const consolePath = serviConsole(app, config);
  // On SIGTERM the API stops accepting and finishes what it serves (Nest's shutdown hooks); a client that keeps a
  // request open (a slow upload) gets API_SHUTDOWN_GRACE_MS, then its connection is closed and the process ends.
  for (const segnale of ['SIGTERM', 'SIGINT'] as const) {
    process.once(segnale, () => setTimeout(() => (app.getHttpServer() as Server).closeAllConnections(), config.API_SHUTDOWN_GRACE_MS).unref());
  }
  await app.listen(config.PORT, config.HOST);
  app
    .get(Logger)
    .log(
      `API listening on http://${config.HOST}:${config.PORT}/api/v1${(config.API_DOCS ?? config.NODE_ENV !== 'production') ? ' (docs: /api/docs)' : ''}${consolePath ? ` (console: ${consolePath}/)` : ''}`,
    );
}

bootstrap().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : `api failed to start: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
