/** The words the ispezioni screens use for the API's codes. */

const STATI_RICHIESTA: Record<string, string> = {
  registrata: 'Registrata, in attesa del sorteggio',
  assegnata: 'Assegnata, in attesa di accettazione',
  accettata: 'Accettata dall’ispettore',
  'in-corso': 'Ispezione in corso',
  diffida: 'Diffida notificata',
  'accertamenti-conclusi': 'Accertamenti conclusi',
  chiusa: 'Chiusa',
};
export const statoRichiesta = (s: string) => STATI_RICHIESTA[s] ?? s;

const FONTI: Record<string, string> = { esposto: 'Esposto', 'altro-ente': 'Segnalazione di altro ente', 'piano-ufficio': 'Piano di vigilanza dell’ufficio' };
export const fonte = (s: string) => FONTI[s] ?? s;
export const FONTI_SCELTE = Object.entries(FONTI);

const PRIORITA: Record<string, string> = { alta: 'Alta', media: 'Media', bassa: 'Bassa' };
export const priorita = (s: string) => PRIORITA[s] ?? s;
export const PRIORITA_SCELTE = Object.entries(PRIORITA);

const REGOLE: Record<string, string> = {
  territorio: 'Territorio non di competenza',
  qualifica: 'Qualifica non posseduta',
  assenza: 'Assente',
  conflitto: 'Conflitto di interessi',
  rotazione: 'Rotazione (già ispezionata di recente)',
  astensione: 'Si è astenuto',
};
export const regola = (s: string) => REGOLE[s] ?? s;

const TERMINI: Record<string, string> = {
  accettazione: 'Accettazione dell’incarico',
  'primo-accesso': 'Primo accesso',
  diffida: 'Adempimento della diffida',
  'verbale-unico': 'Verbale unico',
};
export const termine = (s: string) => TERMINI[s] ?? s;

const STATI_TERMINE: Record<string, string> = {
  'non-iniziato': 'Non ancora iniziato',
  'in-corso': 'In corso',
  scaduto: 'Scaduto',
  rispettato: 'Rispettato',
  'adempiuto-in-ritardo': 'Adempiuto in ritardo',
};
export const statoTermine = (s: string) => STATI_TERMINE[s] ?? s;

const ATTESE: Record<string, string> = {
  'nessun-idoneo': 'Nessun ispettore idoneo',
  'periodo-mancante': 'Nessun periodo di sorteggio utilizzabile',
  'in-sorteggio': 'Sorteggio in corso',
};
export const attesa = (s: string) => ATTESE[s] ?? s;

export const ESITI_SCELTE: Array<[string, string]> = [
  ['regolare', 'Regolare'],
  ['irregolarita-sanate', 'Irregolarità sanate'],
  ['sanzioni', 'Sanzioni irrogate'],
  ['notizia-di-reato', 'Notizia di reato'],
  ['archiviata', 'Archiviata'],
];
export const esito = (s: string) => Object.fromEntries(ESITI_SCELTE)[s] ?? s;
