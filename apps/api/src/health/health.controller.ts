import { Controller, Get, Inject, Injectable, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { AppConfig, ObjectStorage, TemporalClientHolder } from '@app/infrastructure';
import { Public } from '../auth/auth.decorators';
import { ProntoView, VivoView } from './health.dto';

@Injectable()
export class DependencyIndicators {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly temporal: TemporalClientHolder,
    private readonly storage: ObjectStorage,
  ) {}

  private async probe(key: string, fn: () => Promise<void>): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    try {
      await withTimeout(fn(), 3000);
      return check.up();
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }

  temporalUp = () => this.probe('temporal', () => this.temporal.ping());
  storageUp = () => this.probe('storage', () => this.storage.ping());
  /** A worker must be polling: without one, steps sent to the procedures would wait with no answer. */
  workerUp = () => this.probe('worker', () => this.temporal.workerInAscolto());
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

@ApiTags('stato del servizio')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly deps: DependencyIndicators,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @ApiOperation({ summary: 'Il processo è attivo' })
  @ApiOkResponse({ type: VivoView })
  vitalita(): VivoView {
    return { status: 'ok' };
  }

  /** PostgreSQL, Temporal and object storage all answer, and a worker polls the task queue. */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Il servizio è pronto',
    description: 'PostgreSQL, Temporal e l’archivio documenti rispondono e un worker serve la coda dei processi.',
  })
  @ApiOkResponse({ type: ProntoView, description: 'tutto risponde' })
  @ApiServiceUnavailableResponse({ type: ProntoView, description: 'una dipendenza non risponde: lo stato di ciascuna, e quando riprovare (Retry-After)' })
  async prontezza(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 3000 }), this.deps.temporalUp, this.deps.storageUp, this.deps.workerUp]);
    } catch (e) {
      // Not ready: 503 with each dependency's state (what an operator and a load balancer read), and when to ask again.
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(503).setHeader('Retry-After', String(this.config.RETRY_AFTER_SECONDS));
      return e.getResponse();
    }
  }
}
