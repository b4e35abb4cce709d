import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import {
  AppConfig,
  AuditModule,
  ChiaviIdempotenza,
  ConfigModule,
  DocumentsModule,
  IdempotenzaRepository,
  NotificationsModule,
  PersistenceModule,
  StorageModule,
  TemporalClientModule,
} from '@app/infrastructure';
import { loggerOptions } from '@app/infrastructure/logging/logger-options';
import { AttivitaModule } from './attivita/attivita.module';
import { AuditApiModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { CollocamentoModule } from './collocamento/collocamento.module';
import { IdempotenzaInterceptor } from './common/idempotenza.interceptor';
import { MetricsModule } from './common/metrics.module';
import { ProblemFilter } from './common/problem.filter';
import { LimiteRichiesteGuard, trackerIp, trackerUtente } from './common/rate-limit';
import { DocumentiModule } from './documenti/documenti.module';
import { HealthModule } from './health/health.module';
import { IspezioniModule } from './ispezioni/ispezioni.module';
import { NotificheModule } from './notifiche/notifiche.module';
import { CronoprogrammaModule } from './cronoprogramma/cronoprogramma.module';
import { PraticheModule } from './pratiche/pratiche.module';
import { RubricaModule } from './rubrica/rubrica.module';
import { TirociniModule } from './tirocini/tirocini.module';

/**
 * The shared infrastructure (global modules), what applies to every route (authentication, rate limits, problem
 * responses, idempotency keys, metrics), and one module per feature declaring its own controllers and providers.
 */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ useFactory: () => loggerOptions('api') }),
    PersistenceModule.forRoot({ runMigrations: true }),
    AuditModule,
    StorageModule,
    DocumentsModule,
    TemporalClientModule,
    NotificationsModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'utente', ttl: 60_000, limit: config.RATE_LIMIT_UTENTE_AL_MINUTO, getTracker: trackerUtente },
          { name: 'ip', ttl: 60_000, limit: config.RATE_LIMIT_IP_AL_MINUTO, getTracker: trackerIp },
        ],
      }),
    }),
    MetricsModule,
    HealthModule,
    PraticheModule,
    DocumentiModule,
    AuditApiModule,
    CronoprogrammaModule,
    NotificheModule,
    RubricaModule,
    IspezioniModule,
    TirociniModule,
    CollocamentoModule,
    AttivitaModule,
  ],
  providers: [
    TokenVerifier,
    // In this order: the caller is authenticated first, then counted under their subject.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: LimiteRichiesteGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
    ChiaviIdempotenza,
    IdempotenzaRepository,
    { provide: APP_INTERCEPTOR, useClass: IdempotenzaInterceptor },
  ],
})
export class AppModule {}
