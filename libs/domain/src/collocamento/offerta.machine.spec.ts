import type { Actor } from '../auth/roles';
import { offerta } from './__fixtures__/collocamento';
import {
  UFF,
  aderisce,
  altroDatore,
  bianchi,
  conGraduatoria,
  congrua,
  d,
  datore,
  finestra,
  fuori,
  off,
  pubblicata,
  richiesta,
  rosaInviata,
  rossi,
  rules,
  run,
  sla,
} from './__fixtures__/offerta';
import { OffertaEvent } from './offerta.state';
import { decideRichiesta } from './offerta.richiesta';
import { decideOfferta } from './offerta.machine';
import { adesioniAttive } from './offerta.views';

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
    expect(rules(decideOfferta(s, { type: 'congruita', actor: datore, esito: 'congrua', finestra }, quando))).toEqual([
      'ruolo-non-ammesso',
      'separazione-compiti',
      'ufficio-competente',
    ]);
    expect(rules(decideOfferta(s, { type: 'congruita', actor: bianchi, esito: 'congrua' }, quando))).toEqual(['finestra-non-valida']);
    expect(
      rules(
        decideOfferta(
          s,
          { type: 'congruita', actor: bianchi, esito: 'congrua', finestra: { apertaIl: finestra.chiudeIl, chiudeIl: finestra.chiudeIl } },
          quando,
        ),
      ),
    ).toEqual(['finestra-non-valida']);
    expect(rules(decideOfferta(s, { type: 'congruita', actor: bianchi, esito: 'non-congrua', motivo: ' troppo ' }, quando))).toEqual(['motivazione-minima']);
    expect(rules(decideOfferta(s, { type: 'congruita', actor: bianchi, esito: 'forse' as never }, quando))).toEqual(['esito-ammesso']);
  });

  it('ends a non-congrua offer with its reason; nothing happens after', () => {
    const r = decideOfferta(
      richiesta(),
      { type: 'congruita', actor: bianchi, esito: 'non-congrua', motivo: ' mansioni non coerenti con il profilo ' },
      d('2026-03-02T10:00:00Z'),
    );
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
    expect(rules(decideOfferta(s, { type: 'adesione', actor: fuori, iscrittoId: 'x', iscritto: true }, d('2026-03-03T09:00:00Z')))).toEqual([
      'ufficio-competente',
    ]);
    expect(rules(decideOfferta(s, { type: 'adesione', actor: null, iscrittoId: '', iscritto: true }, d('2026-03-03T09:00:00Z')))).toEqual([
      'iscritto-mancante',
    ]);
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

describe('annullamento', () => {
  const annulla = (actor: Actor, motivo = 'posto coperto con una convenzione'): OffertaEvent => ({ type: 'annullamento', actor, motivo });

  it('cancels an offer before its end, by CPI staff or its employer, recording who, when and why', () => {
    for (const s of [richiesta(), pubblicata(), conGraduatoria(), rosaInviata()]) {
      for (const actor of [rossi, datore]) {
        const x = decideOfferta(s, annulla(actor), d('2026-03-07T10:00:00Z'));
        if (!x.ok) throw new Error(JSON.stringify(x.violations));
        expect(x.value.state).toMatchObject({
          stato: 'annullata',
          annullamento: { da: actor.sub, il: '2026-03-07T10:00:00.000Z', motivo: 'posto coperto con una convenzione' },
        });
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
