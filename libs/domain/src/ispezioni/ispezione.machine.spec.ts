import type { Actor } from '../auth/roles';
import { IspezioneEvent, IspezioneState, initialIspezioneState } from './ispezione.state';
import { decideIspezione, verificaSorteggioRichiesto } from './ispezione.machine';

const now = new Date('2026-03-10T09:00:00Z');
const rossi: Actor = { sub: 'isp.rossi', roles: ['ispettore'], office: 'ITL-PA' };
const bianchi: Actor = { sub: 'isp.bianchi', roles: ['ispettore'], office: 'ITL-PA' };
const dirigente: Actor = { sub: 'dir.verdi', roles: ['dirigente'], office: 'ITL-PA' };
const altroDirigente: Actor = { sub: 'dir.gialli', roles: ['dirigente'], office: 'ITL-PA' };
const responsabile: Actor = { sub: 'resp.neri', roles: ['responsabile'], office: 'ITL-PA' };
const verbale = { documentoId: 'doc-1', sha256: 'a'.repeat(64) };

const rules = (d: ReturnType<typeof decideIspezione>) => (d.ok ? [] : d.violations.map((v) => v.rule).sort());

/** Applies events in order, failing the test on the first refusal. */
function run(events: IspezioneEvent[], s: IspezioneState = initialIspezioneState({ richiestaId: 'r1', ispettorato: 'ITL-PA' })): IspezioneState {
  for (const e of events) {
    const d = decideIspezione(s, e, now);
    if (!d.ok) throw new Error(`${e.type} refused: ${d.violations.map((v) => v.rule).join(', ')}`);
    s = d.value.state;
  }
  return s;
}

const sorteggio = (ispettoreId = rossi.sub, tentativo = 1): IspezioneEvent => ({ type: 'assegnata', ispettoreId, tentativo, via: 'sorteggio' });
const assegnata = () => run([sorteggio()]);
const accettata = () => run([sorteggio(), { type: 'accettazione', actor: rossi }]);
const inCorso = () => run([{ type: 'primoAccesso', actor: rossi, data: '2026-03-10', verbale }], accettata());
const concluse = () => run([{ type: 'fineAccertamenti', actor: rossi, data: '2026-03-10' }], inCorso());

describe('decideIspezione: assignment, acceptance and abstention', () => {
  it('starts registered, with no assignee and attempt 0', () => {
    expect(initialIspezioneState({ richiestaId: 'r1', ispettorato: 'ITL-PA' })).toEqual({
      richiestaId: 'r1',
      ispettorato: 'ITL-PA',
      stato: 'registrata',
      tentativo: 0,
      astenuti: [],
      astensioni: [],
      riassegnazioniManuali: 0,
    });
  });

  it('records the drawn inspector as attempt 1, made by nobody in person', () => {
    const d = decideIspezione(initialIspezioneState({ richiestaId: 'r1', ispettorato: 'ITL-PA' }), sorteggio(), now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.state).toMatchObject({
      stato: 'assegnata',
      ispettoreId: 'isp.rossi',
      tentativo: 1,
      assegnataIl: now.toISOString(),
      assegnataVia: 'sorteggio',
    });
    expect(d.value.transition).toEqual({
      azione: 'assegnata',
      from: 'registrata',
      to: 'assegnata',
      actor: null,
      tentativo: 1,
      ispettoreId: 'isp.rossi',
      at: now.toISOString(),
    });
  });

  it('refuses a second draw, a wrong attempt number and an unknown way, all at once', () => {
    const d = decideIspezione(assegnata(), { type: 'assegnata', ispettoreId: 'isp.bianchi', tentativo: 1, via: 'a-mano' as never }, now);
    expect(rules(d)).toEqual(['tentativo-atteso', 'via-ammessa']);
    expect(rules(decideIspezione(assegnata(), sorteggio('isp.bianchi', 2), now))).toEqual(['stato-non-ammesso']);
  });

  it('lets only the assigned inspector accept, and only while assigned', () => {
    const ok = decideIspezione(assegnata(), { type: 'accettazione', actor: rossi }, now);
    expect(ok.ok && ok.value.state).toMatchObject({ stato: 'accettata', accettataIl: now.toISOString() });
    expect(rules(decideIspezione(assegnata(), { type: 'accettazione', actor: bianchi }, now))).toEqual(['ispettore-assegnato']);
    expect(rules(decideIspezione(accettata(), { type: 'accettazione', actor: rossi }, now))).toEqual(['stato-non-ammesso']);
    const registrata = initialIspezioneState({ richiestaId: 'r1', ispettorato: 'ITL-PA' });
    expect(rules(decideIspezione(registrata, { type: 'accettazione', actor: rossi }, now))).toEqual(['ispettore-assegnato', 'stato-non-ammesso']);
  });

  it('on abstention returns to registered for a redraw without the abstainer, the next attempt numbered +1', () => {
    const d = decideIspezione(assegnata(), { type: 'astensione', actor: rossi, motivo: '  cugino del legale rappresentante ' }, now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const s = d.value.state;
    expect(s).toMatchObject({ stato: 'registrata', ispettoreId: undefined, tentativo: 1, astenuti: ['isp.rossi'], assegnataIl: undefined });
    expect(s.astensioni).toEqual([{ ispettoreId: 'isp.rossi', tentativo: 1, motivo: 'cugino del legale rappresentante', il: now.toISOString() }]);
    expect(d.value.transition).toMatchObject({
      azione: 'astensione',
      from: 'assegnata',
      to: 'registrata',
      actor: rossi,
      ispettoreId: 'isp.rossi',
      motivazione: 'cugino del legale rappresentante',
    });

    expect(rules(decideIspezione(s, sorteggio('isp.bianchi', 1), now))).toEqual(['tentativo-atteso']);
    expect(rules(decideIspezione(s, sorteggio('isp.rossi', 2), now))).toEqual(['ispettore-astenuto']);
    const redraw = decideIspezione(s, sorteggio('isp.bianchi', 2), now);
    expect(redraw.ok && redraw.value.state).toMatchObject({ stato: 'assegnata', ispettoreId: 'isp.bianchi', tentativo: 2, astenuti: ['isp.rossi'] });
  });

  it('accepts an abstention after acceptance, before the first access', () => {
    const d = decideIspezione(accettata(), { type: 'astensione', actor: rossi, motivo: 'conflitto emerso dopo' }, now);
    expect(d.ok && d.value.state).toMatchObject({ stato: 'registrata', accettataIl: undefined, astenuti: ['isp.rossi'] });
    expect(rules(decideIspezione(inCorso(), { type: 'astensione', actor: rossi, motivo: 'conflitto emerso dopo' }, now))).toEqual(['stato-non-ammesso']);
  });

  it('refuses an abstention by someone else or with a reason shorter than 10 characters', () => {
    expect(rules(decideIspezione(assegnata(), { type: 'astensione', actor: bianchi, motivo: 'non voglio' }, now))).toEqual(['ispettore-assegnato']);
    expect(rules(decideIspezione(assegnata(), { type: 'astensione', actor: rossi, motivo: ' 012345678 ' }, now))).toEqual(['motivazione-minima']);
    expect(decideIspezione(assegnata(), { type: 'astensione', actor: rossi, motivo: '0123456789' }, now).ok).toBe(true);
  });
});

describe('decideIspezione: manual reassignment', () => {
  const proposta = (actor: Actor = responsabile, ispettoreId = 'isp.bianchi'): IspezioneEvent => ({
    type: 'riassegnazioneProposta',
    actor,
    ispettoreId,
    motivo: 'ispettore assente per malattia lunga',
  });

  it('a responsabile or dirigente proposes, another dirigente approves, then the assignment applies it', () => {
    const s1 = run([proposta()], accettata());
    expect(s1.riassegnazione).toEqual({
      ispettoreId: 'isp.bianchi',
      motivo: 'ispettore assente per malattia lunga',
      propostaDa: 'resp.neri',
      propostaIl: now.toISOString(),
      stato: 'proposta',
    });
    expect(s1.stato).toBe('accettata');

    const dec = decideIspezione(s1, { type: 'riassegnazioneDecisa', actor: dirigente, esito: 'approvata' }, now);
    expect(dec.ok).toBe(true);
    if (!dec.ok) return;
    expect(dec.value.state.riassegnazione).toMatchObject({ stato: 'approvata', decisaDa: 'dir.verdi' });
    expect(dec.value.transition).toMatchObject({
      azione: 'riassegnazioneDecisa',
      from: 'accettata',
      to: 'accettata',
      actor: dirigente,
      ispettoreId: 'isp.bianchi',
    });

    expect(rules(decideIspezione(dec.value.state, { type: 'assegnata', ispettoreId: 'isp.altro', tentativo: 2, via: 'riassegnazione' }, now))).toEqual([
      'ispettore-non-approvato',
    ]);
    const app = decideIspezione(dec.value.state, { type: 'assegnata', ispettoreId: 'isp.bianchi', tentativo: 2, via: 'riassegnazione' }, now);
    expect(app.ok).toBe(true);
    if (!app.ok) return;
    expect(app.value.state).toMatchObject({
      stato: 'assegnata',
      ispettoreId: 'isp.bianchi',
      tentativo: 2,
      assegnataVia: 'riassegnazione',
      accettataIl: undefined,
      riassegnazione: undefined,
      riassegnazioniManuali: 1,
    });
    expect(app.value.transition).toMatchObject({ from: 'accettata', to: 'assegnata', actor: null, motivazione: 'ispettore assente per malattia lunga' });
  });

  it('a dirigente may propose and another dirigente decide; a manual assignment from registered works when no one is eligible', () => {
    const registrata = initialIspezioneState({ richiestaId: 'r1', ispettorato: 'ITL-PA' });
    const s = run(
      [
        proposta(dirigente),
        { type: 'riassegnazioneDecisa', actor: altroDirigente, esito: 'approvata' },
        { type: 'assegnata', ispettoreId: 'isp.bianchi', tentativo: 1, via: 'riassegnazione' },
      ],
      registrata,
    );
    expect(s).toMatchObject({ stato: 'assegnata', ispettoreId: 'isp.bianchi', tentativo: 1, riassegnazioniManuali: 1 });
  });

  it('bars the proposer from deciding (segregation of duties) and a responsabile from deciding at all', () => {
    const s = run([proposta(dirigente)], accettata());
    expect(rules(decideIspezione(s, { type: 'riassegnazioneDecisa', actor: dirigente, esito: 'approvata' }, now))).toEqual(['separazione-compiti']);
    expect(rules(decideIspezione(s, { type: 'riassegnazioneDecisa', actor: { ...responsabile, roles: ['responsabile'] }, esito: 'respinta' }, now))).toEqual([
      'ruolo-non-ammesso',
    ]);
  });

  it('refuses a proposal from an inspector of another office with a short reason for themselves, all at once', () => {
    const d = decideIspezione(
      assegnata(),
      { type: 'riassegnazioneProposta', actor: { ...bianchi, office: 'ITL-TP' }, ispettoreId: 'isp.bianchi', motivo: 'meglio io' },
      now,
    );
    expect(rules(d)).toEqual(['auto-assegnazione', 'motivazione-minima', 'ruolo-non-ammesso', 'ufficio-competente']);
  });

  it('refuses a proposal for the current assignee, for an abstainer, while another is pending, or after the first access', () => {
    expect(rules(decideIspezione(assegnata(), proposta(responsabile, 'isp.rossi'), now))).toEqual(['ispettore-gia-assegnato']);
    const dopoAstensione = run([{ type: 'astensione', actor: rossi, motivo: 'parente del titolare' }], assegnata());
    expect(rules(decideIspezione(dopoAstensione, proposta(responsabile, 'isp.rossi'), now))).toEqual(['ispettore-astenuto']);
    expect(rules(decideIspezione(run([proposta()], assegnata()), proposta(dirigente, 'isp.terzi'), now))).toEqual(['riassegnazione-in-corso']);
    expect(rules(decideIspezione(inCorso(), proposta(), now))).toEqual(['stato-non-ammesso']);
  });

  it('refuses a decision with nothing proposed, and an assignment by reassignment without approval', () => {
    expect(rules(decideIspezione(assegnata(), { type: 'riassegnazioneDecisa', actor: dirigente, esito: 'approvata' }, now))).toEqual([
      'riassegnazione-assente',
    ]);
    const pending = run([proposta()], assegnata());
    expect(rules(decideIspezione(pending, { type: 'assegnata', ispettoreId: 'isp.bianchi', tentativo: 2, via: 'riassegnazione' }, now))).toEqual([
      'riassegnazione-non-approvata',
    ]);
  });

  it('a dirigente cannot approve their own assignment', () => {
    const s = run([proposta(responsabile, 'dir.gialli')], assegnata());
    expect(rules(decideIspezione(s, { type: 'riassegnazioneDecisa', actor: altroDirigente, esito: 'approvata' }, now))).toEqual(['auto-assegnazione']);
  });

  it('a refusal drops the proposal, even once the inspection has started; an approval then is refused', () => {
    const s = run([proposta(), { type: 'primoAccesso', actor: rossi, data: '2026-03-10', verbale }], accettata());
    expect(rules(decideIspezione(s, { type: 'riassegnazioneDecisa', actor: dirigente, esito: 'approvata' }, now))).toEqual(['stato-non-ammesso']);
    const d = decideIspezione(s, { type: 'riassegnazioneDecisa', actor: dirigente, esito: 'respinta' }, now);
    expect(d.ok && d.value.state).toMatchObject({ stato: 'in-corso', riassegnazione: undefined, ispettoreId: 'isp.rossi', riassegnazioniManuali: 0 });
  });
});

describe('decideIspezione: first access, diffida, end of checks, closing', () => {
  it('records the first access with its verbale, by the assigned inspector after acceptance', () => {
    const d = decideIspezione(accettata(), { type: 'primoAccesso', actor: rossi, data: '2026-03-10', verbale }, now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.state.stato).toBe('in-corso');
    expect(d.value.state.primoAccesso).toEqual({ data: '2026-03-10', verbale, registratoDa: 'isp.rossi', registratoIl: now.toISOString() });
    expect(rules(decideIspezione(assegnata(), { type: 'primoAccesso', actor: rossi, data: '2026-03-10', verbale }, now))).toEqual(['stato-non-ammesso']);
  });

  it('refuses a first access by someone else, dated tomorrow, without a valid verbale, all at once', () => {
    const d = decideIspezione(accettata(), { type: 'primoAccesso', actor: bianchi, data: '2026-03-11', verbale: { documentoId: 'doc-1', sha256: 'XYZ' } }, now);
    expect(rules(d)).toEqual(['data-futura', 'documento-non-valido', 'ispettore-assegnato']);
    expect(rules(decideIspezione(accettata(), { type: 'primoAccesso', actor: rossi, data: '2026-03-09', verbale }, now))).toEqual(['data-precedente']);
    expect(rules(decideIspezione(accettata(), { type: 'primoAccesso', actor: rossi, data: '2026-02-30', verbale }, now))).toEqual(['data-non-valida']);
    expect(
      rules(
        decideIspezione(accettata(), { type: 'primoAccesso', actor: rossi, data: '2026-03-10', verbale: { documentoId: ' ', sha256: 'a'.repeat(64) } }, now),
      ),
    ).toEqual(['documento-non-valido']);
  });

  it('a diffida is recorded with its notification date, which cannot precede the first access', () => {
    const d = decideIspezione(inCorso(), { type: 'diffida', actor: rossi, notificataIl: '2026-03-10' }, now);
    expect(d.ok && d.value.state).toMatchObject({ stato: 'diffida', diffida: { notificataIl: '2026-03-10', registratoDa: 'isp.rossi' } });
    expect(rules(decideIspezione(inCorso(), { type: 'diffida', actor: rossi, notificataIl: '2026-03-09' }, now))).toEqual(['data-precedente']);
    expect(rules(decideIspezione(accettata(), { type: 'diffida', actor: rossi, notificataIl: '2026-03-10' }, now))).toEqual(['stato-non-ammesso']);
  });

  it('checks end after the first access or after a diffida, not before its notification', () => {
    const later = new Date('2026-05-20T09:00:00Z');
    const diffida = run([{ type: 'diffida', actor: rossi, notificataIl: '2026-03-10' }], inCorso());
    const d = decideIspezione(diffida, { type: 'fineAccertamenti', actor: rossi, data: '2026-05-15' }, later);
    expect(d.ok && d.value.state).toMatchObject({
      stato: 'accertamenti-conclusi',
      fineAccertamenti: { data: '2026-05-15', registratoDa: 'isp.rossi', registratoIl: later.toISOString() },
    });
    expect(d.ok && d.value.transition).toMatchObject({ from: 'diffida', to: 'accertamenti-conclusi' });
    expect(rules(decideIspezione(diffida, { type: 'fineAccertamenti', actor: rossi, data: '2026-03-09' }, later))).toEqual(['data-precedente']);
    expect(concluse().stato).toBe('accertamenti-conclusi');
    expect(rules(decideIspezione(accettata(), { type: 'fineAccertamenti', actor: rossi, data: '2026-03-10' }, now))).toEqual(['stato-non-ammesso']);
  });

  it('closes with the verbale unico and an outcome, and then refuses everything', () => {
    const d = decideIspezione(
      concluse(),
      { type: 'chiusura', actor: rossi, esito: 'irregolarita-sanate', verbaleUnico: { documentoId: 'doc-9', sha256: 'b'.repeat(64) } },
      now,
    );
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.state.chiusura).toEqual({
      esito: 'irregolarita-sanate',
      verbaleUnico: { documentoId: 'doc-9', sha256: 'b'.repeat(64) },
      chiusaDa: 'isp.rossi',
      chiusaIl: now.toISOString(),
    });
    expect(d.value.transition).toMatchObject({ azione: 'chiusura', from: 'accertamenti-conclusi', to: 'chiusa', motivazione: 'irregolarita-sanate' });
    const chiusa = d.value.state;
    expect(rules(decideIspezione(chiusa, { type: 'chiusura', actor: rossi, esito: 'regolare', verbaleUnico: verbale }, now))).toEqual(['ispezione-chiusa']);
    expect(
      rules(decideIspezione(chiusa, { type: 'riassegnazioneProposta', actor: dirigente, ispettoreId: 'isp.bianchi', motivo: 'riapertura del caso' }, now)),
    ).toEqual(['ispezione-chiusa']);
    expect(rules(decideIspezione(chiusa, sorteggio('isp.bianchi', 2), now))).toEqual(['ispezione-chiusa']);
  });

  it('refuses closing by someone else, with an unknown outcome and no verbale unico, all at once; or before checks end', () => {
    const d = decideIspezione(concluse(), { type: 'chiusura', actor: bianchi, esito: 'boh' as never, verbaleUnico: undefined as never }, now);
    expect(rules(d)).toEqual(['documento-non-valido', 'esito-ammesso', 'ispettore-assegnato']);
    expect(rules(decideIspezione(inCorso(), { type: 'chiusura', actor: rossi, esito: 'regolare', verbaleUnico: verbale }, now))).toEqual(['stato-non-ammesso']);
  });
});

describe('verificaSorteggioRichiesto', () => {
  const attesa = initialIspezioneState({ richiestaId: 'r1', ispettorato: 'ITL-PA' });

  it('lets a dirigente ask for the next attempt while the request waits', () => {
    expect(verificaSorteggioRichiesto(attesa, dirigente, 1)).toEqual([]);
  });

  it('refuses another role, an attempt already drawn, and a request no longer waiting', () => {
    expect(verificaSorteggioRichiesto(attesa, responsabile, 1)).toEqual([
      { rule: 'ruolo-non-ammesso', field: 'roles', message: 'solo il dirigente può chiedere il sorteggio', found: ['responsabile'], limit: ['dirigente'] },
    ]);
    expect(verificaSorteggioRichiesto(assegnata(), dirigente, 1).map((v) => [v.rule, v.limit])).toEqual([
      ['tentativo-gia-sorteggiato', 2],
      ['stato-non-ammesso', ['registrata']],
    ]);
  });

  it('names the attempt expected when one is skipped', () => {
    expect(verificaSorteggioRichiesto(attesa, dirigente, 3)).toEqual([
      { rule: 'tentativo-atteso', field: 'tentativo', message: 'il prossimo tentativo è il 1', found: 3, limit: 1 },
    ]);
  });
});
