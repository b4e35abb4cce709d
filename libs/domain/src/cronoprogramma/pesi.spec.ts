import { RuleViolation } from '../common/violation';
import { esempioPiano, pianoGrande } from './fixtures';
import { verificaPiano } from './pesi';
import { Fase, IndicatoreNumerico, IndicatoreProcedurale, PianoDocumento } from './cronoprogramma.types';

// Paths into the sample plan: objective 1.1 (aree[0].obiettivi[0]) has the procedural 1.1.a (4 phases) and the
// numeric 1.1.b; objective 2.1 (aree[1].obiettivi[0]) has 2.1.a (5 phases) and the non-valutabile 2.1.b.
const procedurale = (p: PianoDocumento, a = 0, o = 0, i = 0) => p.aree[a].obiettivi[o].indicatori[i] as IndicatoreProcedurale;
const fase = (p: PianoDocumento, j: number, a = 0, o = 0, i = 0): Fase => procedurale(p, a, o, i).fasi[j];
const numerico = (p: PianoDocumento) => p.aree[0].obiettivi[0].indicatori[1] as IndicatoreNumerico;
const FASE = 'aree[0].obiettivi[0].indicatori[0].fasi';

/** The sample plan after `modifica`, checked: [rule, field] of each violation. */
function verifica(modifica: (p: PianoDocumento) => void): Array<[string, string | undefined]> {
  const p = esempioPiano();
  modifica(p);
  return verificaPiano(p).map((v) => [v.rule, v.field]);
}

describe('verificaPiano', () => {
  it('accepts the sample plan and generated large plans', () => {
    expect(verificaPiano(esempioPiano())).toEqual([]);
    expect(verificaPiano(esempioPiano(2030))).toEqual([]);
    expect(verificaPiano(pianoGrande(2500))).toEqual([]);
  });

  describe('somma-pesi: each level sums to exactly 100', () => {
    it('the objectives of the plan, across areas', () => {
      const p = esempioPiano();
      p.aree[1].obiettivi[1].peso = 19.99;
      expect(verificaPiano(p)).toEqual<RuleViolation[]>([
        {
          rule: 'somma-pesi',
          field: 'aree[*].obiettivi[*].peso',
          message: 'la somma dei pesi degli obiettivi del piano deve essere 100',
          found: '99.99',
          limit: 100,
        },
      ]);
      expect(verifica((q) => (q.aree[0].obiettivi[0].peso = 35.01))).toEqual([['somma-pesi', 'aree[*].obiettivi[*].peso']]);
    });

    it("an objective's indicators, the non-valutabile one included", () => {
      expect(verifica((p) => (p.aree[1].obiettivi[0].indicatori[1].peso = 20))).toEqual([['somma-pesi', 'aree[1].obiettivi[0].indicatori[*].peso']]);
    });

    it("a procedural indicator's phases, the neutralised one included", () => {
      expect(verifica((p) => (fase(p, 2, 1, 0, 0).peso = 29))).toEqual([['somma-pesi', 'aree[1].obiettivi[0].indicatori[0].fasi[*].peso']]);
    });

    it('is decimal-exact: 33.33 + 33.33 + 33.34 and 0.01 + 66.79 + 33.2 are 100, 33.33 × 3 is not', () => {
      const tre = (pesi: number[]) =>
        verifica((p) => {
          const f = procedurale(p).fasi;
          procedurale(p).fasi = pesi.map((peso, j) => ({ ...f[0], numero: j + 1, peso }));
        });
      expect(tre([33.33, 33.33, 33.34])).toEqual([]);
      expect(tre([0.01, 66.79, 33.2])).toEqual([]);
      const p = esempioPiano();
      procedurale(p).fasi = [33.33, 33.33, 33.33].map((peso, j) => ({ ...procedurale(p).fasi[0], numero: j + 1, peso }));
      expect(verificaPiano(p)).toMatchObject([{ rule: 'somma-pesi', found: '99.99', limit: 100 }]);
    });
  });

  describe('peso-non-valido: greater than 0, at most 100, at most two decimals', () => {
    it.each([0, -5, 100.01, 12.345, Number.NaN])('refuses %p', (peso) => {
      const rules = verifica((p) => (fase(p, 0).peso = peso));
      expect(rules).toContainEqual(['peso-non-valido', `${FASE}[0].peso`]);
    });

    it('does not repeat an unreadable weight as a wrong sum', () => {
      expect(verifica((p) => (fase(p, 0).peso = Number.NaN))).toEqual([['peso-non-valido', `${FASE}[0].peso`]]);
    });

    it('accepts 0.01 and 100', () => {
      const p = esempioPiano();
      procedurale(p).fasi = [{ ...fase(p, 0), peso: 100 }];
      expect(verificaPiano(p)).toEqual([]);
      p.aree[0].obiettivi[0].indicatori[0].peso = 59.99;
      p.aree[0].obiettivi[0].indicatori[1].peso = 40.01;
      expect(verificaPiano(p)).toEqual([]);
      procedurale(p).fasi = [
        { ...fase(p, 0), peso: 0.01 },
        { ...fase(p, 0), numero: 2, peso: 99.99 },
      ];
      expect(verificaPiano(p)).toEqual([]);
    });
  });

  describe('unique numbers and codes', () => {
    it('objective numero is unique in the plan, across areas', () => {
      const p = esempioPiano();
      p.aree[1].obiettivi[0].numero = '1.1';
      expect(verificaPiano(p)).toMatchObject([{ rule: 'numero-duplicato', field: 'aree[1].obiettivi[0].numero', found: '1.1' }]);
      expect(verificaPiano(p)[0].message).toContain('aree[0].obiettivi[0].numero');
    });

    it('indicator codice is unique in the plan, across objectives', () => {
      expect(verifica((p) => (p.aree[1].obiettivi[1].indicatori[0].codice = '1.1.b'))).toEqual([
        ['codice-duplicato', 'aree[1].obiettivi[1].indicatori[0].codice'],
      ]);
    });

    it('area codice is unique', () => {
      expect(verifica((p) => (p.aree[1].codice = 'A'))).toEqual([['codice-duplicato', 'aree[1].codice']]);
    });

    it('phase numero is unique in its indicator only, and a positive integer', () => {
      expect(verifica((p) => (fase(p, 3).numero = 1))).toEqual([['numero-duplicato', `${FASE}[3].numero`]]);
      // Phase 1 exists in every indicator: that is fine.
      expect(verificaPiano(esempioPiano()).filter((v) => v.rule === 'numero-duplicato')).toEqual([]);
      expect(verifica((p) => (fase(p, 3).numero = 0))).toEqual([['numero-non-valido', `${FASE}[3].numero`]]);
      expect(verifica((p) => (fase(p, 3).numero = 4.5))).toEqual([['numero-non-valido', `${FASE}[3].numero`]]);
    });
  });

  describe('dates', () => {
    it.each(['2026-02-29', '2026-13-01', '2026-2-3', '03/01/2026', ''])('data-non-valida: %p', (d) => {
      expect(verifica((p) => (fase(p, 0).inizioPrevisto = d))).toEqual([['data-non-valida', `${FASE}[0].inizioPrevisto`]]);
    });

    it('checks finePrevista, fineEffettiva and chiusura too', () => {
      expect(
        verifica((p) => {
          fase(p, 0).finePrevista = '2026-04-31';
          fase(p, 1).fineEffettiva = 'maggio';
          p.chiusura = 'fine anno';
        }),
      ).toEqual([
        ['data-non-valida', 'chiusura'],
        ['data-non-valida', `${FASE}[0].finePrevista`],
        ['data-non-valida', `${FASE}[1].fineEffettiva`],
      ]);
    });

    it('accepts 29 February in a leap year', () => {
      expect(
        verifica((p) => {
          p.chiusura = '2028-12-31';
          fase(p, 0).finePrevista = '2028-02-29';
        }),
      ).toEqual([]);
    });

    it('date-invertite: planned end before planned start; a one-day phase is fine', () => {
      expect(
        verifica((p) => {
          delete fase(p, 0).fineEffettiva;
          fase(p, 0).inizioPrevisto = '2026-03-01';
          fase(p, 0).finePrevista = '2026-02-28';
        }),
      ).toEqual([['date-invertite', `${FASE}[0].finePrevista`]]);
      expect(verifica((p) => (fase(p, 0).finePrevista = fase(p, 0).inizioPrevisto))).toEqual([]);
    });

    it('date-invertite: actual end before planned start; on the start day is fine', () => {
      expect(verifica((p) => (fase(p, 1).fineEffettiva = '2026-02-28'))).toEqual([['date-invertite', `${FASE}[1].fineEffettiva`]]);
      expect(verifica((p) => (fase(p, 1).fineEffettiva = '2026-03-01'))).toEqual([]);
    });

    it('chiusura-non-valida: before the plan year; on 1 January of the year or later is fine', () => {
      const diChiusura = (p: PianoDocumento) => verificaPiano(p).filter((x) => x.rule === 'chiusura-non-valida');
      expect(diChiusura({ ...esempioPiano(2026), chiusura: '2025-12-31' })).toEqual<RuleViolation[]>([
        {
          rule: 'chiusura-non-valida',
          field: 'chiusura',
          message: 'il piano non può chiudersi prima del suo anno 2026',
          found: '2025-12-31',
          limit: '2026-01-01',
        },
      ]);
      expect(diChiusura({ ...esempioPiano(2026), chiusura: '2026-01-01' })).toEqual([]);
      expect(verificaPiano({ ...esempioPiano(2026), chiusura: '2027-01-31' })).toEqual([]);
      expect(verificaPiano({ ...esempioPiano(2026), anno: 2026.5 })).toMatchObject([{ rule: 'anno-non-valido', field: 'anno' }]);
    });

    it('fase-fuori-anno and fase-oltre-chiusura: a phase ends within its plan (it may start the year before)', () => {
      expect(
        verifica((p) => {
          fase(p, 0).inizioPrevisto = '2025-11-03';
          fase(p, 0).finePrevista = '2025-12-31';
        }),
      ).toEqual([['fase-fuori-anno', `${FASE}[0].finePrevista`]]);
      expect(verifica((p) => (fase(p, 0).inizioPrevisto = '2025-11-03'))).toEqual([]);
      const oltre = verificaPiano({ ...esempioPiano(2026), chiusura: '2026-06-30' }).filter((x) => x.rule === 'fase-oltre-chiusura');
      expect(oltre.length).toBeGreaterThan(0);
      for (const x of oltre) expect(x).toMatchObject({ limit: '<= 2026-06-30', found: expect.stringMatching(/^2026-(0[7-9]|1[0-2])-/) });
      expect(verificaPiano({ ...esempioPiano(2026), chiusura: '2026-12-31' }).filter((x) => x.rule === 'fase-oltre-chiusura')).toEqual([]);
    });
  });

  describe('structure and values the scoring rules rely on', () => {
    it('fasi-mancanti, indicatori-mancanti, obiettivi-mancanti', () => {
      expect(verifica((p) => (procedurale(p).fasi = []))).toEqual([['fasi-mancanti', 'aree[0].obiettivi[0].indicatori[0].fasi']]);
      expect(
        verifica((p) => {
          p.aree[1].obiettivi[1].indicatori = [];
        }),
      ).toEqual([['indicatori-mancanti', 'aree[1].obiettivi[1].indicatori']]);
      expect(verificaPiano({ ...esempioPiano(), aree: [] })).toMatchObject([{ rule: 'obiettivi-mancanti', field: 'aree' }]);
    });

    it.each([0, -1, Number.POSITIVE_INFINITY])('target-non-valido: %p', (target) => {
      expect(verifica((p) => (numerico(p).target = target))).toEqual([['target-non-valido', 'aree[0].obiettivi[0].indicatori[1].target']]);
    });

    it('raggiunto-non-valido: negative; 0 is fine', () => {
      expect(verifica((p) => (numerico(p).raggiunto = -1))).toEqual([['raggiunto-non-valido', 'aree[0].obiettivi[0].indicatori[1].raggiunto']]);
      expect(verifica((p) => (numerico(p).raggiunto = 0))).toEqual([]);
    });

    it('autovalutazione-non-valida: outside 0..100, on a phase or a numeric indicator', () => {
      expect(verifica((p) => (fase(p, 0).autovalutazionePct = -1))).toEqual([['autovalutazione-non-valida', `${FASE}[0].autovalutazionePct`]]);
      expect(verifica((p) => (numerico(p).autovalutazionePct = 100.5))).toEqual([
        ['autovalutazione-non-valida', 'aree[0].obiettivi[0].indicatori[1].autovalutazionePct'],
      ]);
      expect(
        verifica((p) => {
          fase(p, 0).autovalutazionePct = 0;
          numerico(p).autovalutazionePct = 100;
        }),
      ).toEqual([]);
    });

    it('ritardo-non-valido: a whole number of days ≥ 0', () => {
      expect(verifica((p) => (fase(p, 0).ritardoStimatoGiorni = -1))).toEqual([['ritardo-non-valido', `${FASE}[0].ritardoStimatoGiorni`]]);
      expect(verifica((p) => (fase(p, 0).ritardoStimatoGiorni = 2.5))).toEqual([['ritardo-non-valido', `${FASE}[0].ritardoStimatoGiorni`]]);
      expect(verifica((p) => (fase(p, 0).ritardoStimatoGiorni = 0))).toEqual([]);
    });

    it('giustificazione-mancante: an external cause, on a phase or a numeric indicator, needs a justification', () => {
      expect(verifica((p) => (fase(p, 2, 1, 0, 0).causaEsterna = { giustificazione: '   ' }))).toEqual([
        ['giustificazione-mancante', 'aree[1].obiettivi[0].indicatori[0].fasi[2].causaEsterna.giustificazione'],
      ]);
      expect(verifica((p) => (numerico(p).causaEsterna = { giustificazione: '' }))).toEqual([
        ['giustificazione-mancante', 'aree[0].obiettivi[0].indicatori[1].causaEsterna.giustificazione'],
      ]);
    });

    it('motivazione-mancante and tipo-non-valido', () => {
      expect(verifica((p) => Object.assign(p.aree[1].obiettivi[0].indicatori[1], { motivazione: '' }))).toEqual([
        ['motivazione-mancante', 'aree[1].obiettivi[0].indicatori[1].motivazione'],
      ]);
      expect(verifica((p) => Object.assign(p.aree[1].obiettivi[0].indicatori[1], { tipo: 'qualitativo' }))).toEqual([
        ['tipo-non-valido', 'aree[1].obiettivi[0].indicatori[1].tipo'],
      ]);
    });
  });

  it('reports every problem at once, each with its field, what was found and the limit', () => {
    const p = esempioPiano();
    p.aree[0].obiettivi[1].numero = '1.1';
    fase(p, 0).peso = 25; // phases of 1.1.a now sum to 105
    fase(p, 1).finePrevista = '2026-02-01';
    numerico(p).target = 0;
    fase(p, 2, 0, 1, 0).ritardoStimatoGiorni = -3;
    p.chiusura = '2025-06-30';
    const v = verificaPiano(p).filter((x) => x.rule !== 'fase-oltre-chiusura');
    expect(v.map((x) => [x.rule, x.field])).toEqual([
      ['chiusura-non-valida', 'chiusura'],
      ['date-invertite', `${FASE}[1].finePrevista`],
      ['somma-pesi', 'aree[0].obiettivi[0].indicatori[0].fasi[*].peso'],
      ['target-non-valido', 'aree[0].obiettivi[0].indicatori[1].target'],
      ['numero-duplicato', 'aree[0].obiettivi[1].numero'],
      ['ritardo-non-valido', 'aree[0].obiettivi[1].indicatori[0].fasi[2].ritardoStimatoGiorni'],
    ]);
    expect(v.find((x) => x.rule === 'somma-pesi')).toMatchObject({ found: '105', limit: 100 });
    expect(v.find((x) => x.rule === 'date-invertite')).toMatchObject({ found: '2026-02-01', limit: '>= 2026-03-01' });
    for (const x of v) expect(x.message.length).toBeGreaterThan(0);
  });
});

describe('verificaPiano with today', () => {
  it('refuses an actual end after today, and only with today given', () => {
    const p = esempioPiano();
    const f = fase(p, 0);
    f.fineEffettiva = '2026-12-10';
    expect(verificaPiano(p, { oggi: '2026-12-05' })).toEqual([
      expect.objectContaining({
        rule: 'fine-effettiva-futura',
        field: `${FASE}[0].fineEffettiva`,
        found: '2026-12-10',
        limit: '2026-12-05',
        message: expect.stringContaining(`fase ${f.numero}`),
      }),
    ]);
    expect(verificaPiano(p, { oggi: '2026-12-10' })).toEqual([]);
    expect(verificaPiano(p)).toEqual([]);
  });
});
