import {
  CONTENT_TYPE_LEGGIBILI,
  DOCUMENTI_DA_FIRMARE,
  InputControlli,
  REQUIRED_DOCUMENTS,
  controlliPrimoLivello,
  controlliProroga,
  durataMesi,
  fineDopoMesi,
} from './controlli';
import { regolePerVersione } from './regole';
import type { ContestoControlli, DocumentoAllegato, ProgettoFormativo, RegolePackTirocini, TipoDocumentoTirocinio } from './tirocini.types';

const NAZIONALE = regolePerVersione('nazionale-2017.1');
const TOSCANA = regolePerVersione('toscana-2018.1');
const TOSCANA_2012 = regolePerVersione('toscana-2012.1');
const SICILIA = regolePerVersione('sicilia-2017.1');
const OGGI = '2026-03-02';

const doc = (tipo: TipoDocumentoTirocinio, o: Partial<DocumentoAllegato> = {}): DocumentoAllegato => ({
  tipo,
  documentoId: `doc-${tipo}`,
  versione: 1,
  sha256: 'a'.repeat(64),
  contentType: 'application/pdf',
  firmato: true,
  ...o,
});

const progetto = (o: Partial<ProgettoFormativo> = {}): ProgettoFormativo => ({
  promotoreId: 'prom-1',
  ospitanteId: 'osp-1',
  sedeId: 'sede-1',
  tirocinanteId: 'tir-1',
  tutorOspitanteId: 'tut-o-1',
  tutorPromotoreId: 'tut-p-1',
  dataInizio: '2026-04-01',
  dataFine: '2026-09-30', // exactly 6 months: within every shipped pack
  oreSettimanali: 40,
  obiettivi: 'Acquisire competenze di contabilità di base',
  attivita: 'Registrazione fatture, riconciliazioni bancarie',
  indennitaMensileCent: 60_000,
  svantaggiato: false,
  dichiarazioni: { licenziamentiStessaMansione: false, rapportoPrecedenteConTirocinante: false },
  ...o,
});

const contesto = (o: Partial<ContestoControlli> = {}): ContestoControlli => ({
  dipendentiIndeterminatoSede: 10,
  tirociniConcorrentiSede: 0,
  tirociniConcorrentiTutorOspitante: 0,
  tirociniConcorrentiTutorPromotore: 0,
  tirociniSovrappostiTirocinante: [],
  codiceFiscaleOspitante: '00488410010',
  codiceFiscaleTirocinante: 'RSSMRA05H15D612P',
  ...o,
});

const documentiCompleti = (): DocumentoAllegato[] => REQUIRED_DOCUMENTS.map((t) => doc(t));

const controlla = (
  o: { progetto?: Partial<ProgettoFormativo>; contesto?: Partial<ContestoControlli>; documenti?: DocumentoAllegato[]; regole?: RegolePackTirocini; oggi?: string } = {},
) => {
  const input: InputControlli = {
    progetto: progetto(o.progetto),
    contesto: contesto(o.contesto),
    documenti: o.documenti ?? documentiCompleti(),
    regole: o.regole ?? NAZIONALE,
    oggi: o.oggi ?? OGGI,
  };
  return controlliPrimoLivello(input);
};
const regole = (o: Parameters<typeof controlla>[0] = {}) => controlla(o).map((v) => v.rule);

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
        expect.objectContaining({ rule: 'durata-minima', field: 'progetto.dataFine', found: '2026-05-30', limit: '2026-05-31', versioneRegole: 'nazionale-2017.1' }),
      ]);
    });

    it('minimum from a month end (31 May + 2 months ends on 30 July)', () => {
      expect(controlla({ progetto: { dataInizio: '2026-05-31', dataFine: '2026-07-30' } })).toEqual([]);
      expect(regole({ progetto: { dataInizio: '2026-05-31', dataFine: '2026-07-29' } })).toEqual(['durata-minima']);
    });

    it('Toscana before 2018 had a 1-month minimum', () => {
      expect(controlla({ regole: TOSCANA_2012, progetto: { dataFine: '2026-04-30' } })).toEqual([]);
      expect(controlla({ regole: TOSCANA_2012, progetto: { dataFine: '2026-04-29' } })).toEqual([expect.objectContaining({ rule: 'durata-minima', limit: '2026-04-30' })]);
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

  describe('concurrent limits', () => {
    it('national host limit: 5 employees → 1 trainee', () => {
      expect(controlla({ contesto: { dipendentiIndeterminatoSede: 5, tirociniConcorrentiSede: 0 } })).toEqual([]);
      expect(controlla({ contesto: { dipendentiIndeterminatoSede: 5, tirociniConcorrentiSede: 1 } })).toEqual([
        expect.objectContaining({ rule: 'limite-ospitante', field: 'progetto.sedeId', found: 2, limit: 1 }),
      ]);
    });

    it('names the count and the date it is in force from, so the refusal explains itself after the count changes', () => {
      const [v] = controlla({ contesto: { dipendentiIndeterminatoSede: 5, dipendentiIndeterminatoDal: '2026-01-10', tirociniConcorrentiSede: 1 } });
      expect(v.message).toBe('con 5 dipendenti a tempo indeterminato (dato in vigore dal 2026-01-10) la sede può ospitare 1 tirocinanti contemporaneamente: con questo sarebbero 2');
    });

    it('national host limit: 21 employees → 10% rounded up = 3', () => {
      expect(controlla({ contesto: { dipendentiIndeterminatoSede: 21, tirociniConcorrentiSede: 2 } })).toEqual([]);
      expect(controlla({ contesto: { dipendentiIndeterminatoSede: 21, tirociniConcorrentiSede: 3 } })).toEqual([
        expect.objectContaining({ rule: 'limite-ospitante', found: 4, limit: 3 }),
      ]);
    });

    it('Toscana uses the national bands: 6 employees → 2', () => {
      expect(controlla({ regole: TOSCANA, contesto: { dipendentiIndeterminatoSede: 6, tirociniConcorrentiSede: 1 } })).toEqual([]);
      expect(regole({ regole: TOSCANA, contesto: { dipendentiIndeterminatoSede: 6, tirociniConcorrentiSede: 2 } })).toEqual(['limite-ospitante']);
    });

    it('Sicilia allows more: 5 employees → 2, 21 → 20% rounded up = 5', () => {
      expect(controlla({ regole: SICILIA, contesto: { dipendentiIndeterminatoSede: 5, tirociniConcorrentiSede: 1 } })).toEqual([]);
      expect(controlla({ regole: SICILIA, contesto: { dipendentiIndeterminatoSede: 5, tirociniConcorrentiSede: 2 } })).toEqual([
        expect.objectContaining({ rule: 'limite-ospitante', found: 3, limit: 2, versioneRegole: 'sicilia-2017.1' }),
      ]);
      expect(controlla({ regole: SICILIA, contesto: { dipendentiIndeterminatoSede: 21, tirociniConcorrentiSede: 4 } })).toEqual([]);
      expect(regole({ regole: SICILIA, contesto: { dipendentiIndeterminatoSede: 21, tirociniConcorrentiSede: 5 } })).toEqual(['limite-ospitante']);
      // The same draft the national bands refuse.
      expect(regole({ contesto: { dipendentiIndeterminatoSede: 5, tirociniConcorrentiSede: 1 } })).toEqual(['limite-ospitante']);
    });

    it('host tutor: at most 3 trainees at once', () => {
      expect(controlla({ contesto: { tirociniConcorrentiTutorOspitante: 2 } })).toEqual([]);
      expect(controlla({ contesto: { tirociniConcorrentiTutorOspitante: 3 } })).toEqual([
        expect.objectContaining({ rule: 'limite-tutor-ospitante', field: 'progetto.tutorOspitanteId', found: 4, limit: 3 }),
      ]);
    });

    it('promoter tutor: at most 20 trainees at once', () => {
      expect(controlla({ contesto: { tirociniConcorrentiTutorPromotore: 19 } })).toEqual([]);
      expect(controlla({ contesto: { tirociniConcorrentiTutorPromotore: 20 } })).toEqual([
        expect.objectContaining({ rule: 'limite-tutor-promotore', field: 'progetto.tutorPromotoreId', found: 21, limit: 20 }),
      ]);
    });

    it('throws on a context count that is not a non-negative integer (a caller bug)', () => {
      expect(() => controlla({ contesto: { tirociniConcorrentiSede: -1 } })).toThrow(RangeError);
      expect(() => controlla({ contesto: { tirociniConcorrentiTutorOspitante: 0.5 } })).toThrow(RangeError);
      expect(() => controlla({ contesto: { dipendentiIndeterminatoSede: -1 } })).toThrow(RangeError);
    });
  });

  describe('indemnity and hours', () => {
    it('national minimum 300 EUR', () => {
      expect(controlla({ progetto: { indennitaMensileCent: 30_000 } })).toEqual([]);
      const [v] = controlla({ progetto: { indennitaMensileCent: 29_999 } });
      expect(v).toMatchObject({ rule: 'indennita-minima', field: 'progetto.indennitaMensileCent', found: 29_999, limit: 30_000 });
      expect(v.message).toContain('299,99 EUR');
      expect(v.message).toContain('300,00 EUR');
    });

    it('Toscana minimum 500 EUR refuses what the national and Sicilian packs accept', () => {
      expect(controlla({ regole: TOSCANA, progetto: { indennitaMensileCent: 50_000 } })).toEqual([]);
      expect(controlla({ regole: TOSCANA, progetto: { indennitaMensileCent: 49_999 } })).toEqual([
        expect.objectContaining({ rule: 'indennita-minima', found: 49_999, limit: 50_000, versioneRegole: 'toscana-2018.1' }),
      ]);
      expect(regole({ regole: TOSCANA, progetto: { indennitaMensileCent: 30_000 } })).toEqual(['indennita-minima']);
      expect(controlla({ regole: SICILIA, progetto: { indennitaMensileCent: 30_000 } })).toEqual([]);
      expect(regole({ regole: SICILIA, progetto: { indennitaMensileCent: 29_999 } })).toEqual(['indennita-minima']);
    });

    it('refuses an indemnity that is not in whole cents', () => {
      expect(regole({ progetto: { indennitaMensileCent: 30_000.5 } })).toEqual(['indennita-formato']);
    });

    it('weekly hours: more than 0, at most 40', () => {
      expect(controlla({ progetto: { oreSettimanali: 40 } })).toEqual([]);
      expect(controlla({ progetto: { oreSettimanali: 0.5 } })).toEqual([]);
      expect(controlla({ progetto: { oreSettimanali: 40.5 } })).toEqual([
        expect.objectContaining({ rule: 'ore-settimanali', field: 'progetto.oreSettimanali', found: 40.5, limit: 40 }),
      ]);
      for (const ore of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(regole({ progetto: { oreSettimanali: ore } })).toEqual(['ore-settimanali']);
    });
  });

  describe('declarations and overlaps', () => {
    it('refuses declared dismissals for the same role', () => {
      expect(controlla({ progetto: { dichiarazioni: { licenziamentiStessaMansione: true, rapportoPrecedenteConTirocinante: false } } })).toEqual([
        expect.objectContaining({ rule: 'licenziamenti-precedenti', field: 'progetto.dichiarazioni.licenziamentiStessaMansione', found: true, limit: false }),
      ]);
    });

    it('refuses a declared previous employment of the trainee', () => {
      expect(controlla({ progetto: { dichiarazioni: { licenziamentiStessaMansione: false, rapportoPrecedenteConTirocinante: true } } })).toEqual([
        expect.objectContaining({ rule: 'rapporto-precedente', field: 'progetto.dichiarazioni.rapportoPrecedenteConTirocinante', found: true, limit: false }),
      ]);
    });

    it('treats a missing declaration as not made (refused)', () => {
      const dichiarazioni = { licenziamentiStessaMansione: undefined, rapportoPrecedenteConTirocinante: undefined } as unknown as ProgettoFormativo['dichiarazioni'];
      expect(regole({ progetto: { dichiarazioni } })).toEqual(['licenziamenti-precedenti', 'rapporto-precedente']);
      const senza = controlla({ progetto: { dichiarazioni: undefined as unknown as ProgettoFormativo['dichiarazioni'] } });
      expect(senza.map((v) => [v.rule, v.found])).toEqual([
        ['licenziamenti-precedenti', null],
        ['rapporto-precedente', null],
      ]);
    });

    it("refuses a trainee below the pack's minimum age on the first day, and accepts one whose birthday is that day", () => {
      // dataInizio is 2026-04-01; every pack asks for 16 years.
      expect(controlla({ contesto: { dataNascitaTirocinante: '2010-04-02' } })).toEqual([
        expect.objectContaining({ rule: 'eta-minima', field: 'progetto.tirocinanteId', found: '2010-04-02', limit: 16, message: expect.stringContaining('avrà 15 anni') }),
      ]);
      expect(controlla({ contesto: { dataNascitaTirocinante: '2010-04-01' } })).toEqual([]);
      expect(controlla({ regole: SICILIA, contesto: { dataNascitaTirocinante: '2016-01-01' } }).map((v) => v.rule)).toEqual(['eta-minima']);
    });

    it("refuses an overlap with another of the trainee's traineeships", () => {
      expect(controlla({ contesto: { tirociniSovrappostiTirocinante: ['tir-77'] } })).toEqual([
        expect.objectContaining({ rule: 'tirocinio-sovrapposto', field: 'progetto.tirocinanteId', found: ['tir-77'], limit: 0 }),
      ]);
    });
  });

  describe('documents', () => {
    it.each(REQUIRED_DOCUMENTS.map((t) => [t]))('reports the missing %s', (tipo) => {
      expect(controlla({ documenti: documentiCompleti().filter((d) => d.tipo !== tipo) })).toEqual([
        expect.objectContaining({ rule: 'documento-mancante', field: `documenti.${tipo}`, limit: tipo }),
      ]);
    });

    it('reports every missing document when none is attached', () => {
      expect(controlla({ documenti: [] }).map((v) => v.field)).toEqual(REQUIRED_DOCUMENTS.map((t) => `documenti.${t}`));
    });

    it('accepts PDF, PNG and JPEG by detected type (parameters and case ignored) and refuses anything else', () => {
      for (const ct of [...CONTENT_TYPE_LEGGIBILI, 'application/pdf; charset=binary', 'IMAGE/JPEG']) {
        expect([ct, controlla({ documenti: [...documentiCompleti().slice(1), doc('convenzione', { contentType: ct })] })]).toEqual([ct, []]);
      }
      for (const ct of ['text/plain', 'image/gif', 'application/zip', 'application/octet-stream', '']) {
        expect([ct, controlla({ documenti: [...documentiCompleti().slice(1), doc('convenzione', { contentType: ct })] })]).toEqual([
          ct,
          [expect.objectContaining({ rule: 'documento-illeggibile', field: 'documenti.convenzione', found: ct })],
        ]);
      }
    });

    it('checks readability of optional documents too', () => {
      expect(regole({ documenti: [...documentiCompleti(), doc('registro-presenze', { contentType: 'text/html' })] })).toEqual(['documento-illeggibile']);
    });

    it.each(DOCUMENTI_DA_FIRMARE.map((t) => [t]))('requires %s signed', (tipo) => {
      const documenti = documentiCompleti().map((d) => (d.tipo === tipo ? { ...d, firmato: false } : d));
      expect(controlla({ documenti })).toEqual([expect.objectContaining({ rule: 'documento-non-firmato', field: `documenti.${tipo}`, found: false, limit: true })]);
    });

    it('does not require a signature on the identity document or the selection declaration', () => {
      const documenti = documentiCompleti().map((d) => (d.tipo === 'documento-identita' || d.tipo === 'dichiarazione-selezione' ? { ...d, firmato: false } : d));
      expect(controlla({ documenti })).toEqual([]);
    });

    it('judges the latest version of each document', () => {
      const base = documentiCompleti().filter((d) => d.tipo !== 'progetto-formativo');
      const v1 = doc('progetto-formativo', { versione: 1, firmato: false, contentType: 'text/plain' });
      const v2 = doc('progetto-formativo', { versione: 2 });
      expect(controlla({ documenti: [...base, v2, v1] })).toEqual([]);
      expect(regole({ documenti: [...base, { ...v1, versione: 3 }, v2] })).toEqual(['documento-illeggibile', 'documento-non-firmato']);
    });
  });

  describe('convenzione', () => {
    const senzaConvenzione = () => documentiCompleti().filter((d) => d.tipo !== 'convenzione');
    const conv = (o: Partial<NonNullable<ContestoControlli['convenzione']>> = {}) => ({
      id: 'conv-1',
      promotoreId: 'prom-1',
      ospitanteId: 'osp-1',
      validaDal: '2026-04-01',
      validaAl: '2026-09-30',
      ...o,
    });

    it('an existing convenzione covering both parties and exactly the whole period replaces the document', () => {
      expect(controlla({ documenti: senzaConvenzione(), contesto: { convenzione: conv() } })).toEqual([]);
      expect(controlla({ documenti: senzaConvenzione(), progetto: { convenzioneId: 'conv-1' }, contesto: { convenzione: conv() } })).toEqual([]);
    });

    it('refuses a convenzione ending the day before the end or starting the day after the start', () => {
      for (const c of [conv({ validaAl: '2026-09-29' }), conv({ validaDal: '2026-04-02' })]) {
        expect(controlla({ documenti: senzaConvenzione(), contesto: { convenzione: c } })).toEqual([
          expect.objectContaining({
            rule: 'convenzione-non-valida',
            field: 'progetto.convenzioneId',
            found: { validaDal: c.validaDal, validaAl: c.validaAl },
            limit: { dataInizio: '2026-04-01', dataFine: '2026-09-30' },
          }),
        ]);
      }
    });

    it('refuses a convenzione between other parties', () => {
      expect(controlla({ documenti: senzaConvenzione(), progetto: { convenzioneId: 'conv-1' }, contesto: { convenzione: conv({ ospitanteId: 'osp-2' }) } })).toEqual([
        expect.objectContaining({ rule: 'convenzione-non-valida', found: { promotoreId: 'prom-1', ospitanteId: 'osp-2' }, limit: { promotoreId: 'prom-1', ospitanteId: 'osp-1' } }),
      ]);
      expect(regole({ documenti: senzaConvenzione(), contesto: { convenzione: conv({ promotoreId: 'prom-9', validaAl: '2026-06-30' }) } })).toEqual([
        'convenzione-non-valida',
        'convenzione-non-valida',
      ]);
    });

    it('refuses a reference to a convenzione that is not found, even with the document attached', () => {
      expect(controlla({ progetto: { convenzioneId: 'conv-9' } })).toEqual([expect.objectContaining({ rule: 'convenzione-non-valida', found: 'conv-9', limit: null })]);
      expect(regole({ progetto: { convenzioneId: 'conv-9' }, contesto: { convenzione: conv() } })).toEqual(['convenzione-non-valida']);
    });

    it('an attached document makes an unreferenced context convenzione irrelevant', () => {
      expect(controlla({ contesto: { convenzione: conv({ validaAl: '2026-05-01' }) } })).toEqual([]);
    });

    it('with neither document nor convenzione the document is missing', () => {
      expect(regole({ documenti: senzaConvenzione() })).toEqual(['documento-mancante']);
    });
  });

  describe('identifiers and content', () => {
    it("reports a malformed trainee's codice fiscale", () => {
      expect(controlla({ contesto: { codiceFiscaleTirocinante: 'RSSMRA05H15D612A' } })).toEqual([
        expect.objectContaining({ rule: 'codice-fiscale-formato', field: 'contesto.codiceFiscaleTirocinante', found: 'RSSMRA05H15D612A' }),
      ]);
    });

    it("checks the host's code as a partita IVA or a sole trader's codice fiscale", () => {
      expect(controlla({ contesto: { codiceFiscaleOspitante: 'RSSMRA05H15D612P' } })).toEqual([]);
      expect(controlla({ contesto: { codiceFiscaleOspitante: '00488410011' } })).toEqual([
        expect.objectContaining({ rule: 'partita-iva-formato', field: 'contesto.codiceFiscaleOspitante', limit: 0 }),
      ]);
      expect(regole({ contesto: { codiceFiscaleOspitante: '0048841001' } })).toEqual(['codice-fiscale-formato']);
    });

    it('refuses blank objectives and activities', () => {
      expect(controlla({ progetto: { obiettivi: '  \n', attivita: '' } })).toEqual([
        expect.objectContaining({ rule: 'obiettivi-obbligatori', field: 'progetto.obiettivi' }),
        expect.objectContaining({ rule: 'attivita-obbligatorie', field: 'progetto.attivita' }),
      ]);
      expect(controlla({ progetto: { obiettivi: 'x', attivita: 'y' } })).toEqual([]);
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
      'limite-tutor-ospitante', 'tirocinio-sovrapposto',
    ]);
  });
});

