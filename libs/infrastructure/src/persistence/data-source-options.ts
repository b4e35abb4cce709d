import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The connection options; `url` defaults to the application's connection (the owner's is used for migrations). */
export function dataSourceOptions(config: AppConfig, url: string = config.DATABASE_URL, applicationName = 'workflow-engine'): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    ssl: config.DATABASE_SSL ? { rejectUnauthorized: true } : undefined,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrazioni',
    // Schema changes go through migrations only.
    synchronize: false,
    extra: {
      max: 20,
      application_name: applicationName,
      // A server that is down or a pool that is exhausted fails the request in bounded time (503), and a dead peer
      // is noticed by TCP keepalive; migrations (run as the owner) are never cut short by the statement bound.
      connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(url === config.DATABASE_URL && applicationName !== 'workflow-engine-migrations' && config.DATABASE_STATEMENT_TIMEOUT_MS > 0
        ? { statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS }
        : {}),
    },
  };
}
