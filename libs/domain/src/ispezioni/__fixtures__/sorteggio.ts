import type { InputSorteggio } from '../sorteggio';
import type { PeriodoPubblicato } from '../sorteggio.verifica';

/** Test data shared by the sorteggio specs. */

// ---- The test vectors of docs/assignment.md ("Test vectors"): keep both in step. ----

export const SEGRETO = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
export const IMPEGNO = '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd';
export const BEACON = { fonte: 'drand/quicknet', round: 12345678, valore: 'f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff' };
export const CANDIDATI = [
  { ispettoreId: 'ISP-PA-004', caricoAperto: 12 },
  { ispettoreId: 'ISP-PA-001', caricoAperto: 7 },
  { ispettoreId: 'ISP-PA-003', caricoAperto: 0 },
  { ispettoreId: 'ISP-PA-002', caricoAperto: 25 },
  { ispettoreId: 'ISP-PA-005', caricoAperto: 3 },
];
export const ESCLUSI = [
  { ispettoreId: 'ISP-PA-006', motivi: [{ regola: 'rotazione' as const, dettaglio: 'attività ispettiva presso la stessa azienda nel 2025' }] },
];

export const V1 = {
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
export const V2 = {
  input: { segreto: SEGRETO, richiestaId: 'RIC-2026-000123', tentativo: 2, beacon: BEACON },
  materiale:
    '00000015736f7274656767696f2d706f6e64657261746f2f31' +
    '00000020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f' +
    '0000000f5249432d323032362d303030313233' +
    '00000002' +
    '01' +
    '0000000e6472616e642f717569636b6e6574' +
    '0000000000bc614e' +
    '00000020f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff',
  seme: '404c40ca76c3157127a31372e2821beadb8c2858d47c5b1148e224ad7283d8d5',
  uscite: [14892402254356754088n, 1440516507868878363n, 15604277224679622002n],
  estrazione: { totale: 1490384, valore: 223912, rifiutati: 0, scelto: 'ISP-PA-003' },
  registratoIl: '2026-11-23T09:05:00.000Z',
  hash: '53d3c0017ea6087f7c73e884bd396b546fe5c510ddabd20526a0063268317a9f',
};
export const V1_CANONICAL =
  '{"algoritmo":"sorteggio-ponderato/1","beacon":null,"candidati":[{"caricoAperto":7,"ispettoreId":"ISP-PA-001","peso":125000},' +
  '{"caricoAperto":25,"ispettoreId":"ISP-PA-002","peso":38461},{"caricoAperto":0,"ispettoreId":"ISP-PA-003","peso":1000000},' +
  '{"caricoAperto":12,"ispettoreId":"ISP-PA-004","peso":76923},{"caricoAperto":3,"ispettoreId":"ISP-PA-005","peso":250000}],' +
  '"esclusi":[{"ispettoreId":"ISP-PA-006","motivi":[{"dettaglio":"attività ispettiva presso la stessa azienda nel 2025","regola":"rotazione"}]}],' +
  '"estrazione":{"rifiutati":0,"scelto":"ISP-PA-005","seme":"ca03cdcdcf7a3fe3f42896077caf300e076f1c9be01208bd815e05f32bd05dbf","totale":1490384,"valore":1337261},' +
  '"impegnoSegreto":"630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd","ispettorato":"ITL-PA","periodo":"2026-11",' +
  '"pesoFormula":"peso = floor(1000000 / (1 + caricoAperto))","registratoIl":"2026-11-23T09:00:00.000Z","richiestaId":"RIC-2026-000123","tentativo":1}';

export function input(v: typeof V1 | typeof V2, extra: Partial<InputSorteggio> = {}): InputSorteggio {
  return {
    ...v.input,
    impegnoSegreto: IMPEGNO,
    ispettorato: 'ITL-PA',
    periodo: '2026-11',
    candidati: CANDIDATI,
    esclusi: ESCLUSI,
    registratoIl: v.registratoIl,
    ...extra,
  };
}

export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/**
 * The period rules (docs/assignment.md §3, §12): V1 was recorded on 2026-11-23 09:00 UTC in period 2026-11, whose
 * commitment was published on 24 October and whose secret was revealed on 1 December.
 */
export const NOVEMBRE: PeriodoPubblicato = {
  periodo: '2026-11',
  inizio: '2026-10-31T23:00:00.000Z',
  fine: '2026-11-30T23:00:00.000Z',
  pubblicatoIl: '2026-10-24T09:00:00.000Z',
  rivelatoIl: '2026-12-01T00:05:00.000Z',
};
