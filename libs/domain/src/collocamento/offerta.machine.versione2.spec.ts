import type { Actor } from '../auth/roles';
import { bianchi, congrua, d, datore, esito, richiesta, rosaInviata, rossi, rules, run, verdi } from './__fixtures__/offerta';
import { OffertaEvent, OffertaState } from './offerta.state';
import { decideOfferta } from './offerta.machine';
import { candidatiRosaSuccessiva } from './offerta.views';

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
  const rettifica = (
    iscrittoId: string,
    e: 'assunto' | 'non-idoneo' | 'non-presentato' | 'rifiuto',
    actor: Actor = verdi,
    motivo = 'il datore ha inviato il verbale corretto',
  ): OffertaEvent => ({
    type: 'rettificaEsito',
    actor,
    iscrittoId,
    esito: e,
    motivo,
  });
  const quando = d('2026-03-22T09:00:00Z');

  it('lets a responsabile who did not record it correct an outcome, undoing a refusal on the person’s file', () => {
    const s = run(rosaInviata(), esito('c', 'rifiuto'));
    const r = decideOfferta(s, rettifica('c', 'non-presentato'), quando);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.state.esiti).toEqual([
      {
        iscrittoId: 'c',
        esito: 'non-presentato',
        registratoDa: 'resp.verdi',
        registratoIl: '2026-03-22T09:00:00.000Z',
        rettificaDi: {
          esito: 'rifiuto',
          registratoDa: 'dat-1',
          registratoIl: '2026-03-20T09:00:00.000Z',
          motivoRettifica: 'il datore ha inviato il verbale corretto',
        },
      },
    ]);
    expect(r.value.state.segnalazioni).toEqual([]);
    expect(r.value.transition).toMatchObject({
      azione: 'rettificaEsito',
      iscrittoId: 'c',
      actor: verdi,
      rettifica: { da: 'rifiuto', a: 'non-presentato' },
      segnalazioneRevocata: true,
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
    expect(r.value.state.rosaSuccessive).toEqual([
      { candidati: ['b'], inviataDa: 'op.rossi', inviataIl: '2026-03-23T09:00:00.000Z', saltati: [{ iscrittoId: 'x', motivo: 'occupato' }] },
    ]);
    expect(r.value.state.conclusione).toBeUndefined();
    expect(r.value.transition).toMatchObject({
      azione: 'rosaSuccessiva',
      from: 'conclusa',
      to: 'rosa-inviata',
      motivazione: '1 candidati inviati (invio n. 2)',
    });
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
