import { importaDatori, importaIscritti } from './import';

const riga = (o: Record<string, string> = {}): Record<string, string> => ({
  id: '',
  codice_fiscale: 'BNCLRA92A41L219Z', // F, 1 January 1992, Torino
  ufficio: 'CPI-TO-01',
  territorio: 'TO',
  categoria: 'art1',
  percentuale_invalidita: '67',
  data_iscrizione: '2024-01-10',
  stato_occupazionale: 'disoccupato',
  isee: '12345,67',
  familiari_a_carico: '2',
  competenze: 'C-WORD | C-EXCEL|',
  mansioni_compatibili: 'M-ARCH|M-TEL',
  mansioni_incompatibili: 'M-CARICO',
  note_compatibilita: 'evitare carichi',
  sesso: 'F',
  data_nascita: '1992-01-01',
  ...o,
});

/** More valid codici fiscali of women born on 1 January 1992 in Torino. */
const CF = ['BBBLRA92A41L219I', 'CCCLRA92A41L219T', 'DDDLRA92A41L219Y'];

const errori = (r: ReturnType<typeof importaIscritti> | ReturnType<typeof importaDatori>) => r.errori.map((e) => `${e.riga}:${e.campo}:${e.regola}`);

describe('importaIscritti', () => {
  it('turns a valid row into an Iscritto (headers in any case, values trimmed, id defaulting to the CF)', () => {
    const r = importaIscritti([
      { ' Codice_Fiscale ': ' bnclra92a41l219z ', ...Object.fromEntries(Object.entries(riga()).filter(([k]) => k !== 'codice_fiscale')) },
    ]);
    expect(r.errori).toEqual([]);
    expect(r.validi).toEqual([
      {
        id: 'BNCLRA92A41L219Z',
        codiceFiscale: 'BNCLRA92A41L219Z',
        ufficio: 'CPI-TO-01',
        territorio: 'TO',
        categoria: 'art1',
        percentualeInvalidita: 67,
        dataIscrizione: '2024-01-10',
        statoOccupazionale: 'disoccupato',
        iseeCent: 1_234_567,
        familiariACarico: 2,
        competenze: ['C-WORD', 'C-EXCEL'],
        compatibilita: { mansioniCompatibili: ['M-ARCH', 'M-TEL'], mansioniIncompatibili: ['M-CARICO'], note: 'evitare carichi' },
        sesso: 'F',
        dataNascita: '1992-01-01',
      },
    ]);
  });

  it('accepts Italian dates, an ISEE with a point or no decimals, no ISEE, no dependants, art. 18 without a percentage', () => {
    const r = importaIscritti([
      riga({ id: 'x1', data_iscrizione: '10/01/2024', data_nascita: '01/01/1992', isee: '0.5', familiari_a_carico: '' }),
      riga({ id: 'x2', codice_fiscale: 'VRDGPP70M15F205A', sesso: 'M', data_nascita: '1970-08-15', isee: '', categoria: 'art18', percentuale_invalidita: '' }),
      riga({ id: 'x3', codice_fiscale: 'RSSMRA85T1LA562V', sesso: 'M', data_nascita: '1985-12-10', isee: '300' }),
    ]);
    expect(r.errori).toEqual([]);
    expect(r.validi.map((i) => [i.id, i.dataIscrizione, i.iseeCent, i.familiariACarico, i.categoria, i.percentualeInvalidita])).toEqual([
      ['x1', '2024-01-10', 50, 0, 'art1', 67],
      ['x2', '2024-01-10', undefined, 2, 'art18', undefined],
      ['x3', '2024-01-10', 30_000, 2, 'art1', 67],
    ]);
    expect('iseeCent' in r.validi[1]).toBe(false);
  });

  it('reports every error of every row, with its line', () => {
    const r = importaIscritti([
      riga({
        codice_fiscale: 'BNCLRA92A41L219X',
        ufficio: '',
        categoria: 'art2',
        data_iscrizione: '2026-02-30',
        stato_occupazionale: 'boh',
        isee: '12,345,67',
        familiari_a_carico: '-1',
        sesso: 'X',
        data_nascita: '',
      }),
      riga({ id: 'ok' }),
      riga({ id: 'p', codice_fiscale: CF[0], percentuale_invalidita: '101' }),
      riga({ id: 'q', codice_fiscale: CF[1], percentuale_invalidita: '' }),
      riga({ id: 'r', codice_fiscale: CF[2], categoria: 'art18' }),
    ]);
    expect(errori(r)).toEqual([
      '2:codice_fiscale:codice-fiscale',
      '2:ufficio:obbligatorio',
      '2:categoria:valore-ammesso',
      '2:data_iscrizione:formato',
      '2:stato_occupazionale:valore-ammesso',
      '2:isee:formato',
      '2:familiari_a_carico:formato',
      '2:sesso:valore-ammesso',
      '2:data_nascita:obbligatorio',
      '4:percentuale_invalidita:intervallo',
      '5:percentuale_invalidita:obbligatorio',
      '6:percentuale_invalidita:non-ammesso',
    ]);
    expect(r.validi.map((i) => i.id)).toEqual(['ok']);
  });

  it('checks sex and birth date against the codice fiscale', () => {
    const r = importaIscritti([
      riga({ sesso: 'M' }),
      riga({ id: 'b', codice_fiscale: CF[0], data_nascita: '1992-01-02' }),
      riga({ id: 'c', codice_fiscale: CF[1], data_nascita: '1892-01-01' }),
    ]);
    expect(errori(r)).toEqual(['2:sesso:cf-incoerente', '3:data_nascita:cf-incoerente']);
    expect(r.validi.map((i) => i.id)).toEqual(['c']); // the CF encodes only the last two digits of the year
  });

  it('reports duplicates on the later row, once; numbers lines from primaRiga', () => {
    const r = importaIscritti([riga(), riga(), riga({ id: 'BNCLRA92A41L219Z', codice_fiscale: 'VRDGPP70M15F205A', sesso: 'M', data_nascita: '1970-08-15' })], {
      primaRiga: 10,
    });
    expect(errori(r)).toEqual(['11:codice_fiscale:duplicato', '12:id:duplicato']);
    expect(r.errori[0].messaggio).toContain('riga 10');
  });
});

describe('importaDatori', () => {
  it('accepts a partita IVA or a personal codice fiscale, coverage defaulting to 0', () => {
    const r = importaDatori([
      { codice_fiscale: '12345678903', denominazione: 'Alfa S.r.l.', dipendenti_computabili: '64', copertura_art1: '3', copertura_art18: '' },
      { id: 'd2', codice_fiscale: 'RSSMRA85T10A562S', dipendenti_computabili: '15' },
    ]);
    expect(r.errori).toEqual([]);
    expect(r.validi).toEqual([
      { id: '12345678903', codiceFiscale: '12345678903', denominazione: 'Alfa S.r.l.', dipendentiComputabili: 64, coperturaArt1: 3, coperturaArt18: 0 },
      { id: 'd2', codiceFiscale: 'RSSMRA85T10A562S', dipendentiComputabili: 15, coperturaArt1: 0, coperturaArt18: 0 },
    ]);
  });

  it('reports a bad check digit, a bad code, missing and malformed numbers, duplicates', () => {
    const r = importaDatori([
      { codice_fiscale: '12345678904', dipendenti_computabili: '', copertura_art1: '1.5' },
      { codice_fiscale: 'ALFA SRL', dipendenti_computabili: '20' },
      { codice_fiscale: '12345678903', dipendenti_computabili: '20' },
      { codice_fiscale: '12345678903', dipendenti_computabili: '-3' },
    ]);
    expect(errori(r)).toEqual([
      '2:codice_fiscale:partita-iva',
      '2:dipendenti_computabili:obbligatorio',
      '2:copertura_art1:formato',
      '3:codice_fiscale:codice-fiscale',
      '5:dipendenti_computabili:formato',
      '5:codice_fiscale:duplicato',
    ]);
    expect(r.validi.map((d) => d.id)).toEqual(['12345678903']);
  });
});
