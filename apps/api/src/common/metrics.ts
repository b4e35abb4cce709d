import { Controller, Get, Headers, Injectable, NestMiddleware, Res } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig, RiconciliazioniRepository, authMode } from '@app/infrastructure';
import { notFound } from './problem';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { NextFunction, Request, Response } from 'express';
import { Gauge, Histogram, register } from 'prom-client';
import { Public } from '../auth/auth.decorators';

const uguali = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Prometheus scrape endpoint at /metrics (outside the API prefix). It names routes, volumes and process details, so
 * it answers only to `Authorization: Bearer <METRICS_TOKEN>`; without METRICS_TOKEN, only in development
 * (AUTH_MODE=dev). Otherwise it is as missing.
 */
@ApiExcludeController()
@Public()
@Controller()
export class MetricsController extends PrometheusController {
  constructor(
    private readonly config: AppConfig,
    private readonly riconciliazioni: RiconciliazioniRepository,
  ) {
    super();
  }

  @Get()
  override async index(@Res({ passthrough: true }) response: Response, @Headers('authorization') authorization?: string) {
    const token = this.config.METRICS_TOKEN;
    const ok = token ? uguali(authorization ?? '', `Bearer ${token}`) : authMode(this.config) === 'dev';
    if (!ok) throw notFound('metrics');
    await this.riconciliazione().catch(() => undefined); // the other metrics still answer without the database
    return super.index(response);
  }

  /** What the documents' last reconciliation found (the worker runs it; its runs are rows). */
  private async riconciliazione(): Promise<void> {
    const r = await this.riconciliazioni.riepilogo();
    if (!r) return;
    riconciliazioneGauge.set({ misura: 'ultima_esecuzione_secondi' }, r.ultima);
    riconciliazioneGauge.set({ misura: 'orfani_rimossi_totale' }, r.orfaniRimossi);
    riconciliazioneGauge.set({ misura: 'caricamenti_annullati_totale' }, r.caricamentiAnnullati);
    riconciliazioneGauge.set({ misura: 'versioni_esaminate_ultima' }, r.versioniEsaminate);
  }
}

const riconciliazioneGauge =
  (register.getSingleMetric('documenti_riconciliazione') as Gauge<string> | undefined) ??
  new Gauge({
    name: 'documenti_riconciliazione',
    help: "documents' reconciliation: time of the last run (epoch s), objects with no row removed and uploads aborted (all runs), versions examined (last run)",
    labelNames: ['misura'],
  });

const httpDuration =
  (register.getSingleMetric('http_request_duration_seconds') as Histogram<string> | undefined) ??
  new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });

/** Times every request, labelled by the route pattern (not the raw URL, to keep cardinality bounded). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const end = httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      end({ method: req.method, route: `${req.baseUrl ?? ''}${route}`, status: String(res.statusCode) });
    });
    next();
  }
}
