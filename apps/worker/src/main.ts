import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import { Logger } from 'nestjs-pino';
import { ConfigError } from '@app/infrastructure';
import { WorkerModule } from './worker.module';

const TEMPORAL_LEVEL: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };

async function bootstrap() {
  Runtime.install({ logger: new DefaultLogger(TEMPORAL_LEVEL[process.env.LOG_LEVEL ?? 'info'] ?? 'INFO') });
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

bootstrap().catch((e) => {
  // A configuration error names the variable; anything else is logged with its message only.
  console.error(e instanceof ConfigError ? e.message : `worker failed to start: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
