import { DynamicModule, Global, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { concediPrivilegi } from './migrations/privilegi';
import { PrivilegiRepository } from './privilegi.repository';

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

/**
 * Checks at start that the application's database role cannot rewrite the audit trail: in production a role that is
 * a superuser, owns tables or may update the trail is refused; elsewhere it is warned about.
 */
@Injectable()
export class ControlloPrivilegi implements OnApplicationBootstrap {
  constructor(
    private readonly privilegi: PrivilegiRepository,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let troppo: string[];
    try {
      troppo = await this.privilegi.poteriEccessivi();
    } catch (e) {
      log.warn(`could not check the database role's privileges: ${(e as Error).message}`);
      return;
    }
    if (!troppo.length) return;
    const msg = `the application's database role ${troppo.join(', ')}: it could rewrite the audit trail. Connect as a role that owns nothing (DATABASE_URL) and migrate as the owner (DATABASE_OWNER_URL); see README, "Database roles"`;
    if (this.config.NODE_ENV === 'production') throw new Error(msg);
    log.warn(msg);
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
      providers: [PrivilegiRepository, ControlloPrivilegi],
    };
  }
}
