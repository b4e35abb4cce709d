import type { TipoRegola } from '../common/regole';

/** The rules of the tirocini a request can break, each with its kind (shared ones are in common/regole). */
export const REGOLE_TIROCINI = {
  'separazione-funzioni': 'permesso',
  'soggetto-non-rappresentato': 'permesso',

  'gia-registrato': 'stato',
  'versione-regole': 'stato',
  'integrazioni-scadute': 'stato',
  'scadenza-non-raggiunta': 'stato',
  'avvio-non-raggiunto': 'stato',
  'fine-non-raggiunta': 'stato',
  'comunicazione-gia-registrata': 'stato',
  'presenze-gia-registrate': 'stato',
  'rettifica-senza-presenze': 'stato',
  'presenze-insufficienti': 'stato',
  'attestazione-registrata': 'stato',
  'attestazione-gia-registrata': 'stato',
  'attestazione-in-preparazione': 'stato',
  // a timer of a deadline the practice has moved since (a new end date, a new term for integrations)
  'fine-non-corrente': 'stato',
  'scadenza-non-corrente': 'stato',
  /** Parties, dates and hours of a practice sent back for integration: fixed when it was sent. */
  'campo-fissato-all-invio': 'stato',

  /** A host's site the practice's office does not serve. */
  'sede-non-competente': 'contenuto',

  // first-level checks of the project (controlli.ts)
  'data-formato': 'contenuto',
  'inizio-non-passato': 'contenuto',
  'fine-dopo-inizio': 'contenuto',
  'durata-minima': 'contenuto',
  'durata-massima': 'contenuto',
  'durata-massima-svantaggiati': 'contenuto',
  'indennita-formato': 'contenuto',
  'indennita-minima': 'contenuto',
  'licenziamenti-precedenti': 'contenuto',
  'rapporto-precedente': 'contenuto',
  'eta-minima': 'contenuto',
  'convenzione-non-valida': 'contenuto',
  'documento-mancante': 'contenuto',
  'documento-non-firmato': 'contenuto',
  'obiettivi-obbligatori': 'contenuto',
  'attivita-obbligatorie': 'contenuto',
  'limite-ospitante': 'contenuto',
  'limite-tutor-ospitante': 'contenuto',
  'limite-tutor-promotore': 'contenuto',
  'tirocinio-sovrapposto': 'contenuto',
  // the steps of the procedure
  'scadenza-integrazioni-mancante': 'contenuto',
  'scadenza-non-futura': 'contenuto',
  'nota-mancante': 'contenuto',
  'codice-comunicazione-mancante': 'contenuto',
  'comunicazione-tardiva': 'contenuto',
  'mese-non-valido': 'contenuto',
  'mese-fuori-periodo': 'contenuto',
  'mese-futuro': 'contenuto',
  'ore-non-valide': 'contenuto',
  'ore-oltre-massimo': 'contenuto',
  'causa-non-ammessa': 'contenuto',
  'sospensione-prima-inizio': 'contenuto',
  'sospensione-sovrapposta': 'contenuto',
  'sospensione-oltre-fine': 'contenuto',
  'ripresa-prima-sospensione': 'contenuto',
  'proroga-non-estende': 'contenuto',
  'proroga-oltre-massimo': 'contenuto',
  'parte-non-ammessa': 'contenuto',
  // registers and references
  'riferimento-non-valido': 'contenuto',
  'tipo-documento': 'contenuto',
  'soggetto-sconosciuto': 'contenuto',
  'validita-incoerente': 'contenuto',
  'rettifica-vuota': 'contenuto',
  // the migration import (migrazione.ts)
  'migrazione-non-in-corso': 'contenuto',
  'codice-origine-duplicato': 'contenuto',
} as const satisfies Record<string, TipoRegola>;
