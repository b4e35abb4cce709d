import { coerenzaAnagrafica, verificaCodiceFiscaleOrganizzazione, verificaCodiceFiscalePersona } from '../common/identificativi';
import { giornoNumero } from './collocamento.date';
import { CATEGORIE, Categoria, Datore, Iscritto, SESSI, STATI_OCCUPAZIONALI, Sesso, StatoOccupazionale } from './collocamento.types';

/**
 * Row validation for the bulk CSV import of iscritti and datori (records already parsed, e.g. by csv-parse with
 * `columns: true, delimiter: ';'`). Pure, but NOT exported from the collocamento index: it pulls in codice-fiscale-js
 * (with its municipality tables), which must not reach workflow bundles. Import it from './collocamento/import'.
 *
 * Headers are matched case-insensitively after trimming; values are trimmed. Every error of every row is
 * reported; a row with any error is not among `validi`. `riga` is the record's index + `primaRiga` (default 2: the
 * line number in a file with a header line and no line breaks inside fields).
 *
 * Iscritti (* = required):
 *   id                       the registry id; empty → the codice fiscale
 *   codice_fiscale*          16 characters, check character verified (omocodia accepted); stored upper case
 *   ufficio*                 CPI code
 *   territorio*              province code of the list
 *   categoria*               art1 | art18
 *   percentuale_invalidita   art1: required, integer 0–100; art18: must be empty
 *   data_iscrizione*         YYYY-MM-DD or DD/MM/YYYY
 *   stato_occupazionale*     disoccupato | occupato
 *   isee                     euro, decimal comma or point, at most 2 decimals, no thousands separator; empty: not filed
 *   familiari_a_carico       integer ≥ 0; empty → 0
 *   competenze               skill codes separated by '|'
 *   mansioni_compatibili     task codes separated by '|'
 *   mansioni_incompatibili   task codes separated by '|'
 *   note_compatibilita       free text
 *   sesso*                   M | F; must match the codice fiscale
 *   data_nascita*            YYYY-MM-DD or DD/MM/YYYY; day, month and year (last two digits) must match the codice fiscale
 *
 * Datori:
 *   id                       empty → the codice fiscale
 *   codice_fiscale*          11 digits (partita IVA / numeric CF, check digit verified) or a 16-character personal CF
 *   denominazione            free text
 *   dipendenti_computabili*  integer ≥ 0
 *   copertura_art1           integer ≥ 0; empty → 0
 *   copertura_art18          integer ≥ 0; empty → 0
 *
 * Rules: 'obbligatorio', 'formato', 'valore-ammesso', 'intervallo', 'non-ammesso', 'codice-fiscale', 'partita-iva',
 * 'cf-incoerente', 'duplicato'.
 */

export const COLONNE_ISCRITTI = [
  'id',
  'codice_fiscale',
  'ufficio',
  'territorio',
  'categoria',
  'percentuale_invalidita',
  'data_iscrizione',
  'stato_occupazionale',
  'isee',
  'familiari_a_carico',
  'competenze',
  'mansioni_compatibili',
  'mansioni_incompatibili',
  'note_compatibilita',
  'sesso',
  'data_nascita',
] as const;

export const COLONNE_DATORI = ['id', 'codice_fiscale', 'denominazione', 'dipendenti_computabili', 'copertura_art1', 'copertura_art18'] as const;

/** The columns a file must have (the starred ones above): a missing one is one error for the file, not one per row. */
export const COLONNE_OBBLIGATORIE_ISCRITTI = [
  'codice_fiscale',
  'ufficio',
  'territorio',
  'categoria',
  'data_iscrizione',
  'stato_occupazionale',
  'sesso',
  'data_nascita',
] as const;
export const COLONNE_OBBLIGATORIE_DATORI = ['codice_fiscale', 'dipendenti_computabili'] as const;

export const REGOLE_IMPORT = [
  'obbligatorio',
  'formato',
  'valore-ammesso',
  'intervallo',
  'non-ammesso',
  'codice-fiscale',
  'partita-iva',
  'cf-incoerente',
  'duplicato',
  'colonna-sconosciuta',
  'colonna-ripetuta',
  'colonna-mancante',
] as const;
export type RegolaImport = (typeof REGOLE_IMPORT)[number];

export interface ErroreImport {
  riga: number;
  campo: string;
  regola: RegolaImport;
  messaggio: string;
}

export interface EsitoImport<T> {
  validi: T[];
  errori: ErroreImport[];
}

export interface OpzioniImport {
  /** The `riga` of the first record (default 2). */
  primaRiga?: number;
}

// ---- field readers: each returns the value or records an error and returns undefined ----

class Riga {
  readonly errori: ErroreImport[] = [];
  private readonly valori = new Map<string, string>();
  constructor(
    readonly numero: number,
    record: Record<string, string>,
  ) {
    for (const [k, v] of Object.entries(record ?? {}))
      this.valori.set(k.trim().toLowerCase(), typeof v === 'string' ? v.trim() : v == null ? '' : String(v).trim());
  }
  errore(campo: string, regola: RegolaImport, messaggio: string): undefined {
    this.errori.push({ riga: this.numero, campo, regola, messaggio });
    return undefined;
  }
  testo(campo: string): string {
    return this.valori.get(campo) ?? '';
  }
  obbligatorio(campo: string): string | undefined {
    const v = this.testo(campo);
    return v === '' ? this.errore(campo, 'obbligatorio', `${campo} è obbligatorio`) : v;
  }
  scelta<T extends string>(campo: string, ammessi: readonly T[]): T | undefined {
    const v = this.obbligatorio(campo);
    if (v === undefined) return undefined;
    const x = ammessi.find((a) => a.toLowerCase() === v.toLowerCase());
    return x ?? this.errore(campo, 'valore-ammesso', `${campo}: ammessi ${ammessi.join(', ')} (trovato "${v}")`);
  }
  intero(campo: string, opz: { min: number; max?: number; predefinito?: number }): number | undefined {
    const v = this.testo(campo);
    if (v === '') return opz.predefinito ?? this.errore(campo, 'obbligatorio', `${campo} è obbligatorio`);
    if (!/^\d+$/.test(v)) return this.errore(campo, 'formato', `${campo}: intero senza segni né decimali (trovato "${v}")`);
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < opz.min || (opz.max !== undefined && n > opz.max)) {
      return this.errore(campo, 'intervallo', `${campo}: tra ${opz.min} e ${opz.max ?? '∞'} (trovato ${v})`);
    }
    return n;
  }
  data(campo: string): string | undefined {
    const v = this.obbligatorio(campo);
    if (v === undefined) return undefined;
    const it = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
    const d = it ? `${it[3]}-${it[2]}-${it[1]}` : v;
    return Number.isNaN(giornoNumero(d)) ? this.errore(campo, 'formato', `${campo}: data AAAA-MM-GG o GG/MM/AAAA (trovato "${v}")`) : d;
  }
  euroCent(campo: string): number | undefined | null {
    const v = this.testo(campo);
    if (v === '') return null;
    // 12345,67 or 12345.67, and 12.345,67 as Italian Excel writes it with thousands separators.
    const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(v) ?? /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/.exec(v)?.map((x, i) => (i === 1 ? x.replace(/\./g, '') : x));
    if (!m) return this.errore(campo, 'formato', `${campo}: importo in euro, es. 12345,67 (trovato "${v}")`);
    const cent = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
    return Number.isSafeInteger(cent) ? cent : this.errore(campo, 'intervallo', `${campo}: importo troppo grande`);
  }
  elenco(campo: string): string[] {
    const v = this.testo(campo);
    return v === ''
      ? []
      : [
          ...new Set(
            v
              .split('|')
              .map((x) => x.trim())
              .filter((x) => x !== ''),
          ),
        ];
  }
}

function duplicati(riga: Riga, campo: string, valore: string | undefined, visti: Map<string, number>): void {
  if (valore === undefined) return;
  const prima = visti.get(valore);
  if (prima !== undefined) riga.errore(campo, 'duplicato', `${campo} "${valore}" già presente alla riga ${prima}`);
  else visti.set(valore, riga.numero);
}

/** Duplicate codice fiscale, then duplicate id (not reported twice when the id is the codice fiscale). */
function controllaDuplicati(r: Riga, id: string | undefined, cf: string | undefined, ids: Map<string, number>, cfs: Map<string, number>): void {
  const prima = r.errori.length;
  duplicati(r, 'codice_fiscale', cf, cfs);
  if (!(r.errori.length > prima && id === cf)) duplicati(r, 'id', id, ids);
}

/** Validates iscritti records (see the header list above). */
export function importaIscritti(records: ReadonlyArray<Record<string, string>>, opzioni: OpzioniImport = {}): EsitoImport<Iscritto> {
  const prima = opzioni.primaRiga ?? 2;
  const validi: Iscritto[] = [];
  const errori: ErroreImport[] = [];
  const ids = new Map<string, number>();
  const cfs = new Map<string, number>();
  records.forEach((record, indice) => {
    const r = new Riga(indice + prima, record);
    const cfTesto = r.obbligatorio('codice_fiscale')?.toUpperCase();
    const cf =
      cfTesto !== undefined && verificaCodiceFiscalePersona(cfTesto).length
        ? r.errore('codice_fiscale', 'codice-fiscale', `codice fiscale non valido: "${cfTesto}"`)
        : cfTesto;
    const id = r.testo('id') || cf;
    const ufficio = r.obbligatorio('ufficio');
    const territorio = r.obbligatorio('territorio');
    const categoria = r.scelta<Categoria>('categoria', CATEGORIE);
    let percentuale: number | undefined;
    if (categoria === 'art1') percentuale = r.intero('percentuale_invalidita', { min: 0, max: 100 });
    else if (categoria === 'art18' && r.testo('percentuale_invalidita') !== '') {
      r.errore('percentuale_invalidita', 'non-ammesso', 'percentuale_invalidita va indicata solo per la categoria art1');
    }
    const dataIscrizione = r.data('data_iscrizione');
    const stato = r.scelta<StatoOccupazionale>('stato_occupazionale', STATI_OCCUPAZIONALI);
    const isee = r.euroCent('isee');
    const familiari = r.intero('familiari_a_carico', { min: 0, predefinito: 0 });
    const sesso = r.scelta<Sesso>('sesso', SESSI);
    const dataNascita = r.data('data_nascita');
    if (cf && sesso && dataNascita) {
      for (const v of coerenzaAnagrafica(cf, dataNascita, sesso, ''))
        r.errore(v.field === 'sesso' ? 'sesso' : 'data_nascita', 'cf-incoerente', `${v.message} (${cf})`);
    }
    controllaDuplicati(r, id, cf, ids, cfs);

    if (r.errori.length) {
      errori.push(...r.errori);
      return;
    }
    validi.push({
      id: id as string,
      codiceFiscale: cf as string,
      ufficio: ufficio as string,
      territorio: territorio as string,
      categoria: categoria as Categoria,
      ...(percentuale !== undefined ? { percentualeInvalidita: percentuale } : {}),
      dataIscrizione: dataIscrizione as string,
      statoOccupazionale: stato as StatoOccupazionale,
      ...(typeof isee === 'number' ? { iseeCent: isee } : {}),
      familiariACarico: familiari as number,
      competenze: r.elenco('competenze'),
      compatibilita: {
        mansioniCompatibili: r.elenco('mansioni_compatibili'),
        mansioniIncompatibili: r.elenco('mansioni_incompatibili'),
        note: r.testo('note_compatibilita'),
      },
      sesso: sesso as Sesso,
      dataNascita: dataNascita as string,
    });
  });
  return { validi, errori };
}

/** Validates datori records (see the header list above). */
export function importaDatori(records: ReadonlyArray<Record<string, string>>, opzioni: OpzioniImport = {}): EsitoImport<Datore> {
  const prima = opzioni.primaRiga ?? 2;
  const validi: Datore[] = [];
  const errori: ErroreImport[] = [];
  const ids = new Map<string, number>();
  const cfs = new Map<string, number>();
  records.forEach((record, indice) => {
    const r = new Riga(indice + prima, record);
    let cf = r.obbligatorio('codice_fiscale')?.toUpperCase();
    if (cf !== undefined) {
      const [v] = verificaCodiceFiscaleOrganizzazione(cf);
      if (v) cf = r.errore('codice_fiscale', v.rule === 'partita-iva-formato' ? 'partita-iva' : 'codice-fiscale', `${v.message}: "${cf}"`);
    }
    const id = r.testo('id') || cf;
    const dipendenti = r.intero('dipendenti_computabili', { min: 0 });
    const art1 = r.intero('copertura_art1', { min: 0, predefinito: 0 });
    const art18 = r.intero('copertura_art18', { min: 0, predefinito: 0 });
    controllaDuplicati(r, id, cf, ids, cfs);
    if (r.errori.length) {
      errori.push(...r.errori);
      return;
    }
    const denominazione = r.testo('denominazione');
    validi.push({
      id: id as string,
      codiceFiscale: cf as string,
      ...(denominazione ? { denominazione } : {}),
      dipendentiComputabili: dipendenti as number,
      coperturaArt1: art1 as number,
      coperturaArt18: art18 as number,
    });
  });
  return { validi, errori };
}
