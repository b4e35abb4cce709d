import type { Actor } from '../auth/roles';
import { italianHolidays } from '../calendar/festivita';
import { offerta } from './__fixtures__/collocamento';
import { RigaIndicatori, calcolaIndicatori, centesimiDi, indicatoriCsv, rigaIndicatori } from './indicatori';
import { OffertaEvent, OffertaState } from './offerta.state';
import { decideRichiesta } from './offerta.richiesta';
import { decideOfferta } from './offerta.machine';

const isHoliday = italianHolidays();

const righe: RigaIndicatori[] = [
  {
    offertaId: 'off-1',
    ufficio: 'CPI-TO-01',
    dataRichiesta: '2026-03-02',
    inPreselezione: true,
    dataRosa: '2026-03-09', // 5 working days: within the standard
    candidati: [
      { iscrittoId: 'a', sesso: 'F', dataNascita: '1990-05-01', idoneo: true, inviato: true, esito: 'assunto' },
      { iscrittoId: 'b', sesso: 'M', dataNascita: '2000-01-01', idoneo: true, inviato: true, esito: 'non-presentato' },
      { iscrittoId: 'c', sesso: 'F', dataNascita: '1960-01-01', idoneo: true, inviato: true, esito: 'rifiuto' },
      { iscrittoId: 'd', sesso: 'M', dataNascita: '1985-06-15', idoneo: false, inviato: false },
    ],
  },
  {
    offertaId: 'off-2',
    ufficio: 'CPI-TO-01',
    dataRichiesta: '2026-03-10',
    inPreselezione: true,
    dataRosa: '2026-03-18', // 6 working days: late
    candidati: [{ iscrittoId: 'e', sesso: 'F', dataNascita: '1995-03-10', idoneo: true, inviato: true, esito: 'non-idoneo' }],
  },
  { offertaId: 'off-3', ufficio: 'CPI-AT-01', dataRichiesta: '2026-04-15', inPreselezione: false, candidati: [] },
  {
    offertaId: 'off-4',
    ufficio: 'CPI-TO-01',
    dataRichiesta: '2026-04-01',
    inPreselezione: true,
    candidati: [
      { iscrittoId: 'f', sesso: 'M', dataNascita: '2008-04-02', idoneo: false, inviato: false }, // 17 on the request date
      { iscrittoId: 'g', sesso: 'M', dataNascita: '2008-04-01', idoneo: true, inviato: false }, // 18 that day
    ],
  },
];

describe('calcolaIndicatori', () => {
  it('totals every measure, in integers (percentages and averages in hundredths)', () => {
    const t = calcolaIndicatori(righe, { raggruppa: [], isHoliday });
    expect(t.righe).toEqual([
      {
        richieste: 4,
        inPreselezione: 3,
        quotaPreselezione: 7_500,
        candidature: 7,
        preselezionati: 5,
        inviati: 4,
        colloquiati: 3, // everyone with an outcome except non-presentato
        assunti: 1,
        rifiuti: 1,
        evase: 2,
        giorniMedi: 550, // (5 + 6) / 2
        entroStandard: 1,
        quotaEntroStandard: 5_000,
      },
    ]);
  });

  it('groups by office and month, rows sorted', () => {
    const t = calcolaIndicatori(righe, { raggruppa: ['ufficio', 'periodo'], isHoliday });
    expect(t.colonne.slice(0, 3).map((c) => c.intestazione)).toEqual(['Ufficio', 'Periodo', 'Richieste']);
    expect(t.righe.map((r) => [r.ufficio, r.periodo, r.richieste, r.evase, r.giorniMedi, r.quotaEntroStandard])).toEqual([
      ['CPI-AT-01', '2026-04', 1, 0, null, null],
      ['CPI-TO-01', '2026-03', 2, 2, 550, 5_000],
      ['CPI-TO-01', '2026-04', 1, 0, null, null],
    ]);
    expect(calcolaIndicatori(righe, { raggruppa: ['periodo'], periodo: 'trimestre', isHoliday }).righe.map((r) => [r.periodo, r.richieste])).toEqual([
      ['2026-T1', 2],
      ['2026-T2', 2],
    ]);
    expect(calcolaIndicatori(righe, { raggruppa: ['periodo'], periodo: 'anno', isHoliday }).righe.map((r) => r.periodo)).toEqual(['2026']);
  });

  it('counts the standard by date: a rosa on the deadline day is within it, the next working day is not', () => {
    const una = (dataRosa: string) => calcolaIndicatori([{ ...righe[0], dataRosa }], { raggruppa: [], isHoliday }).righe[0];
    expect(una('2026-03-09')).toMatchObject({ giorniMedi: 500, entroStandard: 1 });
    expect(una('2026-03-10')).toMatchObject({ giorniMedi: 600, entroStandard: 0 });
    expect(una('2026-03-02')).toMatchObject({ giorniMedi: 0, entroStandard: 1 });
    expect(calcolaIndicatori([{ ...righe[0], dataRosa: '2026-03-10' }], { raggruppa: [], giorniStandard: 6, isHoliday }).righe[0].entroStandard).toBe(1);
  });

  it('splits people by gender and age band on the request date; offer-level measures are empty there', () => {
    const perSesso = calcolaIndicatori(righe, { raggruppa: ['sesso'], isHoliday });
    expect(
      perSesso.righe.map((r) => [r.sesso, r.candidature, r.preselezionati, r.inviati, r.colloquiati, r.assunti, r.rifiuti, r.richieste, r.giorniMedi]),
    ).toEqual([
      ['F', 3, 3, 3, 3, 1, 1, null, null],
      ['M', 4, 2, 1, 0, 0, 0, null, null],
    ]);
    const perEta = calcolaIndicatori(righe, { raggruppa: ['fascia-eta'], isHoliday });
    expect(perEta.righe.map((r) => [r.fasciaEta, r.candidature])).toEqual([
      ['<18', 1],
      ['18-24', 1],
      ['25-34', 2], // b (26), e (31 on her birthday)
      ['35-44', 2], // a (35), d (40)
      ['55+', 1],
    ]);
    const fasce = calcolaIndicatori(righe, { raggruppa: ['fascia-eta'], fasceEta: [30, 60], isHoliday });
    expect(fasce.righe.map((r) => [r.fasciaEta, r.candidature])).toEqual([
      ['<30', 3],
      ['30-59', 3],
      ['60+', 1],
    ]);
  });

  it('is deterministic whatever the rows’ order, and refuses bad options', () => {
    const opz = { raggruppa: ['ufficio', 'sesso'] as const, isHoliday };
    expect(calcolaIndicatori([...righe].reverse(), { ...opz, raggruppa: [...opz.raggruppa] })).toEqual(
      calcolaIndicatori(righe, { ...opz, raggruppa: [...opz.raggruppa] }),
    );
    expect(() => calcolaIndicatori(righe, { raggruppa: ['ufficio', 'ufficio'], isHoliday })).toThrow(/ripetute/);
    expect(() => calcolaIndicatori(righe, { raggruppa: ['regione' as never], isHoliday })).toThrow(/sconosciuta/);
    expect(() => calcolaIndicatori(righe, { raggruppa: [], fasceEta: [30, 30], isHoliday })).toThrow(/crescenti/);
    expect(() => calcolaIndicatori([{ ...righe[2], dataRichiesta: '2026-04-31' }], { raggruppa: [], isHoliday })).toThrow(/data/);
  });

  it('centesimiDi rounds half up; Tuscany 2020: 8,033 of 12,057 offers in preselection = 66.63%', () => {
    expect(centesimiDi(803_300, 12_057)).toBe(6_663);
    expect(centesimiDi(1, 8)).toBe(13); // 0.125
    expect(centesimiDi(1, 3)).toBe(33);
    expect(centesimiDi(2, 3)).toBe(67);
    expect(centesimiDi(1, 0)).toBeNull();
  });
});

describe('indicatoriCsv', () => {
  it('renders a BOM, ; separated, Italian headers, decimal comma, empty for null, CRLF, as Italian Excel opens it', () => {
    const csv = indicatoriCsv(calcolaIndicatori(righe, { raggruppa: ['ufficio'], isHoliday }));
    expect(csv.startsWith('\uFEFFUfficio;')).toBe(true);
    const linee = csv.slice(1).split('\r\n');
    expect(linee[0]).toBe(
      'Ufficio;Richieste;Offerte in preselezione;Quota offerte in preselezione (%);Candidature;Candidati preselezionati;Candidati inviati;Candidati a colloquio;Assunti;Rifiuti di offerta congrua;Richieste evase;Giorni lavorativi medi per evadere;Evase entro lo standard;Quota evase entro lo standard (%)',
    );
    expect(linee[1]).toBe('CPI-AT-01;1;0;0,00;0;0;0;0;0;0;0;;0;');
    expect(linee[2]).toBe('CPI-TO-01;3;3;100,00;7;5;4;3;1;1;2;5,50;1;50,00');
    expect(linee[3]).toBe('');
    expect(linee).toHaveLength(4);
  });

  it('quotes separators and quotes, and defuses formulas', () => {
    const csv = indicatoriCsv({
      colonne: [{ chiave: 'x', intestazione: 'Nome; "breve"', tipo: 'testo' }],
      righe: [{ x: '=SOMMA(A1)' }, { x: 'a;b' }, { x: null }],
    });
    expect(csv).toBe('\uFEFF"Nome; ""breve"""\r\n\'=SOMMA(A1)\r\n"a;b"\r\n\r\n');
  });
});

describe('rigaIndicatori', () => {
  const rossi: Actor = { sub: 'op.rossi', roles: ['operatore'], office: 'CPI-TO-01' };
  const verdi: Actor = { sub: 'resp.verdi', roles: ['responsabile'], office: 'CPI-TO-01' };
  const datore: Actor = { sub: 'dat-1', roles: ['datore'], office: 'dat-1' };

  function stato(): OffertaState {
    const r = decideRichiesta(offerta(), datore, new Date('2026-03-02T09:00:00Z'));
    if (!r.ok) throw new Error('refused');
    let s = r.value.state;
    const passi: Array<[string, OffertaEvent]> = [
      [
        '2026-03-02T10:00:00Z',
        { type: 'congruita', actor: rossi, esito: 'congrua', finestra: { apertaIl: '2026-03-02T10:00:00Z', chiudeIl: '2026-03-04T10:00:00Z' } },
      ],
      ['2026-03-03T09:00:00Z', { type: 'adesione', actor: null, iscrittoId: 'b', iscritto: true }],
      ['2026-03-03T09:00:00Z', { type: 'adesione', actor: null, iscrittoId: 'a', iscritto: true }],
      ['2026-03-03T09:00:00Z', { type: 'adesione', actor: null, iscrittoId: 'z', iscritto: true }],
      ['2026-03-03T10:00:00Z', { type: 'ritiro', actor: null, iscrittoId: 'z' }],
      ['2026-03-04T10:00:00Z', { type: 'chiusuraAdesioni' }],
      ['2026-03-05T09:00:00Z', { type: 'graduatoriaPubblicata', actor: verdi, hash: 'c'.repeat(64), versioneRegole: 'v1', ordine: ['a'], esclusi: ['b'] }],
      ['2026-03-05T23:30:00Z', { type: 'rosaInviata', actor: rossi, candidati: ['a'] }], // 00:30 on 6 March in Rome
      ['2026-03-10T09:00:00Z', { type: 'esito', actor: datore, iscrittoId: 'a', esito: 'assunto' }],
    ];
    for (const [quando, e] of passi) {
      const x = decideOfferta(s, e, new Date(quando));
      if (!x.ok) throw new Error(`${e.type}: ${x.violations.map((v) => v.rule).join()}`);
      s = x.value.state;
    }
    return s;
  }

  it('derives an offer’s row from its state and the applicants’ registry data', () => {
    const anagrafica = new Map([
      ['a', { sesso: 'F' as const, dataNascita: '1990-01-01' }],
      ['b', { sesso: 'M' as const, dataNascita: '1980-01-01' }],
    ]);
    expect(rigaIndicatori(stato(), anagrafica)).toEqual({
      offertaId: 'off-1',
      ufficio: 'CPI-TO-01',
      dataRichiesta: '2026-03-02',
      inPreselezione: true,
      dataRosa: '2026-03-06',
      candidati: [
        { iscrittoId: 'a', sesso: 'F', dataNascita: '1990-01-01', idoneo: true, inviato: true, esito: 'assunto' },
        { iscrittoId: 'b', sesso: 'M', dataNascita: '1980-01-01', idoneo: false, inviato: false },
      ],
    });
    expect(() => rigaIndicatori(stato(), new Map())).toThrow(/anagrafica mancante/);
  });
});
