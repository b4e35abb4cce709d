import { parse } from 'csv-parse/sync';
import { decodificaCsv, motivoCsvIlleggibile, separatoreCsv, verificaIntestazione } from './csv';
import { importaIscritti } from './import';

const bytes = (...b: number[]) => Uint8Array.from(b);
const latin = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

describe('decodificaCsv', () => {
  it('reads UTF-8 with or without BOM, and Windows-1252 as Italian Excel saves it, accents intact', () => {
    const utf8 = new TextEncoder().encode('note\nPerché è già così');
    expect(decodificaCsv(utf8)).toEqual({ testo: 'note\nPerché è già così', codifica: 'utf-8' });
    expect(decodificaCsv(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ testo: 'note\nPerché è già così', codifica: 'utf-8' });
    // Windows-1252: é = 0xE9, è = 0xE8, à = 0xE0, ì = 0xEC, € = 0x80.
    expect(decodificaCsv(latin('note\nPerch\xe9 \xe8 gi\xe0 cos\xec \x80'))).toEqual({ testo: 'note\nPerché è già così €', codifica: 'windows-1252' });
  });

  it('refuses what cannot be decoded instead of storing replacement characters', () => {
    expect(decodificaCsv(bytes(0xff, 0xfe, 0x61, 0x00))).toEqual({ errore: expect.stringContaining('UTF-16') });
    expect(decodificaCsv(bytes(0xef, 0xbb, 0xbf, 0x61, 0xe8, 0x62))).toEqual({ errore: expect.stringContaining('BOM') });
    // 0x81 is unassigned in Windows-1252.
    expect(decodificaCsv(latin('a;b\n\xe8\x81'))).toEqual({ errore: expect.stringContaining('U+FFFD') });
    expect(decodificaCsv(new TextEncoder().encode('a;b\nx\u0000y'))).toEqual({ errore: expect.stringContaining('U+0000') });
  });
});

describe('separatoreCsv', () => {
  it("takes the header's more frequent separator outside quotes, ';' on a tie", () => {
    expect(separatoreCsv('a;b;c\n1,5;2;3')).toBe(';');
    expect(separatoreCsv('a,b,c\r\n1;2;3')).toBe(',');
    expect(separatoreCsv('"x;y;z",b,c\n')).toBe(',');
    expect(separatoreCsv('unica')).toBe(';');
  });
});

describe('motivoCsvIlleggibile', () => {
  // As the import parses a file: the library's own errors, not hand-made ones, so a new version's codes show here.
  const motivo = (testo: string) => {
    try {
      parse(testo, { delimiter: ';', trim: true, skip_empty_lines: true, relax_column_count: false });
    } catch (e) {
      return motivoCsvIlleggibile(e);
    }
    throw new Error(`letto senza errori: ${testo}`);
  };

  it.each([
    ['a;b\n1;2;3\n', "una riga ha un numero di campi diverso dall'intestazione (riga 2)"],
    ['a;b\n1;2\n"3;4\n', 'virgolette aperte e mai chiuse (riga 3)'],
    ['a;b\n"1"x;2\n', 'caratteri dopo le virgolette che chiudono un campo (riga 2)'],
    ['a;b\n1"2;3\n', 'virgolette dentro un campo che non inizia con le virgolette (riga 2)'],
  ])("says in Italian why csv-parse stopped reading %j, and on which line, instead of the library's English", (testo, atteso) => {
    expect(motivo(testo)).toBe(atteso);
  });

  it('names no line when the error has none, and never repeats an unknown English message', () => {
    expect(motivoCsvIlleggibile(new Error('Something unexpected happened'))).toBe('il file non è un CSV leggibile');
    expect(motivoCsvIlleggibile(undefined)).toBe('il file non è un CSV leggibile');
  });
});

describe('verificaIntestazione', () => {
  it('reports each unknown, repeated and missing column once, on row 1', () => {
    const e = verificaIntestazione(['codice_fiscale', 'Nome', 'codice_fiscale '], ['codice_fiscale', 'sesso', 'note'], ['codice_fiscale', 'sesso']);
    expect(e.map((x) => [x.riga, x.campo, x.regola])).toEqual([
      [1, 'Nome', 'colonna-sconosciuta'],
      [1, 'codice_fiscale ', 'colonna-ripetuta'],
      [1, 'sesso', 'colonna-mancante'],
    ]);
    expect(verificaIntestazione(['SESSO', 'codice_fiscale'], ['codice_fiscale', 'sesso'], ['codice_fiscale', 'sesso'])).toEqual([]);
  });
});

describe('amounts as Italian Excel writes them', () => {
  it('accepts thousands separators with a decimal comma in the ISEE', () => {
    const r = importaIscritti([
      {
        id: 'x1',
        codice_fiscale: 'RSSMRA85T10A562S',
        ufficio: 'CPI-TO',
        territorio: 'TO',
        categoria: 'art1',
        percentuale_invalidita: '67',
        data_iscrizione: '2024-01-10',
        stato_occupazionale: 'disoccupato',
        isee: '12.345,67',
        familiari_a_carico: '0',
        sesso: 'M',
        data_nascita: '1985-12-10',
      },
    ]);
    expect(r.errori).toEqual([]);
    expect(r.validi[0].iseeCent).toBe(1_234_567);
  });
});
