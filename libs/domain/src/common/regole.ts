import { REGOLE_COLLOCAMENTO } from '../collocamento/collocamento.violazioni';
import { REGOLE_CRONOPROGRAMMA } from '../cronoprogramma/cronoprogramma.violazioni';
import { REGOLE_ISPEZIONI } from '../ispezioni/ispezioni.violazioni';
import { REGOLE_PRATICA } from '../pratiche/pratiche.violazioni';
import { REGOLE_TIROCINI } from '../tirocini/tirocini.violazioni';

/**
 * What kind of refusal a broken rule is, so that its answer follows from the rule itself:
 * - `permesso`: who may act (role, office, authorship, segregation of duties): 403;
 * - `stato`: the record's state or the time does not allow it now (a closed step, a window not open, a fact
 *   already recorded): 409;
 * - `contenuto`: a value in the request breaks the rule: 422.
 */
export type TipoRegola = 'permesso' | 'stato' | 'contenuto';

/** Rules that several procedures share, with the same meaning in each. */
export const REGOLE_COMUNI = {
  /** A plan already exists for its key: a performance plan per office and year, a plan of vigilance per inspectorate and year. */
  'piano-esistente': 'stato',
  'separazione-compiti': 'permesso',
  'ufficio-competente': 'permesso',
  'ruolo-non-ammesso': 'permesso',
  'stato-non-ammesso': 'stato',
  'procedura-conclusa': 'stato',
  'motivazione-minima': 'contenuto',
  'esito-ammesso': 'contenuto',
  'data-non-valida': 'contenuto',
  'data-futura': 'contenuto',
  'date-invertite': 'contenuto',
  'campo-non-modificabile': 'contenuto',
  'ore-settimanali': 'contenuto',
  'documento-non-valido': 'contenuto',
  // identifiers of people and organisations (identificativi.ts)
  'codice-fiscale-formato': 'contenuto',
  'codice-fiscale-coerente': 'contenuto',
  'partita-iva-formato': 'contenuto',
  'nome-non-valido': 'contenuto',
  'data-nascita-futura': 'contenuto',
  // an uploaded document (checked by the document store)
  'dimensione-massima': 'contenuto',
  'tipo-non-ammesso': 'contenuto',
  'estensione-non-corrispondente': 'contenuto',
  'file-vuoto': 'contenuto',
  'documento-illeggibile': 'contenuto',
} as const satisfies Record<string, TipoRegola>;

/**
 * Every rule of every procedure with its kind. A violation names one of these (`RuleViolation.rule`), so a rule
 * that is not declared here does not compile; a unit test keeps each slug in one catalogue only.
 */
export const REGOLE = {
  ...REGOLE_COMUNI,
  ...REGOLE_PRATICA,
  ...REGOLE_TIROCINI,
  ...REGOLE_COLLOCAMENTO,
  ...REGOLE_ISPEZIONI,
  ...REGOLE_CRONOPROGRAMMA,
} as const satisfies Record<string, TipoRegola>;

export type Regola = keyof typeof REGOLE;

/** Whether a slug read at run time (a stored or received violation) is a declared rule. */
export const eRegola = (slug: string): slug is Regola => Object.prototype.hasOwnProperty.call(REGOLE, slug);

/** The kind of a declared rule; undefined for a slug that is not one (e.g. from a worker of another version). */
export const tipoRegola = (slug: string): TipoRegola | undefined => (eRegola(slug) ? REGOLE[slug] : undefined);
