import type { Actor } from '../auth/roles';
import { italianHolidays } from '../calendar/festivita';
import { IspezioneEvent, IspezioneState, initialIspezioneState } from './ispezione.state';
import { decideIspezione } from './ispezione.machine';
import { POLITICA_ISPEZIONE_PREDEFINITA, ScadenzaIspezione, dateIspezione, politicaIspezione, scadenzeIspezione, terminiIspezione } from './scadenze';

const festivi = italianHolidays();
const rossi: Actor = { sub: 'isp.rossi', roles: ['ispettore'], office: 'ITL-PA' };
const verbale = { documentoId: 'doc-1', sha256: 'a'.repeat(64) };
const P = POLITICA_ISPEZIONE_PREDEFINITA;

/** Applies timed events through the state machine, failing on any refusal. */
function storia(...passi: Array<[string, IspezioneEvent]>): IspezioneState {
  let s = initialIspezioneState({ richiestaId: 'r1', ispettorato: 'ITL-PA' });
  for (const [quando, e] of passi) {
    const d = decideIspezione(s, e, new Date(quando));
    if (!d.ok) throw new Error(`${e.type} refused: ${d.violations.map((v) => v.rule).join(', ')}`);
    s = d.value.state;
  }
  return s;
}

const assegna = (quando: string, ispettoreId = 'isp.rossi', tentativo = 1): [string, IspezioneEvent] => [
  quando,
  { type: 'assegnata', ispettoreId, tentativo, via: 'sorteggio' },
];
const accetta = (quando: string, actor = rossi): [string, IspezioneEvent] => [quando, { type: 'accettazione', actor }];
const accede = (quando: string): [string, IspezioneEvent] => [quando, { type: 'primoAccesso', actor: rossi, data: quando.slice(0, 10), verbale }];

function scadenze(
  s: IspezioneState,
  now: string,
  opts: { politica?: typeof P; eseguite?: Set<string>; priorita?: 'alta' | 'media' | 'bassa' } = {},
): ScadenzaIspezione[] {
  return scadenzeIspezione(s, dateIspezione(s), opts.priorita ?? 'alta', opts.politica ?? P, festivi, opts.eseguite ?? new Set(), new Date(now));
}
const sintesi = (xs: ScadenzaIspezione[]) => xs.map((x) => `${x.tipo} ${x.at} ${x.destinatario.tipo}:${x.destinatario.nome}`);

describe('POLITICA_ISPEZIONE_PREDEFINITA and politicaIspezione', () => {
  it('has the documented defaults, and takes overrides in ms or as ISO durations', () => {
    expect(P).toEqual({
      primoAccessoGiorni: { alta: 10, media: 30, bassa: 90 },
      accettazioneGiorniLavorativi: 2,
      termineDiffidaGiorni: 30,
      verbaleUnicoGiorni: 90,
      preavvisoGiorni: 3,
      tolleranzaEscalationMs: 2 * 86_400_000,
      unitaMs: 86_400_000,
    });
    expect(politicaIspezione()).toEqual(P);
    const p = politicaIspezione({ primoAccessoGiorni: { alta: 1 }, unita: 'PT1S', tolleranzaEscalation: 'PT2S' });
    expect(p).toMatchObject({ primoAccessoGiorni: { alta: 1, media: 30, bassa: 90 }, unitaMs: 1000, tolleranzaEscalationMs: 2000 });
    expect(politicaIspezione({ unitaMs: 500 }).unitaMs).toBe(500);
    expect(() => politicaIspezione({ preavvisoGiorni: -1 })).toThrow(RangeError);
    expect(() => politicaIspezione({ unitaMs: 0 })).toThrow(RangeError);
    expect(() => politicaIspezione({ unita: 'P1W' })).toThrow();
  });
});

describe('scadenzeIspezione: acceptance', () => {
  it('within 2 working days of the assignment, skipping holidays and weekends; escalation after 2 days', () => {
    // Thu 30 Apr 2026: Fri 1 May is a holiday → Mon 4, Tue 5 May; lapses at the end of Tuesday in Italy (22:00 UTC).
    const s = storia(assegna('2026-04-30T10:00:00Z'));
    const x = scadenze(s, '2026-04-30T10:00:00Z');
    expect(sintesi(x)).toEqual(['scaduta 2026-05-05T22:00:00.000Z ispettore:isp.rossi', 'escalation 2026-05-07T22:00:00.000Z ruolo:dirigente']);
    expect(x[0]).toEqual({
      tipo: 'scaduta',
      at: '2026-05-05T22:00:00.000Z',
      chiave: 'scaduta:accettazione:r1#1',
      destinatario: { tipo: 'ispettore', nome: 'isp.rossi', ispettorato: 'ITL-PA' },
      riferimento: { richiestaId: 'r1', termine: 'accettazione', tentativo: 1, scadeIl: '2026-05-05T22:00:00.000Z' },
    });
    expect(x[1].destinatario).toEqual({ tipo: 'ruolo', nome: 'dirigente', ispettorato: 'ITL-PA' });
  });

  it('counts from the Italian date of the assignment (00:30 in Rome is still the next day)', () => {
    // Sunday 1 March 23:30 UTC is Monday 2 March 00:30 in Rome: Tue 3, Wed 4 → lapses at the end of Wednesday.
    const s = storia(assegna('2026-03-01T23:30:00Z'));
    // The 3-day reminder would fall on Sunday 1 March, before the assignment itself: there is none.
    expect(scadenze(s, '2026-03-02T08:00:00Z').map((x) => `${x.tipo} ${x.at}`)).toEqual([
      'scaduta 2026-03-04T23:00:00.000Z',
      'escalation 2026-03-06T23:00:00.000Z',
    ]);
  });

  it('has no reminder when it would come before the assignment; gets one when the notice period fits', () => {
    const s = storia(assegna('2026-03-02T08:00:00Z'));
    expect(scadenze(s, '2026-03-02T08:00:00Z').map((x) => x.tipo)).toEqual(['scaduta', 'escalation']);
    const uno = scadenze(s, '2026-03-02T08:00:00Z', { politica: { ...P, preavvisoGiorni: 1 } });
    expect(sintesi(uno)[0]).toBe('promemoria 2026-03-03T23:00:00.000Z ispettore:isp.rossi');
    expect(uno[0].chiave).toBe('promemoria:accettazione:r1#1');
  });

  it('is moot once accepted, and after an abstention until the redraw, which gets keys of its own', () => {
    const accettata = storia(assegna('2026-03-02T08:00:00Z'), accetta('2026-03-02T09:00:00Z'));
    expect(scadenze(accettata, '2026-03-02T09:00:00Z').some((x) => x.riferimento.termine === 'accettazione')).toBe(false);
    const astenuta = storia(assegna('2026-03-02T08:00:00Z'), ['2026-03-02T09:00:00Z', { type: 'astensione', actor: rossi, motivo: 'parente del titolare' }]);
    expect(scadenze(astenuta, '2026-03-02T09:00:00Z')).toEqual([]);
    const ridata = storia(
      assegna('2026-03-02T08:00:00Z'),
      ['2026-03-02T09:00:00Z', { type: 'astensione', actor: rossi, motivo: 'parente del titolare' }],
      assegna('2026-03-02T10:00:00Z', 'isp.bianchi', 2),
    );
    const x = scadenze(ridata, '2026-03-02T10:00:00Z', { eseguite: new Set(['scaduta:accettazione:r1#1']) });
    expect(x.map((y) => `${y.chiave} ${y.destinatario.nome}`)).toEqual(['scaduta:accettazione:r1#2 isp.bianchi', 'escalation:accettazione:r1#2 dirigente']);
  });
});

describe('scadenzeIspezione: first access', () => {
  const accettata = () => storia(assegna('2026-03-10T08:00:00Z'), accetta('2026-03-10T09:00:00Z'));

  it('within 10, 30 or 90 calendar days of acceptance by priority: reminder 3 days before, overdue, escalation', () => {
    expect(sintesi(scadenze(accettata(), '2026-03-10T09:00:00Z', { priorita: 'alta' }))).toEqual([
      'promemoria 2026-03-17T23:00:00.000Z ispettore:isp.rossi', // Wed 18 March, at midnight in Italy
      'scaduta 2026-03-20T23:00:00.000Z ispettore:isp.rossi', // last day Fri 20 March
      'escalation 2026-03-22T23:00:00.000Z ruolo:dirigente',
    ]);
    // Thu 9 April (summer time: midnight in Italy is 22:00 UTC) and Mon 8 June.
    expect(scadenze(accettata(), '2026-03-10T09:00:00Z', { priorita: 'media' })[1].at).toBe('2026-04-09T22:00:00.000Z');
    expect(scadenze(accettata(), '2026-03-10T09:00:00Z', { priorita: 'bassa' })[1].at).toBe('2026-06-08T22:00:00.000Z');
    expect(scadenze(accettata(), '2026-03-10T09:00:00Z')[1].chiave).toBe('scaduta:primo-accesso:r1#1');
  });

  it('keeps a reminder that is due (catch-up) until the deadline lapses, then only overdue and escalation', () => {
    expect(scadenze(accettata(), '2026-03-20T22:59:59.999Z').map((x) => x.tipo)).toEqual(['promemoria', 'scaduta', 'escalation']);
    expect(scadenze(accettata(), '2026-03-20T23:00:00.000Z').map((x) => x.tipo)).toEqual(['scaduta', 'escalation']);
  });

  it('moves a reminder that falls on a weekend to the working day before', () => {
    // Accepted Sat 14 March: last day Tue 24; 3 days before is Sunday 22 → Friday 20.
    const s = storia(assegna('2026-03-13T08:00:00Z'), accetta('2026-03-14T09:00:00Z'));
    expect(scadenze(s, '2026-03-14T09:00:00Z')[0].at).toBe('2026-03-19T23:00:00.000Z');
  });

  it('runs a calendar-day term that ends on a Sunday or a holiday to the next working day', () => {
    // Accepted Thu 12 March: 10 days end on Sunday 22 → Monday 23.
    const s = storia(assegna('2026-03-12T08:00:00Z'), accetta('2026-03-12T09:00:00Z'));
    expect(scadenze(s, '2026-03-12T09:00:00Z').find((x) => x.tipo === 'scaduta')?.at).toBe('2026-03-23T23:00:00.000Z');
  });

  it('leaves out executed keys, and is moot once the first access is done', () => {
    const done = new Set(['promemoria:primo-accesso:r1#1', 'scaduta:primo-accesso:r1#1']);
    expect(scadenze(accettata(), '2026-03-22T00:00:00Z', { eseguite: done }).map((x) => x.chiave)).toEqual(['escalation:primo-accesso:r1#1']);
    const s = storia(assegna('2026-03-10T08:00:00Z'), accetta('2026-03-10T09:00:00Z'), accede('2026-03-12T09:00:00Z'));
    expect(scadenze(s, '2026-03-12T09:00:00Z')).toEqual([]);
  });

  it('near deadlines: with unitaMs shrunk to 1 s, "10 days" is 10 s from the acceptance', () => {
    const politica = politicaIspezione({ unita: 'PT1S', tolleranzaEscalation: 'PT2S' });
    expect(sintesi(scadenze(accettata(), '2026-03-10T09:00:00Z', { politica }))).toEqual([
      'promemoria 2026-03-10T09:00:07.000Z ispettore:isp.rossi',
      'scaduta 2026-03-10T09:00:10.000Z ispettore:isp.rossi',
      'escalation 2026-03-10T09:00:12.000Z ruolo:dirigente',
    ]);
    // Acceptance: 2 "working days" are 2 units; the 3-unit reminder would precede the assignment, so there is none.
    const assegnata = storia(assegna('2026-03-10T08:00:00Z'));
    expect(sintesi(scadenze(assegnata, '2026-03-10T08:00:00Z', { politica }))).toEqual([
      'scaduta 2026-03-10T08:00:02.000Z ispettore:isp.rossi',
      'escalation 2026-03-10T08:00:04.000Z ruolo:dirigente',
    ]);
  });
});

describe('scadenzeIspezione: diffida and verbale unico', () => {
  const inCorso = () => storia(assegna('2026-03-10T08:00:00Z'), accetta('2026-03-10T09:00:00Z'), accede('2026-03-12T09:00:00Z'));
  const diffida = () => run(inCorso(), ['2026-03-16T10:00:00Z', { type: 'diffida', actor: rossi, notificataIl: '2026-03-16' }]);

  function run(s: IspezioneState, ...passi: Array<[string, IspezioneEvent]>): IspezioneState {
    for (const [quando, e] of passi) {
      const d = decideIspezione(s, e, new Date(quando));
      if (!d.ok) throw new Error(`${e.type} refused: ${d.violations.map((v) => v.rule).join(', ')}`);
      s = d.value.state;
    }
    return s;
  }

  it('an inspection in progress without a diffida has no deadline', () => {
    expect(scadenze(inCorso(), '2026-03-12T09:00:00Z')).toEqual([]);
  });

  it("tells the inspector to check compliance when the diffida's 30 days lapse: one notice, no reminder or escalation", () => {
    const s = diffida();
    expect(terminiIspezione(s, 'alta', P, festivi, new Date('2026-03-16T10:00:00Z')).find((t) => t.termine === 'diffida')?.ultimoGiorno).toBe('2026-04-15');
    const x = scadenze(s, '2026-03-16T10:00:00Z');
    expect(x).toEqual([
      {
        tipo: 'scaduta',
        at: '2026-04-15T22:00:00.000Z',
        chiave: 'scaduta:diffida:r1#1',
        destinatario: { tipo: 'ispettore', nome: 'isp.rossi', ispettorato: 'ITL-PA' },
        riferimento: { richiestaId: 'r1', termine: 'diffida', tentativo: 1, scadeIl: '2026-04-15T22:00:00.000Z' },
      },
    ]);
    expect(scadenze(s, '2026-03-16T10:00:00Z', { eseguite: new Set(['scaduta:diffida:r1#1']) })).toEqual([]);
  });

  it('the verbale unico is due 90 days after the end of checks; the diffida notice is moot by then', () => {
    const s = run(diffida(), ['2026-05-15T10:00:00Z', { type: 'fineAccertamenti', actor: rossi, data: '2026-05-15' }]);
    expect(sintesi(scadenze(s, '2026-05-15T10:00:00Z'))).toEqual([
      'promemoria 2026-08-10T22:00:00.000Z ispettore:isp.rossi',
      'scaduta 2026-08-13T22:00:00.000Z ispettore:isp.rossi', // last day Thu 13 August: 90 days after 15 May
      'escalation 2026-08-15T22:00:00.000Z ruolo:dirigente',
    ]);
    expect(scadenze(s, '2026-05-15T10:00:00Z').map((x) => x.chiave)).toEqual([
      'promemoria:verbale-unico:r1#1',
      'scaduta:verbale-unico:r1#1',
      'escalation:verbale-unico:r1#1',
    ]);
  });

  it('nothing is pending once the inspection is closed', () => {
    const s = run(
      inCorso(),
      ['2026-03-20T10:00:00Z', { type: 'fineAccertamenti', actor: rossi, data: '2026-03-20' }],
      ['2026-03-25T10:00:00Z', { type: 'chiusura', actor: rossi, esito: 'regolare', verbaleUnico: verbale }],
    );
    expect(s.stato).toBe('chiusa');
    expect(scadenze(s, '2026-03-25T10:00:00Z')).toEqual([]);
  });

  it('with shrunk units the clocks run from the instants the caller passes', () => {
    const s = diffida();
    const politica = politicaIspezione({ unitaMs: 1000 });
    const x = scadenzeIspezione(
      s,
      { diffidaNotificataIl: '2026-03-16T10:00:00.000Z' },
      'media',
      politica,
      festivi,
      new Set(),
      new Date('2026-03-16T10:00:00Z'),
    );
    expect(x.map((y) => `${y.tipo} ${y.at}`)).toEqual(['scaduta 2026-03-16T10:00:30.000Z']);
  });
});

describe('scadenzeIspezione: inconsistent input', () => {
  it('refuses an unknown priority and a missing clock start rather than dropping a deadline', () => {
    const s = storia(assegna('2026-03-10T08:00:00Z'));
    expect(() => scadenzeIspezione(s, dateIspezione(s), 'urgente' as never, P, festivi, new Set(), new Date())).toThrow(/priorità/);
    expect(() => scadenzeIspezione(s, {}, 'alta', P, festivi, new Set(), new Date())).toThrow(/accettazione/);
    expect(scadenzeIspezione(storia(), {}, 'alta', P, festivi, new Set(), new Date())).toEqual([]);
  });

  it('a reassignment of an accepted case starts a new acceptance term for the new inspector', () => {
    const dirigente: Actor = { sub: 'dir.verdi', roles: ['dirigente'], office: 'ITL-PA' };
    const responsabile: Actor = { sub: 'resp.neri', roles: ['responsabile'], office: 'ITL-PA' };
    const s = storia(
      assegna('2026-03-10T08:00:00Z'),
      accetta('2026-03-10T09:00:00Z'),
      ['2026-03-11T09:00:00Z', { type: 'riassegnazioneProposta', actor: responsabile, ispettoreId: 'isp.bianchi', motivo: 'assenza prolungata imprevista' }],
      ['2026-03-11T10:00:00Z', { type: 'riassegnazioneDecisa', actor: dirigente, esito: 'approvata' }],
      ['2026-03-11T10:00:01Z', { type: 'assegnata', ispettoreId: 'isp.bianchi', tentativo: 2, via: 'riassegnazione' }],
    );
    expect(scadenze(s, '2026-03-11T10:00:01Z').map((x) => `${x.chiave} ${x.at}`)).toEqual([
      'scaduta:accettazione:r1#2 2026-03-13T23:00:00.000Z',
      'escalation:accettazione:r1#2 2026-03-15T23:00:00.000Z',
    ]);
  });
});

describe('terminiIspezione: every term with its dates, as the API shows them', () => {
  const termini = (s: IspezioneState, now: string, priorita: 'alta' | 'media' | 'bassa' = 'alta', politica = P) =>
    Object.fromEntries(terminiIspezione(s, priorita, politica, festivi, new Date(now)).map((t) => [t.termine, t]));

  it('lists all four terms before the assignment, none started', () => {
    const t = termini(storia(), '2026-03-02T08:00:00Z');
    expect(Object.keys(t)).toEqual(['accettazione', 'primo-accesso', 'diffida', 'verbale-unico']);
    expect(t.accettazione).toEqual({
      termine: 'accettazione',
      descrizione: "accettare l'incarico o dichiarare l'astensione",
      giorni: 2,
      tipoGiorni: 'lavorativi',
      aCarico: 'ispettore',
      decorrenza: null,
      ultimoGiorno: null,
      scadeIl: null,
      stato: 'non-iniziato',
    });
    expect(t.diffida).toMatchObject({ giorni: 30, tipoGiorni: 'calendario', aCarico: 'azienda', stato: 'non-iniziato' });
  });

  it('gives the dates the notices use, and whether each term was met', () => {
    const s = storia(assegna('2026-04-30T10:00:00Z'), accetta('2026-05-06T09:00:00Z'));
    const t = termini(s, '2026-05-06T09:00:00Z', 'bassa');
    // Accepted on the day after the last day (Tue 5 May, holidays skipped): met late.
    expect(t.accettazione).toMatchObject({
      decorrenza: '2026-04-30',
      ultimoGiorno: '2026-05-05',
      scadeIl: '2026-05-05T22:00:00.000Z',
      stato: 'adempiuto-in-ritardo',
      adempiutoIl: '2026-05-06T09:00:00.000Z',
    });
    // 90 calendar days from Wed 6 May end on Tue 4 August, exactly; not yet due.
    expect(t['primo-accesso']).toMatchObject({
      giorni: 90,
      decorrenza: '2026-05-06',
      ultimoGiorno: '2026-08-04',
      scadeIl: '2026-08-04T22:00:00.000Z',
      stato: 'in-corso',
    });
    expect(termini(s, '2026-08-04T22:00:00Z', 'bassa')['primo-accesso'].stato).toBe('scaduto');
    const fatto = run(s, ['2026-05-20T10:00:00Z', { type: 'primoAccesso', actor: rossi, data: '2026-05-20', verbale }]);
    expect(termini(fatto, '2026-05-20T10:00:00Z', 'bassa')['primo-accesso']).toMatchObject({ stato: 'rispettato', adempiutoIl: '2026-05-20' });
  });

  it("runs the diffida's 30 days past a weekend and a holiday (25 April) to the next working day", () => {
    const s = run(storia(assegna('2026-03-10T08:00:00Z'), accetta('2026-03-10T09:00:00Z'), accede('2026-03-12T09:00:00Z')), [
      '2026-03-26T10:00:00Z',
      { type: 'diffida', actor: rossi, notificataIl: '2026-03-26' },
    ]);
    // 26 March + 30 days = Sat 25 April (a holiday), then Sunday: the term runs to Monday 27 April.
    expect(termini(s, '2026-03-26T10:00:00Z').diffida).toMatchObject({
      decorrenza: '2026-03-26',
      ultimoGiorno: '2026-04-27',
      scadeIl: '2026-04-27T22:00:00.000Z',
      stato: 'in-corso',
    });
  });

  it('with shrunk units, plain arithmetic from the instants', () => {
    const politica = politicaIspezione({ unita: 'PT1S' });
    const s = storia(assegna('2026-03-10T08:00:00Z'), accetta('2026-03-10T08:00:01Z'));
    expect(termini(s, '2026-03-10T08:00:01Z', 'alta', politica)['primo-accesso']).toMatchObject({ scadeIl: '2026-03-10T08:00:11.000Z', stato: 'in-corso' });
    expect(termini(s, '2026-03-10T08:00:01Z', 'alta', politica).accettazione).toMatchObject({ stato: 'rispettato' });
  });
});

function run(s: IspezioneState, ...passi: Array<[string, IspezioneEvent]>): IspezioneState {
  for (const [quando, e] of passi) {
    const d = decideIspezione(s, e, new Date(quando));
    if (!d.ok) throw new Error(`${e.type} refused: ${d.violations.map((v) => v.rule).join(', ')}`);
    s = d.value.state;
  }
  return s;
}
