import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { AppConfig } from '../config/app-config';
import { idAggiornamento } from '../idempotenza/idempotenza';
import { temporalConnectionOptions } from './connection-options';

/**
 * Gives every call without a deadline of its own one `ms` from now. The SDK's retry interceptor (inside this one)
 * keeps retrying an unreachable server for ~20 s otherwise; with the deadline the call fails in bounded time and
 * the API answers 503.
 */
export function scadenzaPredefinita(ms: number): Interceptor {
  return (options, nextCall) => new InterceptingCall(nextCall(options.deadline ? options : { ...options, deadline: Date.now() + ms }));
}

/** The API's Temporal client (the API is the only client). The connection is made lazily and re-used. */
@Injectable()
export class TemporalClientHolder implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  readonly taskQueue: string;
  private readonly namespace: string;
  private readonly updateTimeoutMs: number;
  constructor(@Inject(AppConfig) config: AppConfig) {
    this.connection = Connection.lazy({
      ...temporalConnectionOptions(config),
      interceptors: [scadenzaPredefinita(config.TEMPORAL_RPC_TIMEOUT_MS), makeGrpcRetryInterceptor(defaultGrpcRetryOptions())],
      // After an outage the channel reconnects within 5 s of the server's return (gRPC's default backoff grows to 2 min).
      channelArgs: { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 5000 },
    });
    this.client = new Client({ connection: this.connection, namespace: config.TEMPORAL_NAMESPACE });
    this.taskQueue = config.TEMPORAL_TASK_QUEUE;
    this.namespace = config.TEMPORAL_NAMESPACE;
    this.updateTimeoutMs = config.TEMPORAL_UPDATE_TIMEOUT_MS;
  }

  /**
   * Sends a workflow Update and waits for its outcome, within TEMPORAL_UPDATE_TIMEOUT_MS overall (a worker that is
   * down would otherwise hold the request for minutes): past it, WorkflowUpdateRPCTimeoutOrCancelledError (503).
   * Served under an Idempotency-Key, the Update's id comes from the key: a retry gets the outcome recorded the first
   * time instead of applying the step again. The Update's definition (its `defineUpdate` constant) types the
   * arguments and the answer.
   */
  aggiorna<R, A extends [unknown, ...unknown[]]>(
    workflowId: string,
    update: UpdateDefinition<R, A>,
    args: NoInfer<A>,
    updateId = idAggiornamento(workflowId, update.name),
  ): Promise<R> {
    const handle = this.client.workflow.getHandle(workflowId);
    return this.connection.withDeadline(Date.now() + this.updateTimeoutMs, () => handle.executeUpdate(update, { args, ...(updateId ? { updateId } : {}) }));
  }

  /** Answers within `ms`; no memoised first connection (a server down at the first probe would stay "down"). */
  async ping(ms = 3000): Promise<void> {
    await this.connection.withDeadline(Date.now() + ms, () => this.connection.healthService.check({}));
  }

  /**
   * Whether a worker polls the task queue for both workflow and activity tasks, seen within `recentiMs` (an idle
   * worker's long poll is renewed at least every minute). Names what is missing.
   */
  async workerInAscolto(recentiMs = 90_000, ms = 3000): Promise<void> {
    const { TaskQueueType } = temporal.api.enums.v1;
    const mancano: string[] = [];
    for (const [nome, tipo] of [
      ['workflow', TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW],
      ['activity', TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY],
    ] as const) {
      const { pollers } = await this.connection.withDeadline(Date.now() + ms, () =>
        this.connection.workflowService.describeTaskQueue({ namespace: this.namespace, taskQueue: { name: this.taskQueue }, taskQueueType: tipo }),
      );
      const recenti = (pollers ?? []).filter((p) => p.lastAccessTime?.seconds != null && Date.now() - Number(p.lastAccessTime.seconds) * 1000 < recentiMs);
      if (!recenti.length) mancano.push(nome);
    }
    if (mancano.length) throw new Error(`no worker polls ${this.taskQueue} for ${mancano.join(' and ')} tasks`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

@Global()
@Module({ providers: [TemporalClientHolder], exports: [TemporalClientHolder] })
export class TemporalClientModule {}
