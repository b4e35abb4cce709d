import { REGOLE_TIROCINI, limiteOspitante, regolePerData, regolePerVersione, verificaRegolePack, verificaRegolePacks } from './regole';
import { REGIONI_TIROCINI, RegolePackTirocini } from './tirocini.types';

const pack = (versione: string) => regolePerVersione(versione);

describe('REGOLE_TIROCINI', () => {
  it('ships sound packs with unique versions, for every region', () => {
    expect(verificaRegolePacks(REGOLE_TIROCINI)).toEqual([]);
    for (const r of REGIONI_TIROCINI) expect(REGOLE_TIROCINI.some((p) => p.regione === r)).toBe(true);
  });

  it('carries the national guideline values', () => {
    expect(pack('nazionale-2017.1')).toMatchObject({
      validoDal: '2017-05-25',
      etaMinimaAnni: 16,
      durataMinimaMesi: 2,
      durataMassimaMesi: 12,
      durataMassimaMesiSvantaggiati: 24,
      maxTirocinantiPerTutorOspitante: 3,
      indennitaMinimaMensileCent: 30_000,
      sogliaPresenze: 0.7,
      mesiSenzaLicenziamenti: 12,
      anniSenzaRapportoPrecedente: 2,
    });
  });

  it('differs where the regions differ', () => {
    expect(pack('toscana-2018.1')).toMatchObject({ indennitaMinimaMensileCent: 50_000, durataMassimaMesi: 6, durataMinimaMesi: 2 });
    expect(pack('sicilia-2017.1').fasceOspitante).toEqual([{ finoA: 5, massimo: 2 }, { finoA: 20, massimo: 4 }, { percentuale: 20 }]);
  });

  it('cites a source in every pack and marks unconfirmed values', () => {
    for (const p of REGOLE_TIROCINI) expect(p.fonte).toMatch(/da confermare/);
  });

  it('cannot be changed in place', () => {
    const p = pack('nazionale-2017.1');
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.fasceOspitante[0])).toBe(true);
    expect(() => {
      (p as { indennitaMinimaMensileCent: number }).indennitaMinimaMensileCent = 1;
    }).toThrow(TypeError);
  });
});

describe('regolePerData', () => {
  it('picks the pack in force on the day, switching on validoDal itself', () => {
    expect(regolePerData('toscana', '2018-04-24').versione).toBe('toscana-2012.1');
    expect(regolePerData('toscana', '2018-04-25').versione).toBe('toscana-2018.1');
    expect(regolePerData('toscana', '2026-01-01').versione).toBe('toscana-2018.1');
    expect(regolePerData('toscana', '2012-02-02').versione).toBe('toscana-2012.1');
    expect(regolePerData('nazionale', '2017-05-25').versione).toBe('nazionale-2017.1');
    expect(regolePerData('sicilia', '2030-12-31').versione).toBe('sicilia-2017.1');
  });

  it('throws a clear error before the first pack of the region', () => {
    expect(() => regolePerData('toscana', '2012-02-01')).toThrow('nessun pacchetto per toscana in vigore il 2012-02-01 (il primo vale dal 2012-02-02)');
    expect(() => regolePerData('sicilia', '2017-09-11')).toThrow(/sicilia/);
  });

  it('throws for a region without packs and for an invalid date', () => {
    expect(() => regolePerData('sicilia', '2020-01-01', [pack('toscana-2018.1')])).toThrow('nessun pacchetto per la regione sicilia');
    expect(() => regolePerData('toscana', '2020-02-30')).toThrow(/2020-02-30/);
  });

  it('uses the packs passed in and refuses two packs of a region starting the same day', () => {
    const nuova: RegolePackTirocini = { ...pack('toscana-2018.1'), versione: 'toscana-2027.1', validoDal: '2027-01-01', indennitaMinimaMensileCent: 60_000 };
    const packs = [...REGOLE_TIROCINI, nuova];
    expect(regolePerData('toscana', '2026-12-31', packs).versione).toBe('toscana-2018.1');
    expect(regolePerData('toscana', '2027-01-01', packs).indennitaMinimaMensileCent).toBe(60_000);
    const doppia = { ...nuova, versione: 'toscana-2027.2' };
    expect(() => regolePerData('toscana', '2027-06-01', [...packs, doppia])).toThrow(/due pacchetti/);
    expect(verificaRegolePacks([...packs, doppia])).toEqual(['due pacchetti per toscana validi dal 2027-01-01']);
    expect(verificaRegolePacks([...packs, { ...doppia, validoDal: '2028-01-01', versione: 'toscana-2027.1' }])).toEqual(['versione ripetuta: toscana-2027.1']);
  });
});

describe('regolePerVersione', () => {
  it('finds a pack by version and throws for an unknown one', () => {
    expect(regolePerVersione('sicilia-2017.1').regione).toBe('sicilia');
    expect(() => regolePerVersione('sicilia-1999.1')).toThrow('versione sconosciuta "sicilia-1999.1"');
  });
});

describe('verificaRegolePack', () => {
  const base = pack('nazionale-2017.1');
  const con = (o: Partial<RegolePackTirocini>): RegolePackTirocini => ({ ...base, ...o });
  const errori = (o: Partial<RegolePackTirocini>) => verificaRegolePack(con(o));

  it('accepts the boundaries of each range', () => {
    expect(
      errori({
        durataMinimaMesi: 12,
        durataMassimaMesi: 12,
        durataMassimaMesiSvantaggiati: 12,
        maxTirocinantiPerTutorOspitante: 1,
        maxTirocinantiPerTutorPromotore: 1,
        indennitaMinimaMensileCent: 0,
        oreSettimanaliMassime: 48,
        sogliaPresenze: 1,
        integrazioneGiorniLavorativi: 1,
        preavvisoComunicazioneGiorniLavorativi: 0,
        mesiSenzaLicenziamenti: 0,
        anniSenzaRapportoPrecedente: 0,
        fasceOspitante: [{ finoA: 0, massimo: 1 }, { percentuale: 100 }],
      }),
    ).toEqual([]);
    expect(errori({ fasceOspitante: [{ percentuale: 1 }] })).toEqual([]);
  });

  it.each<[string, Partial<RegolePackTirocini>, RegExp]>([
    ['minimum above maximum', { durataMinimaMesi: 13 }, /durataMinimaMesi \(13\) supera durataMassimaMesi \(12\)/],
    ['svantaggiati below the ordinary maximum', { durataMassimaMesiSvantaggiati: 11 }, /durataMassimaMesiSvantaggiati \(11\)/],
    ['zero months', { durataMinimaMesi: 0 }, /durataMinimaMesi deve essere un intero ≥ 1/],
    ['fractional months', { durataMassimaMesi: 6.5 }, /durataMassimaMesi deve essere un intero/],
    ['tutor limit 0', { maxTirocinantiPerTutorOspitante: 0 }, /maxTirocinantiPerTutorOspitante/],
    ['promoter tutor limit 0', { maxTirocinantiPerTutorPromotore: 0 }, /maxTirocinantiPerTutorPromotore/],
    ['indemnity in fractional cents', { indennitaMinimaMensileCent: 300.5 }, /indennitaMinimaMensileCent/],
    ['negative indemnity', { indennitaMinimaMensileCent: -1 }, /indennitaMinimaMensileCent/],
    ['0 weekly hours', { oreSettimanaliMassime: 0 }, /oreSettimanaliMassime/],
    ['49 weekly hours', { oreSettimanaliMassime: 49 }, /oreSettimanaliMassime/],
    ['attendance 0', { sogliaPresenze: 0 }, /sogliaPresenze/],
    ['attendance above 1', { sogliaPresenze: 1.01 }, /sogliaPresenze/],
    ['0 days to answer', { integrazioneGiorniLavorativi: 0 }, /integrazioneGiorniLavorativi/],
    ['negative reminder', { preavvisoComunicazioneGiorniLavorativi: -1 }, /preavvisoComunicazioneGiorniLavorativi/],
    ['negative months without dismissals', { mesiSenzaLicenziamenti: -1 }, /mesiSenzaLicenziamenti/],
    ['negative years', { anniSenzaRapportoPrecedente: -1 }, /anniSenzaRapportoPrecedente/],
    ['no bands', { fasceOspitante: [] }, /fasceOspitante vuote/],
    ['last band closed', { fasceOspitante: [{ finoA: 5, massimo: 1 }] }, /l'ultima fascia deve essere aperta/],
    ['open band before the last', { fasceOspitante: [{ massimo: 1 }, { percentuale: 10 }] }, /fasceOspitante\[0\]\.finoA/],
    [
      'bands not ascending',
      { fasceOspitante: [{ finoA: 5, massimo: 1 }, { finoA: 5, massimo: 2 }, { percentuale: 10 }] },
      /deve essere maggiore della fascia precedente/,
    ],
    ['band with both', { fasceOspitante: [{ massimo: 1, percentuale: 10 }] }, /esattamente uno tra massimo e percentuale/],
    ['band with neither', { fasceOspitante: [{}] }, /esattamente uno tra massimo e percentuale/],
    ['percentage 0', { fasceOspitante: [{ percentuale: 0 }] }, /percentuale deve essere un intero tra 1 e 100/],
    ['percentage 101', { fasceOspitante: [{ percentuale: 101 }] }, /percentuale/],
    ['fractional percentage', { fasceOspitante: [{ percentuale: 7.5 }] }, /percentuale/],
    ['band maximum 0', { fasceOspitante: [{ massimo: 0 }] }, /massimo deve essere un intero ≥ 1/],
    ['unknown region', { regione: 'lazio' as never }, /regione sconosciuta/],
    ['empty version', { versione: ' ' }, /versione mancante/],
    ['invalid validoDal', { validoDal: '2017-13-01' }, /validoDal/],
    ['no source', { fonte: '' }, /fonte mancante/],
    ['unknown suspension cause', { causeSospensione: [{ causa: 'ferie' as never, minimoGiorni: 0 }] }, /causa sconosciuta/],
    [
      'repeated suspension cause',
      {
        causeSospensione: [
          { causa: 'maternita', minimoGiorni: 0 },
          { causa: 'maternita', minimoGiorni: 1 },
        ],
      },
      /ripetuta/,
    ],
    ['suspension fraction above 1', { causeSospensione: [{ causa: 'malattia-lunga', minimoGiorni: 0, minimoFrazioneDurata: 1.5 }] }, /minimoFrazioneDurata/],
    ['negative suspension days', { causeSospensione: [{ causa: 'chiusura-ospitante', minimoGiorni: -1 }] }, /minimoGiorni/],
  ])('reports %s', (_n, o, atteso) => {
    const e = errori(o);
    expect(e.length).toBeGreaterThan(0);
    expect(e.join('\n')).toMatch(atteso);
  });
});

describe('limiteOspitante', () => {
  const nazionale = pack('nazionale-2017.1');
  const sicilia = pack('sicilia-2017.1');

  it.each([
    [0, 1],
    [5, 1],
    [6, 2],
    [20, 2],
    [21, 3], // 2.1 rounded up
    [30, 3],
    [31, 4], // 3.1 rounded up
    [100, 10],
    [101, 11],
  ])('national: %i permanent employees → %i', (dipendenti, atteso) => {
    expect(limiteOspitante(nazionale, dipendenti)).toBe(atteso);
  });

  it.each([
    [0, 2],
    [5, 2],
    [6, 4],
    [20, 4],
    [21, 5], // 4.2 rounded up
    [25, 5],
    [26, 6],
  ])('Sicilia: %i permanent employees → %i', (dipendenti, atteso) => {
    expect(limiteOspitante(sicilia, dipendenti)).toBe(atteso);
  });

  it('Toscana follows the national bands', () => {
    expect([5, 6, 20, 21].map((n) => limiteOspitante(pack('toscana-2018.1'), n))).toEqual([1, 2, 2, 3]);
  });

  it('refuses a negative or fractional head count', () => {
    expect(() => limiteOspitante(nazionale, -1)).toThrow(RangeError);
    expect(() => limiteOspitante(nazionale, 2.5)).toThrow(RangeError);
  });

  it('throws when no band applies (last band closed)', () => {
    expect(() => limiteOspitante({ ...nazionale, fasceOspitante: [{ finoA: 5, massimo: 1 }] }, 6)).toThrow(/nessuna fascia/);
  });
});
