import type { Actor } from '../auth/roles';
import { iscritto } from './__fixtures__/collocamento';
import {
  HASH,
  aderisce,
  altroDatore,
  chiusa,
  conGraduatoria,
  congrua,
  d,
  datore,
  esito,
  finestra,
  fuori,
  graduatoria,
  off,
  pubblicata,
  rosaInviata,
  rossi,
  rules,
  run,
  verdi,
} from './__fixtures__/offerta';
import { calcolaGraduatoria, hashGraduatoria } from './graduatoria';
import { REGOLE_PIEMONTE_2023 } from './graduatoria.regole';
import { OffertaEvent, OffertaState } from './offerta.state';
import { decideRichiesta } from './offerta.richiesta';
import { decideOfferta } from './offerta.machine';
import { eventoGraduatoriaPubblicata } from './offerta.views';
import { scadenzeOfferta } from './sla';

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
    const daChiusura = scadenzeOfferta(
      { richiestaIl: '2026-03-02', chiusuraAdesioniIl: finestra.chiudeIl },
      { giorniStandard: 5, avvisoDopoGiorni: 3, patroni: [], origine: 'chiusura-adesioni' },
    );
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
    expect(ok.ok && ok.value.state.graduatoria).toMatchObject({
      hash: HASH,
      versioneRegole: 'v1',
      ordine: ['b', 'a'],
      esclusi: ['c'],
      pubblicataDa: 'resp.verdi',
    });
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
    expect(ok.ok && ok.value.state).toMatchObject({
      stato: 'rosa-inviata',
      rosa: { candidati: ['c', 'a', 'e'], inviataDa: 'op.rossi' },
      sla: { violata: false },
    });
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
    const pieno: OffertaState = {
      ...rosaInviata(),
      esiti: [{ iscrittoId: 'c', esito: 'assunto', registratoDa: 'dat-1', registratoIl: '2026-03-20T09:00:00.000Z' }],
    };
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
