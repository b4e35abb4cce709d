import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { battitoAutomatico } from './battito';
import { activitiesOf } from '../../../activities/activities';
import { CronoprogrammaActivities } from '../../../activities/cronoprogramma.activities';
import { IspezioniActivities } from '../../../activities/ispezioni.activities';
import { AuditActivities } from '../../../activities/audit.activities';
import { DocumentiActivities } from '../../../activities/documenti.activities';
import { PraticaActivities } from '../../../activities/pratica.activities';
import { TirociniActivities } from '../../../activities/tirocini.activities';
import { CollocamentoActivities } from '../../../activities/collocamento.activities';
import { AppConfig, assicuraScheduleAncoraggio, assicuraSchedulePeriodi, assicuraScheduleRiconciliazione, temporalConnectionOptions } from '@app/infrastructure';

/** Builds the Temporal Worker with activities taken from Nest's container, runs it, and drains it on shutdown. */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(WorkerService.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private clientConnection?: Connection;
  private running?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly pratica: PraticaActivities,
    private readonly cronoprogramma: CronoprogrammaActivities,
    private readonly ispezioni: IspezioniActivities,
    private readonly tirocini: TirociniActivities,
    private readonly collocamento: CollocamentoActivities,
    private readonly audit: AuditActivities,
    private readonly documenti: DocumentiActivities,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.config));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      // Compiled: dist/workflows; from source (tsx): workflows/. The bundler takes either.
      workflowsPath: require.resolve(join(__dirname, '../../../workflows')),
      // Every activity heartbeats (see battito.ts); on shutdown, running tasks get this long to finish.
      interceptors: { activity: [battitoAutomatico] },
      shutdownGraceTime: this.config.WORKER_SHUTDOWN_GRACE_MS,
      activities: { ...activitiesOf(this.pratica), ...activitiesOf(this.cronoprogramma), ...activitiesOf(this.ispezioni), ...activitiesOf(this.tirocini), ...activitiesOf(this.collocamento), ...activitiesOf(this.audit), ...activitiesOf(this.documenti) },
    });
    this.running = this.worker.run();
    this.running.catch((e) => {
      this.log.error(`worker stopped: ${(e as Error).message}`);
      process.exit(1);
    });
    this.log.log(`worker running on task queue ${this.config.TEMPORAL_TASK_QUEUE} (namespace ${this.config.TEMPORAL_NAMESPACE})`);
    // The schedule that publishes and reveals the inspectorates' draw periods runs its workflow on this task queue.
    this.clientConnection = await Connection.connect(temporalConnectionOptions(this.config));
    const client = new Client({ connection: this.clientConnection, namespace: this.config.TEMPORAL_NAMESPACE });
    const id = await assicuraSchedulePeriodi(client, this.config.TEMPORAL_TASK_QUEUE, this.config.SORTEGGIO_CONTROLLO_PERIODI_MS);
    this.log.log(`schedule ${id}: every ${this.config.SORTEGGIO_CONTROLLO_PERIODI}`);
    const anchors = await assicuraScheduleAncoraggio(client, this.config.TEMPORAL_TASK_QUEUE, this.config.ANCORAGGIO_OGNI_MS);
    this.log.log(`schedule ${anchors}: every ${this.config.ANCORAGGIO_OGNI}`);
    const riconciliazione = await assicuraScheduleRiconciliazione(client, this.config.TEMPORAL_TASK_QUEUE, this.config.RICONCILIAZIONE_OGNI_MS);
    this.log.log(`schedule ${riconciliazione}: every ${this.config.RICONCILIAZIONE_OGNI}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    await this.clientConnection?.close().catch(() => undefined);
  }
}
