import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, AuditModule, ChiaviIdempotenza, ConfigModule, DocumentsModule, IspezioniRepository, NotificationsModule, PersistenceModule, StorageModule, TemporalClientModule, TirociniPersistenceModule, CollocamentoPersistenceModule } from '@app/infrastructure';
import { loggerOptions } from '@app/infrastructure/logging/logger-options';
import { AuditController } from './audit/audit.controller';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { HttpMetricsMiddleware, MetricsController } from './common/metrics';
import { IdempotenzaInterceptor } from './common/idempotenza.interceptor';
import { ProblemFilter } from './common/problem.filter';
import { LimiteRichiesteGuard, trackerIp, trackerUtente } from './common/rate-limit';
import { DocumentiController } from './documenti/documenti.controller';
import { DependencyIndicators, HealthController } from './health/health.controller';
import { AssegnazioniController } from './ispezioni/assegnazioni.controller';
import { AssegnazioniService } from './ispezioni/assegnazioni.service';
import { PianiVigilanzaController } from './ispezioni/piani-vigilanza.controller';
import { RegistroController } from './ispezioni/registro.controller';
import { RegistroIspezioniService } from './ispezioni/registro.service';
import { RichiesteController } from './ispezioni/richieste.controller';
import { RichiesteService } from './ispezioni/richieste.service';
import { NotificheController } from './notifiche/notifiche.controller';
import { RubricaController } from './rubrica/rubrica.controller';
import { PianiController } from './piani/piani.controller';
import { PianiService } from './piani/piani.service';
import { PraticheController } from './pratiche/pratiche.controller';
import { PraticheService } from './pratiche/pratiche.service';
import { RegistroTirociniController } from './tirocini/registro-tirocini.controller';
import { RegistroTirociniService } from './tirocini/registro-tirocini.service';
import { TirociniController } from './tirocini/tirocini.controller';
import { TirociniService } from './tirocini/tirocini.service';
import { OfferteController, RegistroCollocamentoController } from './collocamento/collocamento.controller';
import { CollocamentoService } from './collocamento/collocamento.service';
import { GraduatoriaService } from './collocamento/graduatoria.service';
import { RegistroCollocamentoService } from './collocamento/registro-collocamento.service';

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
    TirociniPersistenceModule,
    CollocamentoPersistenceModule,
    TerminusModule.forRoot({ errorLogStyle: 'json' }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'utente', ttl: 60_000, limit: config.RATE_LIMIT_UTENTE_AL_MINUTO, getTracker: trackerUtente },
          { name: 'ip', ttl: 60_000, limit: config.RATE_LIMIT_IP_AL_MINUTO, getTracker: trackerIp },
        ],
      }),
    }),
    PrometheusModule.register({ controller: MetricsController, path: '/metrics', defaultMetrics: { enabled: true } }),
  ],
  controllers: [HealthController, PraticheController, DocumentiController, AuditController, PianiController, NotificheController, RubricaController, RegistroController, RichiesteController, AssegnazioniController, PianiVigilanzaController, RegistroTirociniController, TirociniController, RegistroCollocamentoController, OfferteController],
  providers: [
    TokenVerifier,
    DependencyIndicators,
    PraticheService,
    PianiService,
    RichiesteService,
    RegistroIspezioniService,
    AssegnazioniService,
    IspezioniRepository,
    CollocamentoService,
    RegistroCollocamentoService,
    GraduatoriaService,
    TirociniService,
    RegistroTirociniService,
    // In this order: the caller is authenticated first, then counted under their subject.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: LimiteRichiesteGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
    ChiaviIdempotenza,
    { provide: APP_INTERCEPTOR, useClass: IdempotenzaInterceptor },
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
