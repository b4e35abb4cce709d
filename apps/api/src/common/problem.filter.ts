import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppConfig, DocumentRejectedError } from '@app/infrastructure';
import { tipoRegola, type RuleViolation, type TipoRegola } from '@app/domain';
import { RULE_VIOLATION } from '../../../../workflows/common/rifiuto';
import { dipendenzaNonDisponibile } from './indisponibile';
import type { RegolaRichiesta } from './regole';
import { PROBLEM_BASE, PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemException, ProblemFieldError } from './problem';

/** A refusal's status follows from the kind of the rule broken: who may act 403, the record's state 409, the content 422. */
const STATUS_PER_TIPO: Record<TipoRegola, number> = { permesso: 403, stato: 409, contenuto: 422 };
/** Kinds from the most severe: whoever may not act learns that first; a state that refuses the step, before its content. */
const GRAVITA: readonly TipoRegola[] = ['permesso', 'stato', 'contenuto'];

/**
 * The status of a refusal listing these violations: that of the most severe kind among them. A slug no catalogue
 * declares (only a worker of another version could send one) counts as content.
 */
export function statusOfViolations(violations: readonly RuleViolation[]): number {
  const tipi = new Set(violations.map((v) => tipoRegola(v.rule) ?? 'contenuto'));
  return STATUS_PER_TIPO[GRAVITA.find((t) => tipi.has(t)) ?? 'contenuto'];
}

const DOCUMENT_STATUS: Record<DocumentRejectedError['rule'], number> = {
  'dimensione-massima': 413,
  'tipo-non-ammesso': 415,
  'estensione-non-corrispondente': 415,
  'file-vuoto': 422,
  'documento-illeggibile': 422,
};

/** The title of an answer Nest gives by itself, by status. */
const TITOLI_HTTP: Record<number, string> = {
  400: 'Richiesta non valida',
  401: 'Autenticazione richiesta',
  403: 'Accesso negato',
  404: 'Risorsa non trovata',
  405: 'Metodo non ammesso',
  406: 'Formato non disponibile',
  409: 'Conflitto',
  413: 'Corpo della richiesta troppo grande',
  415: 'Tipo di contenuto non supportato',
  422: 'Richiesta non elaborabile',
  429: 'Troppe richieste',
  503: 'Servizio non disponibile',
};

/** What the body parser refuses before any route sees the request (it throws errors with a `type` and a 4xx status). */
const CORPO: Record<string, { status: number; rule: RegolaRichiesta; message: string }> = {
  'entity.too.large': { status: 413, rule: 'corpo-troppo-grande', message: 'il corpo della richiesta supera la dimensione massima ammessa' },
  'entity.parse.failed': { status: 400, rule: 'json-non-valido', message: 'il corpo non è JSON valido' },
  'entity.verify.failed': { status: 400, rule: 'corpo-non-valido', message: 'il corpo non è valido' },
  'charset.unsupported': { status: 415, rule: 'charset-non-supportato', message: 'set di caratteri non supportato: usare UTF-8' },
  'encoding.unsupported': { status: 415, rule: 'codifica-non-supportata', message: 'Content-Encoding non supportato' },
  'request.aborted': { status: 400, rule: 'richiesta-interrotta', message: 'la richiesta è stata interrotta prima della fine del corpo' },
  'request.size.invalid': { status: 400, rule: 'dimensione-non-coerente', message: 'la lunghezza del corpo non corrisponde a Content-Length' },
  'parameters.too.many': { status: 413, rule: 'troppi-parametri', message: 'troppi parametri nel corpo' },
};

function corpoNonLeggibile(e: unknown): ProblemDetails | undefined {
  const x = e as { type?: unknown; status?: unknown } | null;
  if (!x || typeof x.type !== 'string' || typeof x.status !== 'number') return undefined;
  const known = CORPO[x.type];
  const status = known?.status ?? (x.status >= 400 && x.status < 500 ? x.status : undefined);
  if (!status) return undefined;
  const message = known?.message ?? 'il corpo della richiesta non può essere letto';
  return {
    type: PROBLEM_BASE + (known?.rule ?? 'corpo-non-valido'),
    title: 'Corpo della richiesta non accettato',
    status,
    detail: message,
    errors: [{ field: 'body', rule: known?.rule ?? 'corpo-non-valido', message }],
  };
}

export function violationsToErrors(violations: RuleViolation[]): ProblemFieldError[] {
  return violations.map((v) => ({ field: v.field ?? '', rule: v.rule, message: v.message, found: v.found, limit: v.limit }));
}

/** Renders every error as RFC 9457 problem+json; never leaks stack traces or SQL. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger('ProblemFilter');

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const dipendenza = dipendenzaNonDisponibile(exception);
    const problem = dipendenza ? this.nonDisponibile(dipendenza) : this.toProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    problem.requestId = req.id;
    if (dipendenza) {
      this.log.warn({ err: exception, requestId: req.id }, `${dipendenza} unavailable on ${req.method} ${problem.instance}: answered 503`);
    } else if (problem.status >= 500) {
      this.log.error({ err: exception, requestId: req.id }, `unhandled error on ${req.method} ${problem.instance}`);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (dipendenza) res.setHeader('Retry-After', String(this.config.RETRY_AFTER_SECONDS));
    if (exception instanceof ProblemException) for (const [k, v] of Object.entries(exception.extra.headers ?? {})) res.setHeader(k, v);
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  /** A dependency is down or did not answer in time: 503, with the dependency named and when to try again. */
  private nonDisponibile(dipendenza: string): ProblemDetails {
    return {
      type: PROBLEM_BASE + 'servizio-non-disponibile',
      title: 'Servizio temporaneamente non disponibile',
      status: 503,
      detail: `${dipendenza === 'servizio' ? 'un servizio necessario' : `il ${dipendenza}`} non risponde: riprovare tra ${this.config.RETRY_AFTER_SECONDS} secondi`,
      dipendenza,
    };
  }

  private toProblem(e: unknown): ProblemDetails {
    if (e instanceof ProblemException) {
      return { type: PROBLEM_BASE + e.slug, title: e.title, status: e.status, detail: e.detail, errors: e.errors, ...e.extra.estensioni };
    }
    if (e instanceof DocumentRejectedError) {
      return {
        type: PROBLEM_BASE + e.rule,
        title: 'Documento non accettato',
        status: DOCUMENT_STATUS[e.rule],
        detail: e.message,
        errors: [{ field: 'file', rule: e.rule, message: e.message, found: e.found, limit: e.limit }],
      };
    }
    if (e instanceof WorkflowExecutionAlreadyStartedError) {
      return { type: PROBLEM_BASE + 'gia-avviata', title: 'Procedura già avviata', status: 409, detail: 'una procedura con questa chiave è già avviata' };
    }
    if (e instanceof WorkflowNotFoundError) {
      return { type: PROBLEM_BASE + 'non-trovato', title: 'Risorsa non trovata', status: 404, detail: 'la procedura non è in corso' };
    }
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure && e.cause.type === RULE_VIOLATION) {
      const violations = (e.cause.details ?? []) as RuleViolation[];
      const status = statusOfViolations(violations);
      const undeclared = violations.filter((v) => !tipoRegola(v.rule)).map((v) => v.rule);
      if (undeclared.length) this.log.warn(`a refused update names rules no catalogue declares (answered as content): ${undeclared.join(', ')}`);
      return {
        type: PROBLEM_BASE + 'regola-violata',
        title: 'Operazione rifiutata dalle regole della procedura',
        status,
        detail: e.cause.message,
        errors: violationsToErrors(violations),
      };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const body = e.getResponse();
      const detail = typeof body === 'string' ? body : ((body as { message?: unknown }).message as string | undefined);
      // Nest turns the body parser's SyntaxError (malformed JSON) into a bare 400 carrying only JSON.parse's message.
      // Express refuses a path segment whose percent-encoding is broken (%FF, a cut sequence) before any route runs.
      if (status === 400 && typeof detail === 'string' && detail.startsWith('Failed to decode param')) {
        const message = 'il percorso contiene una codifica percentuale non valida';
        return {
          type: PROBLEM_BASE + 'percorso-non-valido',
          title: 'Richiesta non valida',
          status,
          detail: message,
          errors: [{ field: 'path', rule: 'codifica-non-valida', message }],
        };
      }
      if (status === 400 && typeof detail === 'string' && /JSON/.test(detail)) {
        const message = 'il corpo non è JSON valido';
        return {
          type: PROBLEM_BASE + 'json-non-valido',
          title: 'Corpo della richiesta non accettato',
          status,
          detail: message,
          errors: [{ field: 'body', rule: 'json-non-valido', message }],
        };
      }
      // Nest's own answers (an unknown route: "Cannot GET /x") in the words of the rest of the API.
      const testo = Array.isArray(detail) ? detail.join('; ') : detail;
      const rotta = typeof testo === 'string' ? /^Cannot (\w+) (.*)$/.exec(testo) : null;
      return {
        type: status === 404 ? PROBLEM_BASE + 'non-trovato' : 'about:blank',
        title: TITOLI_HTTP[status] ?? `Errore ${status}`,
        status,
        detail: rotta ? `percorso inesistente: ${rotta[1]} ${rotta[2]}` : testo,
      };
    }
    const corpo = corpoNonLeggibile(e);
    if (corpo) return corpo;
    if (e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505') {
      return { type: PROBLEM_BASE + 'duplicato', title: 'Risorsa già esistente', status: 409, detail: 'esiste già un elemento con la stessa chiave' };
    }
    return {
      type: 'about:blank',
      title: 'Errore interno',
      status: 500,
      detail: 'errore imprevisto: citare l’identificativo della richiesta (requestId) nella segnalazione',
    };
  }
}
