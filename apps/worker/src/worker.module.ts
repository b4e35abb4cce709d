import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CronoprogrammaActivities } from '../../../activities/cronoprogramma.activities';
import { IspezioniActivities } from '../../../activities/ispezioni.activities';
import { SorteggiActivities } from '../../../activities/sorteggi.activities';
import { AuditActivities } from '../../../activities/audit.activities';
import { DocumentiActivities } from '../../../activities/documenti.activities';
import { PraticheActivities } from '../../../activities/pratiche.activities';
import { TirociniActivities } from '../../../activities/tirocini.activities';
import { CollocamentoActivities } from '../../../activities/collocamento.activities';
import {
  AuditModule,
  BeaconClient,
  ConfigModule,
  DocumentsModule,
  InvioEmail,
  IspettoriRepository,
  NotificationsModule,
  PianiRepository,
  PianiVigilanzaRepository,
  PraticheRepository,
  RichiesteRepository,
  SorteggiRepository,
  PersistenceModule,
  StorageModule,
  TirociniPersistenceModule,
  CollocamentoPersistenceModule,
} from '@app/infrastructure';
import { loggerOptions } from '@app/infrastructure/logging/logger-options';
import { WorkerService } from './worker.service';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ useFactory: () => loggerOptions('worker') }),
    PersistenceModule.forRoot({ runMigrations: false }),
    AuditModule,
    StorageModule,
    DocumentsModule,
    NotificationsModule,
    TirociniPersistenceModule,
    CollocamentoPersistenceModule,
  ],
  providers: [
    AuditActivities,
    DocumentiActivities,
    PraticheActivities,
    PraticheRepository,
    CronoprogrammaActivities,
    PianiRepository,
    IspezioniActivities,
    SorteggiActivities,
    IspettoriRepository,
    RichiesteRepository,
    SorteggiRepository,
    PianiVigilanzaRepository,
    BeaconClient,
    TirociniActivities,
    CollocamentoActivities,
    InvioEmail,
    WorkerService,
  ],
})
export class WorkerModule {}
