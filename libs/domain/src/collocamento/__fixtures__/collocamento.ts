import type { Iscritto, Offerta } from '../collocamento.types';

/** Test data for the collocamento specs. */
export function offerta(o: Partial<Offerta> = {}): Offerta {
  return {
    id: 'off-1',
    datoreId: 'dat-1',
    ufficio: 'CPI-TO-01',
    territorio: 'TO',
    profilo: 'Addetto di segreteria',
    mansioni: ['M-ARCH', 'M-TEL'],
    luogo: 'Torino',
    contratto: 'tempo-indeterminato',
    oreSettimanali: 30,
    posti: 1,
    competenzeRichieste: [{ codice: 'C-WORD', peso: 2 }, { codice: 'C-EXCEL' }],
    categoria: 'art1',
    dimensioneRosa: 3,
    dataRichiesta: '2026-03-02',
    ...o,
  };
}

export function iscritto(id: string, o: Partial<Iscritto> = {}): Iscritto {
  return {
    id,
    codiceFiscale: 'RSSMRA85T10A562S',
    ufficio: 'CPI-TO-01',
    territorio: 'TO',
    categoria: 'art1',
    percentualeInvalidita: 60,
    dataIscrizione: '2024-01-10',
    statoOccupazionale: 'disoccupato',
    iseeCent: 1_000_000,
    familiariACarico: 1,
    competenze: ['C-WORD'],
    compatibilita: { mansioniCompatibili: ['M-ARCH', 'M-TEL'], mansioniIncompatibili: [], note: '' },
    sesso: 'M',
    dataNascita: '1985-12-10',
    ...o,
  };
}
