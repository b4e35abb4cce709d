import { SICILIA, TOSCANA, controlla, regole } from './__fixtures__/controlli';
import type { ProgettoFormativo } from './tirocini.types';

describe('controlliPrimoLivello', () => {
  describe('concurrent limits', () => {
    it('national host limit: 5 employees → 1 trainee', () => {
      expect(controlla({ contesto: { dipendentiIndeterminatoSede: 5, tirociniConcorrentiSede: 0 } })).toEqual([]);
      expect(controlla({ contesto: { dipendentiIndeterminatoSede: 5, tirociniConcorrentiSede: 1 } })).toEqual([
        expect.objectContaining({ rule: 'limite-ospitante', field: 'progetto.sedeId', found: 2, limit: 1 }),
      ]);
    });

    it('names the count and the date it is in force from, so the refusal explains itself after the count changes', () => {
      const [v] = controlla({ contesto: { dipendentiIndeterminatoSede: 5, dipendentiIndeterminatoDal: '2026-01-10', tirociniConcorrentiSede: 1 } });
      expect(v.message).toBe(
        'con 5 dipendenti a tempo indeterminato (dato in vigore dal 2026-01-10) la sede può ospitare 1 tirocinanti contemporaneamente: con questo sarebbero 2',
      );
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
      const dichiarazioni = {
        licenziamentiStessaMansione: undefined,
        rapportoPrecedenteConTirocinante: undefined,
      } as unknown as ProgettoFormativo['dichiarazioni'];
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
        expect.objectContaining({
          rule: 'eta-minima',
          field: 'progetto.tirocinanteId',
          found: '2010-04-02',
          limit: 16,
          message: expect.stringContaining('avrà 15 anni'),
        }),
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
});
