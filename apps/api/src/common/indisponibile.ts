import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { Dipendenza, DipendenzaNonDisponibileError, ERRORI_DI_RETE } from '@app/infrastructure';

/** gRPC codes a Temporal call ends with when the server or the worker cannot be reached in time. */
/** CANCELLED comes from a call the channel dropped while reconnecting under load: the call may be tried again. */
const GRPC_INDISPONIBILE = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);
/**
 * PostgreSQL SQLSTATEs of a server that is not there for us: connection exceptions (class 08), too many connections,
 * shutting down or starting up (57P01-57P03), and a statement cancelled by its timeout (57014).
 */
const PG_INDISPONIBILE = /^(08...|53300|57P0[123]|57014)$/;
/** What the pg driver says when the server goes away or a connection cannot be had in time (it sets no code). */
const PG_MESSAGGI =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated due to connection timeout/;

interface Forse {
  code?: unknown;
  errno?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/**
 * Whether an error means that a dependency is unavailable (answer 503 with Retry-After) rather than that the request
 * is wrong or the code is: looks through wrappers (TypeORM's driverError, Temporal's cause, AggregateError).
 */
export function dipendenzaNonDisponibile(e: unknown, profondita = 0): Dipendenza | undefined {
  if (!e || typeof e !== 'object' || profondita > 5) return undefined;
  const x = e as Forse;
  if (e instanceof DipendenzaNonDisponibileError) return e.dipendenza;
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'motore dei processi';
  if (e instanceof ServiceError) {
    const c = x.cause as Forse | undefined;
    if (!c || (typeof c.code === 'number' && GRPC_INDISPONIBILE.has(c.code))) return 'motore dei processi';
    return dipendenzaNonDisponibile(c, profondita + 1) ? 'motore dei processi' : undefined;
  }
  // A gRPC status error that reached us unwrapped.
  if (typeof x.code === 'number' && GRPC_INDISPONIBILE.has(x.code) && 'details' in (e as object) && 'metadata' in (e as object)) return 'motore dei processi';
  if (typeof x.code === 'string') {
    if (PG_INDISPONIBILE.test(x.code) && ('severity' in (e as object) || 'routine' in (e as object))) return 'database';
  }
  const messaggio = typeof x.message === 'string' ? x.message : '';
  if (PG_MESSAGGI.test(messaggio)) return 'database';
  if (x.driverError) {
    const d = dipendenzaNonDisponibile(x.driverError, profondita + 1);
    if (d) return d === 'servizio' ? 'database' : d;
  }
  if (typeof x.code === 'string' && ERRORI_DI_RETE.has(x.code)) return 'servizio';
  if (Array.isArray(x.errors)) {
    for (const sub of x.errors) {
      const d = dipendenzaNonDisponibile(sub, profondita + 1);
      if (d) return d;
    }
  }
  return x.cause ? dipendenzaNonDisponibile(x.cause, profondita + 1) : undefined;
}
