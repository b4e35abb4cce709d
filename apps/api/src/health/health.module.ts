import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyIndicators, HealthController } from './health.controller';

/** Liveness and readiness: PostgreSQL (terminus's TypeORM ping), Temporal, object storage and a polling worker. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [DependencyIndicators],
})
export class HealthModule {}
