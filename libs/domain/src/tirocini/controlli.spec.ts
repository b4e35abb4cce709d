import { NAZIONALE, OGGI, SICILIA, TOSCANA, TOSCANA_2012, contesto, controlla, doc, regole } from './__fixtures__/controlli';
import { controlliProroga, durataMesi, fineDopoMesi } from './controlli';
import { regolePerVersione } from './regole';

describe('fineDopoMesi', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-14'],
    ['2026-01-01', 1, '2026-01-31'],
    ['2026-01-01', 12, '2026-12-31'],
    ['2026-01-28', 1, '2026-02-27'],
    ['2026-01-29', 1, '2026-02-28'], // no 29 Feb 2026: the month's last day
    ['2026-01-30', 1, '2026-02-28'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'], // leap year
    ['2028-01-29', 1, '2028-02-28'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-05-31', 2, '2026-07-30'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2026-12-15', 2, '2027-02-14'],
    ['2026-04-01', 24, '2028-03-31'],
    ['2026-04-01', 0, '2026-03-31'],
  ])('%s + %i months ends on %s', (inizio, mesi, fine) => {
    expect(fineDopoMesi(inizio, mesi)).toBe(fine);
  });

  it('refuses negative or fractional months and invalid dates', () => {
    expect(() => fineDopoMesi('2026-01-01', -1)).toThrow(RangeError);
    expect(() => fineDopoMesi('2026-01-01', 1.5)).toThrow(RangeError);
    expect(() => fineDopoMesi('2026-02-30', 1)).toThrow(/2026-02-30/);
  });
});

describe('durataMesi', () => {
  it.each([
    ['2026-01-15', '2026-03-14', { mesi: 2, giorni: 0 }],
    ['2026-01-15', '2026-03-15', { mesi: 2, giorni: 1 }],
    ['2026-01-15', '2026-03-13', { mesi: 1, giorni: 27 }], // 15 Jan..14 Feb, then 15 Feb..13 Mar
    ['2026-01-31', '2026-02-28', { mesi: 1, giorni: 0 }],
    ['2026-01-15', '2026-01-15', { mesi: 0, giorni: 1 }],
    ['2026-04-01', '2027-03-31', { mesi: 12, giorni: 0 }],
  ])('%s..%s = %o', (inizio, fine, atteso) => {
    expect(durataMesi(inizio, fine)).toEqual(atteso);
  });

  it('throws when the end precedes the start', () => {
    expect(() => durataMesi('2026-01-15', '2026-01-14')).toThrow(RangeError);
  });
});

describe('controlliPrimoLivello', () => {
  it('accepts a complete, valid draft in every region', () => {
    for (const r of [NAZIONALE, TOSCANA, TOSCANA_2012, SICILIA]) expect([r.versione, controlla({ regole: r })]).toEqual([r.versione, []]);
  });

  describe('dates', () => {
    it('accepts a start today and refuses one the day before', () => {
      expect(controlla({ progetto: { dataInizio: OGGI, dataFine: '2026-09-01' } })).toEqual([]);
      expect(controlla({ progetto: { dataInizio: '2026-03-01', dataFine: '2026-09-01' } })).toEqual([
        expect.objectContaining({ rule: 'inizio-non-passato', field: 'progetto.dataInizio', found: '2026-03-01', limit: OGGI }),
      ]);
    });

    it('refuses an end not after the start, without piling duration violations on it', () => {
      expect(controlla({ progetto: { dataFine: '2026-04-01' } })).toEqual([
        expect.objectContaining({ rule: 'fine-dopo-inizio', field: 'progetto.dataFine', found: '2026-04-01', limit: '2026-04-01' }),
      ]);
      expect(regole({ progetto: { dataFine: '2026-03-31' } })).toEqual(['fine-dopo-inizio']);
    });

    it('reports dates that are not calendar dates and skips the rules that need them', () => {
      expect(controlla({ progetto: { dataInizio: '2026-02-30' } })).toEqual([expect.objectContaining({ rule: 'data-formato', field: 'progetto.dataInizio' })]);
      expect(regole({ progetto: { dataFine: '30/09/2026' } })).toEqual(['data-formato']);
    });
  });

  describe('duration', () => {
    it('national minimum 2 months: the last day of the second month is enough, the day before is not', () => {
      expect(controlla({ progetto: { dataFine: '2026-05-31' } })).toEqual([]);
      expect(controlla({ progetto: { dataFine: '2026-05-30' } })).toEqual([
        expect.objectContaining({
          rule: 'durata-minima',
          field: 'progetto.dataFine',
          found: '2026-05-30',
          limit: '2026-05-31',
          versioneRegole: 'nazionale-2017.1',
        }),
      ]);
    });

    it('minimum from a month end (31 May + 2 months ends on 30 July)', () => {
      expect(controlla({ progetto: { dataInizio: '2026-05-31', dataFine: '2026-07-30' } })).toEqual([]);
      expect(regole({ progetto: { dataInizio: '2026-05-31', dataFine: '2026-07-29' } })).toEqual(['durata-minima']);
    });

    it('Toscana before 2018 had a 1-month minimum', () => {
      expect(controlla({ regole: TOSCANA_2012, progetto: { dataFine: '2026-04-30' } })).toEqual([]);
      expect(controlla({ regole: TOSCANA_2012, progetto: { dataFine: '2026-04-29' } })).toEqual([
        expect.objectContaining({ rule: 'durata-minima', limit: '2026-04-30' }),
      ]);
      expect(regole({ regole: TOSCANA, progetto: { dataFine: '2026-04-30' } })).toEqual(['durata-minima']);
    });

    it('national maximum 12 months', () => {
      expect(controlla({ progetto: { dataFine: '2027-03-31' } })).toEqual([]);
      const [v] = controlla({ progetto: { dataFine: '2027-04-01' } });
      expect(v).toMatchObject({ rule: 'durata-massima', field: 'progetto.dataFine', found: '2027-04-01', limit: '2027-03-31' });
      expect(v.message).toContain('12 mesi e 1 giorno');
    });

    it('Toscana maximum 6 months, also from a month end', () => {
      expect(controlla({ regole: TOSCANA, progetto: { dataFine: '2026-09-30' } })).toEqual([]);
      expect(controlla({ regole: TOSCANA, progetto: { dataFine: '2026-10-01' } })).toEqual([
        expect.objectContaining({ rule: 'durata-massima', limit: '2026-09-30', versioneRegole: 'toscana-2018.1' }),
      ]);
      expect(controlla({ regole: TOSCANA, progetto: { dataInizio: '2026-08-31', dataFine: '2027-02-28' } })).toEqual([]);
      expect(regole({ regole: TOSCANA, progetto: { dataInizio: '2026-08-31', dataFine: '2027-03-01' } })).toEqual(['durata-massima']);
    });

    it('Sicilia maximum 12 months', () => {
      expect(controlla({ regole: SICILIA, progetto: { dataFine: '2027-03-31' } })).toEqual([]);
      expect(regole({ regole: SICILIA, progetto: { dataFine: '2027-04-01' } })).toEqual(['durata-massima']);
    });

    it('the longer maximum (24 months) for svantaggiati, under its own rule', () => {
      expect(controlla({ progetto: { svantaggiato: true, dataFine: '2028-03-31' } })).toEqual([]);
      expect(controlla({ progetto: { svantaggiato: true, dataFine: '2028-04-01' } })).toEqual([
        expect.objectContaining({ rule: 'durata-massima-svantaggiati', limit: '2028-03-31' }),
      ]);
      expect(regole({ progetto: { svantaggiato: false, dataFine: '2028-03-31' } })).toEqual(['durata-massima']);
      expect(controlla({ regole: TOSCANA, progetto: { svantaggiato: true, dataFine: '2027-04-01' } })).toEqual([]);
    });
  });

  it('returns every problem of a bad draft at once, each with rule, field, message and the rule version', () => {
    const vs = controlla({
      regole: TOSCANA,
      progetto: {
        dataInizio: '2026-03-01',
        dataFine: '2026-12-31',
        indennitaMensileCent: 40_000,
        oreSettimanali: 45,
        obiettivi: ' ',
        dichiarazioni: { licenziamentiStessaMansione: true, rapportoPrecedenteConTirocinante: true },
      },
      contesto: {
        dipendentiIndeterminatoSede: 3,
        tirociniConcorrentiSede: 1,
        tirociniConcorrentiTutorOspitante: 3,
        tirociniConcorrentiTutorPromotore: 20,
        tirociniSovrappostiTirocinante: ['tir-2', 'tir-3'],
        codiceFiscaleTirocinante: 'RSSMRA05H15D612',
        codiceFiscaleOspitante: '12345678901',
      },
      documenti: [doc('progetto-formativo', { firmato: false }), doc('documento-identita', { contentType: 'text/plain' })],
    });
    expect(vs.map((v) => [v.rule, v.field])).toEqual([
      ['inizio-non-passato', 'progetto.dataInizio'],
      ['durata-massima', 'progetto.dataFine'],
      ['limite-ospitante', 'progetto.sedeId'],
      ['limite-tutor-ospitante', 'progetto.tutorOspitanteId'],
      ['limite-tutor-promotore', 'progetto.tutorPromotoreId'],
      ['indennita-minima', 'progetto.indennitaMensileCent'],
      ['ore-settimanali', 'progetto.oreSettimanali'],
      ['licenziamenti-precedenti', 'progetto.dichiarazioni.licenziamentiStessaMansione'],
      ['rapporto-precedente', 'progetto.dichiarazioni.rapportoPrecedenteConTirocinante'],
      ['tirocinio-sovrapposto', 'progetto.tirocinanteId'],
      ['documento-mancante', 'documenti.convenzione'],
      ['documento-mancante', 'documenti.autocertificazione-ospitante'],
      ['documento-mancante', 'documenti.dichiarazione-selezione'],
      ['documento-non-firmato', 'documenti.progetto-formativo'],
      ['documento-illeggibile', 'documenti.documento-identita'],
      ['codice-fiscale-formato', 'contesto.codiceFiscaleTirocinante'],
      ['partita-iva-formato', 'contesto.codiceFiscaleOspitante'],
      ['obiettivi-obbligatori', 'progetto.obiettivi'],
    ]);
    for (const v of vs) {
      expect(v.versioneRegole).toBe('toscana-2018.1');
      expect(v.message.length).toBeGreaterThan(10);
    }
  });

  it('throws on an invalid submission date (a caller bug)', () => {
    expect(() => controlla({ oggi: '2026-02-30' })).toThrow(/2026-02-30/);
  });
});

describe('controlliProroga', () => {
  const NAZ = regolePerVersione('nazionale-2017.1');
  it("counts the added days' places as a submission counts a period's: site, tutors, the trainee's other traineeships", () => {
    expect(controlliProroga(contesto(), NAZ)).toEqual([]);
    // 3 permanent employees: one place, already taken in the added days by another trainee.
    expect(controlliProroga(contesto({ dipendentiIndeterminatoSede: 3, tirociniConcorrentiSede: 1 }), NAZ)).toEqual([
      expect.objectContaining({ rule: 'limite-ospitante', field: 'progetto.sedeId', found: 2, limit: 1 }),
    ]);
    expect(controlliProroga(contesto({ tirociniConcorrentiTutorOspitante: 3, tirociniSovrappostiTirocinante: ['tir-9'] }), NAZ).map((v) => v.rule)).toEqual([
      'limite-tutor-ospitante',
      'tirocinio-sovrapposto',
    ]);
  });
});
