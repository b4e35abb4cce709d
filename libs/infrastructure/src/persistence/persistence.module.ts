import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { concediPrivilegi } from './privilegi';

const log = new Logger('Persistence');

/**
 * Applies pending migrations as the schema owner (DATABASE_OWNER_URL), then grants the application's role
 * (DATABASE_URL's user) what it needs. Without an owner URL, the application's own connection migrates.
 */
async function migra(config: AppConfig): Promise<void> {
  const ownerUrl = config.DATABASE_OWNER_URL;
  if (!ownerUrl) return;
  const owner = new DataSource(dataSourceOptions(config, ownerUrl, 'workflow-engine-migrations'));
  await owner.initialize();
  try {
    const done = await owner.runMigrations({ transaction: 'each' });
    if (done.length) log.log(`migrations applied as the schema owner: ${done.map((m) => m.name).join(', ')}`);
    const ruolo = decodeURIComponent(new URL(config.DATABASE_URL).username);
    const proprietario = decodeURIComponent(new URL(ownerUrl).username);
    if (ruolo && ruolo !== proprietario) await concediPrivilegi(owner, ruolo);
  } finally {
    await owner.destroy();
  }
}

@Global()
@Module({})
export class PersistenceModule {
  /** `runMigrations`: the API applies pending migrations at start (if DB_MIGRATIONS_RUN); the worker never does. */
  static forRoot(options: { runMigrations: boolean }): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            const migrate = options.runMigrations && config.DB_MIGRATIONS_RUN;
            if (migrate) await migra(config);
            return {
              ...dataSourceOptions(config),
              // With an owner the migrations ran above; otherwise the application's connection runs them.
              migrationsRun: migrate && !config.DATABASE_OWNER_URL,
              migrationsTransactionMode: 'each',
              retryAttempts: 3,
            };
          },
        }),
      ],
    };
  }
}
