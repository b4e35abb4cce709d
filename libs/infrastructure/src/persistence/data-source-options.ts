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
    extra: { max: 20, application_name: applicationName },
  };
}
