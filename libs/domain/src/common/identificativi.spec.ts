import * as libreria from 'codice-fiscale-js';
import {
  cifraControlloPartitaIva,
  coerenzaAnagrafica,
  coerenzaNomi,
  datiDaCodiceFiscale,
  etaAl,
  plausibilitaPersona,
  rettificaPersona,
  verificaNome,
  normalizzaCodiceFiscale,
  verificaCodiceFiscaleOrganizzazione,
  verificaCodiceFiscalePersona,
  verificaPartitaIva,
} from './identificativi';

// Codes computed with the official algorithm (checked against codice-fiscale-js's compute):
// Mario Rossi, M, 15/6/2005, Firenze; Giulia Bianchi, F, 29/2/2004, Palermo; Luca Verdi, M, 1/1/1999, Catania;
// Sara Neri, F, 31/12/2008, Prato; Paolo Esposito, M, 10/3/1960, Napoli.
const MARIO = 'RSSMRA05H15D612P';
const GIULIA = 'BNCGLI04B69G273P';
const LUCA = 'VRDLCU99A01C351L';
const SARA = 'NRESRA08T71G999D';
const PAOLO = 'SPSPLA60C10F839Y';
/** Omocodia variants of MARIO: last place digit, all place digits, and every numeric position replaced. */
const MARIO_OMOCODIE = ['RSSMRA05H15D61NE', 'RSSMRA05H15DMNNT', 'RSSMRALRHMRDMNNO'];

// The package exports `CodiceFiscale` by name while its typings declare a default export (see identificativi.ts).
const CodiceFiscale = (libreria as unknown as { CodiceFiscale: typeof libreria.default }).CodiceFiscale;

const regole = (vs: { rule: string }[]) => vs.map((v) => v.rule);

describe('verificaCodiceFiscalePersona', () => {
  it.each([MARIO, GIULIA, LUCA, SARA, PAOLO, ...MARIO_OMOCODIE])('accepts the valid code %s', (cf) => {
    expect(verificaCodiceFiscalePersona(cf)).toEqual([]);
  });

  it('normalises case and surrounding blanks', () => {
    expect(normalizzaCodiceFiscale('  rssmra05h15d612p ')).toBe(MARIO);
    expect(verificaCodiceFiscalePersona('  rssmra05h15d612p ')).toEqual([]);
    expect(verificaCodiceFiscalePersona('rssmraLRhmrdmnno')).toEqual([]);
  });

  it('accepts a foreign-born person (Z place code) whatever the library knows of the place', () => {
    expect(verificaCodiceFiscalePersona('RSSMRA05H15Z133A')).toEqual([]);
  });

  it('refuses a wrong check character, naming the expected one', () => {
    const [v] = verificaCodiceFiscalePersona('RSSMRA05H15D612A', 'tirocinante.codiceFiscale');
    expect(v).toMatchObject({ rule: 'codice-fiscale-formato', field: 'tirocinante.codiceFiscale', found: 'RSSMRA05H15D612A', limit: 'P' });
    // Omocodia changes the check character: the base code's one is wrong on the variant.
    expect(regole(verificaCodiceFiscalePersona('RSSMRA05H15D61NP'))).toEqual(['codice-fiscale-formato']);
  });

  it.each([
    ['15 characters', MARIO.slice(0, 15), 16],
    ['17 characters', `${MARIO}X`, 16],
    ['empty', '', 16],
    ['blanks only', '   ', 16],
  ])('refuses the wrong length (%s)', (_n, cf, limit) => {
    const vs = verificaCodiceFiscalePersona(cf);
    expect(vs).toHaveLength(1);
    expect(vs[0]).toMatchObject({ rule: 'codice-fiscale-formato', field: 'codiceFiscale', limit });
  });

  it('refuses a code that breaks the pattern (bad month letter, digit in a letter position, letter not allowed by omocodia)', () => {
    expect(regole(verificaCodiceFiscalePersona('RSSMRA05X15D612X'))).toEqual(['codice-fiscale-formato']);
    expect(regole(verificaCodiceFiscalePersona('RSSMR105H15D612P'))).toEqual(['codice-fiscale-formato']);
    expect(regole(verificaCodiceFiscalePersona('RSSMRA0AH15D612P'))).toEqual(['codice-fiscale-formato']);
  });

  it('refuses birth days that do not exist although the check character is right', () => {
    // The library's check() accepts all of these; its decoding would roll them over.
    expect(CodiceFiscale.check('RSSMRA05B31D612N')).toBe(true);
    for (const cf of [
      'RSSMRA05B31D612N', // 31 February
      'RSSMRA05B29D612H', // 29 February 2005
      'RSSMRA05H31D612E', // 31 June (man)
      'RSSMRA05H71D612I', // 31 June (woman)
      'RSSMRA05H00D612C', // day 0
      'RSSMRA05H40D612G', // day 40 (0 for a woman)
      'RSSMRA05H35D612R', // day 35: neither a man's nor a woman's day
      'RSSMRA05H72D612N', // day 72 (32 for a woman)
    ]) {
      expect([cf, regole(verificaCodiceFiscalePersona(cf))]).toEqual([cf, ['codice-fiscale-formato']]);
    }
  });

  it('accepts the days at the edges of the month', () => {
    for (const cf of ['RSSMRA05H30D612F', 'RSSMRA05H70D612J', 'RSSMRA05H41D612F', 'RSSMRA04B29D612G', 'RSSMRA00B29D612C']) {
      expect([cf, verificaCodiceFiscalePersona(cf)]).toEqual([cf, []]);
    }
  });

  it('refuses values that are not strings without throwing', () => {
    expect(regole(verificaCodiceFiscalePersona(undefined as unknown as string))).toEqual(['codice-fiscale-formato']);
  });
});

describe('datiDaCodiceFiscale', () => {
  const RIF = '2026-03-01';

  it('decodes birth date and sex, with the 2000-2010 births in the 2000s', () => {
    expect(datiDaCodiceFiscale(MARIO, RIF)).toEqual({ dataNascita: '2005-06-15', sesso: 'M' });
    expect(datiDaCodiceFiscale(GIULIA, RIF)).toEqual({ dataNascita: '2004-02-29', sesso: 'F' });
    expect(datiDaCodiceFiscale(SARA, RIF)).toEqual({ dataNascita: '2008-12-31', sesso: 'F' });
    expect(datiDaCodiceFiscale(LUCA, RIF)).toEqual({ dataNascita: '1999-01-01', sesso: 'M' });
    expect(datiDaCodiceFiscale(PAOLO, RIF)).toEqual({ dataNascita: '1960-03-10', sesso: 'M' });
    expect(datiDaCodiceFiscale('RSSMRA00B29D612C', RIF)).toEqual({ dataNascita: '2000-02-29', sesso: 'M' });
  });

  it('agrees with the library on day, month and sex', () => {
    for (const cf of [MARIO, GIULIA, LUCA, SARA, PAOLO, ...MARIO_OMOCODIE]) {
      const lib = new CodiceFiscale(cf);
      const d = datiDaCodiceFiscale(cf, RIF)!;
      expect([cf, d.dataNascita.slice(5), d.sesso]).toEqual([cf, `${String(lib.month).padStart(2, '0')}-${String(lib.day).padStart(2, '0')}`, lib.gender]);
    }
  });

  it('resolves the century against the reference date, not the clock (boundary: birth date = reference)', () => {
    expect(datiDaCodiceFiscale('RSSMRA26A10D612S', RIF)?.dataNascita).toBe('2026-01-10');
    expect(datiDaCodiceFiscale('RSSMRA26C01D612U', '2026-03-01')?.dataNascita).toBe('2026-03-01');
    expect(datiDaCodiceFiscale('RSSMRA26C01D612U', '2026-02-28')?.dataNascita).toBe('1926-03-01');
    expect(datiDaCodiceFiscale('RSSMRA26E10D612A', RIF)?.dataNascita).toBe('1926-05-10');
    expect(datiDaCodiceFiscale(MARIO, '2004-12-31')?.dataNascita).toBe('1905-06-15');
    expect(datiDaCodiceFiscale(MARIO, '2005-06-15')?.dataNascita).toBe('2005-06-15');
  });

  it('decodes omocodia and lower case like the base code', () => {
    for (const cf of [...MARIO_OMOCODIE, ' rssmra05h15d612p ']) expect(datiDaCodiceFiscale(cf, RIF)).toEqual({ dataNascita: '2005-06-15', sesso: 'M' });
  });

  it('is undefined for a malformed code', () => {
    expect(datiDaCodiceFiscale('RSSMRA05H15D612A', RIF)).toBeUndefined();
    expect(datiDaCodiceFiscale('RSSMRA05B31D612N', RIF)).toBeUndefined();
    expect(datiDaCodiceFiscale('', RIF)).toBeUndefined();
  });
});

describe('coerenzaAnagrafica', () => {
  it('accepts matching data, also from an omocodic or lower-case code', () => {
    expect(coerenzaAnagrafica(MARIO, '2005-06-15', 'M', 'tirocinante')).toEqual([]);
    expect(coerenzaAnagrafica('rssmralrhmrdmnno', '2005-06-15', 'M', 'tirocinante')).toEqual([]);
    expect(coerenzaAnagrafica(GIULIA, '2004-02-29', 'F', 'tirocinante')).toEqual([]);
  });

  it('compares the year modulo 100 (the century is not in the code)', () => {
    expect(coerenzaAnagrafica(MARIO, '1905-06-15', 'M', 'tirocinante')).toEqual([]);
  });

  it('reports a date one day off, with found and the expected date in the declared century', () => {
    expect(coerenzaAnagrafica(MARIO, '2005-06-16', 'M', 'tirocinante')).toEqual([
      expect.objectContaining({ rule: 'codice-fiscale-coerente', field: 'tirocinante.dataNascita', found: '2005-06-16', limit: '2005-06-15' }),
    ]);
    expect(regole(coerenzaAnagrafica(MARIO, '2005-06-14', 'M', 'tirocinante'))).toEqual(['codice-fiscale-coerente']);
    expect(regole(coerenzaAnagrafica(MARIO, '2005-07-15', 'M', 'tirocinante'))).toEqual(['codice-fiscale-coerente']);
    expect(regole(coerenzaAnagrafica(MARIO, '2006-06-15', 'M', 'tirocinante'))).toEqual(['codice-fiscale-coerente']);
  });

  it('reports the sex mismatch on its own field', () => {
    expect(coerenzaAnagrafica(GIULIA, '2004-02-29', 'M', 'tirocinante')).toEqual([
      expect.objectContaining({ rule: 'codice-fiscale-coerente', field: 'tirocinante.sesso', found: 'M', limit: 'F' }),
    ]);
  });

  it('reports both mismatches at once; bare field names with an empty prefix', () => {
    const vs = coerenzaAnagrafica(MARIO, '2005-06-20', 'F', '');
    expect(vs.map((v) => v.field)).toEqual(['dataNascita', 'sesso']);
  });

  it('reports an unparseable declared date as a mismatch', () => {
    expect(coerenzaAnagrafica(MARIO, '15/06/2005', 'M', 'x')).toEqual([
      expect.objectContaining({ field: 'x.dataNascita', found: '15/06/2005', limit: '1905-06-15' }),
    ]);
  });

  it('returns the format violation when the code is malformed', () => {
    expect(coerenzaAnagrafica('RSSMRA05H15D612A', '2005-06-15', 'M', 'tirocinante')).toEqual([
      expect.objectContaining({ rule: 'codice-fiscale-formato', field: 'tirocinante.codiceFiscale' }),
    ]);
  });
});

describe('partita IVA', () => {
  it('computes the check digit, including the wrap of 10 to 0', () => {
    expect(cifraControlloPartitaIva('0048841001')).toBe(0);
    expect(cifraControlloPartitaIva('1234567890')).toBe(3);
    expect(cifraControlloPartitaIva('0000000001')).toBe(8);
    expect(cifraControlloPartitaIva('9999999999')).toBe(0);
    expect(cifraControlloPartitaIva('1111111111')).toBe(5);
  });

  it.each(['00488410010', '07643520567', '00743110157', '02313821007', '12345678903', ' 00488410010 '])('accepts %s', (p) => {
    expect(verificaPartitaIva(p)).toEqual([]);
  });

  it('refuses a wrong check digit, naming the expected one', () => {
    expect(verificaPartitaIva('00488410011', 'ospitante.partitaIva')).toEqual([
      expect.objectContaining({ rule: 'partita-iva-formato', field: 'ospitante.partitaIva', found: '00488410011', limit: 0 }),
    ]);
    expect(verificaPartitaIva('12345678902')[0]).toMatchObject({ limit: 3 });
    expect(verificaPartitaIva('12345678904')[0]).toMatchObject({ limit: 3 });
  });

  it.each([
    ['10 digits', '0048841001', 11],
    ['12 digits', '004884100100', 11],
  ])('refuses the wrong length (%s)', (_n, p, limit) => {
    expect(verificaPartitaIva(p)).toEqual([expect.objectContaining({ rule: 'partita-iva-formato', limit })]);
  });

  it('refuses letters, an IT prefix, inner blanks, the empty string and the all-zero placeholder', () => {
    for (const p of ['0048841001A', 'IT00488410010', '00488 410010', '', '00000000000']) {
      expect([p, regole(verificaPartitaIva(p))]).toEqual([p, ['partita-iva-formato']]);
    }
  });
});

describe('verificaCodiceFiscaleOrganizzazione', () => {
  it('checks 11 digits as a partita IVA', () => {
    expect(verificaCodiceFiscaleOrganizzazione('00488410010')).toEqual([]);
    expect(verificaCodiceFiscaleOrganizzazione('00488410011', 'ospitante.codiceFiscale')).toEqual([
      expect.objectContaining({ rule: 'partita-iva-formato', field: 'ospitante.codiceFiscale', found: '00488410011' }),
    ]);
  });

  it("checks 16 characters as a sole trader's personal code, in any case", () => {
    expect(verificaCodiceFiscaleOrganizzazione('rssmra05h15d612p')).toEqual([]);
    expect(regole(verificaCodiceFiscaleOrganizzazione('RSSMRA05H15D612A'))).toEqual(['codice-fiscale-formato']);
  });

  it('refuses other lengths and 11 characters that are not all digits', () => {
    for (const x of ['0048841001', '004884100100', 'RSSMRA05H15D612', '0048841001A', '']) {
      expect([x, verificaCodiceFiscaleOrganizzazione(x)]).toEqual([x, [expect.objectContaining({ rule: 'codice-fiscale-formato', limit: [11, 16] })]]);
    }
  });
});

describe('verificaNome', () => {
  it('accepts names as registries write them, in any script', () => {
    for (const n of ['Mario', "D'Angelo", 'Anna-Maria', 'De Luca', 'Ñúñez', 'Niccolò', 'St. John', '李']) expect(verificaNome(n, 'nome')).toEqual([]);
  });

  it('refuses blank names, invisible characters, digits and symbols', () => {
    const messaggi = (n: string) => verificaNome(n, 'cognome').map((v) => `${v.rule}@${v.field}: ${v.message}`);
    expect(messaggi('')).toEqual(['nome-non-valido@cognome: è vuoto']);
    expect(messaggi('   ')).toEqual(['nome-non-valido@cognome: è vuoto']);
    expect(messaggi('Ros\u200bsi')).toEqual(['nome-non-valido@cognome: contiene caratteri invisibili']);
    expect(messaggi('\u00ad')).toEqual(['nome-non-valido@cognome: contiene caratteri invisibili']);
    expect(messaggi('R2D2')).toEqual(['nome-non-valido@cognome: ammessi solo lettere, spazi, apostrofi, trattini e punti']);
    expect(messaggi('-Rossi')).toHaveLength(1);
  });
});

describe('coerenzaNomi', () => {
  it('accepts the names the code was computed from, whatever their case or accents', () => {
    expect(coerenzaNomi(MARIO, 'Mario', 'Rossi')).toEqual([]);
    expect(coerenzaNomi(MARIO.toLowerCase(), 'MARIO', 'rossi')).toEqual([]);
    expect(coerenzaNomi(MARIO_OMOCODIE[2], 'Mario', 'Rossi')).toEqual([]);
    const cf = CodiceFiscale.compute({
      name: 'Niccolò',
      surname: "D'Àngelo",
      gender: 'M',
      day: 1,
      month: 2,
      year: 2001,
      birthplace: 'Roma',
      birthplaceProvincia: 'RM',
    });
    expect(coerenzaNomi(cf, 'Niccolò', "D'Àngelo")).toEqual([]);
  });

  it('names the field whose letters the code contradicts', () => {
    expect(coerenzaNomi(MARIO, 'Luigi', 'Rossi', 'tirocinante').map((v) => [v.field, v.limit])).toEqual([['tirocinante.nome', 'MRA']]);
    expect(coerenzaNomi(MARIO, 'Mario', 'Bianchi').map((v) => [v.rule, v.field, v.found])).toEqual([['codice-fiscale-coerente', 'cognome', 'Bianchi']]);
  });

  it('leaves a malformed code or an unreadable name to their own checks', () => {
    expect(coerenzaNomi('RSSMRA05H15D612X', 'Luigi', 'Bianchi')).toEqual([]);
    expect(coerenzaNomi(MARIO, '', 'Rossi')).toEqual([]);
  });
});

describe('etaAl', () => {
  it('counts whole years, the birthday included', () => {
    expect([
      etaAl('2010-03-01', '2026-02-28'),
      etaAl('2010-03-01', '2026-03-01'),
      etaAl('2008-02-29', '2026-02-28'),
      etaAl('2008-02-29', '2026-03-01'),
    ]).toEqual([15, 16, 17, 18]);
  });
});

describe('plausibilitaPersona', () => {
  const mario = { codiceFiscale: MARIO, nome: 'Mario', cognome: 'Rossi', dataNascita: '2005-06-15', sesso: 'M' as const };

  it('accepts a person whose data agree', () => {
    expect(plausibilitaPersona(mario, '2026-12-05')).toEqual([]);
  });

  it('reports every problem at once: a birth after today, a blank name, a code of someone else', () => {
    const futuro = CodiceFiscale.compute({
      name: 'Mario',
      surname: 'Rossi',
      gender: 'M',
      day: 1,
      month: 1,
      year: 2027,
      birthplace: 'Roma',
      birthplaceProvincia: 'RM',
    });
    expect(regole(plausibilitaPersona({ ...mario, codiceFiscale: futuro, dataNascita: '2027-01-01' }, '2026-12-05'))).toEqual(['data-nascita-futura']);
    // An unreadable name is reported as such, and not compared with the code.
    expect(plausibilitaPersona({ ...mario, nome: '\u200b', cognome: 'Verdi' }, '2026-12-05').map((v) => `${v.rule}@${v.field}`)).toEqual([
      'nome-non-valido@nome',
    ]);
    expect(plausibilitaPersona({ ...mario, cognome: 'Verdi', sesso: 'F' }, '2026-12-05').map((v) => `${v.rule}@${v.field}`)).toEqual([
      'codice-fiscale-coerente@sesso',
      'codice-fiscale-coerente@cognome',
    ]);
  });
});

describe('rettificaPersona', () => {
  const mario = { codiceFiscale: MARIO, nome: 'Mario', cognome: 'Rossi', dataNascita: '2005-06-15', sesso: 'M' as const };
  const campi = (vs: { rule: string; field?: string }[]) => vs.map((v) => `${v.rule}@${v.field}`);

  it('changes only the fields given, and reports which, in a fixed order', () => {
    const r = rettificaPersona(mario, { cognome: 'Russo', nome: 'Mario' }, '2026-12-01');
    expect(r).toEqual({ dopo: { ...mario, cognome: 'Russo' }, cambiati: ['cognome'], violazioni: [] });
  });

  it('changes nothing when everything given is as recorded (the codice fiscale compared in capitals): a repeated correction is harmless', () => {
    expect(rettificaPersona(mario, { codiceFiscale: MARIO.toLowerCase(), sesso: 'M' }, '2026-12-01')).toEqual({ dopo: mario, cambiati: [], violazioni: [] });
  });

  it('checks the whole person after the correction as a registration would', () => {
    // A surname the codice fiscale kept does not encode.
    expect(campi(rettificaPersona(mario, { cognome: 'Bianchi' }, '2026-12-01').violazioni)).toEqual(['codice-fiscale-coerente@cognome']);
    // Another person's code: it disagrees with the birth date, sex and names kept.
    expect(campi(rettificaPersona(mario, { codiceFiscale: GIULIA }, '2026-12-01').violazioni)).toEqual([
      'codice-fiscale-coerente@dataNascita',
      'codice-fiscale-coerente@sesso',
      'codice-fiscale-coerente@cognome',
      'codice-fiscale-coerente@nome',
    ]);
    // Code and data corrected together; a birth after today; a name nobody can read.
    expect(
      rettificaPersona(mario, { codiceFiscale: GIULIA, nome: 'Giulia', cognome: 'Bianchi', dataNascita: '2004-02-29', sesso: 'F' }, '2026-12-01').violazioni,
    ).toEqual([]);
    expect(campi(rettificaPersona(mario, { dataNascita: '2105-06-15' }, '2026-12-01').violazioni)).toContain('data-nascita-futura@dataNascita');
    expect(campi(rettificaPersona(mario, { nome: '\u200b' }, '2026-12-01').violazioni)).toEqual(['nome-non-valido@nome']);
  });
});
