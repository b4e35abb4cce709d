import type { Actor } from '../auth/roles';
import { type RigaAttivitaOfferta, attivitaOfferta, statiAttesaOfferte } from './offerta.attivita';
import type { OffertaState } from './offerta.state';
import { bianchi, chiusa, conGraduatoria, datore, esito, pubblicata, richiesta, rosaInviata, rossi, run, sla, verdi } from './__fixtures__/offerta';

const riga = (s: OffertaState, over: Partial<RigaAttivitaOfferta> = {}): RigaAttivitaOfferta => ({
  id: 'o1',
  stato: s.stato,
  statoProcedura: s,
  profilo: 'Impiegato amministrativo',
  luogo: 'Torino, Via Roma 1',
  posti: 1,
  datore: 'Alfa S.p.A.',
  richiestaIl: '2026-03-02T09:00:00.000Z',
  ...over,
});
const datoreEsterno: Actor = { ...datore, soggetto: '01234567897' };
const da = (s: OffertaState, actor: Actor) => attivitaOfferta(riga(s), actor).map(({ codice, azione, scadenza, dal }) => ({ codice, azione, scadenza, dal }));

describe('offerta: what waits for whom', () => {
  it('selects the states each role may find something to do in', () => {
    expect(statiAttesaOfferte(rossi)).toEqual({ ufficio: ['richiesta', 'graduatoria-pubblicata'], datore: [] });
    expect(statiAttesaOfferte(verdi)).toEqual({ ufficio: ['richiesta', 'graduatoria-pubblicata', 'chiusa-adesioni'], datore: [] });
    expect(statiAttesaOfferte(datoreEsterno)).toEqual({ ufficio: [], datore: ['rosa-inviata'] });
    expect(statiAttesaOfferte({ roles: ['dirigente'] })).toEqual({ ufficio: [], datore: [] });
  });

  it('asks the office to judge a new request by the service level’s term, not whoever entered it', () => {
    const entrata = richiesta(rossi);
    const attesa = [{ codice: 'congruita', azione: 'Valutare la congruità della richiesta', scadenza: sla.scadeIl, dal: '2026-03-02T09:00:00.000Z' }];
    expect(da(entrata, bianchi)).toEqual(attesa);
    expect(da(entrata, verdi)).toEqual(attesa);
    expect(da(entrata, rossi)).toEqual([]); // segregation of duties
    expect(da(entrata, datoreEsterno)).toEqual([]);
    expect(da(pubblicata(), bianchi)).toEqual([]); // the window closes by itself
  });

  it('asks a responsabile to publish the graduatoria, then the office to send the rosa, within the same term', () => {
    const chiusaAdesioni = chiusa('a', 'b');
    expect(da(chiusaAdesioni, verdi)).toEqual([
      { codice: 'pubblicazione', azione: 'Pubblicare la graduatoria', scadenza: sla.scadeIl, dal: '2026-03-05T10:00:00.000Z' },
    ]);
    expect(da(chiusaAdesioni, rossi)).toEqual([]);
    const pubblicataG = conGraduatoria();
    expect(da(pubblicataG, rossi)).toEqual([
      { codice: 'rosa', azione: 'Inviare la rosa dei candidati', scadenza: sla.scadeIl, dal: pubblicataG.graduatoria!.pubblicataIl },
    ]);
  });

  it('asks the employer for the outcomes of the candidates sent, with no term, and nothing more once all are in', () => {
    const inviata = rosaInviata();
    expect(da(inviata, datoreEsterno)).toEqual([
      { codice: 'esiti', azione: 'Registrare gli esiti dei candidati', scadenza: null, dal: inviata.rosa!.inviataIl },
    ]);
    expect(da(inviata, rossi)).toEqual([]);
    const chiusa = run(inviata, esito('c', 'assunto'));
    expect(chiusa.stato).toBe('conclusa');
    expect(da(chiusa, datoreEsterno)).toEqual([]);
  });

  it('names the offer by its profile; the employer’s name only to the office', () => {
    const s = richiesta(rossi);
    expect(attivitaOfferta(riga(s), bianchi)[0]).toMatchObject({
      riferimento: 'Impiegato amministrativo, 1 posto — Alfa S.p.A. (Torino, Via Roma 1)',
      link: '/collocamento/offerte/o1',
      stato: 'richiesta',
    });
    expect(attivitaOfferta(riga(rosaInviata(), { posti: 2 }), datoreEsterno)[0].riferimento).toBe('Impiegato amministrativo, 2 posti (Torino, Via Roma 1)');
  });
});
