import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { Observable, of } from 'rxjs';
import { AppConfig, ChiaviIdempotenza, contestoIdempotenza } from '@app/infrastructure';
import type { Actor } from '@app/domain';
import { ProblemException } from './problem';

/** Printable ASCII, 1 to 255 characters; the draft's sf-string may come quoted. */
const CHIAVE = /^[\x20-\x7e]{1,255}$/;

/** JSON with object keys sorted, so two equal bodies written in another key order have the same fingerprint. */
function canonico(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonico).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonico((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/**
 * `Idempotency-Key` on POST (IETF draft httpapi-idempotency-key): the first request with a key runs and its answer is
 * kept for 24 hours, per user and office; a retry with the same key and the same request gets that answer again
 * (`Idempotency-Replayed: true`), whatever happened to the first; the same key with another request is 422, and a
 * retry while the first is still running is 409 with Retry-After. A request that ends in an error keeps nothing, so
 * its retry runs again; Updates it sends carry an id derived from the key, so Temporal applies a decision once even
 * when the first answer was lost in an outage. Uploads are fingerprinted by route and length, not by their bytes
 * (they are read as a stream, after this check).
 */
@Injectable()
export class IdempotenzaInterceptor implements NestInterceptor {
  constructor(
    private readonly chiavi: ChiaviIdempotenza,
    private readonly config: AppConfig,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: Actor }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const grezza = req.headers['idempotency-key'];
    if (req.method !== 'POST' || grezza === undefined || !req.user) return next.handle();
    const chiave = String(grezza).replace(/^"(.*)"$/, '$1');
    if (Array.isArray(grezza) || !CHIAVE.test(chiave)) {
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'Idempotency-Key non valida', [
        { field: 'Idempotency-Key', rule: 'chiave-idempotenza', message: 'Idempotency-Key: da 1 a 255 caratteri ASCII stampabili, una sola volta' },
      ]);
    }
    const utente = `${req.user.office}:${req.user.sub}`;
    const multipart = String(req.headers['content-type'] ?? '').startsWith('multipart/');
    // An upload is read as a stream after this check: its fingerprint is its route and its length (the same file sent
    // again has the same length; another file almost never does), not its bytes.
    const corpo = multipart ? `multipart ${req.headers['content-length'] ?? 'chunked'}` : canonico(req.body ?? null);
    const impronta = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${corpo}`).digest('hex');
    // A claim older than the longest a request may run (a step waits at most TEMPORAL_UPDATE_TIMEOUT_MS) was abandoned.
    const abbandonoMs = this.config.TEMPORAL_UPDATE_TIMEOUT_MS * 2;
    const esistente = await this.chiavi.reclama(utente, chiave, req.method, req.originalUrl, impronta, abbandonoMs);
    if (esistente) {
      if (esistente.impronta !== impronta) {
        throw new ProblemException(
          422,
          'chiave-riutilizzata',
          'Chiave di idempotenza già usata',
          'questa Idempotency-Key è già stata usata per una richiesta diversa',
          [
            {
              field: 'Idempotency-Key',
              rule: 'chiave-riutilizzata',
              message: "la chiave è già stata usata, nelle ultime 24 ore, per un'altra richiesta: usarne una nuova",
            },
          ],
        );
      }
      if (esistente.stato === 'in-corso') {
        res.setHeader('Retry-After', '1');
        throw new ProblemException(
          409,
          'richiesta-in-corso',
          'Richiesta già in corso',
          'una richiesta con questa Idempotency-Key è ancora in corso: riprovare tra poco',
          [{ field: 'Idempotency-Key', rule: 'richiesta-in-corso', message: 'la prima richiesta con questa chiave non ha ancora risposto' }],
        );
      }
      res.status(esistente.status ?? 200);
      if (esistente.location) res.setHeader('Location', esistente.location);
      res.setHeader('Idempotency-Replayed', 'true');
      return of(esistente.corpo ?? undefined);
    }

    return new Observable((subscriber) => {
      const rilascia = () => this.chiavi.rilascia(utente, chiave).catch(() => undefined);
      // The answer leaves only once it is kept: a client that retries as soon as it has it must find it, not a
      // request still "in corso" (409). Nest sets the status before the handler runs, and a handler sets Location
      // while it runs, so both are final here.
      let kept: Promise<unknown> = Promise.resolve();
      // The handler runs inside the key's context: the Updates it sends take their id from it.
      contestoIdempotenza.run({ utente, chiave }, () =>
        next.handle().subscribe({
          next: (corpo) => {
            if (corpo instanceof StreamableFile || (corpo !== undefined && typeof corpo !== 'object')) {
              kept = rilascia();
            } else {
              const location = res.getHeader('location');
              // A store that fails keeps nothing (the retry runs again), and the answer still goes.
              kept = this.chiavi.completa(utente, chiave, res.statusCode, location === undefined ? null : String(location), corpo).catch(rilascia);
            }
            void kept.then(() => subscriber.next(corpo));
          },
          error: (e) => {
            void rilascia().finally(() => subscriber.error(e));
          },
          complete: () => void kept.then(() => subscriber.complete()),
        }),
      );
    });
  }
}
