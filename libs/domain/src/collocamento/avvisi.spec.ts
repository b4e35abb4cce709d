import type { Actor } from '../auth/roles';
import { offerta } from './__fixtures__/collocamento';
import { avvisiOfferta } from './avvisi';
import type { OffertaState, OffertaTransition } from './offerta.state';
import { decideRichiesta } from './offerta.richiesta';
import { scadenzeOfferta } from './sla';

const datore: Actor = { sub: 'dat-1', roles: ['datore'], office: 'dat-1' };
const richiesta = (codiceFiscale?: string): OffertaState => {
  const r = decideRichiesta(offerta(), datore, new Date('2026-03-02T09:00:00Z'), scadenzeOfferta({ richiestaIl: '2026-03-02T09:00:00Z' }), codiceFiscale);
  if (!r.ok) throw new Error(r.violations.map((v) => v.rule).join());
  return r.value.state;
};
const passo = (t: Pick<OffertaTransition, 'azione' | 'to'> & Partial<OffertaTransition>): OffertaTransition => ({
  from: 'richiesta',
  actor: null,
  at: '2026-03-03T09:00:00Z',
  ...t,
});

describe('avvisiOfferta: who is told about each step of an offer', () => {
  it("addresses the employer's organisation by its codice fiscale, or, for offers entered before it was kept, the user of its id", () => {
    const pubblicata = passo({ azione: 'congruita', to: 'pubblicata' });
    expect(
      avvisiOfferta(pubblicata, { ...richiesta('01234567897'), finestra: { apertaIl: '2026-03-02T10:00:00Z', chiudeIl: '2026-03-05T10:00:00Z' } }),
    ).toEqual([
      {
        destinatario: { tipo: 'soggetto', nome: '01234567897' },
        tipo: 'offerta-pubblicata',
        titolo: 'Richiesta pubblicata in preselezione',
        testo: 'adesioni fino al 2026-03-05T10:00:00Z',
      },
    ]);
    expect(avvisiOfferta(pubblicata, richiesta())[0].destinatario).toEqual({ tipo: 'utente', nome: 'dat-1' });
  });

  it('escalates a breached service level to the responsabile and tells the operatori', () => {
    expect(avvisiOfferta(passo({ azione: 'slaScaduta', to: 'pubblicata' }), richiesta()).map((a) => `${a.destinatario.nome}:${a.tipo}`)).toEqual([
      'responsabile:escalation-sla',
      'operatore:sla-violata',
    ]);
  });

  it("tells the employer only that an outcome was corrected, never the reason (it may speak of the person's health)", () => {
    const [alDatore, alResponsabile] = avvisiOfferta(
      passo({ azione: 'rettificaEsito', to: 'conclusa', motivazione: 'certificato medico', rettifica: { da: 'rifiuto', a: 'non-idoneo' } }),
      richiesta(),
    );
    expect(alDatore.testo).toBe('il CPI ha rettificato un esito registrato: ora non-idoneo');
    expect(alResponsabile).toMatchObject({ destinatario: { tipo: 'ruolo', nome: 'responsabile' }, testo: 'certificato medico' });
  });

  it('tells the responsabile when an outcome concludes the offer, and nobody of an outcome that does not', () => {
    const conclusa: OffertaState = { ...richiesta(), stato: 'conclusa', conclusione: { motivo: 'posti-coperti', il: '2026-03-20T09:00:00Z' } };
    expect(avvisiOfferta(passo({ azione: 'esito', from: 'rosa-inviata', to: 'conclusa' }), conclusa).map((a) => a.tipo)).toEqual(['offerta-conclusa']);
    expect(avvisiOfferta(passo({ azione: 'esito', from: 'rosa-inviata', to: 'rosa-inviata' }), { ...richiesta(), stato: 'rosa-inviata' })).toEqual([]);
  });
});
