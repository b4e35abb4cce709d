import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import { Logger } from 'nestjs-pino';
import { ConfigError } from '@app/infrastructure';
import { WorkerModule } from './worker.module';

const TEMPORAL_LEVEL: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/** A signal received before Nest listens for it (see bootstrap). */
let presto: NodeJS.Signals | undefined;
const ricorda = (s: NodeJS.Signals) => (presto ??= s);

async function bootstrap() {
  // The worker polls before start-up ends, so a supervisor (or a test) may stop it before Nest listens for signals;
  // Temporal's runtime would then stop the worker alone and leave the process up with its database pool and e-mail
  // loop. A signal that early is kept and raised again once Nest listens.
  for (const s of ['SIGTERM', 'SIGINT'] as const) process.on(s, ricorda);
  Runtime.install({ logger: new DefaultLogger(TEMPORAL_LEVEL[process.env.LOG_LEVEL ?? 'info'] ?? 'INFO') });
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // The signals that stop a service (not Nest's default list, which includes SIGUSR2: the bench's CPU profiler's).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT', 'SIGHUP']);
  for (const s of ['SIGTERM', 'SIGINT'] as const) process.off(s, ricorda);
  if (presto) process.kill(process.pid, presto);
}

bootstrap().catch((e) => {
  // Stopped while starting (Temporal's runtime refuses a new worker once it has a signal): that was the request.
  if (presto) process.exit(0);
  // A configuration error names the variable; anything else is logged with its message only.
  console.error(e instanceof ConfigError ? e.message : `worker failed to start: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
