import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ObjectStorage, TemporalClientHolder } from '@app/infrastructure';
import { Public } from '../auth/auth.decorators';

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
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly deps: DependencyIndicators,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @ApiOkResponse({ description: 'alive' })
  live() {
    return { status: 'ok' };
  }

  /** PostgreSQL, Temporal and object storage all answer. */
  @Get('ready')
  @HealthCheck()
  @ApiServiceUnavailableResponse({ description: 'a dependency is down' })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 3000 }),
      this.deps.temporalUp,
      this.deps.storageUp,
    ]);
  }
}
