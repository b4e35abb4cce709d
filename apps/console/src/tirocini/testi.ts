/** The words the tirocini screens use for the API's codes: states, steps, documents, causes. */

export const STATI: Record<string, string> = {
  bozza: 'Bozza (non ancora inviata)',
  inviata: 'Inviata, in revisione presso il CPI',
  'integrazioni-richieste': 'Integrazioni richieste dal CPI',
  integrata: 'Integrata, in revisione presso il CPI',
  'attesa-comunicazione': 'Approvata, in attesa della comunicazione obbligatoria',
  'avvio-bloccato': 'Avvio bloccato: manca la comunicazione obbligatoria',
  attiva: 'In corso',
  sospesa: 'Sospesa',
  conclusa: 'Conclusa',
  interrotta: 'Interrotta',
  respinta: 'Respinta',
  archiviata: 'Archiviata (integrazioni non arrivate in tempo)',
  ritirata: 'Ritirata',
};

export const statoTirocinio = (s: string) => STATI[s] ?? s;

/** The states a list can be filtered by, in the order of the life cycle. */
export const STATI_FILTRO = Object.keys(STATI);

export const AZIONI: Record<string, string> = {
  invio: 'invio della richiesta',
  decisione: 'decisione del responsabile',
  integrazione: 'invio delle integrazioni',
  comunicazioneObbligatoria: 'comunicazione obbligatoria (UNILAV)',
  avvio: 'avvio automatico alla data di inizio',
  conclusione: 'conclusione automatica alla data di fine',
  ripresa: 'ripresa dopo la sospensione',
  presenze: 'registro delle presenze mancanti',
  esitoAttestazione: "emissione dell'attestazione finale",
};

/** Who takes the next step, after "a cura": the API's `chi`. */
export const CHI: Record<string, string> = {
  responsabile: 'del responsabile del CPI',
  ospitante: 'del soggetto ospitante',
  'operatore o promotore': "dell'operatore del CPI o del soggetto promotore",
  'promotore o operatore': "del soggetto promotore o dell'operatore del CPI",
  promotore: 'del soggetto promotore',
};

export const PASSI: Record<string, string> = {
  'bozza-creata': 'Bozza creata',
  'progetto-modificato': 'Progetto formativo modificato',
  'documento-caricato': 'Documento caricato',
  invio: 'Richiesta inviata',
  decisione: 'Decisione del responsabile',
  integrazione: 'Integrazioni inviate',
  comunicazioneObbligatoria: 'Comunicazione obbligatoria registrata',
  avvio: 'Tirocinio avviato',
  'avvio-bloccato': 'Avvio bloccato',
  presenze: 'Presenze registrate',
  sospensione: 'Sospensione',
  ripresa: 'Ripresa',
  proroga: 'Proroga',
  interruzione: 'Interruzione',
  ritiro: 'Richiesta ritirata',
  conclusione: 'Tirocinio concluso',
  archiviazione: 'Pratica archiviata',
  esitoAttestazione: 'Esito dell’attestazione finale',
};

export const passo = (cosa: string) => PASSI[cosa] ?? cosa.replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const DOCUMENTI: Record<string, string> = {
  'progetto-formativo': 'Progetto formativo individuale (PFI)',
  'autocertificazione-ospitante': "Autocertificazione dell'ospitante",
  'dichiarazione-selezione': 'Dichiarazione di avvenuta selezione',
  'documento-identita': "Documento d'identità del tirocinante",
  convenzione: 'Convenzione firmata',
};

/** The documents a submission needs, and those the parties must sign. */
export const TIPI_DOCUMENTO = Object.keys(DOCUMENTI);
export const DA_FIRMARE = ['convenzione', 'progetto-formativo', 'autocertificazione-ospitante'];
export const documento = (tipo: string) => DOCUMENTI[tipo] ?? tipo;

export const CAUSE_SOSPENSIONE: Record<string, string> = {
  maternita: 'Maternità',
  'malattia-lunga': 'Malattia lunga',
  'infortunio-lungo': 'Infortunio lungo',
  'chiusura-ospitante': "Chiusura dell'ospitante (almeno 15 giorni)",
};

export const PARTI_INTERRUZIONE: Record<string, string> = {
  tirocinante: 'del tirocinante',
  ospitante: "dell'ospitante",
  promotore: 'del promotore',
};

/** Euro from cents, Italian style: 600,00 €. */
export const euro = (cent?: number | null) =>
  cent === undefined || cent === null ? '—' : (cent / 100).toLocaleString('it-IT', { style: 'currency', currency: 'EUR' });
