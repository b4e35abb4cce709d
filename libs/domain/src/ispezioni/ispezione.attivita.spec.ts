import type { Actor } from '../auth/roles';
import { type RigaAttivitaIspezione, ambitoAttesaIspezioni, attivitaIspezione } from './ispezione.attivita';
import { decideIspezione } from './ispezione.machine';
import { type IspezioneEvent, type IspezioneState, initialIspezioneState } from './ispezione.state';
import { POLITICA_ISPEZIONE_PREDEFINITA } from './scadenze';

const UFF = 'ITL-PA';
const rossi: Actor = { sub: 'isp.rossi', roles: ['ispettore'], office: UFF };
const bianchi: Actor = { sub: 'isp.bianchi', roles: ['ispettore'], office: UFF };
const dirigente: Actor = { sub: 'dir.verdi', roles: ['dirigente'], office: UFF };
const altroDirigente: Actor = { sub: 'dir.gialli', roles: ['dirigente'], office: UFF };
const verbale = { documentoId: 'doc-1', sha256: 'a'.repeat(64) };
const nessunFestivo = () => false;

/** Events at 2026-03-10T09:00Z, a Tuesday (Italy is UTC+1 until the end of March). */
function run(events: IspezioneEvent[], s: IspezioneState = initialIspezioneState({ richiestaId: 'r1', ispettorato: UFF })): IspezioneState {
  for (const e of events) {
    const d = decideIspezione(s, e, new Date('2026-03-10T09:00:00Z'));
    if (!d.ok) throw new Error(`${e.type} refused: ${d.violations.map((v) => v.rule).join(', ')}`);
    s = d.value.state;
  }
  return s;
}
const riga = (s: IspezioneState, over: Partial<RigaAttivitaIspezione> = {}): RigaAttivitaIspezione => ({
  id: 'r1',
  stato: s.stato,
  statoProcedura: s,
  ispettoreId: s.ispettoreId ?? null,
  priorita: 'alta',
  tipoPratica: 'lavoro-nero',
  azienda: 'Edilizia Beta S.r.l.',
  registrataIl: '2026-03-09T08:00:00.000Z',
  attesa: null,
  politica: POLITICA_ISPEZIONE_PREDEFINITA,
  ...over,
});
const da = (r: RigaAttivitaIspezione, actor: Actor) =>
  attivitaIspezione(r, actor, { now: new Date('2026-03-11T09:00:00Z'), isHoliday: nessunFestivo }).map(({ codice, azione, scadenza, dal }) => ({
    codice,
    azione,
    scadenza,
    dal,
  }));
const sorteggio: IspezioneEvent = { type: 'assegnata', ispettoreId: rossi.sub, tentativo: 1, via: 'sorteggio' };

describe('ispezione: what waits for whom', () => {
  it('selects the inspector’s own cases in the states with a step, and the dirigente’s queue and proposals', () => {
    expect(ambitoAttesaIspezioni(rossi)).toEqual({ ispettore: ['assegnata', 'accettata', 'in-corso', 'diffida', 'accertamenti-conclusi'], dirigente: false });
    expect(ambitoAttesaIspezioni(dirigente)).toEqual({ ispettore: [], dirigente: true });
    expect(ambitoAttesaIspezioni({ roles: ['operatore', 'responsabile'] })).toEqual({ ispettore: [], dirigente: false });
  });

  it('asks only the inspector drawn to accept or abstain within the acceptance term, then each next step by its term', () => {
    const assegnata = run([sorteggio]);
    expect(da(riga(assegnata), rossi)).toEqual([
      // 2 working days from Tuesday 10 March: to the end of Thursday 12 in Italy.
      { codice: 'accettazione', azione: 'Accettare l’incarico o astenersi', scadenza: '2026-03-12T23:00:00.000Z', dal: '2026-03-10T09:00:00.000Z' },
    ]);
    expect(da(riga(assegnata), bianchi)).toEqual([]);
    expect(da(riga(assegnata), dirigente)).toEqual([]);

    const accettata = run([{ type: 'accettazione', actor: rossi }], assegnata);
    // Priority alta: 10 calendar days from the acceptance.
    expect(da(riga(accettata), rossi)).toEqual([
      { codice: 'primoAccesso', azione: 'Eseguire il primo accesso', scadenza: '2026-03-20T23:00:00.000Z', dal: '2026-03-10T09:00:00.000Z' },
    ]);
    const inCorso = run([{ type: 'primoAccesso', actor: rossi, data: '2026-03-10', verbale }], accettata);
    expect(da(riga(inCorso), rossi)).toEqual([
      { codice: 'accertamenti', azione: 'Registrare la diffida o la fine degli accertamenti', scadenza: null, dal: '2026-03-10T09:00:00.000Z' },
    ]);
    const diffida = run([{ type: 'diffida', actor: rossi, notificataIl: '2026-03-10' }], inCorso);
    // The company's 30 days from the notification: Thursday 9 April, end of day in Italy (summer time).
    expect(da(riga(diffida), rossi)[0]).toMatchObject({ codice: 'diffida', scadenza: '2026-04-09T22:00:00.000Z' });
    const concluse = run([{ type: 'fineAccertamenti', actor: rossi, data: '2026-03-10' }], inCorso);
    expect(da(riga(concluse), rossi)[0]).toMatchObject({ codice: 'chiusura', azione: 'Notificare il verbale unico e chiudere l’ispezione' });
    const chiusa = run([{ type: 'chiusura', actor: rossi, esito: 'regolare', verbaleUnico: verbale }], concluse);
    expect(da(riga(chiusa), rossi)).toEqual([]);
  });

  it('asks a dirigente to unblock a request that waits for its draw, saying why', () => {
    const registrata = initialIspezioneState({ richiestaId: 'r1', ispettorato: UFF });
    expect(da(riga(registrata), dirigente)).toEqual([]); // being drawn: nothing to do
    expect(da(riga(registrata, { attesa: { motivo: 'nessun-idoneo', dal: '2026-03-09T08:00:01.000Z' } }), dirigente)).toEqual([
      { codice: 'sorteggio', azione: 'Sbloccare il sorteggio: nessun ispettore idoneo', scadenza: null, dal: '2026-03-09T08:00:01.000Z' },
    ]);
    expect(da(riga(registrata, { attesa: { motivo: 'periodo-mancante', dal: '2026-03-09T08:00:01.000Z' } }), dirigente)[0].azione).toBe(
      'Sbloccare il sorteggio: nessun periodo di sorteggio utilizzabile',
    );
    expect(da(riga(registrata, { attesa: { motivo: 'nessun-idoneo', dal: '2026-03-09T08:00:01.000Z' } }), rossi)).toEqual([]);
  });

  it('asks another dirigente, not the proposer nor the inspector proposed, to decide a manual reassignment', () => {
    const proposta = run([sorteggio, { type: 'riassegnazioneProposta', actor: dirigente, ispettoreId: bianchi.sub, motivo: 'Carichi da riequilibrare' }]);
    const attesa = { codice: 'riassegnazione', azione: 'Decidere la riassegnazione proposta', scadenza: null, dal: '2026-03-10T09:00:00.000Z' };
    expect(da(riga(proposta), altroDirigente)).toEqual([attesa]);
    expect(da(riga(proposta), dirigente)).toEqual([]);
    expect(da(riga(proposta), { ...bianchi, roles: ['dirigente', 'ispettore'] })).toEqual([]);
    // The inspector still assigned keeps their own step meanwhile.
    expect(da(riga(proposta), rossi).map((v) => v.codice)).toEqual(['accettazione']);
    const decisa = run([{ type: 'riassegnazioneDecisa', actor: altroDirigente, esito: 'approvata' }], proposta);
    expect(da(riga(decisa), altroDirigente)).toEqual([]);
  });

  it('names the request by the company and the case, and links it', () => {
    expect(attivitaIspezione(riga(run([sorteggio])), rossi, { now: new Date('2026-03-11T09:00:00Z'), isHoliday: nessunFestivo })[0]).toMatchObject({
      procedura: 'ispezioni',
      riferimento: 'Edilizia Beta S.r.l.: lavoro-nero, priorità alta',
      stato: 'assegnata',
      link: '/ispezioni/richieste/r1',
    });
  });
});
