import type { Actor } from '../auth/roles';
import { iscritto, offerta } from './__fixtures__/collocamento';
import { calcolaGraduatoria, hashGraduatoria } from './graduatoria';
import { REGOLE_PIEMONTE_2023 } from './graduatoria.regole';
import { OffertaEvent, OffertaState, adesioniAttive, candidatiRosaSuccessiva, decideOfferta, decideRichiesta, eventoGraduatoriaPubblicata } from './offerta.machine';
import { scadenzeOfferta } from './sla';

const UFF = 'CPI-TO-01';
const rossi: Actor = { sub: 'op.rossi', roles: ['operatore'], office: UFF };
const bianchi: Actor = { sub: 'op.bianchi', roles: ['operatore'], office: UFF };
const verdi: Actor = { sub: 'resp.verdi', roles: ['responsabile'], office: UFF };
const fuori: Actor = { sub: 'op.neri', roles: ['operatore'], office: 'CPI-AT-01' };
const datore: Actor = { sub: 'dat-1', roles: ['datore'], office: 'dat-1' };
const altroDatore: Actor = { sub: 'dat-2', roles: ['datore'], office: 'dat-2' };
const HASH = 'ab'.repeat(32);

const off = offerta();
const sla = scadenzeOfferta({ richiestaIl: '2026-03-02T09:00:00Z' }); // scadenza Mon 9 March, end 23:00Z; avviso 5 March 23:00Z
const finestra = { apertaIl: '2026-03-02T10:00:00.000Z', chiudeIl: '2026-03-05T10:00:00.000Z' };
const d = (s: string) => new Date(s);

const rules = (x: ReturnType<typeof decideOfferta>) => (x.ok ? [] : x.violations.map((v) => v.rule).sort());

function richiesta(actor: Actor = datore): OffertaState {
  const r = decideRichiesta(off, actor, d('2026-03-02T09:00:00Z'), sla);
  if (!r.ok) throw new Error(r.violations.map((v) => v.rule).join());
  return r.value.state;
}

/** Applies timed events, failing on a refusal. */
function run(s: OffertaState, ...passi: Array<[string, OffertaEvent]>): OffertaState {
  for (const [quando, e] of passi) {
    const r = decideOfferta(s, e, d(quando));
    if (!r.ok) throw new Error(`${e.type} refused: ${r.violations.map((v) => v.rule).join(', ')}`);
    s = r.value.state;
  }
  return s;
}

const congrua = (): [string, OffertaEvent] => ['2026-03-02T10:00:00Z', { type: 'congruita', actor: bianchi, esito: 'congrua', finestra }];
const aderisce = (id: string, quando = '2026-03-03T09:00:00Z'): [string, OffertaEvent] => [quando, { type: 'adesione', actor: null, iscrittoId: id, iscritto: true }];
const chiude = (): [string, OffertaEvent] => [finestra.chiudeIl, { type: 'chiusuraAdesioni' }];
const pubblicata = () => run(richiesta(), congrua());
const chiusa = (...ids: string[]) => run(pubblicata(), ...ids.map((id) => aderisce(id)), chiude());
const graduatoria = (ordine: string[], esclusi: string[] = []): [string, OffertaEvent] => [
  '2026-03-06T09:00:00Z',
  { type: 'graduatoriaPubblicata', actor: verdi, hash: HASH, versioneRegole: 'piemonte-dgr-7-6435-2023/1', ordine, esclusi },
];
const conGraduatoria = () => run(chiusa('a', 'b', 'c', 'd', 'e'), graduatoria(['c', 'a', 'e', 'b'], ['d']));
const rosaInviata = () => run(conGraduatoria(), ['2026-03-06T10:00:00Z', { type: 'rosaInviata', actor: rossi, candidati: ['c', 'a', 'e'] }]);
const esito = (iscrittoId: string, e: 'assunto' | 'non-idoneo' | 'non-presentato' | 'rifiuto', actor: Actor = datore, motivo?: string): [string, OffertaEvent] => [
  '2026-03-20T09:00:00Z',
  { type: 'esito', actor, iscrittoId, esito: e, motivo },
];

describe('decideRichiesta', () => {
  it('enters the request for the employer itself, with the service level and who/when', () => {
    const r = decideRichiesta(off, datore, d('2026-03-02T09:00:00Z'), sla);
    expect(r.ok && r.value.state).toMatchObject({
      offertaId: 'off-1',
      stato: 'richiesta',
      richiesta: { inseritaDa: 'dat-1', inseritaIl: '2026-03-02T09:00:00.000Z' },
      sla: { scadenza: '2026-03-09', scadeIl: '2026-03-09T23:00:00.000Z', avvisoIl: '2026-03-05T23:00:00.000Z', avvisoInviato: false, violata: false },
    });
    expect(r.ok && r.value.transition).toEqual({ azione: 'richiesta', from: null, to: 'richiesta', actor: datore, at: '2026-03-02T09:00:00.000Z' });
    expect(decideRichiesta(off, rossi, d('2026-03-02T09:00:00Z')).ok).toBe(true);
  });

  it("identifies an employer's user by the soggetto in its token (the employer's codice fiscale), not by who they are", () => {
    const persona = (soggetto: string): Actor => ({ sub: 'mario.verdi', roles: ['datore'], office: 'CPI-TO', soggetto });
    const r = decideRichiesta(off, persona('01234567897'), d('2026-03-02T09:00:00Z'), sla, '01234567897');
    expect(r.ok && r.value.state.datoreCodiceFiscale).toBe('01234567897');
    const stato = r.ok ? r.value.state : richiesta();
    const rule = (x: ReturnType<typeof decideRichiesta>) => (x.ok ? [] : x.violations.map((v) => v.rule));
    expect(rule(decideRichiesta(off, persona('98765432109'), d('2026-03-02T09:00:00Z'), sla, '01234567897'))).toEqual(['datore-non-corrispondente']);
    // A soggetto never matches an offer whose employer's code was not kept: only the legacy subject rule applies there.
    expect(rule(decideRichiesta(off, persona('dat-1'), d('2026-03-02T09:00:00Z'), sla))).toEqual(['datore-non-corrispondente']);
    const conRosa = { ...stato, stato: 'rosa-inviata' as const, rosa: { candidati: ['a'], inviataDa: 'rossi', inviataIl: '2026-03-06T10:00:00.000Z' } };
    const e = (a: Actor) => decideOfferta(conRosa, { type: 'esito', actor: a, iscrittoId: 'a', esito: 'assunto' }, d('2026-03-20T09:00:00Z'));
    expect(e(persona('01234567897')).ok).toBe(true);
    expect(e(persona('98765432109')).ok).toBe(false);
  });

  it('refuses another employer, another office and a role without a say', () => {
    const chi = (a: Actor) => {
      const r = decideRichiesta(off, a, d('2026-03-02T09:00:00Z'), sla);
      return r.ok ? [] : r.violations.map((v) => v.rule);
    };
    expect(chi(altroDatore)).toEqual(['datore-non-corrispondente']);
    expect(chi(fuori)).toEqual(['ufficio-competente']);
    expect(chi({ sub: 'isp.x', roles: ['ispettore'], office: UFF })).toEqual(['ruolo-non-ammesso']);
  });

  it('lists every defect of the offer', () => {
    const cattiva = offerta({
      profilo: ' ',
      posti: 0,
      dimensioneRosa: 1.5,
      mansioni: [],
      oreSettimanali: 48.5,
      contratto: 'tempo-determinato',
      competenzeRichieste: [{ codice: 'A' }, { codice: 'A', peso: 2 }],
      dataRichiesta: '2026-03-03',
      categoria: 'art99' as never,
    });
    const r = decideRichiesta(cattiva, rossi, d('2026-03-02T09:00:00Z'));
    expect(r.ok ? [] : r.violations.map((v) => v.rule).sort()).toEqual([
      'campo-obbligatorio',
      'categoria-ammessa',
      'competenza-non-valida',
      'data-futura',
      'dimensione-rosa',
      'durata-contratto',
      'mansioni-mancanti',
      'ore-settimanali',
      'posti',
    ]);
    expect(decideRichiesta(offerta({ oreSettimanali: 48, contratto: 'tempo-determinato', durataMesi: 12 }), rossi, d('2026-03-02T09:00:00Z')).ok).toBe(true);
    expect(decideRichiesta(offerta({ mansioni: ['A', 'A'] }), rossi, d('2026-03-02T09:00:00Z')).ok).toBe(false);
  });
});

describe('congruità', () => {
  it('publishes a congrua offer with its window, judged by someone other than who entered it', () => {
    const r = decideOfferta(richiesta(), congrua()[1], d(congrua()[0]));
    expect(r.ok && r.value.state).toMatchObject({ stato: 'pubblicata', finestra, congruita: { esito: 'congrua', valutataDa: 'op.bianchi' } });
    expect(r.ok && r.value.transition).toMatchObject({ azione: 'congruita', from: 'richiesta', to: 'pubblicata', actor: bianchi });
    const propria = decideOfferta(richiesta(bianchi), congrua()[1], d(congrua()[0]));
    expect(rules(propria)).toEqual(['separazione-compiti']);
  });

  it('refuses the employer, a bad window and a non-congruità without reasons', () => {
    const s = richiesta();
    const quando = d('2026-03-02T10:00:00Z');
    expect(rules(decideOfferta(s, { type: 'congruita', actor: datore, esito: 'congrua', finestra }, quando))).toEqual(['ruolo-non-ammesso', 'separazione-compiti', 'ufficio-competente']);
    expect(rules(decideOfferta(s, { type: 'congruita', actor: bianchi, esito: 'congrua' }, quando))).toEqual(['finestra-non-valida']);
    expect(rules(decideOfferta(s, { type: 'congruita', actor: bianchi, esito: 'congrua', finestra: { apertaIl: finestra.chiudeIl, chiudeIl: finestra.chiudeIl } }, quando))).toEqual(['finestra-non-valida']);
    expect(rules(decideOfferta(s, { type: 'congruita', actor: bianchi, esito: 'non-congrua', motivo: ' troppo ' }, quando))).toEqual(['motivazione-minima']);
    expect(rules(decideOfferta(s, { type: 'congruita', actor: bianchi, esito: 'forse' as never }, quando))).toEqual(['esito-ammesso']);
  });

  it('ends a non-congrua offer with its reason; nothing happens after', () => {
    const r = decideOfferta(richiesta(), { type: 'congruita', actor: bianchi, esito: 'non-congrua', motivo: ' mansioni non coerenti con il profilo ' }, d('2026-03-02T10:00:00Z'));
    expect(r.ok && r.value.state).toMatchObject({ stato: 'non-congrua', congruita: { esito: 'non-congrua', motivo: 'mansioni non coerenti con il profilo' } });
    expect(r.ok && r.value.transition.motivazione).toBe('mansioni non coerenti con il profilo');
    if (!r.ok) return;
    expect(rules(decideOfferta(r.value.state, aderisce('a')[1], d('2026-03-03T09:00:00Z')))).toEqual(['stato-non-ammesso']);
    expect(rules(decideOfferta(r.value.state, { type: 'slaScaduta' }, d('2026-03-10T09:00:00Z')))).toEqual(['stato-non-ammesso']);
  });
});

describe('adesioni', () => {
  it('records an adesione (online: by nobody in person) and refuses a duplicate', () => {
    const s = run(pubblicata(), aderisce('a'));
    expect(s.adesioni.a).toEqual({ iscrittoId: 'a', il: '2026-03-03T09:00:00.000Z', registrataDa: null });
    expect(rules(decideOfferta(s, aderisce('a')[1], d('2026-03-03T10:00:00Z')))).toEqual(['adesione-duplicata']);
    const allo = decideOfferta(s, { type: 'adesione', actor: rossi, iscrittoId: 'b', iscritto: true }, d('2026-03-03T10:00:00Z'));
    expect(allo.ok && allo.value.state.adesioni.b.registrataDa).toBe('op.rossi');
    expect(allo.ok && allo.value.transition).toMatchObject({ azione: 'adesione', from: 'pubblicata', to: 'pubblicata', iscrittoId: 'b', actor: rossi });
  });

  it('refuses someone not on the office’s list, and staff of another office', () => {
    const s = pubblicata();
    expect(rules(decideOfferta(s, { type: 'adesione', actor: null, iscrittoId: 'x', iscritto: false }, d('2026-03-03T09:00:00Z')))).toEqual(['non-iscritto']);
    expect(rules(decideOfferta(s, { type: 'adesione', actor: fuori, iscrittoId: 'x', iscritto: true }, d('2026-03-03T09:00:00Z')))).toEqual(['ufficio-competente']);
    expect(rules(decideOfferta(s, { type: 'adesione', actor: null, iscrittoId: '', iscritto: true }, d('2026-03-03T09:00:00Z')))).toEqual(['iscritto-mancante']);
  });

  it('accepts adesioni from the opening instant to just before the closing one', () => {
    const s = pubblicata();
    expect(rules(decideOfferta(s, aderisce('a')[1], d('2026-03-02T09:59:59.999Z')))).toEqual(['finestra-non-aperta']);
    expect(decideOfferta(s, aderisce('a')[1], d(finestra.apertaIl)).ok).toBe(true);
    expect(decideOfferta(s, aderisce('a')[1], d('2026-03-05T09:59:59.999Z')).ok).toBe(true);
    expect(rules(decideOfferta(s, aderisce('a')[1], d(finestra.chiudeIl)))).toEqual(['finestra-chiusa']);
  });

  it('allows a withdrawal until the close, and a new adesione after it', () => {
    const s = run(pubblicata(), aderisce('a'), ['2026-03-04T09:00:00Z', { type: 'ritiro', actor: null, iscrittoId: 'a' }]);
    expect(s.adesioni.a).toMatchObject({ ritirataIl: '2026-03-04T09:00:00.000Z', ritirataDa: null });
    expect(adesioniAttive(s)).toEqual([]);
    expect(rules(decideOfferta(s, { type: 'ritiro', actor: null, iscrittoId: 'a' }, d('2026-03-04T10:00:00Z')))).toEqual(['adesione-inesistente']);
    expect(adesioniAttive(run(s, aderisce('a', '2026-03-04T11:00:00Z')))).toEqual(['a']);
    const conA = run(pubblicata(), aderisce('a'));
    expect(rules(decideOfferta(conA, { type: 'ritiro', actor: null, iscrittoId: 'a' }, d(finestra.chiudeIl)))).toEqual(['finestra-chiusa']);
  });

  it('treats any id as data (no prototype keys)', () => {
    expect(adesioniAttive(run(pubblicata(), aderisce('constructor'), aderisce('__proto__')))).toEqual(['__proto__', 'constructor']);
  });
});

describe('closing, graduatoria and rosa', () => {
  it('closes by the timer only once the window has ended', () => {
    const s = run(pubblicata(), aderisce('a'));
    expect(rules(decideOfferta(s, { type: 'chiusuraAdesioni' }, d('2026-03-05T09:59:59Z')))).toEqual(['finestra-aperta']);
    const r = decideOfferta(s, { type: 'chiusuraAdesioni' }, d(finestra.chiudeIl));
    expect(r.ok && r.value.state).toMatchObject({ stato: 'chiusa-adesioni', chiusuraAdesioniIl: finestra.chiudeIl });
    expect(r.ok && r.value.transition).toMatchObject({ actor: null, motivazione: '1 adesioni attive' });
  });

  it('takes the service level at closing when it counts from there', () => {
    const senza = decideRichiesta(off, datore, d('2026-03-02T09:00:00Z'));
    if (!senza.ok) throw new Error('refused');
    expect(senza.value.state.sla).toBeUndefined();
    const daChiusura = scadenzeOfferta({ richiestaIl: '2026-03-02', chiusuraAdesioniIl: finestra.chiudeIl }, { giorniStandard: 5, avvisoDopoGiorni: 3, patroni: [], origine: 'chiusura-adesioni' });
    const s = run(senza.value.state, congrua(), [finestra.chiudeIl, { type: 'chiusuraAdesioni', sla: daChiusura }]);
    expect(s.sla).toMatchObject({ scadenza: '2026-03-12', violata: false });
  });

  it('publishes the graduatoria (a responsabile) when ranked and excluded are exactly the applicants', () => {
    const s = chiusa('a', 'b', 'c');
    const pubblica = (actor: Actor, ordine: string[], esclusi: string[], hash = HASH) =>
      decideOfferta(s, { type: 'graduatoriaPubblicata', actor, hash, versioneRegole: 'v1', ordine, esclusi }, d('2026-03-06T09:00:00Z'));
    expect(rules(pubblica(rossi, ['a', 'b'], ['c']))).toEqual(['ruolo-non-ammesso']);
    expect(rules(pubblica(verdi, ['a', 'b'], ['c'], 'AB'))).toEqual(['hash-non-valido']);
    const incoerente = pubblica(verdi, ['a', 'x', 'a'], []);
    expect(rules(incoerente)).toEqual(['graduatoria-incoerente']);
    expect(!incoerente.ok && incoerente.violations[0].found).toEqual({ estranei: ['x'], ripetuti: ['a'], mancanti: ['b', 'c'] });
    const ok = pubblica(verdi, ['b', 'a'], ['c']);
    expect(ok.ok && ok.value.state.graduatoria).toMatchObject({ hash: HASH, versioneRegole: 'v1', ordine: ['b', 'a'], esclusi: ['c'], pubblicataDa: 'resp.verdi' });
  });

  it('takes a computed graduatoria as the publication event', () => {
    const g = calcolaGraduatoria({
      offerta: off,
      regole: REGOLE_PIEMONTE_2023,
      dataRiferimento: '2026-03-05',
      candidati: [iscritto('a'), iscritto('b', { statoOccupazionale: 'occupato' }), iscritto('c', { percentualeInvalidita: 90 })],
    });
    const e = eventoGraduatoriaPubblicata(verdi, g, hashGraduatoria(g));
    expect(e).toMatchObject({ type: 'graduatoriaPubblicata', versioneRegole: REGOLE_PIEMONTE_2023.versione, ordine: ['c', 'a'], esclusi: ['b'] });
    const r = decideOfferta(chiusa('a', 'b', 'c'), e, d('2026-03-06T09:00:00Z'));
    expect(r.ok && r.value.state.graduatoria?.hash).toBe(hashGraduatoria(g));
  });

  it('sends exactly the top posti × dimensioneRosa, in order, within the service level', () => {
    const s = conGraduatoria();
    const invia = (candidati: string[], quando = '2026-03-06T10:00:00Z') => decideOfferta(s, { type: 'rosaInviata', actor: rossi, candidati }, d(quando));
    expect(rules(invia(['a', 'c', 'e']))).toEqual(['rosa-non-conforme']);
    expect(rules(invia(['c', 'a']))).toEqual(['rosa-non-conforme']);
    expect(rules(invia(['c', 'a', 'e', 'b']))).toEqual(['rosa-non-conforme']);
    const ok = invia(['c', 'a', 'e']);
    expect(ok.ok && ok.value.state).toMatchObject({ stato: 'rosa-inviata', rosa: { candidati: ['c', 'a', 'e'], inviataDa: 'op.rossi' }, sla: { violata: false } });
    expect(ok.ok && ok.value.transition.slaViolata).toBeUndefined();
  });

  it('records a breach when the rosa leaves after the term', () => {
    const s = conGraduatoria();
    const inTempo = decideOfferta(s, { type: 'rosaInviata', actor: rossi, candidati: ['c', 'a', 'e'] }, d('2026-03-09T22:59:59Z'));
    expect(inTempo.ok && inTempo.value.state.sla?.violata).toBe(false);
    const tardi = decideOfferta(s, { type: 'rosaInviata', actor: rossi, candidati: ['c', 'a', 'e'] }, d('2026-03-09T23:00:00Z'));
    expect(tardi.ok && tardi.value.state.sla).toMatchObject({ violata: true, violataIl: '2026-03-09T23:00:00.000Z' });
    expect(tardi.ok && tardi.value.transition.slaViolata).toBe(true);
  });

  it('concludes at once when nobody is eligible (empty rosa)', () => {
    const s = run(chiusa('a'), graduatoria([], ['a']));
    const r = decideOfferta(s, { type: 'rosaInviata', actor: rossi, candidati: [] }, d('2026-03-06T10:00:00Z'));
    expect(r.ok && r.value.state).toMatchObject({ stato: 'conclusa', conclusione: { motivo: 'nessun-idoneo' } });
  });
});

describe('esiti', () => {
  it('records who reported what; a refusal is flagged for the person’s status', () => {
    const r = decideOfferta(rosaInviata(), esito('c', 'rifiuto', datore)[1], d('2026-03-20T09:00:00Z'));
    expect(r.ok && r.value.state.stato).toBe('rosa-inviata');
    const segnalazione = { iscrittoId: 'c', tipo: 'rifiuto-offerta-congrua', offertaId: 'off-1', il: '2026-03-20T09:00:00.000Z', registrataDa: 'dat-1' };
    expect(r.ok && r.value.state.segnalazioni).toEqual([segnalazione]);
    expect(r.ok && r.value.transition).toMatchObject({ azione: 'esito', iscrittoId: 'c', motivazione: 'rifiuto', segnalazione, actor: datore });
  });

  it('refuses someone not sent, a second outcome, another employer, and "non idoneo" without reasons', () => {
    const s = run(rosaInviata(), esito('c', 'non-presentato', rossi));
    const prova = (e: [string, OffertaEvent]) => rules(decideOfferta(s, e[1], d(e[0])));
    expect(prova(esito('b', 'assunto'))).toEqual(['non-in-rosa']);
    expect(prova(esito('c', 'assunto'))).toEqual(['esito-duplicato']);
    expect(prova(esito('a', 'assunto', altroDatore))).toEqual(['datore-non-corrispondente']);
    expect(prova(esito('a', 'assunto', fuori))).toEqual(['ufficio-competente']);
    expect(prova(esito('a', 'non-idoneo', datore, 'no'))).toEqual(['motivazione-minima']);
    expect(prova(esito('a', 'assente' as never))).toEqual(['esito-ammesso']);
  });

  it('concludes when the posts are filled', () => {
    const r = decideOfferta(rosaInviata(), esito('a', 'assunto')[1], d('2026-03-20T09:00:00Z'));
    expect(r.ok && r.value.state).toMatchObject({ stato: 'conclusa', conclusione: { motivo: 'posti-coperti' } });
    expect(r.ok && r.value.transition).toMatchObject({ from: 'rosa-inviata', to: 'conclusa' });
    if (!r.ok) return;
    // The others sent still get their outcome (versione 2); the conclusion keeps its date and reason.
    const dopo = decideOfferta(r.value.state, esito('c', 'non-presentato')[1], d('2026-03-21T09:00:00Z'));
    expect(dopo.ok && dopo.value.state).toMatchObject({ stato: 'conclusa', conclusione: { il: '2026-03-20T09:00:00.000Z', motivo: 'posti-coperti' } });
    expect(dopo.ok && dopo.value.state.esiti.map((e) => `${e.iscrittoId}:${e.esito}`)).toEqual(['a:assunto', 'c:non-presentato']);
    expect(dopo.ok && dopo.value.transition).toMatchObject({ from: 'conclusa', to: 'conclusa', iscrittoId: 'c' });
    // An offer entered before versione 2 ends at the conclusion, as its recorded history did.
    const vecchia = { ...r.value.state, versione: undefined };
    expect(rules(decideOfferta(vecchia, esito('c', 'non-presentato')[1], d('2026-03-21T09:00:00Z')))).toEqual(['stato-non-ammesso']);
  });

  it('concludes when every candidate sent has an outcome', () => {
    const s = run(rosaInviata(), esito('c', 'non-presentato'), esito('a', 'non-idoneo', datore, 'competenze linguistiche insufficienti'));
    expect(s.stato).toBe('rosa-inviata');
    expect(s.esiti[1]).toMatchObject({ esito: 'non-idoneo', motivo: 'competenze linguistiche insufficienti', registratoDa: 'dat-1' });
    const fine = run(s, esito('e', 'rifiuto'));
    expect(fine).toMatchObject({ stato: 'conclusa', conclusione: { motivo: 'esiti-completi' } });
    expect(fine.segnalazioni.map((x) => x.iscrittoId)).toEqual(['e']);
  });

  it('never hires beyond the posts', () => {
    const pieno: OffertaState = { ...rosaInviata(), esiti: [{ iscrittoId: 'c', esito: 'assunto', registratoDa: 'dat-1', registratoIl: '2026-03-20T09:00:00.000Z' }] };
    expect(rules(decideOfferta(pieno, esito('a', 'assunto')[1], d('2026-03-21T09:00:00Z')))).toEqual(['posti-esauriti']);
  });
});

describe('service-level timers', () => {
  it('sends the warning once, not before it is due', () => {
    const s = pubblicata();
    expect(rules(decideOfferta(s, { type: 'avvisoSla' }, d('2026-03-05T22:59:59Z')))).toEqual(['avviso-prematuro']);
    const r = decideOfferta(s, { type: 'avvisoSla' }, d('2026-03-05T23:00:00Z'));
    expect(r.ok && r.value.state.sla).toMatchObject({ avvisoInviato: true, avvisoInviatoIl: '2026-03-05T23:00:00.000Z' });
    expect(r.ok && r.value.transition).toMatchObject({ azione: 'avvisoSla', actor: null, motivazione: 'rosa da inviare entro il 2026-03-09' });
    if (r.ok) expect(rules(decideOfferta(r.value.state, { type: 'avvisoSla' }, d('2026-03-06T09:00:00Z')))).toEqual(['avviso-gia-inviato']);
  });

  it('records the breach once, when the term lapses without a rosa', () => {
    const s = chiusa('a');
    expect(rules(decideOfferta(s, { type: 'slaScaduta' }, d('2026-03-09T22:59:59Z')))).toEqual(['sla-non-scaduta']);
    const r = decideOfferta(s, { type: 'slaScaduta' }, d('2026-03-09T23:00:00Z'));
    expect(r.ok && r.value.state.sla).toMatchObject({ violata: true, violataIl: '2026-03-09T23:00:00.000Z' });
    expect(r.ok && r.value.transition).toMatchObject({ slaViolata: true, to: 'chiusa-adesioni' });
    if (r.ok) expect(rules(decideOfferta(r.value.state, { type: 'slaScaduta' }, d('2026-03-10T09:00:00Z')))).toEqual(['sla-gia-violata']);
    expect(rules(decideOfferta(rosaInviata(), { type: 'slaScaduta' }, d('2026-03-10T09:00:00Z')))).toEqual(['stato-non-ammesso']);
    const senza = decideRichiesta(off, datore, d('2026-03-02T09:00:00Z'));
    if (senza.ok) expect(rules(decideOfferta(senza.value.state, { type: 'slaScaduta' }, d('2026-03-10T09:00:00Z')))).toEqual(['sla-assente']);
  });
});

describe('annullamento', () => {
  const annulla = (actor: Actor, motivo = 'posto coperto con una convenzione'): OffertaEvent => ({ type: 'annullamento', actor, motivo });

  it('cancels an offer before its end, by CPI staff or its employer, recording who, when and why', () => {
    for (const s of [richiesta(), pubblicata(), conGraduatoria(), rosaInviata()]) {
      for (const actor of [rossi, datore]) {
        const x = decideOfferta(s, annulla(actor), d('2026-03-07T10:00:00Z'));
        if (!x.ok) throw new Error(JSON.stringify(x.violations));
        expect(x.value.state).toMatchObject({ stato: 'annullata', annullamento: { da: actor.sub, il: '2026-03-07T10:00:00.000Z', motivo: 'posto coperto con una convenzione' } });
        expect(x.value.transition).toMatchObject({ azione: 'annullamento', from: s.stato, to: 'annullata', motivazione: 'posto coperto con una convenzione' });
      }
    }
  });

  it('is refused once over, to another office or employer, and without a reason', () => {
    const annullata = run(pubblicata(), ['2026-03-03T10:00:00Z', annulla(rossi)]);
    expect(rules(decideOfferta(annullata, annulla(rossi), d('2026-03-04T10:00:00Z')))).toContain('stato-non-ammesso');
    expect(rules(decideOfferta(pubblicata(), annulla(fuori), d('2026-03-04T10:00:00Z'))).length).toBeGreaterThan(0);
    expect(rules(decideOfferta(pubblicata(), annulla(altroDatore), d('2026-03-04T10:00:00Z'))).length).toBeGreaterThan(0);
    expect(rules(decideOfferta(pubblicata(), annulla(rossi, '  '), d('2026-03-04T10:00:00Z'))).length).toBeGreaterThan(0);
  });
});

describe('versione 2: the service level at congruità', () => {
  // The term is Mon 9 March (ends 23:00Z): a window closing on the 10th makes the rosa late by design.
  const lunga = { apertaIl: '2026-03-02T10:00:00.000Z', chiudeIl: '2026-03-10T10:00:00.000Z' };
  const congruita = (motivoOltreSla?: string): OffertaEvent => ({ type: 'congruita', actor: bianchi, esito: 'congrua', finestra: lunga, motivoOltreSla });

  it('refuses a window that closes after the term for the rosa unless a reason is given, and records the reason', () => {
    const r = decideOfferta(richiesta(), congruita(), d('2026-03-02T10:00:00Z'));
    expect(rules(r)).toEqual(['finestra-oltre-sla']);
    expect(!r.ok && r.violations[0]).toMatchObject({ field: 'motivoOltreSla', found: lunga.chiudeIl, limit: '2026-03-09T23:00:00.000Z' });
    expect(!r.ok && r.violations[0].message).toContain('09/03/2026');
    expect(rules(decideOfferta(richiesta(), congruita('troppo'), d('2026-03-02T10:00:00Z')))).toEqual(['finestra-oltre-sla']);
    const ok = decideOfferta(richiesta(), congruita('profilo raro: servono due settimane di pubblicità'), d('2026-03-02T10:00:00Z'));
    expect(ok.ok && ok.value.state.congruita).toMatchObject({ esito: 'congrua', motivoOltreSla: 'profilo raro: servono due settimane di pubblicità' });
    expect(ok.ok && ok.value.transition.motivazione).toContain('oltre il termine della rosa (09/03/2026): profilo raro');
  });

  it('asks nothing of a window within the term, of an offer already late, or of an offer entered before versione 2', () => {
    expect(decideOfferta(richiesta(), congrua()[1], d('2026-03-02T10:00:00Z')).ok).toBe(true);
    const tardi = { ...richiesta(), sla: { ...richiesta().sla!, violata: true } };
    expect(decideOfferta(tardi, congruita(), d('2026-03-02T10:00:00Z')).ok).toBe(true);
    expect(decideOfferta({ ...richiesta(), versione: undefined }, congruita(), d('2026-03-02T10:00:00Z')).ok).toBe(true);
  });
});

describe('versione 2: correcting an outcome', () => {
  const rettifica = (iscrittoId: string, e: 'assunto' | 'non-idoneo' | 'non-presentato' | 'rifiuto', actor: Actor = verdi, motivo = 'il datore ha inviato il verbale corretto'): OffertaEvent => ({
    type: 'rettificaEsito', actor, iscrittoId, esito: e, motivo,
  });
  const quando = d('2026-03-22T09:00:00Z');

  it('lets a responsabile who did not record it correct an outcome, undoing a refusal on the person’s file', () => {
    const s = run(rosaInviata(), esito('c', 'rifiuto'));
    const r = decideOfferta(s, rettifica('c', 'non-presentato'), quando);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.state.esiti).toEqual([{
      iscrittoId: 'c', esito: 'non-presentato', registratoDa: 'resp.verdi', registratoIl: '2026-03-22T09:00:00.000Z',
      rettificaDi: { esito: 'rifiuto', registratoDa: 'dat-1', registratoIl: '2026-03-20T09:00:00.000Z', motivoRettifica: 'il datore ha inviato il verbale corretto' },
    }]);
    expect(r.value.state.segnalazioni).toEqual([]);
    expect(r.value.transition).toMatchObject({
      azione: 'rettificaEsito', iscrittoId: 'c', actor: verdi, rettifica: { da: 'rifiuto', a: 'non-presentato' }, segnalazioneRevocata: true,
      motivazione: 'rettifica rifiuto → non-presentato: il datore ha inviato il verbale corretto',
    });
  });

  it('refuses the person who recorded it, an operatore, another office, the same outcome, a missing one, no reason, an old offer', () => {
    const s = run(rosaInviata(), esito('c', 'rifiuto', verdi));
    const prova = (e: OffertaEvent, st: OffertaState = s) => rules(decideOfferta(st, e, quando));
    expect(prova(rettifica('c', 'non-presentato', verdi))).toEqual(['separazione-compiti']);
    expect(prova(rettifica('c', 'non-presentato', rossi))).toEqual(['ruolo-non-ammesso']);
    expect(prova(rettifica('c', 'non-presentato', { ...verdi, sub: 'resp.altro', office: 'CPI-AT-01' }))).toEqual(['ufficio-competente']);
    expect(prova(rettifica('c', 'rifiuto', { ...verdi, sub: 'resp.altro' }))).toEqual(['esito-invariato']);
    expect(prova(rettifica('a', 'assunto', { ...verdi, sub: 'resp.altro' }))).toEqual(['esito-inesistente']);
    expect(prova(rettifica('c', 'assunto', { ...verdi, sub: 'resp.altro' }, 'breve'))).toEqual(['motivazione-minima']);
    expect(prova(rettifica('c', 'assunto', { ...verdi, sub: 'resp.altro' }), { ...s, versione: undefined })).toEqual(['stato-non-ammesso']);
  });

  it('reopens an offer concluded on a hire that was not one, and concludes one whose correction fills the post', () => {
    const coperta = run(rosaInviata(), esito('a', 'assunto'));
    expect(coperta.stato).toBe('conclusa');
    const r = decideOfferta(coperta, rettifica('a', 'non-presentato'), quando);
    expect(r.ok && r.value.state.stato).toBe('rosa-inviata');
    expect(r.ok && r.value.state.conclusione).toBeUndefined();
    // Reminders for the missing outcomes count from the reopening, not from the rosa weeks before.
    expect(r.ok && r.value.state.riapertaIl).toBe('2026-03-22T09:00:00.000Z');
    expect(r.ok && r.value.transition).toMatchObject({ from: 'conclusa', to: 'rosa-inviata', rettifica: { da: 'assunto', a: 'non-presentato' } });
    if (!r.ok) return;
    const di_nuovo = decideOfferta(r.value.state, rettifica('a', 'assunto', { ...verdi, sub: 'resp.altro' }), quando);
    expect(di_nuovo.ok && di_nuovo.value.state).toMatchObject({ stato: 'conclusa', conclusione: { motivo: 'posti-coperti', il: '2026-03-22T09:00:00.000Z' } });
    // Never more hires than posts: with 'a' hired, 'c' cannot be corrected into a second hire.
    const due = run(coperta, esito('c', 'non-presentato'));
    expect(rules(decideOfferta(due, rettifica('c', 'assunto'), quando))).toEqual(['posti-esauriti']);
  });
});

describe('versione 2: another rosa after negative outcomes', () => {
  const tutti = () => run(rosaInviata(), esito('c', 'non-presentato'), esito('a', 'rifiuto'), esito('e', 'non-presentato'));
  const successiva = (candidati: string[], actor: Actor = rossi): OffertaEvent => ({ type: 'rosaSuccessiva', actor, candidati });
  const quando = d('2026-03-23T09:00:00Z');

  it('sends the next candidates once everyone sent has an outcome and posts are open; their outcomes conclude it again', () => {
    const s = tutti();
    expect(s).toMatchObject({ stato: 'conclusa', conclusione: { motivo: 'esiti-completi' } });
    expect(candidatiRosaSuccessiva(s)).toBe(3);
    const r = decideOfferta(s, { ...successiva(['b']), saltati: [{ iscrittoId: 'x', motivo: 'occupato' }] } as OffertaEvent, quando);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.state.rosaSuccessive?.[0].saltati).toEqual([{ iscrittoId: 'x', motivo: 'occupato' }]);
    expect(r.value.state).toMatchObject({ stato: 'rosa-inviata', rosa: { candidati: ['c', 'a', 'e', 'b'], inviataIl: '2026-03-06T10:00:00.000Z' } });
    expect(r.value.state.rosaSuccessive).toEqual([{ candidati: ['b'], inviataDa: 'op.rossi', inviataIl: '2026-03-23T09:00:00.000Z', saltati: [{ iscrittoId: 'x', motivo: 'occupato' }] }]);
    expect(r.value.state.conclusione).toBeUndefined();
    expect(r.value.transition).toMatchObject({ azione: 'rosaSuccessiva', from: 'conclusa', to: 'rosa-inviata', motivazione: '1 candidati inviati (invio n. 2)' });
    const fine = run(r.value.state, esito('b', 'assunto'));
    expect(fine).toMatchObject({ stato: 'conclusa', conclusione: { motivo: 'posti-coperti' } });
    expect(candidatiRosaSuccessiva(fine)).toBe(0);
  });

  it('refuses anyone already sent, too many, nobody, the employer, an offer whose posts are filled or whose outcomes are missing, an old offer', () => {
    const s = tutti();
    const prova = (e: OffertaEvent, st: OffertaState = s) => rules(decideOfferta(st, e, quando));
    expect(prova(successiva(['c']))).toEqual(['rosa-non-conforme']);
    expect(prova(successiva(['b', 'b']))).toEqual(['rosa-non-conforme']);
    expect(prova(successiva(['b', 'x', 'y', 'z']))).toEqual(['rosa-non-conforme']);
    expect(prova(successiva([]))).toEqual(['graduatoria-esaurita']);
    expect(prova(successiva(['b'], datore))).toEqual(['ruolo-non-ammesso', 'ufficio-competente']);
    expect(prova(successiva(['b']), run(rosaInviata(), esito('a', 'assunto')))).toEqual(['rosa-successiva-non-ammessa']);
    expect(prova(successiva(['b']), run(rosaInviata(), esito('c', 'non-presentato')))).toEqual(['rosa-successiva-non-ammessa']);
    expect(prova(successiva(['b']), { ...s, versione: undefined })).toEqual(['rosa-successiva-non-ammessa']);
  });
});
