import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { PraticaActivities } from '../../../activities/pratica.activities';
import { AuditModule, ConfigModule, DocumentsModule, PersistenceModule, StorageModule } from '@app/infrastructure';
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
  ],
  providers: [PraticaActivities, WorkerService],
})
export class WorkerModule {}
