import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { RiconciliazioniRepository } from '@app/infrastructure';
import { HttpMetricsMiddleware, MetricsController } from './metrics';

/**
 * /metrics and the timing of every request. Global because PrometheusModule builds MetricsController in its own scope,
 * where only global providers can be injected: the configuration, and the reconciliations' repository exported here.
 */
@Global()
@Module({
  imports: [PrometheusModule.register({ controller: MetricsController, path: '/metrics', defaultMetrics: { enabled: true } })],
  providers: [RiconciliazioniRepository],
  exports: [RiconciliazioniRepository],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
