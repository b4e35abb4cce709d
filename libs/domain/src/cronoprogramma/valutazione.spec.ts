import { esempioPiano, pianoGrande } from './fixtures';
import { verificaPiano } from './pesi';
import {
  Fase,
  Indicatore,
  IndicatoreNumerico,
  IndicatoreProcedurale,
  Obiettivo,
  PianoDocumento,
  ValutazioneFase,
  ValutazioneIndicatore,
  ValutazionePiano,
  ValutazioneVoce,
} from './cronoprogramma.types';
import { Decimal } from 'decimal.js';
import { divisioneArrotondata, valutaPiano } from './valutazione';

const ALLA = '2027-01-31';

// ---- Small builders: one area, objectives with the given indicators ----

const fase = (numero: number, inizioPrevisto: string, finePrevista: string, peso: number, monitoraggio: Partial<Fase> = {}): Fase => ({
  numero,
  descrizione: `Fase ${numero}`,
  outputAtteso: 'output',
  inizioPrevisto,
  finePrevista,
  strutturaResponsabile: 'Settore',
  peso,
  ...monitoraggio,
});
const procedurale = (codice: string, peso: number, fasi: Fase[]): IndicatoreProcedurale => ({ tipo: 'procedurale', codice, descrizione: codice, peso, fasi });
const numerico = (codice: string, peso: number, target: number, raggiunto?: number, extra: Partial<IndicatoreNumerico> = {}): IndicatoreNumerico => ({
  tipo: 'numerico',
  codice,
  descrizione: codice,
  peso,
  formula: 'raggiunto / target',
  target,
  ...(raggiunto === undefined ? {} : { raggiunto }),
  ...extra,
});
const nonValutabile = (codice: string, peso: number): Indicatore => ({
  tipo: 'non-valutabile',
  codice,
  descrizione: codice,
  peso,
  motivazione: 'dato non disponibile',
});
const obiettivo = (numero: string, peso: number, indicatori: Indicatore[]): Obiettivo => ({
  numero,
  descrizione: numero,
  peso,
  strutturaResponsabile: 'Settore',
  indicatori,
});
const piano = (...obiettivi: Obiettivo[]): PianoDocumento => ({
  ufficio: 'ARTI',
  anno: 2026,
  titolo: 'prova',
  chiusura: '2026-12-31',
  aree: [{ codice: 'A', titolo: 'Area', obiettivi }],
});

/** A plan with a single objective and a single procedural indicator with these phases. */
const conFasi = (...fasi: Fase[]) => valutaPiano(piano(obiettivo('1', 100, [procedurale('1.a', 100, fasi)])), ALLA);
const fasiDi = (v: ValutazionePiano, o = 0, i = 0): ValutazioneFase[] => v.obiettivi[o].indicatori[i].fasi ?? [];
const indicatore = (v: ValutazionePiano, o = 0, i = 0): ValutazioneIndicatore => v.obiettivi[o].indicatori[i];
const conIndicatori = (...indicatori: Indicatore[]) => valutaPiano(piano(obiettivo('1', 100, indicatori)), ALLA);

/** Planned 2026-01-01..2026-06-30: 181 inclusive days. */
const SEMESTRE = ['2026-01-01', '2026-06-30'] as const;

describe('valutaPiano — rule 1: a late phase loses in proportion', () => {
  it('scores 181 / 212 = 85.38 for a phase planned over 181 days and completed in 212', () => {
    const [f] = fasiDi(conFasi(fase(1, ...SEMESTRE, 100, { fineEffettiva: '2026-07-31' })));
    expect(f).toMatchObject({ punteggio: '85.38', regola: 'ritardo-proporzionale', calcolo: { giorniPrevisti: 181, giorniEffettivi: 212 } });
    expect(f.spiegazione).toContain('181 / 212 = 85.38%');
  });

  it('scores 100 when completed exactly on its planned end, and planned / (planned + 1) when one day late', () => {
    expect(fasiDi(conFasi(fase(1, ...SEMESTRE, 100, { fineEffettiva: '2026-06-30' })))[0]).toMatchObject({ punteggio: '100.00', regola: 'in-tempo' });
    // 181 / 182 = 99.4505...
    expect(fasiDi(conFasi(fase(1, ...SEMESTRE, 100, { fineEffettiva: '2026-07-01' })))[0]).toMatchObject({
      punteggio: '99.45',
      regola: 'ritardo-proporzionale',
      calcolo: { giorniPrevisti: 181, giorniEffettivi: 182 },
    });
  });

  it('scores 100 when completed early, even before its planned start', () => {
    expect(fasiDi(conFasi(fase(1, ...SEMESTRE, 100, { fineEffettiva: '2026-03-01' })))[0].punteggio).toBe('100.00');
  });

  it('counts inclusive calendar days across a leap day and month ends, in UTC', () => {
    // 2028-02-01..2028-02-29 is 29 days; completed 2028-03-01 → 29 / 30.
    const [f] = fasiDi(conFasi(fase(1, '2028-02-01', '2028-02-29', 100, { fineEffettiva: '2028-03-01' })));
    expect(f).toMatchObject({ punteggio: '96.67', calcolo: { giorniPrevisti: 29, giorniEffettivi: 30 } });
  });

  describe('a late phase whose whole cronoprogramma still ended by the final planned date', () => {
    // Phase 1 is 10 days late (90 planned, 100 actual); phase 2 holds the final planned date, 2026-12-31.
    const tardiva = fase(1, '2026-01-01', '2026-03-31', 50, { fineEffettiva: '2026-04-10' });
    const ultima = (m: Partial<Fase>) => fase(2, '2026-04-01', '2026-12-31', 50, m);

    it('counts as on time when the last phase ends on the final planned date', () => {
      const v = conFasi(tardiva, ultima({ fineEffettiva: '2026-12-31' }));
      expect(fasiDi(v)[0]).toMatchObject({
        punteggio: '100.00',
        regola: 'ritardo-recuperato',
        calcolo: { giorniPrevisti: 90, giorniEffettivi: 100, cronoprogrammaConclusoIl: '2026-12-31', fineFinalePrevista: '2026-12-31' },
      });
      expect(indicatore(v).punteggio).toBe('100.00');
    });

    it('loses in proportion when the last phase ends one day after the final planned date', () => {
      const v = conFasi(tardiva, ultima({ fineEffettiva: '2027-01-01' }));
      expect(fasiDi(v)[0]).toMatchObject({ punteggio: '90.00', regola: 'ritardo-proporzionale' });
      // 275 / 276 = 99.6376...
      expect(fasiDi(v)[1]).toMatchObject({ punteggio: '99.64', regola: 'ritardo-proporzionale' });
      expect(indicatore(v).punteggio).toBe('94.82');
    });

    it('loses in proportion while any other phase is unfinished', () => {
      expect(fasiDi(conFasi(tardiva, ultima({})))[0]).toMatchObject({ punteggio: '90.00', regola: 'ritardo-proporzionale' });
    });

    it('ignores a neutralised phase when asking whether the cronoprogramma ended (its planned end still counts)', () => {
      const v = conFasi(tardiva, ultima({ causaEsterna: { giustificazione: 'fornitore regionale' } }));
      expect(fasiDi(v)[0]).toMatchObject({ punteggio: '100.00', regola: 'ritardo-recuperato', calcolo: { cronoprogrammaConclusoIl: '2026-04-10' } });
    });
  });
});

describe('valutaPiano — rule 2: an unfinished phase', () => {
  it('is scored from the estimated delay: planned / (planned + delay)', () => {
    const [f] = fasiDi(conFasi(fase(1, ...SEMESTRE, 100, { ritardoStimatoGiorni: 31 })));
    expect(f).toMatchObject({ punteggio: '85.38', regola: 'ritardo-stimato', calcolo: { giorniPrevisti: 181, ritardoStimatoGiorni: 31 } });
    expect(f.spiegazione).toContain('181 / (181 + 31) = 85.38%');
  });

  it('scores 100 with an estimated delay of 0 days', () => {
    expect(fasiDi(conFasi(fase(1, ...SEMESTRE, 100, { ritardoStimatoGiorni: 0 })))[0]).toMatchObject({ punteggio: '100.00', regola: 'ritardo-stimato' });
  });

  it('scores 0 with no usable information, even when a monitoring note exists', () => {
    const [f] = fasiDi(conFasi(fase(1, ...SEMESTRE, 100, { notaMonitoraggio: 'in corso' })));
    expect(f).toMatchObject({ punteggio: '0.00', regola: 'nessuna-informazione' });
  });

  it('applies the same rule to a phase not yet due at the valuation date (the valuation is for the final monitoring)', () => {
    const v = valutaPiano(piano(obiettivo('1', 100, [procedurale('1.a', 100, [fase(1, ...SEMESTRE, 100)])])), '2026-02-01');
    expect(v.alla).toBe('2026-02-01');
    expect(fasiDi(v)[0]).toMatchObject({ punteggio: '0.00', regola: 'nessuna-informazione' });
  });

  it('prefers the actual end over an estimate when both are given', () => {
    expect(fasiDi(conFasi(fase(1, ...SEMESTRE, 100, { fineEffettiva: '2026-06-30', ritardoStimatoGiorni: 40 })))[0].regola).toBe('in-tempo');
  });
});

describe('valutaPiano — rule 3: a numeric indicator', () => {
  it.each([
    [228, 100, '100.00', '228.00'],
    [100, 100, '100.00', '100.00'],
    [399, 400, '99.75', '99.75'],
    [1, 3, '33.33', '33.33'],
    [59_908, 50_000, '100.00', '119.82'],
  ])('raggiunto %p of target %p scores %p', (raggiunto, target, punteggio, rapporto) => {
    const v = conIndicatori(numerico('1.a', 100, target, raggiunto));
    expect(indicatore(v)).toMatchObject({ punteggio, regola: 'rapporto-target', calcolo: { raggiunto, target, rapporto } });
    expect(v.punteggio).toBe(punteggio);
  });

  it('says when the ratio was capped', () => {
    expect(indicatore(conIndicatori(numerico('1.a', 100, 100, 228))).spiegazione).toBe('228 × 100 / 100 = 228.00%, limitato a 100.00%');
    expect(indicatore(conIndicatori(numerico('1.a', 100, 400, 399))).spiegazione).toBe('399 × 100 / 400 = 99.75%');
  });

  it('scores 0 when the achieved value is missing', () => {
    expect(indicatore(conIndicatori(numerico('1.a', 100, 400)))).toMatchObject({
      punteggio: '0.00',
      regola: 'nessuna-informazione',
      calcolo: { raggiunto: null },
    });
  });
});

describe('valutaPiano — rule 4: the lower of technical score and self-assessment stands', () => {
  // Planned 9 days, completed in 10: technical 90.00.
  const tardiva = (autovalutazionePct?: number) => fase(1, '2026-03-01', '2026-03-09', 100, { fineEffettiva: '2026-03-10', autovalutazionePct });

  it('a lower self-assessment wins, and both figures are shown', () => {
    const [f] = fasiDi(conFasi(tardiva(80)));
    expect(f).toMatchObject({
      punteggio: '80.00',
      regola: 'autovalutazione-inferiore',
      calcolo: { giorniPrevisti: 9, giorniEffettivi: 10, regolaTecnica: 'ritardo-proporzionale', tecnico: '90.00', autovalutazione: '80.00' },
    });
    expect(f.spiegazione).toContain('80.00');
    expect(f.spiegazione).toContain('90.00');
  });

  it('a higher or equal self-assessment does not raise the technical score', () => {
    expect(fasiDi(conFasi(tardiva(95)))[0]).toMatchObject({ punteggio: '90.00', regola: 'ritardo-proporzionale', calcolo: { autovalutazione: '95.00' } });
    expect(fasiDi(conFasi(tardiva(90)))[0]).toMatchObject({ punteggio: '90.00', regola: 'ritardo-proporzionale' });
    expect(fasiDi(conFasi(tardiva(89.99)))[0]).toMatchObject({ punteggio: '89.99', regola: 'autovalutazione-inferiore' });
  });

  it('applies to a numeric indicator too', () => {
    const lower = indicatore(conIndicatori(numerico('1.a', 100, 400, 399, { autovalutazionePct: 99.7 })));
    expect(lower).toMatchObject({
      punteggio: '99.70',
      regola: 'autovalutazione-inferiore',
      calcolo: { tecnico: '99.75', autovalutazione: '99.70', raggiunto: 399, target: 400 },
    });
    const higher = indicatore(conIndicatori(numerico('1.a', 100, 100, 228, { autovalutazionePct: 100 })));
    expect(higher).toMatchObject({ punteggio: '100.00', regola: 'rapporto-target' });
  });

  it('can lower an on-time phase', () => {
    expect(fasiDi(conFasi(fase(1, ...SEMESTRE, 100, { fineEffettiva: '2026-06-30', autovalutazionePct: 70 })))[0]).toMatchObject({
      punteggio: '70.00',
      regola: 'autovalutazione-inferiore',
      calcolo: { regolaTecnica: 'in-tempo' },
    });
  });
});

describe('valutaPiano — rule 5: neutralised items change the weights, not the score', () => {
  // Phase 1 on time (100), phase 2 planned 4 days and completed in 5 (80) after the final planned date.
  const puntuale = fase(1, '2026-01-01', '2026-01-31', 50, { fineEffettiva: '2026-01-31' });
  const tardiva = fase(2, '2026-02-01', '2026-02-04', 30, { fineEffettiva: '2026-02-05' });

  it('a neutralised phase is excluded: (100 × 50 + 80 × 30) / 80 = 92.50, not 74.00', () => {
    const v = conFasi(puntuale, tardiva, fase(3, '2026-01-15', '2026-01-20', 20, { causaEsterna: { giustificazione: 'sciopero nazionale dei trasporti' } }));
    const fasi = fasiDi(v);
    expect(fasi.map((f) => [f.punteggio, f.pesoEffettivo])).toEqual([
      ['100.00', '62.50'],
      ['80.00', '37.50'],
      [null, null],
    ]);
    expect(fasi[2]).toMatchObject({ regola: 'neutralizzato-causa-esterna', peso: 20 });
    expect(fasi[2].spiegazione).toContain('sciopero nazionale dei trasporti');
    expect(indicatore(v)).toMatchObject({ punteggio: '92.50', regola: 'media-ponderata', calcolo: { somma: '7400', pesiRimasti: '80', esclusi: 1 } });
    expect(indicatore(v).spiegazione).toBe('media ponderata di fasi: (100.00 × 50 + 80.00 × 30) / 80 = 92.50% (1 escluso)');

    // The same phase with no information and no external cause scores 0 and drags the indicator down.
    const zero = conFasi(puntuale, tardiva, fase(3, '2026-01-15', '2026-01-20', 20));
    expect(indicatore(zero).punteggio).toBe('74.00');
  });

  it('a non-valutabile indicator is excluded from its objective likewise', () => {
    const proc = procedurale('1.a', 60, [fase(1, ...SEMESTRE, 100, { fineEffettiva: '2026-07-31' })]); // 85.38
    const v = conIndicatori(proc, numerico('1.b', 20, 400, 399), nonValutabile('1.c', 20));
    expect(v.obiettivi[0].indicatori.map((i) => [i.punteggio, i.regola, i.pesoEffettivo])).toEqual([
      ['85.38', 'media-ponderata', '75.00'],
      ['99.75', 'rapporto-target', '25.00'],
      [null, 'non-valutabile', null],
    ]);
    // (85.38 × 60 + 99.75 × 20) / 80 = 88.9725
    expect(v.obiettivi[0]).toMatchObject({ punteggio: '88.97', calcolo: { pesiRimasti: '80' } });
  });

  it('a numeric indicator missed for an external cause is excluded', () => {
    const v = conIndicatori(numerico('1.a', 50, 100, 10, { causaEsterna: { giustificazione: 'blocco del portale nazionale' } }), numerico('1.b', 50, 100, 90));
    expect(indicatore(v)).toMatchObject({ punteggio: null, regola: 'neutralizzato-causa-esterna', pesoEffettivo: null });
    expect(v.obiettivi[0].punteggio).toBe('90.00');
  });

  it('everything neutralised gives no score at any level', () => {
    const causa = { causaEsterna: { giustificazione: 'alluvione' } };
    const v = conFasi(fase(1, ...SEMESTRE, 60, causa), fase(2, '2026-07-01', '2026-12-31', 40, causa));
    expect(indicatore(v)).toMatchObject({ punteggio: null, regola: 'neutralizzato-causa-esterna', pesoEffettivo: null });
    expect(v.obiettivi[0]).toMatchObject({ punteggio: null, regola: 'neutralizzato-causa-esterna', pesoEffettivo: null });
    expect(v.punteggio).toBeNull();
    expect(v.regola).toBe('media-ponderata');
  });

  it('an objective of only non-valutabile indicators is non-valutabile, and the plan reweighs the objectives left', () => {
    const v = valutaPiano(
      piano(
        obiettivo('1', 30, [nonValutabile('1.a', 100)]),
        obiettivo('2', 70, [procedurale('2.a', 100, [fase(1, ...SEMESTRE, 100, { fineEffettiva: '2026-07-31' })])]),
      ),
      ALLA,
    );
    expect(v.obiettivi[0]).toMatchObject({ punteggio: null, regola: 'non-valutabile', pesoEffettivo: null });
    expect(v.obiettivi[1]).toMatchObject({ punteggio: '85.38', pesoEffettivo: '100.00' });
    expect(v.punteggio).toBe('85.38');
    expect(v.spiegazione).toBe('media ponderata di obiettivi: (85.38 × 70) / 70 = 85.38% (1 escluso)');
  });
});

describe('valutaPiano — exact two-decimal arithmetic', () => {
  it('averages the rounded children: 66.67 and 100.00 at 50/50 give 83.34 (83.33 from the unrounded 66.666...)', () => {
    // Phase 2 (planned 2 days, done in 3: 66.666... → 66.67) is the last one, so its delay is not recovered.
    const v = conFasi(
      fase(1, '2026-01-01', '2026-01-31', 50, { fineEffettiva: '2026-01-31' }),
      fase(2, '2026-03-01', '2026-03-02', 50, { fineEffettiva: '2026-03-03' }),
    );
    expect(fasiDi(v).map((f) => f.punteggio)).toEqual(['100.00', '66.67']);
    expect(indicatore(v)).toMatchObject({ punteggio: '83.34', calcolo: { somma: '8333.5', pesiRimasti: '100' } });
  });

  it('rounds a half up where floating point would round it down: (85.38 + 99.75) / 2 = 92.565 → 92.57', () => {
    // In floating point (85.38 * 50 + 99.75 * 50) / 100 is 92.56499999... and toFixed(2) gives "92.56".
    const proc = procedurale('1.a', 50, [fase(1, ...SEMESTRE, 100, { fineEffettiva: '2026-07-31' })]);
    expect(conIndicatori(proc, numerico('1.b', 50, 400, 399)).obiettivi[0].punteggio).toBe('92.57');
  });

  it('weights 33.33 / 33.33 / 33.34 show no drift', () => {
    const v = conIndicatori(numerico('1.a', 33.33, 10_000, 8538), numerico('1.b', 33.33, 400, 399), numerico('1.c', 33.34, 10, 10));
    // 85.38 × 33.33 + 99.75 × 33.33 + 100 × 33.34 = 9504.3829
    expect(v.obiettivi[0]).toMatchObject({ punteggio: '95.04', calcolo: { somma: '9504.3829', pesiRimasti: '100' } });
    expect(v.obiettivi[0].indicatori.map((i) => i.pesoEffettivo)).toEqual(['33.33', '33.33', '33.34']);
  });

  it('objective weights whose floating-point sum is not 100 still give exactly 100.00', () => {
    const pieno = (n: string, peso: number) => obiettivo(n, peso, [numerico(`${n}.a`, 100, 10, 10)]);
    const p = piano(pieno('1', 0.01), pieno('2', 66.79), pieno('3', 33.2));
    expect(0.01 + 66.79 + 33.2).not.toBe(100); // the drift the decimal arithmetic avoids
    expect(verificaPiano(p)).toEqual([]);
    const v = valutaPiano(p, ALLA);
    expect(v.punteggio).toBe('100.00');
    expect(v.obiettivi.map((o) => o.pesoEffettivo)).toEqual(['0.01', '66.79', '33.20']);
  });
});

describe('valutaPiano — the sample plan', () => {
  const v = valutaPiano(esempioPiano(), '2026-12-31');

  it('gives the figures a manager can redo from the sheet', () => {
    expect(v.obiettivi.map((o) => [o.numero, o.punteggio, o.pesoEffettivo])).toEqual([
      ['1.1', '100.00', '35.00'],
      ['1.2', '81.51', '25.00'],
      ['2.1', '94.88', '20.00'],
      ['2.2', '70.00', '20.00'],
    ]);
    // (100.00 × 35 + 81.51 × 25 + 94.88 × 20 + 70.00 × 20) / 100 = 88.3535
    expect(v.punteggio).toBe('88.35');
    expect(fasiDi(v, 0, 0).map((f) => f.regola)).toEqual(['in-tempo', 'ritardo-recuperato', 'in-tempo', 'in-tempo']);
    expect(fasiDi(v, 1, 0).map((f) => [f.punteggio, f.regola])).toEqual([
      ['100.00', 'in-tempo'],
      ['80.00', 'autovalutazione-inferiore'],
      ['71.70', 'ritardo-stimato'],
    ]);
    expect(fasiDi(v, 2, 0).map((f) => f.pesoEffettivo)).toEqual(['14.29', '28.57', null, '35.71', '21.43']);
    expect(indicatore(v, 2, 1).regola).toBe('non-valutabile');
  });

  it('gives every item a two-decimal score or null, the numbers used and an explanation', () => {
    const voci: ValutazioneVoce[] = v.obiettivi.flatMap((o) => [o, ...o.indicatori.flatMap((i) => [i, ...(i.fasi ?? [])])]);
    expect(voci.length).toBe(4 + 6 + 15);
    for (const voce of voci) {
      expect(voce.punteggio === null || /^\d{1,3}\.\d{2}$/.test(voce.punteggio)).toBe(true);
      expect(voce.pesoEffettivo === null || /^\d{1,3}\.\d{2}$/.test(voce.pesoEffettivo)).toBe(true);
      expect((voce.punteggio === null) === (voce.pesoEffettivo === null)).toBe(true);
      expect(Object.keys(voce.calcolo).length).toBeGreaterThan(0);
      expect(voce.spiegazione.length).toBeGreaterThan(0);
    }
  });
});

describe('valutaPiano — preconditions and the large plan', () => {
  it('refuses arithmetic it cannot do instead of guessing', () => {
    expect(() => conIndicatori(numerico('1.a', 100, 0, 5))).toThrow(/target/);
    expect(() => conFasi(fase(1, '2026-02-30', '2026-03-31', 100))).toThrow(/non è una data/);
    expect(() => conFasi(fase(1, '2026-03-31', '2026-03-01', 100))).toThrow(/precede/);
    expect(() => valutaPiano(esempioPiano(), '31/12/2026')).toThrow(/alla/);
  });

  it.each([1, 9, 10, 11, 101, 1234])('pianoGrande(%p) is valid, deterministic and has exactly that many phases', (n) => {
    const p = pianoGrande(n);
    expect(verificaPiano(p)).toEqual([]);
    expect(pianoGrande(n)).toEqual(p);
    const v = valutaPiano(p, '2026-12-31');
    expect(v.obiettivi.flatMap((o) => o.indicatori.flatMap((i) => i.fasi ?? [])).length).toBe(n);
    expect(v.punteggio === null || /^\d{1,3}\.\d{2}$/.test(v.punteggio)).toBe(true);
  });
});

describe('divisioneArrotondata (the integer arithmetic behind the scores)', () => {
  // decimal.js is the reference: the arithmetic the scores used before the integer fast path.
  const reference = (a: number, b: number) => new Decimal(a).div(b).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();

  it('equals decimal half-up rounding on exact ties', () => {
    expect([divisioneArrotondata(5, 2), divisioneArrotondata(15, 10), divisioneArrotondata(25, 10), divisioneArrotondata(1, 3)]).toEqual([3, 2, 3, 0]);
  });

  it('equals decimal half-up rounding on 20,000 pseudo-random operands of the sizes scoring uses', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 20_000; i++) {
      const a = next() % 1_000_000_000_000; // up to Σ score × weight of a 10,000-phase indicator
      const b = 1 + (next() % 1_000_000);
      expect(divisioneArrotondata(a, b)).toBe(reference(a, b));
    }
  });
});
