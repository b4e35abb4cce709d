import type { Actor } from '../../../../libs/domain/src/auth/roles';
import { addDays } from '../../../../libs/domain/src/calendar/calendario';
import { statoMigrato } from '../../../../libs/domain/src/tirocini/migrazione';
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

  describe('rinvia (the migration import): the first task deferred to the first deadline', () => {
    // A six-month traineeship (1 March .. 31 August 2027) imported on 15 May 2027: its next step is its end.
    const importato = () => {
      const d = statoMigrato(
        {
          codiceOrigine: 'SIL/1',
          inviataIl: '2027-02-01T09:00:00Z',
          inviataDa: 'op.vecchio',
          approvataIl: '2027-02-05T11:00:00Z',
          approvataDa: 'resp.vecchio',
          comunicazione: { codice: 'UNILAV-1', data: '2027-02-20' },
          presenze: [{ mese: '2027-04', ore: 120 }],
        },
        {
          tirocinioId: 't1',
          ufficio: 'CPI-FI',
          progetto: { dataInizio: '2027-03-01', dataFine: '2027-08-31', oreSettimanali: 30, svantaggiato: false },
          regole: regolePerVersione('nazionale-2017.1'),
          importatoDa: 'admin.migra',
          now: new Date('2027-05-15T10:00:00Z'),
        },
      );
      if (!d.ok) throw new Error(JSON.stringify(d.violations));
      return d.value;
    };

    it('delays the start by exactly the time to the end, the deadline the run would wait for', () => {
      const allImport = new Date('2027-05-15T10:00:00Z');
      const o = avvioTirocinio('t1', importato(), DAY, 'procedure', allImport, { rinvia: true });
      const prossima = o.args[0].prossima;
      expect(prossima).toMatchObject({ evento: { type: 'conclusione' } });
      expect(o.startDelay).toBe(Date.parse(prossima!.at) - allImport.getTime());
      expect(o.startDelay as number).toBeGreaterThan(100 * DAY);
      // The same start without the option (the submission's) runs its first task at once.
      expect(avvioTirocinio('t1', importato(), DAY, 'procedure', allImport)).not.toHaveProperty('startDelay');
    });

    it('does not delay a deadline less than a clock day away, nor a run whose first deadline is a notice or none', () => {
      const ultimoGiorno = new Date('2027-08-31T12:00:00Z');
      const o = avvioTirocinio('t1', importato(), DAY, 'procedure', ultimoGiorno, { rinvia: true });
      expect(o.args[0].prossima).toMatchObject({ evento: { type: 'conclusione' } });
      expect(o).not.toHaveProperty('startDelay');
      const d = decideTirocinio(inviata(10), { type: 'decisione', actor: responsabile, esito: 'approvata' }, now);
      if (!d.ok) throw new Error(JSON.stringify(d.violations));
      expect(avvioTirocinio('t1', d.value.state, DAY, 'procedure', now, { rinvia: true })).not.toHaveProperty('startDelay');
      expect(avvioTirocinio('t1', inviata(10), DAY, 'procedure', now, { rinvia: true })).not.toHaveProperty('startDelay');
    });
  });
});
