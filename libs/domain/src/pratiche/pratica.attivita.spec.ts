import type { Actor } from '../auth/roles';
import { type RigaAttivitaPratica, attivitaPratica, statiAttesaPratiche } from './pratica.attivita';

const op: Actor = { sub: 'op.rossi', roles: ['operatore'], office: 'CPI-FI' };
const op2: Actor = { sub: 'op.verdi', roles: ['operatore'], office: 'CPI-FI' };
const resp: Actor = { sub: 'resp.neri', roles: ['responsabile'], office: 'CPI-FI' };
const riga = (over: Partial<RigaAttivitaPratica> = {}): RigaAttivitaPratica => ({
  id: 'p1',
  stato: 'aperta',
  protocollo: '2027/000123',
  oggetto: 'Contributo per adeguamento postazione',
  creataDa: op.sub,
  autori: [op.sub],
  creataIl: '2027-03-01T09:00:00.000Z',
  aggiornataIl: '2027-03-02T09:00:00.000Z',
  ...over,
});

describe('pratica: what waits for whom', () => {
  it('selects the open cases of their author and the submitted ones of the office', () => {
    expect(statiAttesaPratiche(op)).toEqual({ ufficio: [], propri: ['aperta'] });
    expect(statiAttesaPratiche({ roles: ['operatore', 'responsabile'] })).toEqual({ ufficio: ['inviata'], propri: ['aperta'] });
    expect(statiAttesaPratiche({ roles: ['dirigente'] })).toEqual({ ufficio: [], propri: [] });
  });

  it('asks its author to submit an open case, and a responsabile who did not touch it to decide it once submitted', () => {
    expect(attivitaPratica(riga(), op)).toEqual([
      expect.objectContaining({
        codice: 'invio',
        azione: 'Inviare la pratica',
        riferimento: '2027/000123: Contributo per adeguamento postazione',
        link: '/pratiche/p1',
      }),
    ]);
    expect(attivitaPratica(riga(), op2)).toEqual([]);
    const inviata = riga({ stato: 'inviata', autori: [op.sub, 'resp.caricatore'] });
    expect(attivitaPratica(inviata, resp)).toEqual([expect.objectContaining({ codice: 'decisione', scadenza: null, dal: '2027-03-02T09:00:00.000Z' })]);
    expect(attivitaPratica(inviata, { ...resp, sub: 'resp.caricatore' })).toEqual([]);
    expect(attivitaPratica(inviata, op)).toEqual([]);
  });
});
