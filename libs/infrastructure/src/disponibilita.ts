/** Which dependency did not answer: what a 503 names, so an operator knows where to look. */
export type Dipendenza = 'database' | 'archivio documenti' | 'motore dei processi' | 'servizio';

/** A dependency could not be reached or answered "later": the API answers 503 with Retry-After, never 500. */
export class DipendenzaNonDisponibileError extends Error {
  constructor(
    readonly dipendenza: Dipendenza,
    override readonly cause?: unknown,
  ) {
    super(`${dipendenza} non disponibile${cause instanceof Error ? `: ${cause.message}` : ''}`);
    this.name = 'DipendenzaNonDisponibileError';
  }
}

/** Node's socket errors: the peer refused, vanished or did not answer. */
export const ERRORI_DI_RETE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
]);
