import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_BASE = 'https://workflow-engine.example.it/problemi/';

/** One failing field and the rule it broke. */
export class ProblemFieldError {
  @ApiProperty({ example: 'protocollo' }) field: string;
  @ApiProperty({ example: 'matches' }) rule: string;
  @ApiProperty({ example: 'protocollo must match /^[A-Za-z0-9/._-]{1,60}$/' }) message: string;
  @ApiPropertyOptional() found?: unknown;
  @ApiPropertyOptional() limit?: unknown;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDetails {
  @ApiProperty({ example: `${PROBLEM_BASE}validazione` }) type: string;
  @ApiProperty({ example: 'Richiesta non valida' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ example: '/api/v1/pratiche' }) instance?: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ type: [ProblemFieldError] }) errors?: ProblemFieldError[];
  @ApiPropertyOptional({ description: 'on a 503: the dependency that did not answer', enum: ['database', 'archivio documenti', 'motore dei processi', 'servizio'] })
  dipendenza?: string;
  @ApiPropertyOptional({ description: 'on a 409 for a business key already taken: the id of the existing resource (also in Location)' })
  id?: string;
}

/** Throw this anywhere in the API to answer with a problem+json of the given status. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: ProblemFieldError[],
    /** Headers of the answer (e.g. Location of the existing resource a 409 names) and members added to the problem. */
    readonly extra: { headers?: Record<string, string>; estensioni?: Record<string, unknown> } = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what: string) => new ProblemException(404, 'non-trovato', 'Risorsa non trovata', `${what}: inesistente o non accessibile`);

/** A step on a record whose procedure has ended: 409 naming its final state, not 404 (the record is there). */
export const proceduraConclusa = (cosa: string, stato: string) =>
  new ProblemException(409, 'procedura-conclusa', 'Procedura conclusa', `${cosa} è ${stato}: la sua procedura è conclusa`, [
    { field: 'stato', rule: 'procedura-conclusa', message: `${cosa} è già ${stato}: nessun altro passo è ammesso`, found: stato },
  ]);
