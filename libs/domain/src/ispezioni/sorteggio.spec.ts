import { BEACON, CANDIDATI, IMPEGNO, V1, V1_CANONICAL, V2, input } from './__fixtures__/sorteggio';
import { statisticheImparzialita } from './imparzialita';
import { Candidato } from './ispezioni.types';
import { GENESI_CATENA, PESO_FORMULA, canonicalJson, hashTrascrizione, sorteggia } from './sorteggio';

describe('sorteggia', () => {
  it.each([
    ['V1', V1],
    ['V2', V2],
  ])('%s: the full transcript', (_name, v) => {
    const t = sorteggia(input(v));
    expect(t.estrazione).toEqual({ seme: v.seme, ...v.estrazione });
    expect(t.candidati.map((c) => c.peso)).toEqual([125000, 38461, 1000000, 76923, 250000]);
    expect(t).toMatchObject({
      algoritmo: 'sorteggio-ponderato/1',
      impegnoSegreto: IMPEGNO,
      pesoFormula: PESO_FORMULA,
      beacon: v.input.beacon,
      tentativo: v.input.tentativo,
    });
  });

  it('V1: canonical JSON and chain hashes', () => {
    const t1 = sorteggia(input(V1));
    const t2 = sorteggia(input(V2));
    expect(canonicalJson(t1)).toBe(V1_CANONICAL);
    expect(hashTrascrizione(GENESI_CATENA, t1)).toBe(V1.hash);
    expect(hashTrascrizione(V1.hash, t2)).toBe(V2.hash);
  });

  it('does not depend on the order the candidates are given in, and does not keep references to the input', () => {
    const inp = input(V1, { candidati: [...CANDIDATI].reverse(), beacon: { ...BEACON } });
    const t = sorteggia(inp);
    expect(canonicalJson({ ...t, beacon: null })).toBe(canonicalJson({ ...sorteggia(input(V1)), beacon: null, estrazione: t.estrazione }));
    inp.beacon!.round = 1;
    expect(t.beacon!.round).toBe(BEACON.round);
  });

  it('refuses no candidates, a secret that does not match the commitment, an excluded candidate, no positive weight', () => {
    expect(() => sorteggia(input(V1, { candidati: [] }))).toThrow(/nessun candidato idoneo/);
    expect(() => sorteggia(input(V1, { impegnoSegreto: 'f'.repeat(64) }))).toThrow(/impegno/);
    expect(() => sorteggia(input(V1, { esclusi: [{ ispettoreId: 'ISP-PA-003', motivi: [] }] }))).toThrow(/ISP-PA-003/);
    expect(() => sorteggia(input(V1, { candidati: [{ ispettoreId: 'x', caricoAperto: 2_000_000 }] }))).toThrow(/peso positivo/);
  });

  it('follows the weights over 100,000 draws (chi-square not rejected at 0.001)', () => {
    const loads = [0, 1, 2, 3, 5, 8, 13, 21];
    const candidati = loads.map((caricoAperto, i) => ({ ispettoreId: `I${i}`, caricoAperto }));
    const draws: Array<{ candidati: Candidato[]; scelto: string }> = [];
    for (let i = 0; i < 100_000; i++) {
      const t = sorteggia({ ...input(V1, { candidati, esclusi: [] }), richiestaId: `R-${i}` });
      draws.push({ candidati: t.candidati, scelto: t.estrazione.scelto });
    }
    const s = statisticheImparzialita(draws, 0.001);
    expect(s.gradiLiberta).toBe(7);
    expect(s.pValue).toBeGreaterThan(0.001);
    expect(s.allarme).toBe(false);
    // And the shares are where the weights put them (I0 has weight 1e6 of 2,336,926).
    expect(s.perIspettore[0].osservati / 100_000).toBeCloseTo(1_000_000 / draws[0].candidati.reduce((a, c) => a + c.peso, 0), 2);
  });
});

describe('sorteggia keeps the record an exclusion rests on', () => {
  it('copies riferimento into the transcript, and only when there is one', () => {
    const esclusi = [
      { ispettoreId: 'ISP-PA-006', motivi: [{ regola: 'conflitto' as const, dettaglio: 'dichiarato da dir.rossi', riferimento: 'conflitto-interesse:abc' }] },
      { ispettoreId: 'ISP-PA-007', motivi: [{ regola: 'territorio' as const, dettaglio: 'territorio PA non di competenza' }] },
    ];
    const t = sorteggia({ ...input(V1), esclusi });
    expect(t.esclusi).toEqual(esclusi);
    expect(Object.keys(t.esclusi[1].motivi[0])).toEqual(['regola', 'dettaglio']);
  });
});
