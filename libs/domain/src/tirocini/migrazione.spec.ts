import { UFF, regole } from './__fixtures__/tirocinio';
import { DatiMigrazioneTirocinio, statoMigrato } from './migrazione';
import { decideTirocinio } from './tirocinio.machine';

// A six-month traineeship (1 March .. 31 August 2027) imported on 15 May 2027.
const progetto = { dataInizio: '2027-03-01', dataFine: '2027-08-31', oreSettimanali: 30, svantaggiato: false };
const contesto = (over: Partial<Parameters<typeof statoMigrato>[1]> = {}) => ({
  tirocinioId: 't1',
  ufficio: UFF,
  progetto,
  regole,
  importatoDa: 'admin.migra',
  now: new Date('2027-05-15T10:00:00Z'),
  ...over,
});
const dati = (over: Partial<DatiMigrazioneTirocinio> = {}): DatiMigrazioneTirocinio => ({
  codiceOrigine: 'SIL/2027/0001',
  inviataIl: '2027-02-01T09:00:00Z',
  inviataDa: 'op.vecchio',
  approvataIl: '2027-02-05T11:00:00Z',
  approvataDa: 'resp.vecchio',
  comunicazione: { codice: 'UNILAV-2027-1', data: '2027-02-20' },
  presenze: [
    { mese: '2027-04', ore: 120 },
    { mese: '2027-03', ore: 118.5 },
  ],
  ...over,
});
const regoleRotte = (d: ReturnType<typeof statoMigrato>) => (d.ok ? [] : d.violations.map((v) => `${v.field} ${v.rule}`).sort());

describe('statoMigrato: an open traineeship replayed through the machine', () => {
  it('builds the active state the service would have built, with the old review, CO and register', () => {
    const d = statoMigrato(dati(), contesto());
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const s = d.value;
    expect(s).toMatchObject({
      stato: 'attiva',
      ufficio: UFF,
      inviataDa: 'op.vecchio',
      inviataIl: '2027-02-01T09:00:00.000Z',
      decisione: { esito: 'approvata', decisaDa: 'resp.vecchio', il: '2027-02-05T11:00:00.000Z' },
      comunicazione: { codice: 'UNILAV-2027-1', data: '2027-02-20', registrataDa: 'admin.migra' },
      avviataIl: '2027-03-01T00:00:00.000Z',
      versioneRegole: regole.versione,
    });
    expect(s.presenze.map((p) => [p.mese, p.ore])).toEqual([
      ['2027-03', 118.5],
      ['2027-04', 120],
    ]);
    // It goes on like any other: May's attendance is accepted in June.
    const maggio = decideTirocinio(
      s,
      { type: 'presenze', actor: { sub: 'osp', roles: ['ospitante'], office: UFF }, mese: '2027-05', ore: 100 },
      new Date('2027-06-02'),
    );
    expect(maggio.ok).toBe(true);
  });

  it('keeps segregation of duties: whoever submitted cannot have approved', () => {
    expect(regoleRotte(statoMigrato(dati({ approvataDa: 'op.vecchio' }), contesto()))).toEqual(['approvataDa separazione-funzioni']);
  });

  it('refuses what is not under way: not started yet, or already past its end', () => {
    expect(regoleRotte(statoMigrato(dati(), contesto({ now: new Date('2027-02-25T10:00:00Z') })))).toEqual(['progetto.dataInizio migrazione-non-in-corso']);
    expect(regoleRotte(statoMigrato(dati(), contesto({ now: new Date('2027-09-02T10:00:00Z') })))).toEqual(['progetto.dataFine migrazione-non-in-corso']);
  });

  it('names every broken rule by the field of the import it came from', () => {
    expect(regoleRotte(statoMigrato(dati({ inviataIl: 'ieri', approvataIl: '2028-01-01T00:00:00Z' }), contesto()))).toEqual([
      'approvataIl data-futura',
      'inviataIl data-non-valida',
    ]);
    expect(regoleRotte(statoMigrato(dati({ approvataIl: '2027-01-05T00:00:00Z' }), contesto()))).toEqual(['approvataIl date-invertite']);
    expect(regoleRotte(statoMigrato(dati({ comunicazione: { codice: 'UNILAV-2', data: '2027-03-10' } }), contesto()))).toEqual([
      'comunicazione.data comunicazione-tardiva',
    ]);
    const r = regoleRotte(statoMigrato(dati({ presenze: [{ mese: '2027-03', ore: 9999 }] }), contesto()));
    expect(r).toHaveLength(1);
    expect(r[0]).toMatch(/^presenze\[0\]\.ore /);
  });
});
