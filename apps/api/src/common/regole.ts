import type { TipoRegola } from '@app/domain';

/**
 * The API's own rules on the form of a request (body, headers, path, query, uploaded files), each with its kind like
 * a procedure's rules (`REGOLE` in the domain). They are refused before any procedure sees the request, with the
 * status HTTP gives each (400, 413, 415, 429, ...); the kind says which of the three families a refusal is.
 * A slug is declared either here or in the domain, never in both (unit test).
 */
export const REGOLE_RICHIESTA = {
  'ruolo-richiesto': 'permesso',

  'richiesta-in-corso': 'stato',
  'limite-richieste': 'stato',

  // the body as the parser reads it
  'corpo-troppo-grande': 'contenuto',
  'json-non-valido': 'contenuto',
  'corpo-non-valido': 'contenuto',
  'charset-non-supportato': 'contenuto',
  'codifica-non-supportata': 'contenuto',
  'richiesta-interrotta': 'contenuto',
  'dimensione-non-coerente': 'contenuto',
  'troppi-parametri': 'contenuto',
  'codifica-non-valida': 'contenuto',
  'corpo-non-oggetto': 'contenuto',
  'annidamento-eccessivo': 'contenuto',
  'carattere-non-ammesso': 'contenuto',
  // fields, headers, query and path
  'campo-non-ammesso': 'contenuto',
  uuid: 'contenuto',
  intero: 'contenuto',
  'chiave-idempotenza': 'contenuto',
  'chiave-riutilizzata': 'contenuto',
  cursore: 'contenuto',
  'parametri-alternativi': 'contenuto',
  'tipo-voce': 'contenuto',
  'nome-voce': 'contenuto',
  'utenti-solo-struttura': 'contenuto',
  // multipart bodies and uploaded files
  'multipart-richiesto': 'contenuto',
  'parti-massime': 'contenuto',
  obbligatorio: 'contenuto',
  matches: 'contenuto',
  formato: 'contenuto',
  codifica: 'contenuto',
} as const satisfies Record<string, TipoRegola>;

export type RegolaRichiesta = keyof typeof REGOLE_RICHIESTA;
