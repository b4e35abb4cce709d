import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_BASE = 'https://workflow-engine.example.it/problemi/';

/** A value as the API received or expects it: text, number, true/false, a list, an object or null. */
const QUALSIASI = {
  oneOf: [
    { type: 'string', nullable: true },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true },
  ],
};

/** One failing field and the rule it broke. */
export class ProblemFieldError {
  @ApiProperty({ description: 'il campo (percorso nel corpo, come `aree[0].peso`), il parametro o l’intestazione', example: 'protocollo' }) field: string;
  @ApiProperty({ description: 'la regola violata: il suo identificativo stabile', example: 'matches' }) rule: string;
  @ApiProperty({ description: 'la spiegazione, in italiano', example: 'protocollo: da 1 a 60 caratteri tra lettere, cifre e / . _ -' }) message: string;
  @ApiPropertyOptional({ ...QUALSIASI, description: 'il valore trovato, quando è breve abbastanza da ripeterlo' }) found?: unknown;
  @ApiPropertyOptional({ ...QUALSIASI, description: 'il limite o i valori ammessi dalla regola' }) limit?: unknown;
  @ApiPropertyOptional({ description: 'la versione delle regole che l’ha applicata (controlli dei tirocini)', example: 'piemonte-2024' })
  versioneRegole?: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDetails {
  @ApiProperty({ description: 'il tipo di problema (URI); `about:blank` per gli errori HTTP generici', example: `${PROBLEM_BASE}validazione` }) type: string;
  @ApiProperty({ description: 'titolo breve del tipo di problema', example: 'Richiesta non valida' }) title: string;
  @ApiProperty({ description: 'lo stato HTTP della risposta', example: 400 }) status: number;
  @ApiPropertyOptional({ description: 'che cosa è successo, in italiano' }) detail?: string;
  @ApiPropertyOptional({ description: 'il percorso della richiesta', example: '/api/v1/pratiche' }) instance?: string;
  @ApiPropertyOptional({ description: 'l’identificativo della richiesta, da citare in una segnalazione' }) requestId?: string;
  @ApiPropertyOptional({ type: [ProblemFieldError], description: 'ogni campo errato o regola violata' }) errors?: ProblemFieldError[];
  @ApiPropertyOptional({
    description: 'in un 503: il servizio che non ha risposto',
    enum: ['database', 'archivio documenti', 'motore dei processi', 'servizio'],
  })
  dipendenza?: string;
  @ApiPropertyOptional({ description: 'in un 409 per una chiave già registrata: l’id del record esistente (anche in Location)' })
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
