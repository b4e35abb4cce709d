import type { TipoRegola } from '../common/regole';

/** The rules of the pratica a request can break, each with its kind (shared ones are in common/regole). */
export const REGOLE_PRATICA = {
  'ruolo-responsabile': 'permesso',
  'gia-inviata': 'stato',
  'non-inviata': 'stato',
  'pratica-chiusa': 'stato',
  'pratica-in-esame': 'stato',
  'pratica-non-modificabile': 'stato',
  /** A protocol number the office already gave to another pratica. */
  'chiave-univoca': 'stato',
  'documenti-richiesti': 'contenuto',
} as const satisfies Record<string, TipoRegola>;
