/** The collocamento's machine words as the people at the desk say them. */

const STATI: Record<string, string> = {
  richiesta: 'Richiesta ricevuta: da valutare la congruità',
  'non-congrua': 'Non congrua',
  pubblicata: 'Pubblicata: adesioni aperte',
  'chiusa-adesioni': 'Adesioni chiuse: graduatoria calcolata, da pubblicare',
  'graduatoria-pubblicata': 'Graduatoria pubblicata: rosa da inviare',
  'rosa-inviata': 'Rosa inviata: in attesa degli esiti',
  conclusa: 'Conclusa',
  annullata: 'Annullata',
};

/** The offer's state in words. */
export const statoOfferta = (s: string): string => STATI[s] ?? s;

const ESITI: Record<string, string> = {
  assunto: 'Assunto',
  'non-idoneo': 'Non idoneo',
  'non-presentato': 'Non presentato al colloquio',
  rifiuto: 'Ha rifiutato l’offerta',
};
export const esitoInParole = (e?: string | null): string => (e ? (ESITI[e] ?? e) : 'Esito non ancora registrato');
export const ESITI_SCELTE = Object.entries(ESITI) as Array<[keyof typeof ESITI & string, string]>;

const CRITERI: Record<string, string> = {
  invalidita: 'Invalidità',
  anzianita: 'Anzianità di iscrizione',
  isee: 'ISEE',
  'carico-familiare': 'Carico familiare',
  competenze: 'Competenze richieste',
};
export const criterio = (c: string): string => CRITERI[c] ?? c;
export const CRITERI_ORDINE = Object.keys(CRITERI);

/** Points are integer hundredths: 90,00. */
export const punti = (centesimi: number): string => (centesimi / 100).toLocaleString('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const PASSI: Record<string, string> = {
  richiesta: 'Richiesta registrata',
  congruita: 'Congruità valutata',
  adesione: 'Adesione registrata',
  ritiro: 'Adesione ritirata',
  chiusuraAdesioni: 'Adesioni chiuse',
  'graduatoria-calcolata': 'Graduatoria calcolata',
  graduatoriaPubblicata: 'Graduatoria pubblicata',
  rosaInviata: 'Rosa inviata al datore',
  rosaSuccessiva: 'Nuovi candidati inviati',
  esito: 'Esito registrato',
  rettificaEsito: 'Esito rettificato',
  avvisoSla: 'Avviso: il termine per la rosa si avvicina',
  slaScaduta: 'Termine per la rosa superato',
  annullamento: 'Offerta annullata',
  promemoriaEsiti: 'Promemoria degli esiti al datore',
};
export const passo = (cosa: string): string => PASSI[cosa] ?? cosa;

export const CONTRATTI = [
  ['tempo-indeterminato', 'Tempo indeterminato'],
  ['tempo-determinato', 'Tempo determinato'],
  ['apprendistato', 'Apprendistato'],
  ['somministrazione', 'Somministrazione'],
] as const;

export const CATEGORIE = [
  ['art1', 'Art. 1 (persone con disabilità)'],
  ['art18', 'Art. 18 (altre categorie protette)'],
] as const;
