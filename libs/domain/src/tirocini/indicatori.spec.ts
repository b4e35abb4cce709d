import { FASCE_ETA_TIROCINI, RigaIndicatoreTirocinio, calcolaIndicatoriTirocini, etaAllaData, fasciaEta } from './indicatori';
import { STATI_TIROCINIO } from './tirocinio.state';

const riga = (over: Partial<RigaIndicatoreTirocinio>): RigaIndicatoreTirocinio => ({
  stato: 'attiva',
  ufficio: 'CPI-FI',
  dataInizio: '2027-03-01',
  sessoTirocinante: 'F',
  dataNascitaTirocinante: '2000-06-15',
  ...over,
});
const periodo = { dal: '2027-01-01', al: '2027-03-31' };

describe('etaAllaData and fasciaEta', () => {
  it('whole years, a year older on the birthday', () => {
    expect(etaAllaData('2000-06-15', '2025-06-14')).toBe(24);
    expect(etaAllaData('2000-06-15', '2025-06-15')).toBe(25);
    expect(etaAllaData('2000-06-15', '2025-06-16')).toBe(25);
  });

  it('born on 29 February: a year older on 1 March in common years, on 29 February in leap years', () => {
    expect(etaAllaData('2004-02-29', '2027-02-28')).toBe(22);
    expect(etaAllaData('2004-02-29', '2027-03-01')).toBe(23);
    expect(etaAllaData('2004-02-29', '2028-02-29')).toBe(24);
  });

  it('bands at their edges; under 15 is outside every band', () => {
    const casi: Array<[number, string | undefined]> = [
      [14, undefined],
      [15, '15-24'],
      [24, '15-24'],
      [25, '25-29'],
      [29, '25-29'],
      [30, '30-39'],
      [39, '30-39'],
      [40, '40-54'],
      [54, '40-54'],
      [55, '55+'],
      [80, '55+'],
    ];
    for (const [eta, fascia] of casi) expect([eta, fasciaEta(eta)]).toEqual([eta, fascia]);
  });
});

describe('calcolaIndicatoriTirocini', () => {
  it('counts practices submitted in the period (both ends included) by current state and office', () => {
    const righe = [
      riga({ inviataIl: '2026-12-31T23:59:59Z', stato: 'attiva' }),
      riga({ inviataIl: '2027-01-01T00:00:00Z', stato: 'attiva', ufficio: 'CPI-PO' }),
      riga({ inviataIl: '2027-02-10T10:00:00Z', stato: 'inviata' }),
      riga({ inviataIl: '2027-03-31T23:59:59Z', stato: 'attiva' }),
      riga({ inviataIl: '2027-04-01T00:00:00Z', stato: 'attiva' }),
      riga({ inviataIl: '2027-02-11T10:00:00Z', stato: 'approvata' }),
      riga({ stato: 'bozza' }),
    ];
    const { inviate } = calcolaIndicatoriTirocini(righe, periodo, 30);
    expect(inviate.totale).toBe(4);
    expect(inviate.perStato.map((x) => x.stato)).toEqual([...STATI_TIROCINIO, 'approvata']);
    expect(inviate.perStato.filter((x) => x.n > 0)).toEqual([
      { stato: 'inviata', n: 1 },
      { stato: 'attiva', n: 2 },
      { stato: 'approvata', n: 1 },
    ]);
    expect(inviate.perUfficio).toEqual([
      {
        ufficio: 'CPI-FI',
        totale: 3,
        perStato: [
          { stato: 'inviata', n: 1 },
          { stato: 'attiva', n: 1 },
          { stato: 'approvata', n: 1 },
        ],
      },
      { ufficio: 'CPI-PO', totale: 1, perStato: [{ stato: 'attiva', n: 1 }] },
    ]);
  });

  it('days from submission to decision: median and share within the standard (30 days in, 31 out)', () => {
    const decisa = (inviataIl: string, decisaIl: string, esitoDecisione = 'approvata') => riga({ inviataIl, decisaIl, esitoDecisione });
    const righe = [
      decisa('2027-01-01T10:00:00Z', '2027-01-31T08:00:00Z'), // 30
      decisa('2027-01-01T10:00:00Z', '2027-02-01T08:00:00Z', 'respinta'), // 31
      decisa('2027-02-01T10:00:00Z', '2027-02-03T08:00:00Z'), // 2
      decisa('2026-12-01T10:00:00Z', '2027-03-31T23:00:00Z'), // 120, submitted before the period
      decisa('2027-03-01T10:00:00Z', '2027-04-01T00:00:00Z'), // decided after the period
      riga({ decisaIl: '2027-02-01T08:00:00Z' }), // no submission instant: left out
    ];
    const { decisioni } = calcolaIndicatoriTirocini(righe, periodo, 30);
    expect(decisioni).toEqual({
      totale: 4,
      perEsito: [
        { esito: 'approvata', n: 3 },
        { esito: 'respinta', n: 1 },
      ],
      medianaGiorni: 30.5,
      entroStandard: 2,
      percentualeEntroStandard: 50,
    });
    expect(calcolaIndicatoriTirocini(righe.slice(0, 3), periodo, 30).decisioni).toMatchObject({
      medianaGiorni: 30,
      entroStandard: 2,
      percentualeEntroStandard: 66.7,
    });
    expect(calcolaIndicatoriTirocini(righe.slice(0, 3), periodo, 29).decisioni.entroStandard).toBe(1);
  });

  it('started and ended in the period by sex and age band at the start date', () => {
    const righe = [
      riga({ avviataIl: '2027-03-01T00:00:00Z', dataInizio: '2027-03-01', dataNascitaTirocinante: '2002-03-01', sessoTirocinante: 'F' }), // 25
      riga({ avviataIl: '2027-03-01T00:00:00Z', dataInizio: '2027-03-01', dataNascitaTirocinante: '2002-03-02', sessoTirocinante: 'F' }), // 24
      riga({ avviataIl: '2027-02-01T00:00:00Z', dataInizio: '2027-02-01', dataNascitaTirocinante: '1970-01-01', sessoTirocinante: 'M' }), // 57
      riga({ avviataIl: '2027-02-01T00:00:00Z', dataInizio: '2027-02-01', dataNascitaTirocinante: '2013-01-01', sessoTirocinante: 'M' }), // 14
      riga({ avviataIl: '2027-04-01T00:00:00Z', dataInizio: '2027-04-01' }),
      riga({ stato: 'conclusa', conclusaIl: '2027-03-10T00:00:00Z', dataInizio: '2026-09-10', dataNascitaTirocinante: '1990-01-01', sessoTirocinante: 'M' }), // 36
      riga({ stato: 'interrotta', conclusaIl: '2027-01-05T10:00:00Z', dataInizio: '2026-11-02', dataNascitaTirocinante: '1980-11-02', sessoTirocinante: 'F' }), // 46
    ];
    const r = calcolaIndicatoriTirocini(righe, periodo, 30);
    expect(r.avviati.totale).toBe(4);
    expect(r.avviati.perSesso).toEqual([
      { sesso: 'F', n: 2 },
      { sesso: 'M', n: 2 },
    ]);
    expect(r.avviati.perFascia).toEqual([
      { fascia: '15-24', n: 1 },
      { fascia: '25-29', n: 1 },
      { fascia: '30-39', n: 0 },
      { fascia: '40-54', n: 0 },
      { fascia: '55+', n: 1 },
    ]);
    expect(r.avviati.senzaFascia).toBe(1);
    expect(r.avviati.perSessoEFascia).toHaveLength(2 * FASCE_ETA_TIROCINI.length);
    expect(r.avviati.perSessoEFascia.filter((x) => x.n > 0)).toEqual([
      { sesso: 'F', fascia: '15-24', n: 1 },
      { sesso: 'F', fascia: '25-29', n: 1 },
      { sesso: 'M', fascia: '55+', n: 1 },
    ]);
    expect(r.conclusi).toMatchObject({ totale: 2, interrotti: 1, senzaFascia: 0 });
    expect(r.conclusi.perSessoEFascia.filter((x) => x.n > 0)).toEqual([
      { sesso: 'F', fascia: '40-54', n: 1 },
      { sesso: 'M', fascia: '30-39', n: 1 },
    ]);
  });

  it('is the same whatever the order of the rows', () => {
    const righe = [
      riga({
        inviataIl: '2027-01-10T10:00:00Z',
        decisaIl: '2027-01-20T10:00:00Z',
        esitoDecisione: 'approvata',
        ufficio: 'CPI-PO',
        avviataIl: '2027-02-01T00:00:00Z',
      }),
      riga({ inviataIl: '2027-01-11T10:00:00Z', decisaIl: '2027-01-12T10:00:00Z', esitoDecisione: 'respinta', stato: 'respinta', ufficio: 'CPI-AR' }),
      riga({ inviataIl: '2027-01-12T10:00:00Z', stato: 'archiviata', ufficio: 'CPI-FI', sessoTirocinante: 'M' }),
    ];
    expect(calcolaIndicatoriTirocini([...righe].reverse(), periodo, 30)).toEqual(calcolaIndicatoriTirocini(righe, periodo, 30));
    expect(calcolaIndicatoriTirocini(righe, periodo, 30).inviate.perUfficio.map((x) => x.ufficio)).toEqual(['CPI-AR', 'CPI-FI', 'CPI-PO']);
  });

  it('with no data: zeros and null median / share', () => {
    const r = calcolaIndicatoriTirocini([], periodo, 30);
    expect(r.decisioni).toEqual({ totale: 0, perEsito: [], medianaGiorni: null, entroStandard: 0, percentualeEntroStandard: null });
    expect(r.inviate.totale).toBe(0);
    expect(r.avviati.perSesso).toEqual([
      { sesso: 'F', n: 0 },
      { sesso: 'M', n: 0 },
    ]);
  });

  it('refuses a reversed period and a bad standard; a one-day period is fine', () => {
    expect(() => calcolaIndicatoriTirocini([], { dal: '2027-02-01', al: '2027-01-31' }, 30)).toThrow(RangeError);
    expect(() => calcolaIndicatoriTirocini([], { dal: '2027-02-30', al: '2027-03-31' }, 30)).toThrow();
    expect(() => calcolaIndicatoriTirocini([], periodo, -1)).toThrow(RangeError);
    expect(() => calcolaIndicatoriTirocini([], periodo, 1.5)).toThrow(RangeError);
    expect(calcolaIndicatoriTirocini([riga({ inviataIl: '2027-02-01T12:00:00Z' })], { dal: '2027-02-01', al: '2027-02-01' }, 0).inviate.totale).toBe(1);
  });
});
