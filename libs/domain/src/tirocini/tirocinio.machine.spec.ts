import type { Actor } from '../auth/roles';
import type { RuleViolation } from '../common/violation';
import {
  TirocinioEvent,
  TirocinioState,
  decideTirocinio,
  esitoPresenze,
  initialTirocinioState,
  limitiTirocinio,
  mesiPresenzeMancanti,
  prossimaAzione,
  STATI_CON_POSTO,
  STATI_FINALI_TIROCINIO,
} from './tirocinio.machine';
import type { RegolePackTirocini } from './tirocini.types';

/** A local rule pack (national defaults), so this spec does not depend on regole.ts. */
const regole: RegolePackTirocini = {
  regione: 'nazionale',
  versione: 'test-2027.1',
  validoDal: '2017-05-25',
  fonte: 'fixture di test',
  etaMinimaAnni: 16,
  durataMinimaMesi: 2,
  durataMassimaMesi: 12,
  durataMassimaMesiSvantaggiati: 24,
  fasceOspitante: [{ finoA: 5, massimo: 1 }, { finoA: 20, massimo: 2 }, { percentuale: 10 }],
  maxTirocinantiPerTutorOspitante: 3,
  maxTirocinantiPerTutorPromotore: 20,
  indennitaMinimaMensileCent: 30000,
  oreSettimanaliMassime: 40,
  sogliaPresenze: 0.7,
  integrazioneGiorniLavorativi: 10,
  preavvisoComunicazioneGiorniLavorativi: 5,
  mesiSenzaLicenziamenti: 12,
  anniSenzaRapportoPrecedente: 2,
  causeSospensione: [
    { causa: 'maternita', minimoGiorni: 0 },
    { causa: 'malattia-lunga', minimoGiorni: 0, minimoFrazioneDurata: 1 / 3 },
    { causa: 'chiusura-ospitante', minimoGiorni: 15 },
  ],
};

const UFF = 'CPI-FI';
const op: Actor = { sub: 'op.rossi', roles: ['operatore'], office: UFF };
const op2: Actor = { sub: 'op.bianchi', roles: ['operatore'], office: UFF };
const resp: Actor = { sub: 'resp.verdi', roles: ['responsabile'], office: UFF };
const respAltroUfficio: Actor = { sub: 'resp.blu', roles: ['responsabile'], office: 'CPI-PO' };
const prom: Actor = { sub: 'prom.neri', roles: ['promotore'], office: UFF };
const osp: Actor = { sub: 'osp.gialli', roles: ['ospitante'], office: UFF };
const SHA = 'ab'.repeat(32);

// A six-month traineeship: 1 March .. 31 August 2027 (184 days), 30 hours a week.
const progetto = { dataInizio: '2027-03-01', dataFine: '2027-08-31', oreSettimanali: 30, svantaggiato: false };
const bozza = (over: Partial<typeof progetto> = {}, pack = regole) =>
  initialTirocinioState({ tirocinioId: 't1', ufficio: UFF, progetto: { ...progetto, ...over }, regole: pack, creatoDa: op.sub });

const at = (when: string) => new Date(when.length === 10 ? `${when}T09:00:00Z` : when);
const rules = (d: ReturnType<typeof decideTirocinio>) => (d.ok ? [] : d.violations.map((v) => v.rule).sort());
const violazione = (d: ReturnType<typeof decideTirocinio>, rule: string): RuleViolation | undefined => (d.ok ? undefined : d.violations.find((v) => v.rule === rule));

/** Applies events in order, failing the test on the first refusal. */
function run(s: TirocinioState, ...passi: Array<[string, TirocinioEvent]>): TirocinioState {
  for (const [quando, e] of passi) {
    const d = decideTirocinio(s, e, at(quando));
    if (!d.ok) throw new Error(`${e.type} refused: ${d.violations.map((v) => v.rule).join(', ')}`);
    s = d.value.state;
  }
  return s;
}
const ok = (d: ReturnType<typeof decideTirocinio>) => {
  if (!d.ok) throw new Error(`refused: ${d.violations.map((v) => v.rule).join(', ')}`);
  return d.value;
};

const invio = (actor: Actor = prom): TirocinioEvent => ({ type: 'invio', actor, versioneRegole: regole.versione, violazioni: [] });
const approva = (actor: Actor = resp): TirocinioEvent => ({ type: 'decisione', actor, esito: 'approvata' });
const chiedi = (scadenza = '2027-02-15', actor: Actor = resp): TirocinioEvent => ({ type: 'decisione', actor, esito: 'integrazioni', motivo: 'manca la dichiarazione di selezione', scadenzaIntegrazioni: scadenza });
const integra = (actor: Actor = prom): TirocinioEvent => ({ type: 'integrazione', actor, note: 'allegata la dichiarazione' });
const co = (data = '2027-02-20', actor: Actor = osp): TirocinioEvent => ({ type: 'comunicazioneObbligatoria', actor, codice: 'UNILAV-1', data });
const presenze = (mese: string, ore: number, rettifica?: boolean, actor: Actor = osp): TirocinioEvent => ({ type: 'presenze', actor, mese, ore, ...(rettifica ? { rettifica } : {}) });
const sospendi = (causa: 'maternita' | 'malattia-lunga' | 'chiusura-ospitante' | 'infortunio-lungo', dal: string, actor: Actor = prom): TirocinioEvent => ({ type: 'sospensione', actor, causa, dal, motivo: 'certificato medico allegato' });
const riprendi = (al: string, actor: Actor = prom): TirocinioEvent => ({ type: 'ripresa', actor, al });

const inviata = () => run(bozza(), ['2027-02-01', invio()]);
const inAttesa = () => run(inviata(), ['2027-02-03', approva()]);
const conCO = () => run(inAttesa(), ['2027-02-20', co()]);
const attiva = () => run(conCO(), ['2027-03-01T00:00:00Z', { type: 'avvio' }]);
const conclusa = () => run(attiva(), ['2027-09-01T00:00:00Z', { type: 'conclusione', dataFine: '2027-08-31' }]);

describe('initialTirocinioState and limitiTirocinio', () => {
  it('starts as a draft with the pack’s values copied, the longer maximum for svantaggiati', () => {
    const s = initialTirocinioState({ tirocinioId: 't1', ufficio: UFF, progetto, regole, creatoDa: op.sub, ultimaModificaDa: op2.sub });
    expect(s).toMatchObject({
      stato: 'bozza', versioneRegole: 'test-2027.1', dataInizio: '2027-03-01', dataFinePrevista: '2027-08-31', dataFineEffettiva: '2027-08-31',
      creatoDa: op.sub, ultimaModificaDa: op2.sub, autori: [op.sub, op2.sub], sospensioni: [], presenze: [], proroghe: [], integrazioni: [],
    });
    expect(s.limiti).toEqual({
      durataMinimaMesi: 2, durataMassimaMesi: 12, sogliaPresenze: 0.7, causeSospensione: regole.causeSospensione,
      integrazioneGiorniLavorativi: 10, preavvisoComunicazioneGiorniLavorativi: 5,
    });
    expect(limitiTirocinio(regole, true).durataMassimaMesi).toBe(24);
    expect(bozza().autori).toEqual([op.sub]);
  });
});

describe('invio', () => {
  it('submits a clean draft, recording who and when', () => {
    const step = ok(decideTirocinio(bozza(), invio(), at('2027-02-01')));
    expect(step.state).toMatchObject({ stato: 'inviata', inviataDa: prom.sub, inviataIl: '2027-02-01T09:00:00.000Z', autori: [op.sub, prom.sub] });
    expect(step.transition).toEqual({ da: 'bozza', a: 'inviata', evento: 'invio', attore: prom.sub, il: '2027-02-01T09:00:00.000Z', dettagli: { versioneRegole: 'test-2027.1' } });
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
    expect(step.transition).toMatchObject({ da: 'inviata', a: 'attesa-comunicazione', evento: 'decisione', attore: resp.sub, dettagli: { esito: 'approvata' } });
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
    expect(rules(decideTirocinio(inviata(), { type: 'decisione', actor: resp, esito: 'integrazioni', motivo: 'manca un documento' }, at('2027-02-03')))).toEqual([
      'scadenza-integrazioni-mancante',
    ]);
    expect(rules(decideTirocinio(inviata(), { type: 'decisione', actor: resp, esito: 'integrazioni', scadenzaIntegrazioni: '2027-02-10' }, at('2027-02-03')))).toEqual([
      'motivazione-minima',
    ]);
  });

  it('segregation of duties: the creator, submitter or integrator cannot decide', () => {
    const doppio = (a: Actor): Actor => ({ ...a, roles: [...a.roles, 'responsabile'] });
    // creator (op) and submitter (prom), both also responsabile
    expect(rules(decideTirocinio(inviata(), approva(doppio(op)), at('2027-02-03')))).toEqual(['separazione-funzioni']);
    expect(rules(decideTirocinio(inviata(), approva(doppio(prom)), at('2027-02-03')))).toEqual(['separazione-funzioni']);
    // the last editor of the draft
    const s = run(initialTirocinioState({ tirocinioId: 't1', ufficio: UFF, progetto, regole, creatoDa: op.sub, ultimaModificaDa: op2.sub }), ['2027-02-01', invio()]);
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
    const integrata = run(s, ['2027-02-03', chiedi()], ['2027-02-05', { type: 'integrazione', actor: prom, note: 'allegato il documento', editori: [altro.sub] }]);
    expect(rules(decideTirocinio(integrata, approva(altro), at('2027-02-06')))).toEqual(['separazione-funzioni']);
    expect(rules(decideTirocinio(integrata, approva(doppio(op2)), at('2027-02-06')))).toEqual([]);
  });

  it('only a responsabile of the office, only on a submitted or integrated practice, with a known esito', () => {
    expect(rules(decideTirocinio(inviata(), approva(op2), at('2027-02-03')))).toEqual(['ruolo-non-ammesso']);
    expect(rules(decideTirocinio(inviata(), approva(respAltroUfficio), at('2027-02-03')))).toEqual(['ufficio-competente']);
    expect(rules(decideTirocinio(bozza(), approva(), at('2027-02-03')))).toEqual(['stato-non-ammesso']);
    expect(rules(decideTirocinio(inAttesa(), approva(), at('2027-02-03')))).toEqual(['stato-non-ammesso']);
    expect(rules(decideTirocinio(inviata(), { type: 'decisione', actor: resp, esito: 'forse' } as unknown as TirocinioEvent, at('2027-02-03')))).toEqual(['esito-ammesso']);
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
    expect(rules(decideTirocinio(richiesta(), { type: 'scadenzaIntegrazioni', scadenza: '2027-02-15' }, at('2027-02-15T23:59:59Z')))).toEqual(['scadenza-non-raggiunta']);
  });

  it('a stale timer of an earlier round is refused', () => {
    const secondo = run(richiesta(), ['2027-02-05', integra()], ['2027-02-08', chiedi('2027-02-20')]);
    expect(secondo.integrazioni).toHaveLength(2);
    expect(prossimaAzione(secondo)).toEqual({ azione: 'integrazione', chi: 'operatore o promotore', scadenza: '2027-02-20' });
    expect(rules(decideTirocinio(secondo, { type: 'scadenzaIntegrazioni', scadenza: '2027-02-15' }, at('2027-02-16')))).toEqual(['scadenza-non-corrente']);
    expect(rules(decideTirocinio(inviata(), { type: 'scadenzaIntegrazioni', scadenza: '2027-02-15' }, at('2027-02-16')))).toEqual(['stato-non-ammesso']);
  });
});

describe('comunicazione obbligatoria and avvio', () => {
  it('records the CO, dated at the latest on the start date and not in the future', () => {
    const step = ok(decideTirocinio(inAttesa(), co('2027-03-01'), at('2027-03-01T08:00:00Z')));
    expect(step.state.stato).toBe('attesa-comunicazione');
    expect(step.state.comunicazione).toEqual({ codice: 'UNILAV-1', data: '2027-03-01', registrataDa: osp.sub, registrataIl: '2027-03-01T08:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'attesa-comunicazione', a: 'attesa-comunicazione', evento: 'comunicazioneObbligatoria' });
    expect(rules(decideTirocinio(inAttesa(), co('2027-03-02'), at('2027-03-02')))).toEqual(['comunicazione-tardiva']);
    expect(rules(decideTirocinio(inAttesa(), co('2027-02-21'), at('2027-02-20')))).toEqual(['data-futura']);
    expect(ok(decideTirocinio(inAttesa(), co('2027-02-20'), at('2027-02-20'))).state.comunicazione?.data).toBe('2027-02-20');
  });

  it('needs a code, a real date, a host/promoter/operator of the office, and only once', () => {
    expect(rules(decideTirocinio(inAttesa(), { ...co(), codice: ' ' } as TirocinioEvent, at('2027-02-20')))).toEqual(['codice-comunicazione-mancante']);
    expect(rules(decideTirocinio(inAttesa(), co('2027-02-31'), at('2027-02-20')))).toEqual(['data-non-valida']);
    expect(rules(decideTirocinio(inAttesa(), co('2027-02-20', resp), at('2027-02-20')))).toEqual(['ruolo-non-ammesso']);
    expect(ok(decideTirocinio(inAttesa(), co('2027-02-20', op), at('2027-02-20'))).state.comunicazione?.registrataDa).toBe(op.sub);
    expect(rules(decideTirocinio(conCO(), co(), at('2027-02-21')))).toEqual(['comunicazione-gia-registrata']);
    expect(rules(decideTirocinio(inviata(), co(), at('2027-02-21')))).toEqual(['stato-non-ammesso']);
  });

  it('avvio at the start date: active with the CO, blocked without; not a moment before', () => {
    const step = ok(decideTirocinio(conCO(), { type: 'avvio' }, at('2027-03-01T00:00:00Z')));
    expect(step.state).toMatchObject({ stato: 'attiva', avviataIl: '2027-03-01T00:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'attesa-comunicazione', a: 'attiva', attore: null });
    const bloccato = ok(decideTirocinio(inAttesa(), { type: 'avvio' }, at('2027-03-01T00:00:00Z')));
    expect(bloccato.state).toMatchObject({ stato: 'avvio-bloccato', bloccataIl: '2027-03-01T00:00:00.000Z' });
    expect(bloccato.transition.motivo).toMatch(/comunicazione obbligatoria/);
    expect(rules(decideTirocinio(conCO(), { type: 'avvio' }, at('2027-02-28T23:59:59Z')))).toEqual(['avvio-non-raggiunto']);
    expect(rules(decideTirocinio(attiva(), { type: 'avvio' }, at('2027-03-01')))).toEqual(['stato-non-ammesso']);
  });

  it('a blocked start is released by a CO dated on time, recorded late', () => {
    const bloccato = run(inAttesa(), ['2027-03-01T00:00:00Z', { type: 'avvio' }]);
    expect(prossimaAzione(bloccato)).toEqual({ azione: 'comunicazioneObbligatoria', chi: 'ospitante', scadenza: '2027-03-01' });
    const step = ok(decideTirocinio(bloccato, co('2027-02-27'), at('2027-03-03')));
    expect(step.state).toMatchObject({ stato: 'attiva', avviataIl: '2027-03-03T09:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'avvio-bloccato', a: 'attiva' });
    expect(rules(decideTirocinio(bloccato, co('2027-03-02'), at('2027-03-03')))).toEqual(['comunicazione-tardiva']);
  });
});

describe('presenze', () => {
  it('one record per month, by the host, promoter or an operator, kept in month order', () => {
    const s = run(attiva(), ['2027-04-02', presenze('2027-03', 120)], ['2027-04-02', presenze('2027-04', 10, false, prom)]);
    const step = ok(decideTirocinio(s, presenze('2027-04', 12, true, op), at('2027-04-03')));
    expect(step.state.presenze.map((p) => [p.mese, p.ore, p.rettifiche, p.registrataDa])).toEqual([
      ['2027-03', 120, 0, osp.sub],
      ['2027-04', 12, 1, op.sub],
    ]);
    expect(step.transition.dettagli).toEqual({ mese: '2027-04', ore: 12, orePrecedenti: 10, rettifica: true });
    expect(rules(decideTirocinio(s, presenze('2027-03', 121), at('2027-04-03')))).toEqual(['presenze-gia-registrate']);
    expect(rules(decideTirocinio(s, presenze('2027-02', 1, true), at('2027-04-03')))).toEqual(['mese-fuori-periodo', 'rettifica-senza-presenze']);
    expect(rules(decideTirocinio(s, presenze('2027-05', 1, false, resp), at('2027-05-03')))).toEqual(['ruolo-non-ammesso']);
  });

  it('hours from 0 to the month\'s cap (a whole March: 5 weeks of the weekly hours), with at most two decimals', () => {
    const s = attiva();
    const prova = (ore: number) => rules(decideTirocinio(s, presenze('2027-03', ore), at('2027-03-31')));
    expect(prova(0)).toEqual([]);
    expect(prova(150)).toEqual([]);
    expect(prova(1.25)).toEqual([]);
    expect(prova(150.01)).toEqual(['ore-oltre-massimo']);
    expect(prova(-0.01)).toEqual(['ore-non-valide']);
    expect(prova(1.005)).toEqual(['ore-non-valide']);
    expect(prova(Number.NaN)).toEqual(['ore-non-valide']);
  });

  /** Submitted, approved, CO and started on `dataInizio`, 30 h a week. */
  const avviataIl = (dataInizio: string, dataFine: string) =>
    run(bozza({ dataInizio, dataFine }), ['2027-01-10', invio()], ['2027-01-12', approva()], ['2027-01-20', co('2027-01-20')], [`${dataInizio}T00:00:00Z`, { type: 'avvio' }]);

  it("caps a month's hours by its days in the period, in whole weeks: a start on the 25th holds one week, not five", () => {
    const s = avviataIl('2027-03-25', '2027-09-24');
    const prova = (ore: number) => decideTirocinio(s, presenze('2027-03', ore), at('2027-03-31'));
    expect(rules(prova(30))).toEqual([]);
    expect(rules(prova(150))).toEqual(['ore-oltre-massimo']);
    expect(violazione(prova(30.01), 'ore-oltre-massimo')).toEqual({
      rule: 'ore-oltre-massimo', field: 'ore', found: 30.01, limit: 30,
      message: 'le ore del mese non possono superare 30 (1 settimana di orario): 7 giorni del tirocinio nel mese, 0 sospesi',
    });
    // The next month is whole: five weeks.
    expect(rules(decideTirocinio(s, presenze('2027-04', 150), at('2027-04-30')))).toEqual([]);
  });

  it('counts the days up to the end: the effective one, or the interruption\'s day', () => {
    const breve = run(avviataIl('2027-02-01', '2027-08-15'), ['2027-08-16T00:00:00Z', { type: 'conclusione', dataFine: '2027-08-15' }]);
    expect(violazione(decideTirocinio(breve, presenze('2027-08', 91), at('2027-08-20')), 'ore-oltre-massimo')).toMatchObject({ limit: 90, message: expect.stringContaining('15 giorni del tirocinio nel mese') });
    expect(rules(decideTirocinio(breve, presenze('2027-08', 90), at('2027-08-20')))).toEqual([]);
    const interrotta = run(attiva(), ['2027-04-10', { type: 'interruzione', actor: prom, parte: 'tirocinante', motivo: 'assunzione presso altra azienda' }]);
    expect(violazione(decideTirocinio(interrotta, presenze('2027-04', 61), at('2027-04-11')), 'ore-oltre-massimo')).toMatchObject({ limit: 60, message: expect.stringContaining('10 giorni del tirocinio nel mese, 0 sospesi') });
    expect(rules(decideTirocinio(interrotta, presenze('2027-04', 60), at('2027-04-11')))).toEqual([]);
  });

  it('February: a whole non-leap one holds 4 weeks, a leap one 5', () => {
    const s = avviataIl('2027-02-01', '2027-07-31');
    expect(rules(decideTirocinio(s, presenze('2027-02', 120), at('2027-02-28')))).toEqual([]);
    expect(violazione(decideTirocinio(s, presenze('2027-02', 120.01), at('2027-02-28')), 'ore-oltre-massimo')).toMatchObject({ limit: 120, message: expect.stringContaining('(4 settimane di orario): 28 giorni') });
    const bisestile = run(
      bozza({ dataInizio: '2028-02-01', dataFine: '2028-07-31' }),
      ['2028-01-10', invio()], ['2028-01-12', approva()], ['2028-01-20', co('2028-01-20')], ['2028-02-01T00:00:00Z', { type: 'avvio' }],
    );
    expect(rules(decideTirocinio(bisestile, presenze('2028-02', 150), at('2028-02-29')))).toEqual([]);
    expect(rules(decideTirocinio(bisestile, presenze('2028-02', 150.01), at('2028-02-29')))).toEqual(['ore-oltre-massimo']);
  });

  it('leaves out the suspended days, and counts the stretches on each side of a suspension apart', () => {
    // Closed 4..28 April (25 days, over the host closure's 15): 1..3 and 29..30 April left, two stretches, two weeks.
    const ripresa = run(attiva(), ['2027-04-04', sospendi('chiusura-ospitante', '2027-04-04')], ['2027-04-29', riprendi('2027-04-28')]);
    expect(rules(decideTirocinio(ripresa, presenze('2027-04', 60), at('2027-05-02')))).toEqual([]);
    expect(violazione(decideTirocinio(ripresa, presenze('2027-04', 60.01), at('2027-05-02')), 'ore-oltre-massimo')).toMatchObject({
      limit: 60, message: 'le ore del mese non possono superare 60 (2 settimane di orario): 30 giorni del tirocinio nel mese, 25 sospesi',
    });
    // Suspended throughout April (closed in May): no hours.
    const tutto = run(attiva(), ['2027-03-25', sospendi('maternita', '2027-03-25')], ['2027-05-06', riprendi('2027-05-05')]);
    expect(rules(decideTirocinio(tutto, presenze('2027-04', 0), at('2027-05-06')))).toEqual([]);
    expect(violazione(decideTirocinio(tutto, presenze('2027-04', 1), at('2027-05-06')), 'ore-oltre-massimo')).toMatchObject({ limit: 0, message: expect.stringContaining('30 giorni del tirocinio nel mese, 30 sospesi') });
    // Still suspended: the open suspension counts to the month's end.
    const aperta = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')]);
    expect(violazione(decideTirocinio(aperta, presenze('2027-04', 1), at('2027-04-20')), 'ore-oltre-massimo')).toMatchObject({ limit: 0 });
    // An absence shorter than its cause's minimum (5 days of host closure) is no suspension: the cap stays whole.
    const assenza = run(attiva(), ['2027-04-05', sospendi('chiusura-ospitante', '2027-04-05')], ['2027-04-10', riprendi('2027-04-09')]);
    expect(rules(decideTirocinio(assenza, presenze('2027-04', 150), at('2027-05-02')))).toEqual([]);
  });

  it('holds a rettifica to the cap as it is when recorded: a suspension recorded later lowers it, the hours on record stay', () => {
    const s = avviataIl('2027-03-25', '2027-09-24');
    const registrate = run(s, ['2027-04-01', presenze('2027-03', 20)]);
    expect(ok(decideTirocinio(registrate, presenze('2027-03', 30, true), at('2027-04-02'))).state.presenze).toMatchObject([{ mese: '2027-03', ore: 30, rettifiche: 1 }]);
    expect(rules(decideTirocinio(registrate, presenze('2027-03', 31, true), at('2027-04-02')))).toEqual(['ore-oltre-massimo']);
    // 150 h for March, then a maternity leave recorded from 15 March: 14 days of work left, two weeks.
    const sospesaDopo = run(attiva(), ['2027-04-02', presenze('2027-03', 150)], ['2027-04-02', sospendi('maternita', '2027-03-15')], ['2027-04-05', riprendi('2027-04-04')]);
    expect(sospesaDopo.presenze).toMatchObject([{ mese: '2027-03', ore: 150 }]);
    expect(violazione(decideTirocinio(sospesaDopo, presenze('2027-03', 100, true), at('2027-04-06')), 'ore-oltre-massimo')).toMatchObject({ limit: 60, message: expect.stringContaining('31 giorni del tirocinio nel mese, 17 sospesi') });
    expect(rules(decideTirocinio(sospesaDopo, presenze('2027-03', 60, true), at('2027-04-06')))).toEqual([]);
  });

  it('with the fixed cap of histories recorded before the prorated one (RegoleStoriche), 5 weeks whatever the month', () => {
    const s = avviataIl('2027-03-25', '2027-09-24');
    const fisso = (ore: number) => decideTirocinio(s, presenze('2027-03', ore), at('2027-03-31'), { tettoPresenzeFisso: true });
    expect(rules(fisso(150))).toEqual([]);
    expect(violazione(fisso(150.01), 'ore-oltre-massimo')).toMatchObject({ limit: 150, message: 'le ore di un mese non possono superare 5 settimane di orario' });
    expect(rules(decideTirocinio(s, presenze('2027-03', 150), at('2027-03-31'), { tettoPresenzeFisso: false }))).toEqual(['ore-oltre-massimo']);
  });

  it('a month outside the period is refused for that alone, not for its cap', () => {
    const s = run(avviataIl('2027-03-25', '2027-09-24'), ['2027-04-02', presenze('2027-03', 30)]);
    expect(rules(decideTirocinio(s, presenze('2027-02', 30, true), at('2027-04-03')))).toEqual(['mese-fuori-periodo', 'rettifica-senza-presenze']);
  });

  it('months from the start month to the current one', () => {
    const s = attiva();
    expect(rules(decideTirocinio(s, presenze('2027-02', 1), at('2027-03-15')))).toEqual(['mese-fuori-periodo']);
    expect(rules(decideTirocinio(s, presenze('2027-03', 1), at('2027-03-15')))).toEqual([]);
    expect(rules(decideTirocinio(s, presenze('2027-04', 1), at('2027-03-31')))).toEqual(['mese-futuro']);
    expect(rules(decideTirocinio(s, presenze('2027-13', 1), at('2027-03-31')))).toEqual(['mese-non-valido']);
    expect(rules(decideTirocinio(conCO(), presenze('2027-03', 1), at('2027-03-31')))).toEqual(['stato-non-ammesso']);
  });

  it('after the end: the last month still, not later months, nothing once the attestazione is recorded', () => {
    const s = conclusa();
    expect(rules(decideTirocinio(s, presenze('2027-08', 100), at('2027-09-05')))).toEqual([]);
    expect(rules(decideTirocinio(s, presenze('2027-09', 1), at('2027-09-05')))).toEqual(['mese-fuori-periodo']);
    const chiusa = run(s, ['2027-09-05', { type: 'esitoAttestazione', attestazione: { emessa: false, motivo: 'presenze non sufficienti' } }]);
    expect(rules(decideTirocinio(chiusa, presenze('2027-08', 100), at('2027-09-06')))).toEqual(['attestazione-registrata']);
  });
});

describe('sospensione and ripresa', () => {
  it('suspends for a cause of the pack from today at the latest; resuming extends the end by the suspended days', () => {
    const sospesa = ok(decideTirocinio(attiva(), sospendi('chiusura-ospitante', '2027-04-01'), at('2027-04-01')));
    expect(sospesa.state.stato).toBe('sospesa');
    expect(sospesa.state.sospensioni).toEqual([
      { causa: 'chiusura-ospitante', dal: '2027-04-01', motivo: 'certificato medico allegato', registrataDa: prom.sub, registrataIl: '2027-04-01T09:00:00.000Z' },
    ]);
    expect(prossimaAzione(sospesa.state)).toEqual({ azione: 'ripresa', chi: 'promotore o operatore' });
    // 15 days (1..15 April): the host-closure minimum, counted
    const ripresa = ok(decideTirocinio(sospesa.state, riprendi('2027-04-15'), at('2027-04-16')));
    expect(ripresa.state).toMatchObject({ stato: 'attiva', dataFinePrevista: '2027-08-31', dataFineEffettiva: '2027-09-15' });
    expect(ripresa.state.sospensioni[0]).toMatchObject({ al: '2027-04-15', conteggiata: true, ripresaRegistrataDa: prom.sub });
    expect(ripresa.transition.dettagli).toMatchObject({ giorni: 15, conteggiata: true, minimoGiorni: 15, dataFineEffettiva: '2027-09-15' });
  });

  it('a suspension shorter than its cause’s minimum days is recorded but not counted', () => {
    const sospesa = run(attiva(), ['2027-04-01', sospendi('chiusura-ospitante', '2027-04-01')]);
    const step = ok(decideTirocinio(sospesa, riprendi('2027-04-14'), at('2027-04-15')));
    expect(step.state.sospensioni[0]).toMatchObject({ al: '2027-04-14', conteggiata: false });
    expect(step.state.dataFineEffettiva).toBe('2027-08-31');
    expect(step.transition.dettagli).toMatchObject({ giorni: 14, conteggiata: false });
  });

  it('illness counts from a third of the planned period (184 days: 62 days yes, 61 no)', () => {
    const sospesa = run(attiva(), ['2027-04-01', sospendi('malattia-lunga', '2027-04-01')]);
    const conta = ok(decideTirocinio(sospesa, riprendi('2027-06-01'), at('2027-06-02'))); // 62 days
    expect(conta.state.sospensioni[0].conteggiata).toBe(true);
    expect(conta.state.dataFineEffettiva).toBe('2027-11-01');
    expect(conta.transition.dettagli).toMatchObject({ minimoFrazioneDurata: '1/3', durataPrevistaGiorni: 184 });
    const nonConta = ok(decideTirocinio(sospesa, riprendi('2027-05-31'), at('2027-06-02'))); // 61 days
    expect(nonConta.state.sospensioni[0].conteggiata).toBe(false);
    expect(nonConta.state.dataFineEffettiva).toBe('2027-08-31');
  });

  it('maternity counts from one day', () => {
    const s = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')], ['2027-04-02', riprendi('2027-04-01')]);
    expect(s.dataFineEffettiva).toBe('2027-09-01');
  });

  it('refuses causes outside the pack, future or misplaced dates, short reasons, the host and non-active states', () => {
    const s = attiva();
    expect(rules(decideTirocinio(s, sospendi('infortunio-lungo', '2027-04-01'), at('2027-04-01')))).toEqual(['causa-non-ammessa']);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-04-02'), at('2027-04-01')))).toEqual(['data-futura']);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-02-28'), at('2027-04-01')))).toEqual(['sospensione-prima-inizio']);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-03-01'), at('2027-04-01')))).toEqual([]);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-09-01'), at('2027-09-01')))).toEqual(['sospensione-oltre-fine']);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-08-31'), at('2027-08-31')))).toEqual([]);
    expect(rules(decideTirocinio(s, { ...sospendi('maternita', '2027-04-01'), motivo: 'breve' } as TirocinioEvent, at('2027-04-01')))).toEqual(['motivazione-minima']);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-04-01', osp), at('2027-04-01')))).toEqual(['ruolo-non-ammesso']);
    expect(ok(decideTirocinio(s, sospendi('maternita', '2027-04-01', op), at('2027-04-01'))).state.stato).toBe('sospesa');
    const sospesa = run(s, ['2027-04-01', sospendi('maternita', '2027-04-01')]);
    expect(rules(decideTirocinio(sospesa, sospendi('maternita', '2027-04-02'), at('2027-04-02')))).toEqual(['stato-non-ammesso']);
  });

  it('a new suspension starts after the previous one ended', () => {
    const s = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')], ['2027-04-11', riprendi('2027-04-10')]);
    expect(rules(decideTirocinio(s, sospendi('maternita', '2027-04-10'), at('2027-04-12')))).toEqual(['sospensione-sovrapposta']);
    const step = ok(decideTirocinio(s, sospendi('maternita', '2027-04-11'), at('2027-04-12')));
    const ripresa = ok(decideTirocinio(step.state, riprendi('2027-04-12'), at('2027-04-13')));
    expect(ripresa.state.dataFineEffettiva).toBe('2027-09-12'); // 10 + 2 days
  });

  it('ripresa: not before the suspension began, not in the future, only while suspended', () => {
    const sospesa = run(attiva(), ['2027-04-05', sospendi('maternita', '2027-04-05')]);
    expect(rules(decideTirocinio(sospesa, riprendi('2027-04-04'), at('2027-04-10')))).toEqual(['ripresa-prima-sospensione']);
    expect(rules(decideTirocinio(sospesa, riprendi('2027-04-11'), at('2027-04-10')))).toEqual(['data-futura']);
    expect(rules(decideTirocinio(sospesa, riprendi('2027-04-10'), at('2027-04-10')))).toEqual([]);
    expect(rules(decideTirocinio(sospesa, riprendi('2027-04-10', osp), at('2027-04-10')))).toEqual(['ruolo-non-ammesso']);
    expect(rules(decideTirocinio(attiva(), riprendi('2027-04-10'), at('2027-04-10')))).toEqual(['stato-non-ammesso']);
  });
});

describe('proroga', () => {
  const proroga = (nuovaDataFine: string, actor: Actor = prom): TirocinioEvent => ({ type: 'proroga', actor, nuovaDataFine, motivo: 'completare il progetto formativo' });

  it('extends the planned end up to the maximum duration (12 months from 1 March 2027: 29 February 2028)', () => {
    const step = ok(decideTirocinio(attiva(), proroga('2028-02-29'), at('2027-06-01')));
    expect(step.state).toMatchObject({ dataFinePrevista: '2028-02-29', dataFineEffettiva: '2028-02-29' });
    expect(step.state.proroghe).toEqual([
      { daDataFine: '2027-08-31', aDataFine: '2028-02-29', motivo: 'completare il progetto formativo', registrataDa: prom.sub, registrataIl: '2027-06-01T09:00:00.000Z' },
    ]);
    const oltre = decideTirocinio(attiva(), proroga('2028-03-01'), at('2027-06-01'));
    expect(rules(oltre)).toEqual(['proroga-oltre-massimo']);
    expect(violazione(oltre, 'proroga-oltre-massimo')).toMatchObject({ found: '2028-03-01', limit: '2028-02-29' });
  });

  it('the longer maximum applies to svantaggiati', () => {
    const s = run(bozza({ svantaggiato: true }), ['2027-02-01', invio()], ['2027-02-03', approva()], ['2027-02-20', co()], ['2027-03-01T00:00:00Z', { type: 'avvio' }]);
    expect(ok(decideTirocinio(s, proroga('2029-02-28'), at('2027-06-01'))).state.dataFinePrevista).toBe('2029-02-28');
    expect(rules(decideTirocinio(s, proroga('2029-03-01'), at('2027-06-01')))).toEqual(['proroga-oltre-massimo']);
  });

  it('suspended days do not count towards the maximum: the effective end goes beyond it', () => {
    const s = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')], ['2027-04-11', riprendi('2027-04-10')]);
    const step = ok(decideTirocinio(s, proroga('2028-02-29'), at('2027-06-01')));
    expect(step.state.dataFineEffettiva).toBe('2028-03-10');
    expect(step.transition.dettagli).toEqual({ daDataFine: '2027-08-31', aDataFine: '2028-02-29', dataFineEffettiva: '2028-03-10' });
  });

  it("records what the checks read from the registry with the step (the site's count and its date, the trainee's data), and nothing when none came", () => {
    const controlloSede = { sedeId: 'sede-1', dipendentiIndeterminato: 25, dipendentiIndeterminatoDal: '2027-03-01', limite: 3, altriTirocini: 1 };
    const controlloTirocinante = { tirocinanteId: 'tir-1', codiceFiscale: 'RSSMRA05H15D612P', dataNascita: '2005-06-15' };
    const step = ok(decideTirocinio(attiva(), { ...proroga('2027-10-31'), controlloSede, controlloTirocinante } as TirocinioEvent, at('2027-06-01')));
    expect(step.transition.dettagli).toEqual({ daDataFine: '2027-08-31', aDataFine: '2027-10-31', dataFineEffettiva: '2027-10-31', controlloSede, controlloTirocinante });
    expect(ok(decideTirocinio(attiva(), proroga('2027-10-31'), at('2027-06-01'))).transition.dettagli).toEqual({ daDataFine: '2027-08-31', aDataFine: '2027-10-31', dataFineEffettiva: '2027-10-31' });
    const integrata = ok(decideTirocinio(run(inviata(), ['2027-02-03', chiedi()]), { ...integra(), controlloSede, controlloTirocinante } as TirocinioEvent, at('2027-02-05')));
    expect(integrata.transition.dettagli).toEqual({ richiesta: 1, controlloSede, controlloTirocinante });
  });

  it('must move the planned end forward; allowed while suspended; by promoter or operator only', () => {
    expect(rules(decideTirocinio(attiva(), proroga('2027-08-31'), at('2027-06-01')))).toEqual(['proroga-non-estende']);
    expect(ok(decideTirocinio(attiva(), proroga('2027-09-01'), at('2027-06-01'))).state.dataFinePrevista).toBe('2027-09-01');
    const sospesa = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')]);
    expect(ok(decideTirocinio(sospesa, proroga('2027-10-31', op), at('2027-06-01'))).state.stato).toBe('sospesa');
    expect(rules(decideTirocinio(attiva(), proroga('2027-10-31', osp), at('2027-06-01')))).toEqual(['ruolo-non-ammesso']);
    expect(rules(decideTirocinio(attiva(), { ...proroga('2027-10-31'), motivo: 'x' } as TirocinioEvent, at('2027-06-01')))).toEqual(['motivazione-minima']);
    expect(rules(decideTirocinio(conCO(), proroga('2027-10-31'), at('2027-02-21')))).toEqual(['stato-non-ammesso']);
  });
});

describe('interruzione', () => {
  const interrompi = (parte = 'tirocinante', actor: Actor = prom): TirocinioEvent => ({ type: 'interruzione', actor, parte, motivo: 'assunzione presso altra azienda' } as TirocinioEvent);

  it('ends an active traineeship today, on whose initiative', () => {
    const step = ok(decideTirocinio(attiva(), interrompi(), at('2027-05-10')));
    expect(step.state).toMatchObject({ stato: 'interrotta', conclusaIl: '2027-05-10T09:00:00.000Z' });
    expect(step.state.interruzione).toEqual({ parte: 'tirocinante', motivo: 'assunzione presso altra azienda', data: '2027-05-10', registrataDa: prom.sub, il: '2027-05-10T09:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'attiva', a: 'interrotta', motivo: 'assunzione presso altra azienda', dettagli: { parte: 'tirocinante', data: '2027-05-10' } });
  });

  it('closes an open suspension on the interruption day', () => {
    const sospesa = run(attiva(), ['2027-04-01', sospendi('maternita', '2027-04-01')]);
    const step = ok(decideTirocinio(sospesa, interrompi('ospitante', op), at('2027-04-10')));
    expect(step.state.sospensioni[0]).toMatchObject({ al: '2027-04-10', conteggiata: true });
    expect(step.state.dataFineEffettiva).toBe('2027-09-10');
    expect(step.transition.dettagli).toMatchObject({ sospensioneChiusa: { giorni: 10 } });
  });

  it('is the way out of a blocked start; refused after the end, for unknown parties, short reasons or the host', () => {
    const bloccato = run(inAttesa(), ['2027-03-01T00:00:00Z', { type: 'avvio' }]);
    expect(ok(decideTirocinio(bloccato, interrompi('ospitante'), at('2027-03-10'))).state.stato).toBe('interrotta');
    expect(ok(decideTirocinio(inAttesa(), interrompi('promotore'), at('2027-02-10'))).state.stato).toBe('interrotta');
    expect(rules(decideTirocinio(conclusa(), interrompi(), at('2027-09-02')))).toEqual(['stato-non-ammesso']);
    expect(rules(decideTirocinio(attiva(), interrompi('tutor'), at('2027-05-10')))).toEqual(['parte-non-ammessa']);
    expect(rules(decideTirocinio(attiva(), { type: 'interruzione', actor: prom, parte: 'tirocinante', motivo: 'breve' }, at('2027-05-10')))).toEqual(['motivazione-minima']);
    expect(rules(decideTirocinio(attiva(), interrompi('ospitante', osp), at('2027-05-10')))).toEqual(['ruolo-non-ammesso']);
  });
});

describe('conclusione', () => {
  it('at the start of the day after the effective end, for that end date only', () => {
    const step = ok(decideTirocinio(attiva(), { type: 'conclusione', dataFine: '2027-08-31' }, at('2027-09-01T00:00:00Z')));
    expect(step.state).toMatchObject({ stato: 'conclusa', conclusaIl: '2027-09-01T00:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'attiva', a: 'conclusa', attore: null, dettagli: { dataFineEffettiva: '2027-08-31' } });
    expect(rules(decideTirocinio(attiva(), { type: 'conclusione', dataFine: '2027-08-31' }, at('2027-08-31T23:59:59Z')))).toEqual(['fine-non-raggiunta']);
  });

  it('a timer for an end date that has moved is refused, and so is one while suspended', () => {
    const prorogata = run(attiva(), ['2027-06-01', { type: 'proroga', actor: prom, nuovaDataFine: '2027-09-30', motivo: 'completare il progetto' }]);
    expect(rules(decideTirocinio(prorogata, { type: 'conclusione', dataFine: '2027-08-31' }, at('2027-09-01T00:00:00Z')))).toEqual(['fine-non-corrente']);
    const sospesa = run(attiva(), ['2027-08-30', sospendi('maternita', '2027-08-30')]);
    expect(rules(decideTirocinio(sospesa, { type: 'conclusione', dataFine: '2027-08-31' }, at('2027-09-01T00:00:00Z')))).toEqual(['stato-non-ammesso']);
  });
});

describe('esitoAttestazione and esitoPresenze', () => {
  // Planned: 184 days × 30 h / 7 = 788.57 → 789 h; 70% = 552.3 h.
  const conPresenze = (ultimo: number) =>
    run(
      conclusa(),
      ...['2027-03', '2027-04', '2027-05', '2027-06', '2027-07'].map((m): [string, TirocinioEvent] => ['2027-09-02', presenze(m, 92)]),
      ['2027-09-02', presenze('2027-08', ultimo)],
    );
  const emessa: TirocinioEvent = { type: 'esitoAttestazione', attestazione: { emessa: true, documentoId: 'doc-9', sha256: SHA } };

  it('issued at exactly 70% of the planned hours, refused a hundredth of an hour below', () => {
    const s = conPresenze(92.3);
    expect(esitoPresenze(s)).toEqual({ orePresenza: 552.3, oreProgrammate: 789, soglia: 0.7, percentuale: 70, sufficiente: true });
    expect(esitoPresenze(conPresenze(92.29))).toMatchObject({ percentuale: 69.9, sufficiente: false });
    const step = ok(decideTirocinio(s, emessa, at('2027-09-03')));
    expect(step.state.attestazione).toEqual({ emessa: true, documentoId: 'doc-9', sha256: SHA, il: '2027-09-03T09:00:00.000Z' });
    expect(step.transition).toMatchObject({ da: 'conclusa', a: 'conclusa', evento: 'esitoAttestazione', attore: null, dettagli: { emessa: true, orePresenza: 552.3, oreProgrammate: 789 } });
    expect(prossimaAzione(step.state)).toBeUndefined();
    const scarse = decideTirocinio(conPresenze(92.29), emessa, at('2027-09-03'));
    expect(rules(scarse)).toEqual(['presenze-insufficienti']);
    expect(violazione(scarse, 'presenze-insufficienti')?.message).toMatch(/70%/);
  });

  it('not issued needs a reason; recorded once; needs a stored document when issued', () => {
    const s = conPresenze(92.3);
    const non = ok(decideTirocinio(s, { type: 'esitoAttestazione', attestazione: { emessa: false, motivo: 'rinuncia del tirocinante' } }, at('2027-09-03')));
    expect(non.state.attestazione).toEqual({ emessa: false, motivo: 'rinuncia del tirocinante', il: '2027-09-03T09:00:00.000Z' });
    expect(rules(decideTirocinio(s, { type: 'esitoAttestazione', attestazione: { emessa: false, motivo: 'no' } }, at('2027-09-03')))).toEqual(['motivazione-minima']);
    expect(rules(decideTirocinio(non.state, emessa, at('2027-09-04')))).toEqual(['attestazione-gia-registrata']);
    expect(rules(decideTirocinio(s, { type: 'esitoAttestazione', attestazione: { emessa: true, documentoId: 'doc-9', sha256: SHA.toUpperCase() } }, at('2027-09-03')))).toEqual(['documento-non-valido']);
    expect(rules(decideTirocinio(attiva(), emessa, at('2027-05-03')))).toEqual(['presenze-insufficienti', 'stato-non-ammesso']);
  });

  it('after an interruption the threshold is on the planned hours of the whole PFI', () => {
    const s = run(attiva(), ['2027-04-02', presenze('2027-03', 130)], ['2027-04-10', { type: 'interruzione', actor: prom, parte: 'tirocinante', motivo: 'assunzione presso altra azienda' }]);
    expect(esitoPresenze(s)).toMatchObject({ orePresenza: 130, oreProgrammate: 789, sufficiente: false });
    expect(rules(decideTirocinio(s, emessa, at('2027-04-11')))).toEqual(['presenze-insufficienti']);
  });
});

describe('prossimaAzione', () => {
  it('names the next step, who takes it and its deadline', () => {
    expect(prossimaAzione(bozza())).toEqual({ azione: 'invio', chi: 'operatore o promotore' });
    // Submitted 2027-02-01: the decision is due 30 days later; after an integration, 30 days after it.
    expect(prossimaAzione(inviata())).toEqual({ azione: 'decisione', chi: 'responsabile', scadenza: '2027-03-03' });
    expect(prossimaAzione(run(inviata(), ['2027-02-03', chiedi()], ['2027-02-05', integra()]))).toEqual({ azione: 'decisione', chi: 'responsabile', scadenza: '2027-03-07' });
    expect(prossimaAzione(inAttesa())).toEqual({ azione: 'comunicazioneObbligatoria', chi: 'ospitante', scadenza: '2027-03-01' });
    expect(prossimaAzione(conCO())).toEqual({ azione: 'avvio', chi: 'sistema', scadenza: '2027-03-01' });
    expect(prossimaAzione(attiva())).toEqual({ azione: 'conclusione', chi: 'sistema', scadenza: '2027-08-31' });
    expect(prossimaAzione(run(inviata(), ['2027-02-03', { type: 'decisione', actor: resp, esito: 'respinta', motivo: 'requisiti non presenti' }]))).toBeUndefined();
  });

  it('after the end: the missing monthly attendance first, then the attestazione', () => {
    // Ended 2027-08-31 with no attendance: the register is due within GIORNI_REGISTRO_FINALE days.
    expect(prossimaAzione(conclusa())).toEqual({ azione: 'presenze', chi: 'ospitante', scadenza: '2027-09-10' });
    expect(mesiPresenzeMancanti(conclusa())).toEqual(['2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08']);
    const quasi = run(conclusa(), ...['2027-03', '2027-04', '2027-05', '2027-06', '2027-07'].map((m): [string, TirocinioEvent] => ['2027-09-02', presenze(m, 100)]));
    expect(mesiPresenzeMancanti(quasi)).toEqual(['2027-08']);
    const tutte = run(conclusa(), ...['2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08'].map((m): [string, TirocinioEvent] => ['2027-09-02', presenze(m, 100)]));
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
      expect(step.state).toMatchObject({ stato: 'ritirata', ritiro: { da: prom.sub, motivo: 'il tirocinante ha trovato un impiego', il: '2027-02-25T09:00:00.000Z' } });
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
