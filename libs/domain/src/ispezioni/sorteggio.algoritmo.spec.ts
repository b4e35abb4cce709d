import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { BEACON, CANDIDATI, IMPEGNO, SEGRETO, V1, V2 } from './__fixtures__/sorteggio';
import { statisticheImparzialita } from './imparzialita';
import { Candidato } from './ispezioni.types';
import {
  DUE_64,
  ErroreSorteggio,
  GeneratoreHmac,
  PESO_FORMULA,
  bloccoGeneratore,
  confrontaId,
  impegno,
  interoUniforme,
  limiteRifiuto,
  materialeSeme,
  pesoDaCarico,
  preparaCandidati,
  sceltaPesata,
  seme,
} from './sorteggio.algoritmo';

describe('pesoDaCarico', () => {
  it('is floor(1,000,000 / (1 + open cases))', () => {
    expect([0, 1, 2, 3, 7, 12, 25, 999_999, 1_000_000].map(pesoDaCarico)).toEqual([1_000_000, 500_000, 333_333, 250_000, 125_000, 76_923, 38_461, 1, 0]);
    expect(PESO_FORMULA).toBe('peso = floor(1000000 / (1 + caricoAperto))');
  });

  it('refuses a negative, fractional or non-numeric load', () => {
    for (const bad of [-1, 1.5, NaN, Infinity, '3' as unknown as number]) expect(() => pesoDaCarico(bad)).toThrow(ErroreSorteggio);
  });
});

describe('candidate order', () => {
  it('is by UTF-8 bytes (code points), not UTF-16 code units', () => {
    const ids = ['b', 'a', 'ab', '\u{10000}', '\uffff', 'é', 'Z'];
    const byBytes = [...ids].sort((x, y) => {
      const a = utf8ToBytes(x);
      const b = utf8ToBytes(y);
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
      return a.length - b.length;
    });
    expect([...ids].sort(confrontaId)).toEqual(byBytes);
    expect(byBytes).toEqual(['Z', 'a', 'ab', 'b', 'é', '\uffff', '\u{10000}']);
  });

  it('sorts the candidates and refuses a repeated id', () => {
    expect(preparaCandidati(CANDIDATI).map((c) => c.ispettoreId)).toEqual(['ISP-PA-001', 'ISP-PA-002', 'ISP-PA-003', 'ISP-PA-004', 'ISP-PA-005']);
    expect(() => preparaCandidati([...CANDIDATI, { ispettoreId: 'ISP-PA-001', caricoAperto: 1 }])).toThrow(/compare due volte/);
  });
});

describe('seed (test vectors)', () => {
  it('commitment: SHA-256 of the secret bytes', () => {
    expect(impegno(SEGRETO)).toBe(IMPEGNO);
  });

  it.each([
    ['V1', V1],
    ['V2', V2],
  ])('%s: seed material and seed', (_name, v) => {
    expect(bytesToHex(materialeSeme(v.input))).toBe(v.materiale);
    expect(bytesToHex(seme(v.input))).toBe(v.seme);
  });

  it('changes with every input', () => {
    const base = bytesToHex(seme(V1.input));
    const variants = [
      { ...V1.input, segreto: SEGRETO.replace(/1f$/, '20') },
      { ...V1.input, richiestaId: 'RIC-2026-000124' },
      { ...V1.input, tentativo: 2 },
      { ...V1.input, beacon: BEACON },
      { ...V2.input, beacon: { ...BEACON, round: BEACON.round + 1 } },
      { ...V2.input, beacon: { ...BEACON, fonte: 'nist' } },
    ];
    const seeds = variants.map((v) => bytesToHex(seme(v)));
    expect(new Set([base, V2.seme, ...seeds]).size).toBe(variants.length + 2);
  });

  it('refuses a malformed secret, attempt, request id or beacon', () => {
    const bad = [
      { ...V1.input, segreto: SEGRETO.toUpperCase() },
      { ...V1.input, segreto: SEGRETO.slice(2) },
      { ...V1.input, tentativo: 0 },
      { ...V1.input, tentativo: 2 ** 32 },
      { ...V1.input, tentativo: 1.5 },
      { ...V1.input, richiestaId: '' },
      { ...V1.input, beacon: { ...BEACON, valore: 'abc' } },
      { ...V1.input, beacon: { ...BEACON, valore: '' } },
      { ...V1.input, beacon: { ...BEACON, round: -1 } },
      { ...V1.input, beacon: { ...BEACON, fonte: '' } },
    ];
    for (const b of bad) expect(() => seme(b)).toThrow(ErroreSorteggio);
  });
});

describe('generator (test vectors)', () => {
  it.each([
    ['V1', V1],
    ['V2', V2],
  ])('%s: first three outputs', (_name, v) => {
    const g = new GeneratoreHmac(seme(v.input));
    expect([g.prossimo(), g.prossimo(), g.prossimo()]).toEqual(v.uscite);
  });

  it('reads four big-endian 64-bit values per HMAC block, then moves to the next counter', () => {
    const s = seme(V1.input);
    const g = new GeneratoreHmac(s);
    const values = Array.from({ length: 9 }, () => g.prossimo());
    expect(g.blocchi).toBe(3);
    const blocks = [0n, 1n, 2n].map((i) => bytesToHex(bloccoGeneratore(s, i)));
    expect(values.map((v) => v.toString(16).padStart(16, '0')).join('')).toBe(blocks.join('').slice(0, 9 * 16));
  });
});

describe('unbiased choice', () => {
  it('limit = 2^64 − (2^64 mod totale)', () => {
    expect(limiteRifiuto(1n)).toBe(DUE_64);
    expect(limiteRifiuto(2n ** 32n)).toBe(DUE_64);
    expect(limiteRifiuto(3n)).toBe(DUE_64 - 1n);
    expect(limiteRifiuto(2n ** 63n + 1n)).toBe(2n ** 63n + 1n);
    const t = DUE_64 / 3n + 1n;
    expect(limiteRifiuto(t)).toBe(2n * t);
    expect(limiteRifiuto(1490384n)).toBe(DUE_64 - 426400n);
    expect(limiteRifiuto(2n ** 53n - 1n)).toBe(DUE_64 - 2048n);
    // The defining properties, on assorted totals: a multiple of totale, and less than totale below 2^64.
    for (const tot of [5n, 7n, 1000003n, 2n ** 53n - 1n, 12345678901234567n, DUE_64 - 1n, DUE_64]) {
      const l = limiteRifiuto(tot);
      expect(l % tot).toBe(0n);
      expect(DUE_64 - l < tot).toBe(true);
    }
    expect(() => limiteRifiuto(0n)).toThrow(ErroreSorteggio);
  });

  it('rejects every value at or above the limit and counts them', () => {
    const seq = (...xs: bigint[]) => ({ prossimo: () => xs.shift()! });
    const t = 2n ** 63n + 1n;
    expect(interoUniforme(seq(DUE_64 - 1n, t, t - 1n), t)).toEqual({ valore: t - 1n, rifiutati: 2 });
    expect(interoUniforme(seq(DUE_64 - 1n, DUE_64 - 2n), 3n)).toEqual({ valore: 2n, rifiutati: 1 });
    expect(interoUniforme(seq(DUE_64 - 1n), 1n)).toEqual({ valore: 0n, rifiutati: 0 });
  });

  it('V3: a total of 2^63 + 1 rejects the first output of V1 and takes the second', () => {
    expect(interoUniforme(new GeneratoreHmac(seme(V1.input)), 2n ** 63n + 1n)).toEqual({ valore: 9165903979839355284n, rifiutati: 1 });
  });

  it('walks the candidates by cumulative weight; a zero weight is never chosen', () => {
    const c = (ispettoreId: string, peso: number): Candidato => ({ ispettoreId, caricoAperto: 0, peso });
    const cs = [c('a', 1), c('b', 0), c('c', 2), c('d', 3)];
    expect([0, 1, 2, 3, 4, 5].map((v) => sceltaPesata(cs, v))).toEqual(['a', 'c', 'c', 'd', 'd', 'd']);
    expect(() => sceltaPesata(cs, 6)).toThrow(ErroreSorteggio);
  });
});

describe('a biased chooser is caught (chi-square rejected at 0.001 over 100,000 draws)', () => {
  const N = 100_000;
  let seeds: Uint8Array[] = [];
  beforeAll(() => {
    seeds = Array.from({ length: N }, (_, i) => seme({ ...V1.input, richiestaId: `B-${i}` }));
  });
  const stats = (candidati: Candidato[], choose: (g: GeneratoreHmac) => string) =>
    statisticheImparzialita(
      seeds.map((s) => ({ candidati, scelto: choose(new GeneratoreHmac(s)) })),
      0.001,
    );
  const three: Candidato[] = ['a', 'b', 'c'].map((ispettoreId) => ({ ispettoreId, caricoAperto: 0, peso: 64 }));

  it('modulo bias: an 8-bit value reduced modulo a total of 192 (values 0-63 twice as likely)', () => {
    const biased = stats(three, (g) => sceltaPesata(three, Number(g.prossimo() >> 56n) % 192));
    expect(biased.pValue).toBeLessThan(0.001);
    expect(biased.allarme).toBe(true);
    // The same seeds through the algorithm's own choice pass.
    expect(stats(three, (g) => sceltaPesata(three, Number(interoUniforme(g, 192n).valore))).allarme).toBe(false);
  });

  it('favouring the first candidate one time in twenty', () => {
    const cs = preparaCandidati([0, 1, 2, 3, 5, 8, 13, 21].map((caricoAperto, i) => ({ ispettoreId: `I${i}`, caricoAperto })));
    const totale = BigInt(cs.reduce((a, c) => a + c.peso, 0));
    const biased = stats(cs, (g) => (g.prossimo() % 20n === 0n ? cs[0].ispettoreId : sceltaPesata(cs, Number(interoUniforme(g, totale).valore))));
    expect(biased.pValue).toBeLessThan(0.001);
    expect(biased.allarme).toBe(true);
  });
});
