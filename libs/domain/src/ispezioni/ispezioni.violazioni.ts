import type { TipoRegola } from '../common/regole';

/** The rules of the ispezioni a request can break, each with its kind (shared ones are in common/regole). */
export const REGOLE_ISPEZIONI = {
  'ispettore-assegnato': 'permesso',
  'auto-assegnazione': 'permesso',
  'dichiarazione-per-altri': 'permesso',
  'revoca-non-ammessa': 'permesso',
  /** The caller's office is not a registered inspectorate. */
  'ispettorato-sconosciuto': 'permesso',

  'ispezione-chiusa': 'stato',
  'tentativo-gia-sorteggiato': 'stato',
  'tentativo-atteso': 'stato',
  'riassegnazione-in-corso': 'stato',
  'riassegnazione-assente': 'stato',
  'riassegnazione-non-approvata': 'stato',
  'ispettore-gia-assegnato': 'stato',
  // the next commit-reveal period, whose bounds nobody chooses: the server derives them from the existing ones
  'periodo-esistente': 'stato',
  'limiti-periodo': 'stato',
  'periodi-sovrapposti': 'stato',
  'periodi-non-contigui': 'stato',
  'periodo-iniziato': 'stato',
  'periodo-aperto': 'stato',
  'gia-decisa': 'stato',
  'conflitto-revocato': 'stato',
  /** A code or a login already registered. */
  univoco: 'stato',

  'via-ammessa': 'contenuto',
  'data-precedente': 'contenuto',
  'ispettore-mancante': 'contenuto',
  'ispettore-non-approvato': 'contenuto',
  'ispettore-astenuto': 'contenuto',
  // an inspector named for a manual reassignment who could not be drawn (idoneita.ts)
  'ispettore-sconosciuto': 'contenuto',
  'ispettore-non-attivo': 'contenuto',
  'ispettorato-diverso': 'contenuto',
  territorio: 'contenuto',
  qualifica: 'contenuto',
  assenza: 'contenuto',
  conflitto: 'contenuto',
  rotazione: 'contenuto',
  astensione: 'contenuto',
  // the inspectorate's policy
  'politica-non-valida': 'contenuto',
  // registers and plans
  'azienda-sconosciuta': 'contenuto',
  'territorio-non-competente': 'contenuto',
  'data-fuori-anno': 'contenuto',
  'fonte-obbligatoria': 'contenuto',
} as const satisfies Record<string, TipoRegola>;
