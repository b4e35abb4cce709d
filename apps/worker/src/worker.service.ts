import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { battitoAutomatico } from './battito';
import { workflowBundle } from './workflow-bundle';
import { activitiesOf } from '../../../activities/activities';
import { CronoprogrammaActivities } from '../../../activities/cronoprogramma.activities';
import { IspezioniActivities } from '../../../activities/ispezioni.activities';
import { SorteggiActivities } from '../../../activities/sorteggi.activities';
import { AuditActivities } from '../../../activities/audit.activities';
import { DocumentiActivities } from '../../../activities/documenti.activities';
import { PraticheActivities } from '../../../activities/pratiche.activities';
import { TirociniActivities } from '../../../activities/tirocini.activities';
import { CollocamentoActivities } from '../../../activities/collocamento.activities';
import {
  AppConfig,
  assicuraScheduleAncoraggio,
  assicuraScheduleVerificaRegistro,
  assicuraSchedulePeriodi,
  assicuraScheduleRiconciliazione,
  assicuraSchedulePromemoriaPresenze,
  temporalConnectionOptions,
} from '@app/infrastructure';

/**
 * The system jobs' Worker: at most this many of their workflows cached and tasks run at once. They are a handful of
 * short runs (each a single activity, the register check a long one), so a small cache costs a replay now and then.
 */
const LIMITI_SISTEMA = {
  maxCachedWorkflows: 20,
  maxConcurrentWorkflowTaskExecutions: 4,
  maxConcurrentActivityTaskExecutions: 8,
  maxConcurrentLocalActivityExecutions: 8,
} as const;

/**
 * Builds the Temporal Workers (the procedures' task queue and the system jobs', the same workflows and activities) with
 * activities taken from Nest's container, runs them, and drains them on shutdown, before
 * anything it uses closes: Nest closes the database in its own module's onApplicationShutdown, which comes before
 * this module's, so the drain is in beforeApplicationShutdown (running activities get WORKER_SHUTDOWN_GRACE_MS with
 * their database still there).
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger(WorkerService.name);
  private workers: Worker[] = [];
  private connection?: NativeConnection;
  private clientConnection?: Connection;
  private running?: Promise<void>;
  private schedules?: Promise<void>;
  private fermo = false;

  constructor(
    private readonly config: AppConfig,
    private readonly pratica: PraticheActivities,
    private readonly cronoprogramma: CronoprogrammaActivities,
    private readonly ispezioni: IspezioniActivities,
    private readonly sorteggi: SorteggiActivities,
    private readonly tirocini: TirociniActivities,
    private readonly collocamento: CollocamentoActivities,
    private readonly audit: AuditActivities,
    private readonly documenti: DocumentiActivities,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Compiled: dist/workflows, bundled once by `npm run build`; from source (tsx): workflows/, bundled now.
    const code = await workflowBundle(require.resolve(join(__dirname, '../../../workflows')), Runtime.instance().logger);
    this.log.log(`workflow code: ${code.how}`);
    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.config));
    const activities = {
      ...activitiesOf(this.pratica),
      ...activitiesOf(this.cronoprogramma),
      ...activitiesOf(this.ispezioni),
      ...activitiesOf(this.sorteggi),
      ...activitiesOf(this.tirocini),
      ...activitiesOf(this.collocamento),
      ...activitiesOf(this.audit),
      ...activitiesOf(this.documenti),
    };
    const comune = {
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      workflowBundle: code.bundle,
      // Every activity heartbeats (see battito.ts); on shutdown, running tasks get this long to finish.
      interceptors: { activity: [battitoAutomatico] },
      shutdownGraceTime: this.config.WORKER_SHUTDOWN_GRACE_MS,
      activities,
    };
    this.workers = [
      await Worker.create({
        ...comune,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        // The sticky cache bounds the worker's memory however many procedures are open (README, "Worker sizing").
        maxCachedWorkflows: this.config.WORKER_MAX_CACHED_WORKFLOWS,
        maxConcurrentWorkflowTaskExecutions: this.config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxConcurrentActivityTaskExecutions: this.config.WORKER_MAX_CONCURRENT_ACTIVITIES,
        maxConcurrentLocalActivityExecutions: this.config.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
        workflowThreadPoolSize: this.config.WORKER_WORKFLOW_THREADS,
      }),
      // The system jobs' own queue (schedules.ts): a handful of short runs at a time, whatever the procedures' backlog.
      await Worker.create({
        ...comune,
        taskQueue: this.config.CODA_SISTEMA,
        ...LIMITI_SISTEMA,
        workflowThreadPoolSize: 1,
      }),
    ];
    this.running = Promise.all(this.workers.map((w) => w.run())).then(() => undefined);
    this.running.catch((e) => {
      this.log.error(`worker stopped: ${(e as Error).message}`);
      process.exit(1);
    });
    this.log.log(
      `worker running on task queues ${this.config.TEMPORAL_TASK_QUEUE} and ${this.config.CODA_SISTEMA} (namespace ${this.config.TEMPORAL_NAMESPACE})`,
    );
    // Not awaited: start-up ends (and Nest starts listening for SIGTERM) as soon as the worker polls; a slow or
    // unreachable Temporal frontend delays the schedules, never the ability to stop.
    this.schedules = this.assicuraSchedules().catch((e) => this.log.error(`schedules not set: ${(e as Error).message}`));
  }

  /** The schedules the worker keeps (named after its task queue, run on the system one), retried every 30 s until they are in place or the worker stops. */
  private async assicuraSchedules(): Promise<void> {
    this.clientConnection = await Connection.connect(temporalConnectionOptions(this.config));
    const client = new Client({ connection: this.clientConnection, namespace: this.config.TEMPORAL_NAMESPACE });
    const coda = { procedure: this.config.TEMPORAL_TASK_QUEUE, sistema: this.config.CODA_SISTEMA };
    const voci: Array<[() => Promise<string>, string]> = [
      // The inspectorates' draw periods are published and revealed by a workflow on the system jobs' task queue.
      [() => assicuraSchedulePeriodi(client, coda, this.config.SORTEGGIO_CONTROLLO_PERIODI_MS), this.config.SORTEGGIO_CONTROLLO_PERIODI],
      [() => assicuraScheduleAncoraggio(client, coda, this.config.ANCORAGGIO_OGNI_MS), this.config.ANCORAGGIO_OGNI],
      [() => assicuraScheduleVerificaRegistro(client, coda, this.config.VERIFICA_REGISTRO_OGNI_MS), this.config.VERIFICA_REGISTRO_OGNI],
      [() => assicuraScheduleRiconciliazione(client, coda, this.config.RICONCILIAZIONE_OGNI_MS), this.config.RICONCILIAZIONE_OGNI],
      [
        () => assicuraSchedulePromemoriaPresenze(client, coda, this.config.PROMEMORIA_PRESENZE_OGNI_MS),
        this.config.PROMEMORIA_PRESENZE_OGNI ?? `PT${this.config.PROMEMORIA_PRESENZE_OGNI_MS / 1000}S`,
      ],
    ];
    for (const [assicura, ogni] of voci) {
      while (!this.fermo) {
        try {
          this.log.log(`schedule ${await assicura()}: every ${ogni}`);
          break;
        } catch (e) {
          if (this.fermo) return;
          this.log.error(`schedule not set, retrying in 30 s: ${(e as Error).message}`);
          await new Promise((r) => setTimeout(r, 30_000).unref());
        }
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.fermo = true;
    for (const w of this.workers) if (w.getState() === 'RUNNING') w.shutdown();
    await this.running?.catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
    await this.clientConnection?.close().catch(() => undefined);
  }
}
