import { ATTESI_MINIMI, EstrazioneOsservata, statisticheImparzialita } from './imparzialita';
import { Candidato } from './ispezioni.types';
import { impegno, sorteggia } from './sorteggio';

const c = (ispettoreId: string, peso: number): Candidato => ({ ispettoreId, caricoAperto: 0, peso });
const times = (n: number, d: EstrazioneOsservata) => Array.from({ length: n }, () => d);

describe('statisticheImparzialita', () => {
  it('expects, per inspector, the sum over draws of weight / total', () => {
    const s = statisticheImparzialita([
      { candidati: [c('a', 1), c('b', 3)], scelto: 'b' },
      { candidati: [c('a', 1), c('b', 1), c('c', 2)], scelto: 'a' },
      { candidati: [c('c', 5)], scelto: 'c' },
    ]);
    expect(s.perIspettore).toEqual([
      { ispettoreId: 'a', osservati: 1, attesi: 0.5 },
      { ispettoreId: 'b', osservati: 1, attesi: 1 },
      { ispettoreId: 'c', osservati: 1, attesi: 1.5 },
    ]);
    expect(s.estrazioni).toBe(3);
  });

  it('gives chi-square 0 and p = 1 when the counts are exactly as expected', () => {
    const s = statisticheImparzialita([
      ...times(50, { candidati: [c('a', 1), c('b', 1)], scelto: 'a' }),
      ...times(50, { candidati: [c('a', 1), c('b', 1)], scelto: 'b' }),
    ]);
    expect(s).toMatchObject({ chiQuadro: 0, gradiLiberta: 1, pValue: 1, allarme: false, celle: 2 });
  });

  it("computes Pearson's statistic and its p-value (60/40 against 50/50: chi-square 4, df 1, p 0.0455)", () => {
    const d = (scelto: string) => ({ candidati: [c('a', 1), c('b', 1)], scelto });
    const draws = [...times(60, d('a')), ...times(40, d('b'))];
    const s = statisticheImparzialita(draws);
    expect(s.chiQuadro).toBeCloseTo(4, 10);
    expect(s.gradiLiberta).toBe(1);
    expect(s.pValue).toBeCloseTo(0.0455003, 6);
    expect(s.allarme).toBe(false);
    expect(s.soglia).toBe(0.01);
    expect(statisticheImparzialita(draws, 0.05).allarme).toBe(true);
  });

  it('with more cells: 125/100/90/85 against 100 each, chi-square 9.5, df 3, p 0.02333', () => {
    // 4 equally likely inspectors, 400 draws: O = (125, 100, 90, 85) → (625 + 0 + 100 + 225) / 100 = 9.5.
    const d = (scelto: string) => ({ candidati: ['a', 'b', 'c', 'd'].map((id) => c(id, 7)), scelto });
    const s = statisticheImparzialita([...times(125, d('a')), ...times(100, d('b')), ...times(90, d('c')), ...times(85, d('d'))]);
    expect(s.chiQuadro).toBeCloseTo(9.5, 10);
    expect(s.gradiLiberta).toBe(3);
    expect(s.pValue).toBeCloseTo(0.023331, 5);
  });

  it(`pools inspectors expected fewer than ${ATTESI_MINIMI} times, and merges a pool still too small into the smallest cell`, () => {
    // 100 draws over a (weight 90), b (8), c (1), d (1): expected 90, 8, 1, 1.
    const cs = [c('a', 90), c('b', 8), c('c', 1), c('d', 1)];
    const draws = [...times(90, { candidati: cs, scelto: 'a' }), ...times(8, { candidati: cs, scelto: 'b' }), ...times(2, { candidati: cs, scelto: 'c' })];
    const s = statisticheImparzialita(draws);
    expect(s.accorpati).toEqual(['c', 'd']);
    // c + d (expected 2, observed 2) merged into b: cells a (90 vs 90) and b+c+d (10 vs 10).
    expect(s).toMatchObject({ celle: 2, gradiLiberta: 1 });
    expect(s.chiQuadro).toBeCloseTo(0, 10);
    expect(s.pValue).toBeCloseTo(1, 10);
    // With enough small ones, the pool is a cell of its own.
    const many = [c('a', 50), ...Array.from({ length: 10 }, (_, i) => c(`s${i}`, 5))];
    const s2 = statisticheImparzialita(times(100, { candidati: many, scelto: 'a' }));
    expect(s2.accorpati).toHaveLength(10);
    expect(s2.celle).toBe(2);
    expect(s2.allarme).toBe(true);
  });

  it('runs no test with fewer than two cells, and flags draws the algorithm could not have produced', () => {
    expect(statisticheImparzialita([])).toMatchObject({ estrazioni: 0, celle: 0, pValue: 1, allarme: false });
    expect(statisticheImparzialita(times(10, { candidati: [c('a', 3)], scelto: 'a' }))).toMatchObject({ celle: 1, gradiLiberta: 0, pValue: 1, allarme: false });
    const s = statisticheImparzialita([
      ...times(20, { candidati: [c('a', 1), c('b', 1)], scelto: 'a' }),
      ...times(20, { candidati: [c('a', 1), c('b', 1)], scelto: 'b' }),
      { candidati: [c('a', 1), c('b', 0)], scelto: 'b' },
      { candidati: [c('a', 1)], scelto: 'z' },
    ]);
    expect(s).toMatchObject({ estrazioni: 40, incoerenti: 2, pValue: 1, allarme: true });
  });

  it('does not alarm on real draws whose candidate sets and loads vary', () => {
    const segreto = 'ab'.repeat(32);
    const loads = new Map(Array.from({ length: 12 }, (_, i) => [`I${String(i).padStart(2, '0')}`, i % 5]));
    const draws: EstrazioneOsservata[] = [];
    for (let i = 0; i < 5000; i++) {
      // Each draw leaves out one or two inspectors (on leave, in conflict), in rotation.
      const candidati = [...loads]
        .filter(([id]) => id !== `I${String(i % 12).padStart(2, '0')}` && (i % 3 !== 0 || id !== 'I05'))
        .map(([ispettoreId, caricoAperto]) => ({ ispettoreId, caricoAperto }));
      const t = sorteggia({
        segreto,
        impegnoSegreto: impegno(segreto),
        ispettorato: 'ITL-PA',
        periodo: '2026-11',
        richiestaId: `R${i}`,
        tentativo: 1,
        beacon: null,
        candidati,
        esclusi: [],
        registratoIl: '',
      });
      draws.push({ candidati: t.candidati, scelto: t.estrazione.scelto });
      loads.set(t.estrazione.scelto, loads.get(t.estrazione.scelto)! + 1);
      // Cases close too: after each draw, the busiest inspector closes one.
      const [busiest] = [...loads].sort((a, b) => b[1] - a[1])[0];
      loads.set(busiest, loads.get(busiest)! - 1);
    }
    const s = statisticheImparzialita(draws);
    expect(s.gradiLiberta).toBe(11);
    expect(s.allarme).toBe(false);
  });
});
