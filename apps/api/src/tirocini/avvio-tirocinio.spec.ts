import type { Actor } from '../../../../libs/domain/src/auth/roles';
import { addDays } from '../../../../libs/domain/src/calendar/calendario';
import { regolePerVersione } from '../../../../libs/domain/src/tirocini/regole';
import { decideTirocinio } from '../../../../libs/domain/src/tirocini/tirocinio.machine';
import { initialTirocinioState, type TirocinioState } from '../../../../libs/domain/src/tirocini/tirocinio.state';
import { avvioTirocinio } from './avvio-tirocinio';

const DAY = 86_400_000;
const now = new Date('2027-03-01T09:00:00Z');
const operatore: Actor = { sub: 'mario.rossi', roles: ['operatore'], office: 'CPI-FI' };
const responsabile: Actor = { sub: 'anna.bianchi', roles: ['responsabile'], office: 'CPI-FI' };

function inviata(giorniAllInizio: number): TirocinioState {
  const dataInizio = addDays('2027-03-01', giorniAllInizio);
  const s = initialTirocinioState({
    tirocinioId: 't1',
    ufficio: 'CPI-FI',
    regole: regolePerVersione('nazionale-2017.1'),
    creatoDa: operatore.sub,
    progetto: { dataInizio, dataFine: addDays(dataInizio, 59), oreSettimanali: 20, svantaggiato: false },
  });
  const d = decideTirocinio(s, { type: 'invio', actor: operatore, versioneRegole: s.versioneRegole, violazioni: [] }, now);
  if (!d.ok) throw new Error(JSON.stringify(d.violations));
  return d.value.state;
}

describe('avvioTirocinio', () => {
  it('starts a submitted practice with its answer (no deadline) and the search attributes of its state', () => {
    const o = avvioTirocinio('t1', inviata(10), DAY, 'procedure', now);
    expect(o).toMatchObject({ taskQueue: 'procedure', workflowId: 'tirocinio:t1', workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    expect(o.args[0]).toMatchObject({ tirocinioId: 't1', unitaMs: DAY, prossima: null });
    expect((o.typedSearchAttributes as Array<{ value: unknown }>).map((p) => p.value)).toEqual(['tirocinio', 'CPI-FI', 'inviata']);
  });

  it('leaves the question to the worker when the first deadline is a notice (only it knows the notices sent)', () => {
    // Approved ten days before the start: the CO reminder (a notice) comes before the start timer.
    const d = decideTirocinio(inviata(10), { type: 'decisione', actor: responsabile, esito: 'approvata' }, now);
    if (!d.ok) throw new Error(JSON.stringify(d.violations));
    expect(d.value.state.stato).toBe('attesa-comunicazione');
    expect(avvioTirocinio('t1', d.value.state, DAY, 'procedure', now).args[0]).not.toHaveProperty('prossima');
  });

  it('passes the timer when it comes first: the start, once the CO is too late to remind', () => {
    const d = decideTirocinio(inviata(1), { type: 'decisione', actor: responsabile, esito: 'approvata' }, now);
    if (!d.ok) throw new Error(JSON.stringify(d.violations));
    const input = avvioTirocinio('t1', d.value.state, DAY, 'procedure', new Date(now.getTime() + 2 * DAY)).args[0];
    expect(input.prossima).toMatchObject({ tipo: 'avvio', evento: { type: 'avvio' } });
  });
});
