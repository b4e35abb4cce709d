import type { TipoRegola } from '../common/regole';

/** The rules of the plans (cronoprogramma) a request can break, each with its kind (shared ones are in common/regole). */
export const REGOLE_CRONOPROGRAMMA = {
  'piano-non-in-bozza': 'stato',
  'piano-non-attivo': 'stato',
  'revisione-in-attesa': 'stato',
  'revisione-gia-decisa': 'stato',

  // a plan document (pesi.ts)
  'anno-non-valido': 'contenuto',
  'chiusura-non-valida': 'contenuto',
  'obiettivi-mancanti': 'contenuto',
  'indicatori-mancanti': 'contenuto',
  'fasi-mancanti': 'contenuto',
  'codice-duplicato': 'contenuto',
  'numero-duplicato': 'contenuto',
  'numero-non-valido': 'contenuto',
  'tipo-non-valido': 'contenuto',
  'target-non-valido': 'contenuto',
  'raggiunto-non-valido': 'contenuto',
  'motivazione-mancante': 'contenuto',
  'fase-fuori-anno': 'contenuto',
  'fase-oltre-chiusura': 'contenuto',
  'fine-effettiva-futura': 'contenuto',
  'ritardo-non-valido': 'contenuto',
  'peso-non-valido': 'contenuto',
  'somma-pesi': 'contenuto',
  'autovalutazione-non-valida': 'contenuto',
  'giustificazione-mancante': 'contenuto',
  // a revision (modifiche.ts)
  'campo-non-revisionabile': 'contenuto',
  'fase-inesistente': 'contenuto',
  'indicatore-inesistente': 'contenuto',
  'nessuna-modifica': 'contenuto',
} as const satisfies Record<string, TipoRegola>;
