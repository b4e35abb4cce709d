import { GENESI_CATENA, hashTrascrizione, impegno, sorteggia } from './sorteggio';
import { verificaDaCli } from './verifica-cli';

const SEGRETO = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const trascrizione = sorteggia({
  segreto: SEGRETO, impegnoSegreto: impegno(SEGRETO), ispettorato: 'ITL-PA', periodo: '2026-11', richiestaId: 'RIC-2026-000123',
  tentativo: 1, beacon: null, esclusi: [], registratoIl: '2026-11-23T09:00:00.000Z',
  candidati: [{ ispettoreId: 'ISP-PA-001', caricoAperto: 7 }, { ispettoreId: 'ISP-PA-003', caricoAperto: 0 }, { ispettoreId: 'ISP-PA-005', caricoAperto: 3 }],
});

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
  it('says VALID and exits 0 for an untouched transcript with the revealed secret', () => {
    const r = run({ trascrizione, segreto: SEGRETO });
    expect(r.codice).toBe(0);
    expect(r.testo).toMatch(/^VALID/m);
    expect(r.testo).toMatch(/recomputed: ISP-PA-\d{3}/);
  });

  it('checks the chain hash and the published commitment when given', () => {
    const hash = hashTrascrizione(GENESI_CATENA, trascrizione);
    expect(run({ trascrizione, segreto: SEGRETO, prevHash: GENESI_CATENA, hash, impegnoPubblicato: impegno(SEGRETO) }).codice).toBe(0);
    const edited = { ...trascrizione, registratoIl: '2026-11-24T09:00:00.000Z' };
    const r = run({ trascrizione: edited, segreto: SEGRETO, prevHash: GENESI_CATENA, hash });
    expect(r.codice).toBe(1);
    expect(r.testo).toMatch(/not to the recorded hash/);
    expect(run({ trascrizione, segreto: SEGRETO, impegnoPubblicato: 'c'.repeat(64) }).testo).toMatch(/published for the period/);
  });

  it('says NOT VALID with the reasons and exits 1 for an altered transcript or a wrong secret', () => {
    const altered = JSON.parse(JSON.stringify(trascrizione));
    altered.estrazione.scelto = altered.estrazione.scelto === 'ISP-PA-001' ? 'ISP-PA-003' : 'ISP-PA-001';
    const r = run({ trascrizione: altered, segreto: SEGRETO });
    expect(r.codice).toBe(1);
    expect(r.testo).toMatch(/^NOT VALID \(1 problem\):\n {2}- estrazione.scelto is/m);
    expect(run({ trascrizione, segreto: SEGRETO }, '--segreto', 'ee'.repeat(32)).codice).toBe(1);
  });

  it('lets --segreto supply or override the secret, in either case', () => {
    expect(run({ trascrizione }, '--segreto', SEGRETO.toUpperCase()).codice).toBe(0);
    expect(run({ trascrizione, segreto: 'ee'.repeat(32) }, `--segreto=${SEGRETO}`).codice).toBe(0);
  });

  it('exits 2 on bad input', () => {
    expect(verificaDaCli([], read).codice).toBe(2);
    expect(verificaDaCli(['missing.json'], read)).toMatchObject({ codice: 2, testo: expect.stringMatching(/cannot read missing.json/) });
    expect(run('{not json').codice).toBe(2);
    expect(run({ segreto: SEGRETO }).testo).toMatch(/no "trascrizione"/);
    expect(run({ trascrizione }).testo).toMatch(/no revealed secret/);
    expect(run({ trascrizione, segreto: SEGRETO }, '--segreto').codice).toBe(2);
    expect(run({ trascrizione, segreto: SEGRETO }, '--bogus').codice).toBe(2);
    expect(run({ trascrizione, segreto: SEGRETO, hash: 'x' }).codice).toBe(2);
  });
});
