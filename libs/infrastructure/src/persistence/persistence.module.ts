import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

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
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config),
            migrationsRun: options.runMigrations && config.DB_MIGRATIONS_RUN,
            migrationsTransactionMode: 'each',
            retryAttempts: 3,
          }),
        }),
      ],
    };
  }
}
