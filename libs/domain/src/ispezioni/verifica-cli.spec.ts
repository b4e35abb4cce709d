import { GENESI_CATENA, hashTrascrizione, impegno, sorteggia } from './sorteggio';
import { verificaDaCli } from './verifica-cli';

const SEGRETO = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const trascrizione = sorteggia({
  segreto: SEGRETO,
  impegnoSegreto: impegno(SEGRETO),
  ispettorato: 'ITL-PA',
  periodo: '2026-11',
  richiestaId: 'RIC-2026-000123',
  tentativo: 1,
  beacon: null,
  esclusi: [],
  registratoIl: '2026-11-23T09:00:00.000Z',
  candidati: [
    { ispettoreId: 'ISP-PA-001', caricoAperto: 7 },
    { ispettoreId: 'ISP-PA-003', caricoAperto: 0 },
    { ispettoreId: 'ISP-PA-005', caricoAperto: 3 },
  ],
});
const periodo = {
  periodo: '2026-11',
  inizio: '2026-10-31T23:00:00.000Z',
  fine: '2026-11-30T23:00:00.000Z',
  pubblicatoIl: '2026-10-24T09:00:00.000Z',
  rivelatoIl: '2026-12-01T00:05:00.000Z',
};

const files: Record<string, string> = {};
const read = (p: string) => {
  if (!(p in files)) throw new Error('ENOENT: no such file');
  return files[p];
};
const run = (file: unknown, ...args: string[]) => {
  files['draw.json'] = typeof file === 'string' ? file : JSON.stringify(file);
  return verificaDaCli(['draw.json', ...args], read);
};

describe('verify-draw CLI logic', () => {
  it('says VALIDO and exits 0 for an untouched transcript with the revealed secret and its period', () => {
    const r = run({ trascrizione, segreto: SEGRETO, periodo });
    expect(r.codice).toBe(0);
    expect(r.testo).toMatch(/^VALIDO/m);
    expect(r.testo).toMatch(/ricalcolato: ISP-PA-\d{3}/);
  });

  it("takes the API's answer for a draw as it is (secret, commitment, period, chain row and position inside)", () => {
    const hash = hashTrascrizione(GENESI_CATENA, trascrizione);
    const api = {
      id: 'x',
      richiestaId: trascrizione.richiestaId,
      tentativo: 1,
      n: 1,
      trascrizione,
      prevHash: GENESI_CATENA,
      hash,
      periodo: { ...periodo, impegno: impegno(SEGRETO), segreto: SEGRETO, testaCatena: { n: 1, hash } },
    };
    expect(run(api).codice).toBe(0);
    // Appended to the chain after the head published at the reveal: not valid.
    expect(run({ ...api, n: 2 }).testo).toMatch(/dopo la testa pubblicata/);
  });

  it("refuses a transcript recorded after its period's reveal, or under a commitment published after the period began", () => {
    const dopo = sorteggia({
      segreto: SEGRETO,
      impegnoSegreto: impegno(SEGRETO),
      ispettorato: 'ITL-PA',
      periodo: '2026-11',
      richiestaId: 'RIC-2026-000999',
      tentativo: 1,
      beacon: null,
      esclusi: [],
      registratoIl: '2026-12-01T10:00:00.000Z',
      candidati: trascrizione.candidati,
    });
    const r = run({ trascrizione: dopo, segreto: SEGRETO, periodo });
    expect(r.codice).toBe(1);
    expect(r.testo).toMatch(/dopo la rivelazione del segreto del periodo 2026-11/);
    const tardi = run({ trascrizione, segreto: SEGRETO, periodo: { ...periodo, pubblicatoIl: '2026-11-02T00:00:00.000Z' } });
    expect(tardi).toMatchObject({ codice: 1, testo: expect.stringMatching(/non prima del suo inizio/) });
  });

  it('is not valid without the period, or without its reveal time: the timing cannot be checked', () => {
    const r = run({ trascrizione, segreto: SEGRETO });
    expect(r.codice).toBe(1);
    expect(r.testo).toMatch(/^NON VALIDO \(1 problema\):\n {2}- mancano i dati del periodo/m);
    const { rivelatoIl: _r, ...senzaRivelazione } = periodo;
    expect(run({ trascrizione, segreto: SEGRETO, periodo: senzaRivelazione }).testo).toMatch(/mancano i dati del periodo/);
  });

  it('checks the chain hash and the published commitment when given', () => {
    const hash = hashTrascrizione(GENESI_CATENA, trascrizione);
    expect(run({ trascrizione, segreto: SEGRETO, periodo, prevHash: GENESI_CATENA, hash, impegnoPubblicato: impegno(SEGRETO) }).codice).toBe(0);
    const edited = { ...trascrizione, registratoIl: '2026-11-24T09:00:00.000Z' };
    const r = run({ trascrizione: edited, segreto: SEGRETO, periodo, prevHash: GENESI_CATENA, hash });
    expect(r.codice).toBe(1);
    expect(r.testo).toMatch(/non l'hash registrato/);
    expect(run({ trascrizione, segreto: SEGRETO, periodo, impegnoPubblicato: 'c'.repeat(64) }).testo).toMatch(/pubblicato per il periodo/);
  });

  it('says NON VALIDO with the reasons and exits 1 for an altered transcript or a wrong secret', () => {
    const altered = JSON.parse(JSON.stringify(trascrizione));
    altered.estrazione.scelto = altered.estrazione.scelto === 'ISP-PA-001' ? 'ISP-PA-003' : 'ISP-PA-001';
    const r = run({ trascrizione: altered, segreto: SEGRETO, periodo });
    expect(r.codice).toBe(1);
    expect(r.testo).toMatch(/^NON VALIDO \(1 problema\):\n {2}- estrazione.scelto è/m);
    expect(run({ trascrizione, segreto: SEGRETO, periodo }, '--segreto', 'ee'.repeat(32)).codice).toBe(1);
  });

  it('lets --segreto supply or override the secret, in either case', () => {
    expect(run({ trascrizione, periodo }, '--segreto', SEGRETO.toUpperCase()).codice).toBe(0);
    expect(run({ trascrizione, periodo, segreto: 'ee'.repeat(32) }, `--segreto=${SEGRETO}`).codice).toBe(0);
  });

  it('exits 2 on bad input', () => {
    expect(verificaDaCli([], read).codice).toBe(2);
    expect(verificaDaCli(['missing.json'], read)).toMatchObject({ codice: 2, testo: expect.stringMatching(/impossibile leggere missing.json/) });
    expect(run('{not json').codice).toBe(2);
    expect(run({ segreto: SEGRETO }).testo).toMatch(/non contiene un oggetto "trascrizione"/);
    expect(run({ trascrizione }).testo).toMatch(/nessun segreto rivelato/);
    expect(run({ trascrizione: { tipo: 'manuale' }, segreto: SEGRETO }).testo).toMatch(/assegnazione manuale/);
    expect(run({ trascrizione, segreto: SEGRETO }, '--segreto').codice).toBe(2);
    expect(run({ trascrizione, segreto: SEGRETO }, '--bogus').codice).toBe(2);
    expect(run({ trascrizione, segreto: SEGRETO, hash: 'x' }).codice).toBe(2);
    expect(run({ trascrizione, segreto: SEGRETO, n: 0 }).codice).toBe(2);
  });
});
