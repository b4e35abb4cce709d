import type { Actor } from '../auth/roles';
import type { RuleViolation } from '../common/violation';
import {
  UFF,
  at,
  attiva,
  approva,
  bozza,
  chiedi,
  conCO,
  conclusa,
  inAttesa,
  integra,
  invio,
  inviata,
  ok,
  op,
  op2,
  osp,
  presenze,
  progetto,
  prom,
  regole,
  resp,
  respAltroUfficio,
  rules,
  run,
} from './__fixtures__/tirocinio';
import { TirocinioEvent, initialTirocinioState, limitiTirocinio, STATI_CON_POSTO, STATI_FINALI_TIROCINIO } from './tirocinio.state';
import { decideTirocinio } from './tirocinio.machine';
import { mesiPresenzeMancanti, prossimaAzione, tirocinioTerminato } from './tirocinio.views';

describe('initialTirocinioState and limitiTirocinio', () => {
  it('starts as a draft with the pack’s values copied, the longer maximum for svantaggiati', () => {
    const s = initialTirocinioState({ tirocinioId: 't1', ufficio: UFF, progetto, regole, creatoDa: op.sub, ultimaModificaDa: op2.sub });
    expect(s).toMatchObject({
      stato: 'bozza',
      versioneRegole: 'test-2027.1',
      dataInizio: '2027-03-01',
      dataFinePrevista: '2027-08-31',
      dataFineEffettiva: '2027-08-31',
      creatoDa: op.sub,
      ultimaModificaDa: op2.sub,
      autori: [op.sub, op2.sub],
      sospensioni: [],
      presenze: [],
      proroghe: [],
      integrazioni: [],
    });
    expect(s.limiti).toEqual({
      durataMinimaMesi: 2,
      durataMassimaMesi: 12,
      sogliaPresenze: 0.7,
      causeSospensione: regole.causeSospensione,
      integrazioneGiorniLavorativi: 10,
      preavvisoComunicazioneGiorniLavorativi: 5,
    });
    expect(limitiTirocinio(regole, true).durataMassimaMesi).toBe(24);
    expect(bozza().autori).toEqual([op.sub]);
  });
});

describe('invio', () => {
  it('submits a clean draft, recording who and when', () => {
    const step = ok(decideTirocinio(bozza(), invio(), at('2027-02-01')));
    expect(step.state).toMatchObject({ stato: 'inviata', inviataDa: prom.sub, inviataIl: '2027-02-01T09:00:00.000Z', autori: [op.sub, prom.sub] });
    expect(step.transition).toEqual({
      da: 'bozza',
      a: 'inviata',
      evento: 'invio',
      attore: prom.sub,
      il: '2027-02-01T09:00:00.000Z',
      dettagli: { versioneRegole: 'test-2027.1' },
    });
  });

  it('refuses when the checks found violations, returning them as they are', () => {
    const v: RuleViolation = { rule: 'durata-massima', field: 'dataFine', message: 'troppo lungo' };
    const d = decideTirocinio(bozza(), { ...invio(), violazioni: [v] } as TirocinioEvent, at('2027-02-01'));
    expect(d).toEqual({ ok: false, violations: [v] });
  });

  it('refuses checks made with another rule pack version', () => {
    expect(rules(decideTirocinio(bozza(), { ...invio(), versioneRegole: 'altra' } as TirocinioEvent, at('2027-02-01')))).toEqual(['versione-regole']);
  });

  it('only an operatore or promotore of the office, only from the draft', () => {
    expect(rules(decideTirocinio(bozza(), invio(osp), at('2027-02-01')))).toEqual(['ruolo-non-ammesso']);
    expect(rules(decideTirocinio(bozza(), invio({ ...op, office: 'CPI-PO' }), at('2027-02-01')))).toEqual(['ufficio-competente']);
    expect(ok(decideTirocinio(bozza(), invio(op), at('2027-02-01'))).state.stato).toBe('inviata');
    expect(rules(decideTirocinio(inviata(), invio(), at('2027-02-01')))).toEqual(['stato-non-ammesso']);
  });
});

describe('decisione', () => {
  it('approval goes straight to waiting for the comunicazione obbligatoria', () => {
    const step = ok(decideTirocinio(inviata(), approva(), at('2027-02-03')));
    expect(step.state.stato).toBe('attesa-comunicazione');
    expect(step.state.decisione).toEqual({ esito: 'approvata', decisaDa: resp.sub, il: '2027-02-03T09:00:00.000Z' });
    expect(step.transition).toMatchObject({
      da: 'inviata',
      a: 'attesa-comunicazione',
      evento: 'decisione',
      attore: resp.sub,
      dettagli: { esito: 'approvata' },
    });
  });

  it('a rejection needs a reason of at least 10 characters', () => {
    const respingi = (motivo: string): TirocinioEvent => ({ type: 'decisione', actor: resp, esito: 'respinta', motivo });
    expect(rules(decideTirocinio(inviata(), respingi('123456789'), at('2027-02-03')))).toEqual(['motivazione-minima']);
    expect(rules(decideTirocinio(inviata(), respingi('   '), at('2027-02-03')))).toEqual(['motivazione-minima']);
    const step = ok(decideTirocinio(inviata(), respingi(' 1234567890 '), at('2027-02-03')));
    expect(step.state).toMatchObject({ stato: 'respinta', decisione: { esito: 'respinta', motivo: '1234567890' } });
    expect(step.transition.motivo).toBe('1234567890');
  });

  it('a request for integrations needs a reason and a deadline after today', () => {
    const step = ok(decideTirocinio(inviata(), chiedi('2027-02-04'), at('2027-02-03')));
    expect(step.state.stato).toBe('integrazioni-richieste');
    expect(step.state.integrazioni).toEqual([
      { richiesta: { motivo: 'manca la dichiarazione di selezione', scadenza: '2027-02-04', richiestaDa: resp.sub, il: '2027-02-03T09:00:00.000Z' } },
    ]);
    expect(step.transition.dettagli).toEqual({ esito: 'integrazioni', scadenzaIntegrazioni: '2027-02-04', richiesta: 1 });
    expect(rules(decideTirocinio(inviata(), chiedi('2027-02-03'), at('2027-02-03')))).toEqual(['scadenza-non-futura']);
    expect(rules(decideTirocinio(inviata(), chiedi('2027-02-30'), at('2027-02-03')))).toEqual(['data-non-valida']);
    expect(
      rules(decideTirocinio(inviata(), { type: 'decisione', actor: resp, esito: 'integrazioni', motivo: 'manca un documento' }, at('2027-02-03'))),
    ).toEqual(['scadenza-integrazioni-mancante']);
    expect(
      rules(decideTirocinio(inviata(), { type: 'decisione', actor: resp, esito: 'integrazioni', scadenzaIntegrazioni: '2027-02-10' }, at('2027-02-03'))),
    ).toEqual(['motivazione-minima']);
  });

  it('segregation of duties: the creator, submitter or integrator cannot decide', () => {
    const doppio = (a: Actor): Actor => ({ ...a, roles: [...a.roles, 'responsabile'] });
    // creator (op) and submitter (prom), both also responsabile
    expect(rules(decideTirocinio(inviata(), approva(doppio(op)), at('2027-02-03')))).toEqual(['separazione-funzioni']);
    expect(rules(decideTirocinio(inviata(), approva(doppio(prom)), at('2027-02-03')))).toEqual(['separazione-funzioni']);
    // the last editor of the draft
    const s = run(initialTirocinioState({ tirocinioId: 't1', ufficio: UFF, progetto, regole, creatoDa: op.sub, ultimaModificaDa: op2.sub }), [
      '2027-02-01',
      invio(),
    ]);
    expect(rules(decideTirocinio(s, approva(doppio(op2)), at('2027-02-03')))).toEqual(['separazione-funzioni']);
    // whoever integrated
    const integrata = run(inviata(), ['2027-02-03', chiedi()], ['2027-02-05', integra(op2)]);
    expect(integrata.ultimaModificaDa).toBe(op2.sub);
    expect(rules(decideTirocinio(integrata, approva(doppio(op2)), at('2027-02-06')))).toEqual(['separazione-funzioni']);
    expect(ok(decideTirocinio(integrata, approva(), at('2027-02-06'))).state.stato).toBe('attesa-comunicazione');
  });

  it('segregation of duties: anyone who edited the draft or uploaded its documents cannot decide either', () => {
    const doppio = (a: Actor): Actor => ({ ...a, roles: [...a.roles, 'responsabile'] });
    const uploader: Actor = { sub: 'op.allegati', roles: ['operatore', 'responsabile'], office: UFF };
    const altro: Actor = { sub: 'op.integrazioni', roles: ['operatore', 'responsabile'], office: UFF };
    const s = run(bozza(), ['2027-02-01', { type: 'invio', actor: prom, versioneRegole: regole.versione, violazioni: [], editori: [uploader.sub, op.sub] }]);
    expect(s.autori).toEqual(expect.arrayContaining([uploader.sub, op.sub, prom.sub]));
    expect(rules(decideTirocinio(s, approva(uploader), at('2027-02-03')))).toEqual(['separazione-funzioni']);
    const integrata = run(
      s,
      ['2027-02-03', chiedi()],
      ['2027-02-05', { type: 'integrazione', actor: prom, note: 'allegato il documento', editori: [altro.sub] }],
    );
    expect(rules(decideTirocinio(integrata, approva(altro), at('2027-02-06')))).toEqual(['separazione-funzioni']);
    expect(rules(decideTirocinio(integrata, approva(doppio(op2)), at('2027-02-06')))).toEqual([]);
  });

  it('only a responsabile of the office, only on a submitted or integrated practice, with a known esito', () => {
    expect(rules(decideTirocinio(inviata(), approva(op2), at('2027-02-03')))).toEqual(['ruolo-non-ammesso']);
    expect(rules(decideTirocinio(inviata(), approva(respAltroUfficio), at('2027-02-03')))).toEqual(['ufficio-competente']);
    expect(rules(decideTirocinio(bozza(), approva(), at('2027-02-03')))).toEqual(['stato-non-ammesso']);
    expect(rules(decideTirocinio(inAttesa(), approva(), at('2027-02-03')))).toEqual(['stato-non-ammesso']);
    expect(rules(decideTirocinio(inviata(), { type: 'decisione', actor: resp, esito: 'forse' } as unknown as TirocinioEvent, at('2027-02-03')))).toEqual([
      'esito-ammesso',
    ]);
  });
});

describe('integrazione and its deadline', () => {
  const richiesta = () => run(inviata(), ['2027-02-03', chiedi('2027-02-15')]);

  it('the submitter side answers until the end of the deadline day', () => {
    const step = ok(decideTirocinio(richiesta(), integra(), at('2027-02-15T23:59:59Z')));
    expect(step.state.stato).toBe('integrata');
    expect(step.state.integrazioni[0].risposta).toEqual({ note: 'allegata la dichiarazione', da: prom.sub, il: '2027-02-15T23:59:59.000Z' });
    expect(step.transition).toMatchObject({ da: 'integrazioni-richieste', a: 'integrata', motivo: 'allegata la dichiarazione' });
    expect(rules(decideTirocinio(richiesta(), integra(), at('2027-02-16T00:00:00Z')))).toEqual(['integrazioni-scadute']);
  });

  it('needs a note, the submitter side of the office, and an open request', () => {
    expect(rules(decideTirocinio(richiesta(), { type: 'integrazione', actor: prom, note: '  ' }, at('2027-02-05')))).toEqual(['nota-mancante']);
    expect(rules(decideTirocinio(richiesta(), integra(resp), at('2027-02-05')))).toEqual(['ruolo-non-ammesso']);
    expect(rules(decideTirocinio(inviata(), integra(), at('2027-02-05')))).toEqual(['stato-non-ammesso']);
  });

  it('the lapsed deadline archives the practice, not before the day after', () => {
    const step = ok(decideTirocinio(richiesta(), { type: 'scadenzaIntegrazioni', scadenza: '2027-02-15' }, at('2027-02-16T00:00:00Z')));
    expect(step.state).toMatchObject({ stato: 'archiviata', archiviataIl: '2027-02-16T00:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'integrazioni-richieste', a: 'archiviata', attore: null });
    expect(rules(decideTirocinio(richiesta(), { type: 'scadenzaIntegrazioni', scadenza: '2027-02-15' }, at('2027-02-15T23:59:59Z')))).toEqual([
      'scadenza-non-raggiunta',
    ]);
  });

  it('a stale timer of an earlier round is refused', () => {
    const secondo = run(richiesta(), ['2027-02-05', integra()], ['2027-02-08', chiedi('2027-02-20')]);
    expect(secondo.integrazioni).toHaveLength(2);
    expect(prossimaAzione(secondo)).toEqual({ azione: 'integrazione', chi: 'operatore o promotore', scadenza: '2027-02-20' });
    expect(rules(decideTirocinio(secondo, { type: 'scadenzaIntegrazioni', scadenza: '2027-02-15' }, at('2027-02-16')))).toEqual(['scadenza-non-corrente']);
    expect(rules(decideTirocinio(inviata(), { type: 'scadenzaIntegrazioni', scadenza: '2027-02-15' }, at('2027-02-16')))).toEqual(['stato-non-ammesso']);
  });
});

describe('prossimaAzione', () => {
  it('names the next step, who takes it and its deadline', () => {
    expect(prossimaAzione(bozza())).toEqual({ azione: 'invio', chi: 'operatore o promotore' });
    // Submitted 2027-02-01: the decision is due 30 days later; after an integration, 30 days after it.
    expect(prossimaAzione(inviata())).toEqual({ azione: 'decisione', chi: 'responsabile', scadenza: '2027-03-03' });
    expect(prossimaAzione(run(inviata(), ['2027-02-03', chiedi()], ['2027-02-05', integra()]))).toEqual({
      azione: 'decisione',
      chi: 'responsabile',
      scadenza: '2027-03-07',
    });
    expect(prossimaAzione(inAttesa())).toEqual({ azione: 'comunicazioneObbligatoria', chi: 'ospitante', scadenza: '2027-03-01' });
    expect(prossimaAzione(conCO())).toEqual({ azione: 'avvio', chi: 'sistema', scadenza: '2027-03-01' });
    expect(prossimaAzione(attiva())).toEqual({ azione: 'conclusione', chi: 'sistema', scadenza: '2027-08-31' });
    expect(
      prossimaAzione(run(inviata(), ['2027-02-03', { type: 'decisione', actor: resp, esito: 'respinta', motivo: 'requisiti non presenti' }])),
    ).toBeUndefined();
  });

  it('after the end: the missing monthly attendance first, then the attestazione', () => {
    // Ended 2027-08-31 with no attendance: the register is due within GIORNI_REGISTRO_FINALE days.
    expect(prossimaAzione(conclusa())).toEqual({ azione: 'presenze', chi: 'ospitante', scadenza: '2027-09-10' });
    expect(mesiPresenzeMancanti(conclusa())).toEqual(['2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08']);
    const quasi = run(
      conclusa(),
      ...['2027-03', '2027-04', '2027-05', '2027-06', '2027-07'].map((m): [string, TirocinioEvent] => ['2027-09-02', presenze(m, 100)]),
    );
    expect(mesiPresenzeMancanti(quasi)).toEqual(['2027-08']);
    const tutte = run(
      conclusa(),
      ...['2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08'].map((m): [string, TirocinioEvent] => ['2027-09-02', presenze(m, 100)]),
    );
    expect(prossimaAzione(tutte)).toEqual({ azione: 'esitoAttestazione', chi: 'promotore' });
    expect(mesiPresenzeMancanti(tutte)).toEqual([]);
    const maiAvviato = run(inAttesa(), ['2027-02-10', { type: 'interruzione', actor: prom, parte: 'ospitante', motivo: 'rinuncia prima della partenza' }]);
    expect(prossimaAzione(maiAvviato)).toEqual({ azione: 'esitoAttestazione', chi: 'promotore' });
    expect(mesiPresenzeMancanti(maiAvviato)).toEqual([]);
  });
});

describe('ritiro', () => {
  const ritira = (actor: Actor = prom, motivo = 'il tirocinante ha trovato un impiego'): TirocinioEvent => ({ type: 'ritiro', actor, motivo });

  it('withdraws a request before its start, recording who, when and why; the practice no longer holds a place', () => {
    for (const s of [inviata(), inAttesa(), conCO()]) {
      const step = ok(decideTirocinio(s, ritira(), at('2027-02-25')));
      expect(step.state).toMatchObject({
        stato: 'ritirata',
        ritiro: { da: prom.sub, motivo: 'il tirocinante ha trovato un impiego', il: '2027-02-25T09:00:00.000Z' },
      });
      expect(step.transition).toMatchObject({ da: s.stato, a: 'ritirata', evento: 'ritiro', attore: prom.sub, motivo: 'il tirocinante ha trovato un impiego' });
      expect(STATI_CON_POSTO).not.toContain(step.state.stato);
      expect(STATI_FINALI_TIROCINIO).toContain(step.state.stato);
      expect(prossimaAzione(step.state)).toBeUndefined();
    }
  });

  it('is refused for a draft, once started, to the host, and without a reason', () => {
    expect(rules(decideTirocinio(bozza(), ritira(), at('2027-02-01')))).toEqual(['stato-non-ammesso']);
    expect(rules(decideTirocinio(attiva(), ritira(), at('2027-03-05')))).toEqual(['stato-non-ammesso']);
    expect(rules(decideTirocinio(inviata(), ritira(osp), at('2027-02-02')))).toContain('ruolo-non-ammesso');
    expect(rules(decideTirocinio(inviata(), ritira(prom, 'breve'), at('2027-02-02')))).toEqual(['motivazione-minima']);
  });
});

describe('tirocinioTerminato', () => {
  it('ends the procedure in a final state, or once the attestazione is decided, issued or not', () => {
    expect(tirocinioTerminato(bozza())).toBe(false);
    for (const stato of ['respinta', 'archiviata', 'ritirata'] as const) expect(tirocinioTerminato({ ...bozza(), stato })).toBe(true);
    expect(tirocinioTerminato({ ...bozza(), stato: 'conclusa' })).toBe(false);
    expect(
      tirocinioTerminato({
        ...bozza(),
        stato: 'interrotta',
        attestazione: { emessa: false, motivo: 'presenze insufficienti', il: '2027-09-01T09:00:00.000Z' },
      }),
    ).toBe(true);
  });
});
