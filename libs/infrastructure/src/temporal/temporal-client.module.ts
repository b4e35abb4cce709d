import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '../config/app-config';
import { temporalConnectionOptions } from './connection-options';

/** The API's Temporal client (the API is the only client). The connection is made lazily and re-used. */
@Injectable()
export class TemporalClientHolder implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  readonly taskQueue: string;
  constructor(@Inject(AppConfig) config: AppConfig) {
    this.connection = Connection.lazy(temporalConnectionOptions(config));
    this.client = new Client({ connection: this.connection, namespace: config.TEMPORAL_NAMESPACE });
    this.taskQueue = config.TEMPORAL_TASK_QUEUE;
  }
  async ping(): Promise<void> {
    await this.connection.ensureConnected();
    await this.connection.healthService.check({});
  }
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

@Global()
@Module({ providers: [TemporalClientHolder], exports: [TemporalClientHolder] })
export class TemporalClientModule {}
