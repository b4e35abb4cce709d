import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { statisticheImparzialita } from './imparzialita';
import { Candidato, TrascrizioneManuale, TrascrizioneSorteggio } from './ispezioni.types';
import {
  AnelloCatena,
  DUE_64,
  ErroreSorteggio,
  GENESI_CATENA,
  GeneratoreHmac,
  InputSorteggio,
  PESO_FORMULA,
  bloccoGeneratore,
  canonicalJson,
  confrontaId,
  estrai,
  hashTrascrizione,
  impegno,
  interoUniforme,
  limiteRifiuto,
  materialeSeme,
  pesoDaCarico,
  preparaCandidati,
  sceltaPesata,
  seme,
  sorteggia,
  verificaCatena,
  verificaSorteggio,
  AnelloIspettorato,
  PeriodoPubblicato,
  verificaCatenaIspettorato,
  verificaRegistrazioni,
} from './sorteggio';

// ---- The test vectors of docs/assignment.md ("Test vectors"): keep both in step. ----

const SEGRETO = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const IMPEGNO = '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd';
const BEACON = { fonte: 'drand/quicknet', round: 12345678, valore: 'f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff' };
const CANDIDATI = [
  { ispettoreId: 'ISP-PA-004', caricoAperto: 12 },
  { ispettoreId: 'ISP-PA-001', caricoAperto: 7 },
  { ispettoreId: 'ISP-PA-003', caricoAperto: 0 },
  { ispettoreId: 'ISP-PA-002', caricoAperto: 25 },
  { ispettoreId: 'ISP-PA-005', caricoAperto: 3 },
];
const ESCLUSI = [{ ispettoreId: 'ISP-PA-006', motivi: [{ regola: 'rotazione' as const, dettaglio: 'attività ispettiva presso la stessa azienda nel 2025' }] }];

const V1 = {
  input: { segreto: SEGRETO, richiestaId: 'RIC-2026-000123', tentativo: 1, beacon: null },
  materiale:
    '00000015736f7274656767696f2d706f6e64657261746f2f31' +
    '00000020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f' +
    '0000000f5249432d323032362d303030313233' +
    '00000001' +
    '00',
  seme: 'ca03cdcdcf7a3fe3f42896077caf300e076f1c9be01208bd815e05f32bd05dbf',
  uscite: [18439109613060930285n, 9165903979839355284n, 14603980082549481978n],
  estrazione: { totale: 1490384, valore: 1337261, rifiutati: 0, scelto: 'ISP-PA-005' },
  registratoIl: '2026-11-23T09:00:00.000Z',
  hash: 'b338d5839f974c78d46ee0732d500d6c86c29ec49b3d39938a1f81d41ddeeb2f',
};
const V2 = {
  input: { segreto: SEGRETO, richiestaId: 'RIC-2026-000123', tentativo: 2, beacon: BEACON },
  materiale:
    '00000015736f7274656767696f2d706f6e64657261746f2f31' +
    '00000020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f' +
    '0000000f5249432d323032362d303030313233' +
    '00000002' +
    '01' + '0000000e6472616e642f717569636b6e6574' + '0000000000bc614e' +
    '00000020f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff',
  seme: '404c40ca76c3157127a31372e2821beadb8c2858d47c5b1148e224ad7283d8d5',
  uscite: [14892402254356754088n, 1440516507868878363n, 15604277224679622002n],
  estrazione: { totale: 1490384, valore: 223912, rifiutati: 0, scelto: 'ISP-PA-003' },
  registratoIl: '2026-11-23T09:05:00.000Z',
  hash: '53d3c0017ea6087f7c73e884bd396b546fe5c510ddabd20526a0063268317a9f',
};
const V1_CANONICAL =
  '{"algoritmo":"sorteggio-ponderato/1","beacon":null,"candidati":[{"caricoAperto":7,"ispettoreId":"ISP-PA-001","peso":125000},' +
  '{"caricoAperto":25,"ispettoreId":"ISP-PA-002","peso":38461},{"caricoAperto":0,"ispettoreId":"ISP-PA-003","peso":1000000},' +
  '{"caricoAperto":12,"ispettoreId":"ISP-PA-004","peso":76923},{"caricoAperto":3,"ispettoreId":"ISP-PA-005","peso":250000}],' +
  '"esclusi":[{"ispettoreId":"ISP-PA-006","motivi":[{"dettaglio":"attività ispettiva presso la stessa azienda nel 2025","regola":"rotazione"}]}],' +
  '"estrazione":{"rifiutati":0,"scelto":"ISP-PA-005","seme":"ca03cdcdcf7a3fe3f42896077caf300e076f1c9be01208bd815e05f32bd05dbf","totale":1490384,"valore":1337261},' +
  '"impegnoSegreto":"630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd","ispettorato":"ITL-PA","periodo":"2026-11",' +
  '"pesoFormula":"peso = floor(1000000 / (1 + caricoAperto))","registratoIl":"2026-11-23T09:00:00.000Z","richiestaId":"RIC-2026-000123","tentativo":1}';

function input(v: typeof V1 | typeof V2, extra: Partial<InputSorteggio> = {}): InputSorteggio {
  return {
    ...v.input, impegnoSegreto: IMPEGNO, ispettorato: 'ITL-PA', periodo: '2026-11',
    candidati: CANDIDATI, esclusi: ESCLUSI, registratoIl: v.registratoIl, ...extra,
  };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

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

  it.each([['V1', V1], ['V2', V2]])('%s: seed material and seed', (_name, v) => {
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
  it.each([['V1', V1], ['V2', V2]])('%s: first three outputs', (_name, v) => {
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

describe('sorteggia', () => {
  it.each([['V1', V1], ['V2', V2]])('%s: the full transcript', (_name, v) => {
    const t = sorteggia(input(v));
    expect(t.estrazione).toEqual({ seme: v.seme, ...v.estrazione });
    expect(t.candidati.map((c) => c.peso)).toEqual([125000, 38461, 1000000, 76923, 250000]);
    expect(t).toMatchObject({ algoritmo: 'sorteggio-ponderato/1', impegnoSegreto: IMPEGNO, pesoFormula: PESO_FORMULA, beacon: v.input.beacon, tentativo: v.input.tentativo });
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

describe('a biased chooser is caught (chi-square rejected at 0.001 over 100,000 draws)', () => {
  const N = 100_000;
  let seeds: Uint8Array[] = [];
  beforeAll(() => {
    seeds = Array.from({ length: N }, (_, i) => seme({ ...V1.input, richiestaId: `B-${i}` }));
  });
  const stats = (candidati: Candidato[], choose: (g: GeneratoreHmac) => string) =>
    statisticheImparzialita(seeds.map((s) => ({ candidati, scelto: choose(new GeneratoreHmac(s)) })), 0.001);
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

describe('verificaSorteggio', () => {
  const t1 = sorteggia(input(V1));
  const t2 = sorteggia(input(V2));

  it('accepts untouched transcripts with the revealed secret', () => {
    expect(verificaSorteggio(t1, SEGRETO)).toEqual({ valido: true, motivi: [], ricalcolo: t1.estrazione });
    expect(verificaSorteggio(t2, SEGRETO, { impegnoPubblicato: IMPEGNO }).valido).toBe(true);
    // And after a JSON round trip, as stored and served.
    expect(verificaSorteggio(clone(t2), SEGRETO).valido).toBe(true);
  });

  const tamper: Array<[string, (t: TrascrizioneSorteggio) => void, RegExp]> = [
    ['a load', (t) => { t.candidati[2].caricoAperto = 1; }, /ISP-PA-003: peso 1000000 non discende da caricoAperto 1/],
    ['a weight', (t) => { t.candidati[0].peso = 125001; }, /ISP-PA-001: peso 125001/],
    ['a load and its weight together', (t) => { t.candidati[2].caricoAperto = 1; t.candidati[2].peso = 500000; }, /totale è 1490384, i pesi sommano a 990384/],
    ['a removed candidate', (t) => { t.candidati.splice(4, 1); }, /totale/],
    ['an added candidate', (t) => { t.candidati.push({ ispettoreId: 'ISP-PA-009', caricoAperto: 0, peso: 1000000 }); }, /totale/],
    ['the candidate order', (t) => { t.candidati.reverse(); }, /non sono in ordine crescente di ispettoreId/],
    ['a repeated candidate', (t) => { t.candidati[1] = { ...t.candidati[0] }; }, /compare due volte/],
    ['an excluded candidate', (t) => { t.esclusi.push({ ispettoreId: 'ISP-PA-001', motivi: [] }); }, /sia candidato sia escluso/],
    ['the beacon value', (t) => { t.beacon = { ...BEACON, valore: BEACON.valore.replace(/^f0/, 'f1') }; }, /estrazione.seme è/],
    ['the beacon round', (t) => { t.beacon = { ...BEACON, round: 1 }; }, /estrazione.seme è/],
    ['the attempt', (t) => { t.tentativo = 3; }, /estrazione.seme è/],
    ['the request id', (t) => { t.richiestaId = 'RIC-2026-000124'; }, /estrazione.seme è/],
    ['the chosen inspector', (t) => { t.estrazione.scelto = 'ISP-PA-001'; }, /estrazione.scelto è "ISP-PA-001", ricalcolato ISP-PA-003/],
    ['the value', (t) => { t.estrazione.valore = 0; }, /estrazione.valore è 0, ricalcolato 223912/],
    ['the rejections', (t) => { t.estrazione.rifiutati = 1; }, /estrazione.rifiutati è 1, ricalcolato 0/],
    ['the seed', (t) => { t.estrazione.seme = '0'.repeat(64); }, /estrazione.seme è/],
    ['the total', (t) => { t.estrazione.totale = 1; }, /estrazione.totale è 1/],
    ['the commitment', (t) => { t.impegnoSegreto = 'a'.repeat(64); }, /non l'impegno/],
    ['the weight formula', (t) => { t.pesoFormula = 'peso = 1'; }, /pesoFormula/],
    ['a malformed load', (t) => { (t.candidati[0] as { caricoAperto: unknown }).caricoAperto = '7'; }, /caricoAperto "7" non è un intero/],
    ['a malformed attempt', (t) => { t.tentativo = 0; }, /seme: tentativo/],
    ['the algorithm', (t) => { t.algoritmo = 'sorteggio-ponderato/2'; }, /non può ricalcolarlo/],
    ['a missing beacon field', (t) => { delete (t as Partial<TrascrizioneSorteggio>).beacon; }, /manca beacon/],
  ];

  it.each(tamper)('fails after altering %s', (_what, alter, reason) => {
    const t = clone(t2);
    alter(t);
    const r = verificaSorteggio(t, SEGRETO);
    expect(r.valido).toBe(false);
    expect(r.motivi.join('\n')).toMatch(reason);
  });

  it('with the beacon removed from a draw that used one, or added to one that did not', () => {
    expect(verificaSorteggio({ ...clone(t2), beacon: null }, SEGRETO).motivi.join('\n')).toMatch(/estrazione.seme è/);
    expect(verificaSorteggio({ ...clone(t1), beacon: BEACON }, SEGRETO).motivi.join('\n')).toMatch(/estrazione.seme è/);
  });

  it('fails with a wrong or malformed secret, or against another published commitment', () => {
    const wrong = verificaSorteggio(t1, 'ff'.repeat(32));
    expect(wrong.valido).toBe(false);
    expect(wrong.motivi.join('\n')).toMatch(/non l'impegno/);
    expect(wrong.motivi.join('\n')).toMatch(/estrazione.seme è/);
    expect(verificaSorteggio(t1, 'not hex').motivi.join('\n')).toMatch(/segreto rivelato: il segreto del periodo deve essere di 32 byte/);
    expect(verificaSorteggio(t1, SEGRETO, { impegnoPubblicato: 'b'.repeat(64) }).motivi.join('\n')).toMatch(/pubblicato per il periodo/);
  });

  it('never throws on a malformed transcript', () => {
    for (const bad of [null, 42, [], {}, { algoritmo: 'sorteggio-ponderato/1' }, { ...clone(t1), candidati: [null] }, { ...clone(t1), estrazione: null }]) {
      const r = verificaSorteggio(bad as unknown as TrascrizioneSorteggio, SEGRETO);
      expect(r.valido).toBe(false);
      expect(r.motivi.length).toBeGreaterThan(0);
    }
  });

  it('recomputes what the transcript should have said, for a rejection too', () => {
    // A hand-made transcript whose single candidate's weight is the V3 total would need 2^63 + 1: weights are safe
    // integers, so rejection never happens in practice; estrai still goes through interoUniforme.
    const cs = preparaCandidati([{ ispettoreId: 'solo', caricoAperto: 0 }]);
    expect(estrai(seme(V1.input), cs)).toEqual({ totale: 1_000_000, valore: Number(18439109613060930285n % 1_000_000n), rifiutati: 0, scelto: 'solo' });
  });
});

describe('hash chain of transcripts', () => {
  function chain(n: number): Array<AnelloCatena & { trascrizione: TrascrizioneSorteggio }> {
    let prevHash = GENESI_CATENA;
    return Array.from({ length: n }, (_, i) => {
      const trascrizione = sorteggia(input(V1, { richiestaId: `RIC-${i}` }));
      const hash = hashTrascrizione(prevHash, trascrizione);
      const row = { trascrizione, prevHash, hash };
      prevHash = hash;
      return row;
    });
  }

  it('canonical JSON ignores key order and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null, u: undefined } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('accepts an untouched chain', () => {
    expect(verificaCatena(chain(5))).toEqual({ valido: true, verificate: 5 });
  });

  it('detects an edited transcript, even in a field the draw does not use', () => {
    const rows = chain(5);
    rows[2].trascrizione.esclusi = [];
    expect(verificaCatena(rows)).toMatchObject({ valido: false, primaRotta: 2, verificate: 2, motivo: expect.stringMatching(/modificata/) });
  });

  it('detects a removed transcript', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verificaCatena(rows)).toMatchObject({ valido: false, primaRotta: 1, motivo: expect.stringMatching(/rimossa/) });
  });

  it('detects reordered transcripts and a re-hashed one whose successor still points at the old hash', () => {
    const swapped = chain(4);
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(verificaCatena(swapped)).toMatchObject({ valido: false, primaRotta: 1 });
    const rehashed = chain(4);
    rehashed[1].trascrizione.estrazione.scelto = 'ISP-PA-001';
    rehashed[1].hash = hashTrascrizione(rehashed[1].prevHash, rehashed[1].trascrizione);
    expect(verificaCatena(rehashed)).toMatchObject({ valido: false, primaRotta: 2 });
  });

  it('continues from a given start hash', () => {
    const rows = chain(3);
    expect(verificaCatena(rows.slice(1), rows[0].hash)).toEqual({ valido: true, verificate: 2 });
    expect(verificaCatena(rows.slice(1))).toMatchObject({ valido: false, primaRotta: 0 });
  });
});

/**
 * The period rules (docs/assignment.md §3, §12): V1 was recorded on 2026-11-23 09:00 UTC in period 2026-11, whose
 * commitment was published on 24 October and whose secret was revealed on 1 December.
 */
const NOVEMBRE: PeriodoPubblicato = {
  periodo: '2026-11', inizio: '2026-10-31T23:00:00.000Z', fine: '2026-11-30T23:00:00.000Z',
  pubblicatoIl: '2026-10-24T09:00:00.000Z', rivelatoIl: '2026-12-01T00:05:00.000Z',
};

describe('verificaSorteggio with the published period (test vectors V4, V5)', () => {
  const t1 = sorteggia(input(V1));

  it('accepts a draw made in its period, after the commitment and before the reveal', () => {
    expect(verificaSorteggio(t1, SEGRETO, { impegnoPubblicato: IMPEGNO, periodo: NOVEMBRE }).valido).toBe(true);
  });

  it('V4: refuses a transcript recorded after its period\'s reveal, even though the secret recomputes it exactly', () => {
    // Whoever learnt the revealed secret computes a "draw" with it afterwards: the arithmetic is right, the time is not.
    const forged = sorteggia({ ...input(V1), richiestaId: 'RIC-2026-000999', registratoIl: '2026-12-01T10:00:00.000Z' });
    const r = verificaSorteggio(forged, SEGRETO, { impegnoPubblicato: IMPEGNO, periodo: NOVEMBRE });
    expect(r.valido).toBe(false);
    expect(r.ricalcolo).toEqual(forged.estrazione);
    expect(r.motivi).toEqual([
      'il sorteggio registrato il 2026-12-01T10:00:00.000Z è fuori dal periodo 2026-11 (2026-10-31T23:00:00.000Z – 2026-11-30T23:00:00.000Z)',
      'il sorteggio è registrato il 2026-12-01T10:00:00.000Z, dopo la rivelazione del segreto del periodo 2026-11 (2026-12-01T00:05:00.000Z)',
    ]);
    // Revealed early (before the period ended): a draw after that moment is refused, though still inside the period.
    const presto = { ...NOVEMBRE, rivelatoIl: '2026-11-20T00:00:00.000Z' };
    expect(verificaSorteggio(t1, SEGRETO, { periodo: presto }).motivi).toEqual([
      'il sorteggio è registrato il 2026-11-23T09:00:00.000Z, dopo la rivelazione del segreto del periodo 2026-11 (2026-11-20T00:00:00.000Z)',
    ]);
  });

  it('V5: refuses a draw under a commitment published after its period began', () => {
    const tardi = { ...NOVEMBRE, pubblicatoIl: '2026-11-02T08:00:00.000Z' };
    expect(verificaSorteggio(t1, SEGRETO, { periodo: tardi }).motivi).toEqual([
      "l'impegno del periodo 2026-11 è stato pubblicato il 2026-11-02T08:00:00.000Z, non prima del suo inizio (2026-10-31T23:00:00.000Z)",
    ]);
    expect(verificaSorteggio(t1, SEGRETO, { periodo: { ...NOVEMBRE, pubblicatoIl: NOVEMBRE.inizio } }).valido).toBe(false);
  });

  it('refuses a transcript that names another period, malformed period data, and a place after the head published at the reveal', () => {
    expect(verificaSorteggio(t1, SEGRETO, { periodo: { ...NOVEMBRE, periodo: '2026-12' } }).motivi[0]).toMatch(/indica il periodo "2026-11", non "2026-12"/);
    expect(verificaSorteggio(t1, SEGRETO, { periodo: { ...NOVEMBRE, inizio: 'ieri' } }).motivi).toEqual(['i dati del periodo (inizio, fine, pubblicatoIl, rivelatoIl) non sono istanti ISO 8601']);
    const conTesta = { ...NOVEMBRE, testaCatena: { n: 40, hash: 'a'.repeat(64) } };
    expect(verificaSorteggio(t1, SEGRETO, { periodo: conTesta, posizione: 40 }).valido).toBe(true);
    expect(verificaSorteggio(t1, SEGRETO, { periodo: conTesta, posizione: 41 }).motivi[0]).toMatch(/dopo la testa pubblicata alla rivelazione del periodo \(40\)/);
  });
});

describe('verificaCatenaIspettorato', () => {
  const DICEMBRE: PeriodoPubblicato = {
    periodo: '2026-12', inizio: '2026-11-30T23:00:00.000Z', fine: '2026-12-31T23:00:00.000Z', pubblicatoIl: '2026-11-23T00:00:00.000Z', rivelatoIl: null,
  };
  const manuale = (n: number, registratoIl: string): TrascrizioneManuale => ({
    tipo: 'manuale', ispettorato: 'ITL-PA', periodo: '2026-12', richiestaId: `RIC-${n}`, tentativo: 1, ispettoreId: 'ISP-PA-001', motivo: 'assenza prolungata',
    propostaDa: 'resp.verdi', propostaIl: registratoIl, approvataDa: 'dir.rossi', approvataIl: registratoIl, regoleVerificate: ['territorio'], derogaRotazione: null, registratoIl,
  });
  /** Three November draws, the reveal (head at 3), two December entries (a draw and a manual assignment). */
  function catena(): { rows: AnelloIspettorato[]; periodi: PeriodoPubblicato[] } {
    const tempi = ['2026-11-05T09:00:00.000Z', '2026-11-12T09:00:00.000Z', '2026-11-23T09:00:00.000Z'];
    const tr = [
      ...tempi.map((registratoIl, i) => sorteggia({ ...input(V1), richiestaId: `RIC-${i + 1}`, registratoIl })),
      sorteggia({ ...input(V1), periodo: '2026-12', richiestaId: 'RIC-4', registratoIl: '2026-12-02T09:00:00.000Z' }),
      manuale(5, '2026-12-03T09:00:00.000Z'),
    ];
    let prev = GENESI_CATENA;
    const rows = tr.map((trascrizione, i) => {
      const hash = hashTrascrizione(prev, trascrizione);
      const r = { n: i + 1, trascrizione, prevHash: prev, hash, registratoIl: trascrizione.registratoIl };
      prev = hash;
      return r;
    });
    return { rows, periodi: [{ ...NOVEMBRE, testaCatena: { n: 3, hash: rows[2].hash } }, DICEMBRE] };
  }

  it('accepts an untouched chain with its published heads, manual assignments included', () => {
    const { rows, periodi } = catena();
    expect(verificaCatenaIspettorato(rows, periodi)).toEqual({ valido: true, trascrizioni: 5, problemi: [] });
  });

  it('detects a deleted tail that a shorter chain alone would hide', () => {
    const { rows, periodi } = catena();
    expect(verificaCatenaIspettorato(rows.slice(0, 2), periodi).problemi).toEqual([
      { motivo: 'la testa pubblicata alla rivelazione del periodo 2026-11 è alla posizione 3, ma la catena ha 2 trascrizioni: ne mancano in coda' },
    ]);
  });

  it('detects a chain re-hashed from an edited row onwards (its links are consistent, the published head is not)', () => {
    const { rows, periodi } = catena();
    (rows[1].trascrizione as TrascrizioneSorteggio).estrazione.scelto = 'ISP-PA-003';
    let prev = rows[0].hash;
    for (const r of rows.slice(1)) {
      r.prevHash = prev;
      r.hash = hashTrascrizione(prev, r.trascrizione);
      prev = r.hash;
    }
    expect(verificaCatenaIspettorato(rows, periodi).problemi).toEqual([
      { n: 3, motivo: "alla posizione 3 la catena non ha l'hash pubblicato alla rivelazione del periodo 2026-11: è stata riscritta" },
    ]);
  });

  it('detects a forged draw appended after the reveal with the revealed secret, backdated or not', () => {
    for (const registratoIl of ['2026-12-05T09:00:00.000Z', '2026-11-28T09:00:00.000Z']) {
      const { rows, periodi } = catena();
      const forged = sorteggia({ ...input(V1), richiestaId: 'RIC-99', registratoIl });
      const last = rows[rows.length - 1];
      rows.push({ n: 6, trascrizione: forged, prevHash: last.hash, hash: hashTrascrizione(last.hash, forged), registratoIl });
      const problemi = verificaCatenaIspettorato(rows, periodi).problemi.map((p) => `${p.n}: ${p.motivo}`);
      expect(problemi).toContainEqual(expect.stringMatching(/^6: la trascrizione è alla posizione 6 della catena, dopo la testa pubblicata/));
    }
  });

  describe('against what the audit trail recorded, and the requests against their transcripts', () => {
    const registrazioni = (rows: AnelloIspettorato[], periodi: PeriodoPubblicato[]) => ({
      trascrizioni: rows.map((r) => ({ n: r.n, hash: r.hash })),
      periodi: periodi.map((p) => ({ periodo: p.periodo, impegno: IMPEGNO, ...(p.testaCatena ? { testaCatena: p.testaCatena } : {}) })),
    });
    const conImpegno = (periodi: PeriodoPubblicato[]) => periodi.map((p) => ({ ...p, impegno: IMPEGNO }));
    const richieste = (rows: AnelloIspettorato[]) =>
      rows.map((r) => ({ id: (r.trascrizione as { richiestaId: string }).richiestaId, tentativo: r.trascrizione.tentativo, ispettoreId: (r.trascrizione as TrascrizioneSorteggio).estrazione?.scelto ?? (r.trascrizione as TrascrizioneManuale).ispettoreId }));

    it('agrees when nothing was touched', () => {
      const { rows, periodi } = catena();
      expect(verificaRegistrazioni(rows, conImpegno(periodi), registrazioni(rows, periodi), richieste(rows))).toEqual([]);
    });

    it('catches a chain re-hashed with its published head rewritten too, and a head or commitment swapped', () => {
      const { rows, periodi } = catena();
      const rec = registrazioni(rows, periodi);
      (rows[1].trascrizione as TrascrizioneSorteggio).estrazione.scelto = 'ISP-PA-003';
      let prev = rows[0].hash;
      for (const r of rows.slice(1)) {
        r.prevHash = prev;
        r.hash = hashTrascrizione(prev, r.trascrizione);
        prev = r.hash;
      }
      periodi[0].testaCatena = { n: 3, hash: rows[2].hash };
      expect(verificaCatenaIspettorato(rows, periodi).valido).toBe(true); // the chain alone is fooled...
      const problemi = verificaRegistrazioni(rows, conImpegno(periodi), rec).map((p) => p.motivo);
      expect(problemi).toContain("la trascrizione 2 non ha l'hash registrato nel registro degli eventi: la catena è stata riscritta");
      expect(problemi).toContain('la testa della catena del periodo 2026-11 non è quella registrata alla rivelazione');
      expect(verificaRegistrazioni(rows, [{ ...conImpegno(periodi)[0], impegno: 'f'.repeat(64) }], { trascrizioni: [], periodi: rec.periodi.slice(0, 1) }).map((p) => p.motivo))
        .toContain("l'impegno del periodo 2026-11 non è quello pubblicato e registrato");
    });

    it('catches the newest transcripts deleted (no head covers them yet), an insert outside the procedure, and a request reassigned in the table', () => {
      const { rows, periodi } = catena();
      const rec = registrazioni(rows, periodi);
      const req = richieste(rows);
      expect(verificaRegistrazioni(rows.slice(0, 4), conImpegno(periodi), rec, req).map((p) => p.motivo)).toEqual([
        'la trascrizione 5, registrata nel registro degli eventi, manca dalla catena',
        'la richiesta RIC-5 è al tentativo 1 ma nella catena mancano le trascrizioni dei tentativi 1',
      ]);
      expect(verificaRegistrazioni(rows, conImpegno(periodi), { ...rec, trascrizioni: rec.trascrizioni.slice(0, 4) })).toEqual([
        { n: 5, motivo: 'la trascrizione 5 non risulta dal registro degli eventi: è stata aggiunta fuori dalla procedura' },
      ]);
      const spostata = req.map((q, k) => (k === 0 ? { ...q, ispettoreId: 'ISP-PA-002' } : q));
      expect(verificaRegistrazioni(rows, conImpegno(periodi), rec, spostata)[0].motivo).toMatch(/^la richiesta RIC-1 risulta assegnata a ISP-PA-002, la trascrizione del tentativo 1 a ISP-PA-003$/);
    });
  });

  it('detects a gap in the numbering, a recording time going back, and a draw of an unknown period', () => {
    const { rows, periodi } = catena();
    rows[4].n = 7;
    const r = verificaCatenaIspettorato(rows, periodi);
    expect(r.problemi).toEqual([{ n: 7, motivo: 'posizione 7 dove era attesa 5: la numerazione della catena ha un salto' }]);
    const back = catena();
    back.rows[3].registratoIl = '2026-11-01T00:00:00.000Z';
    expect(verificaCatenaIspettorato(back.rows, back.periodi).problemi.map((p) => p.motivo)).toContainEqual(expect.stringMatching(/prima della trascrizione che la precede/));
    const ignoto = catena();
    expect(verificaCatenaIspettorato(ignoto.rows, [ignoto.periodi[0]]).problemi).toEqual([{ n: 4, motivo: 'il periodo "2026-12" non è tra quelli pubblicati dall\'ispettorato' }]);
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
