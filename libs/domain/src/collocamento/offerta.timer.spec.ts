import type { OffertaState } from './offerta.state';
import { prossimoTimerOfferta } from './offerta.timer';

const base: OffertaState = {
  offertaId: 'o1',
  ufficio: 'CPI-TO',
  datoreId: 'd1',
  categoria: 'art1',
  posti: 1,
  dimensioneRosa: 3,
  dataRichiesta: '2027-03-01',
  stato: 'pubblicata',
  richiesta: { inseritaDa: 'op', inseritaIl: '2027-03-01T09:00:00.000Z' },
  adesioni: {},
  esiti: [],
  segnalazioni: [],
  finestra: { apertaIl: '2027-03-01T10:00:00.000Z', chiudeIl: '2027-03-03T10:00:00.000Z' },
  sla: { scadenza: '2027-03-08', scadeIl: '2027-03-08T23:00:00.000Z', avvisoIl: '2027-03-04T23:00:00.000Z', avvisoInviato: false, violata: false },
};

describe('prossimoTimerOfferta', () => {
  it('waits for the close of the window first, then the SLA warning, then the breach', () => {
    expect(prossimoTimerOfferta(base, 0, 0)).toMatchObject({ tipo: 'evento', at: base.finestra!.chiudeIl, evento: { type: 'chiusuraAdesioni' } });
    const chiusa = { ...base, stato: 'chiusa-adesioni' as const };
    expect(prossimoTimerOfferta(chiusa, 0, 0)).toMatchObject({ evento: { type: 'avvisoSla' } });
    const avvisata = { ...chiusa, sla: { ...chiusa.sla!, avvisoInviato: true } };
    expect(prossimoTimerOfferta(avvisata, 0, 0)).toMatchObject({ at: base.sla!.scadeIl, evento: { type: 'slaScaduta' } });
    expect(prossimoTimerOfferta({ ...avvisata, sla: { ...avvisata.sla!, violata: true } }, 0, 0)).toBeUndefined();
  });

  it('once the rosa is sent, reminds the employer at each interval until the outcomes are in', () => {
    const inviata: OffertaState = { ...base, stato: 'rosa-inviata', rosa: { candidati: ['a'], inviataDa: 'op', inviataIl: '2027-03-05T00:00:00.000Z' } };
    expect(prossimoTimerOfferta(inviata, 86_400_000, 0)).toEqual({ tipo: 'promemoria-esiti', at: '2027-03-06T00:00:00.000Z', numero: 1 });
    expect(prossimoTimerOfferta(inviata, 86_400_000, 2)).toEqual({ tipo: 'promemoria-esiti', at: '2027-03-08T00:00:00.000Z', numero: 3 });
    expect(prossimoTimerOfferta(inviata, 0, 0)).toBeUndefined();
    expect(prossimoTimerOfferta({ ...inviata, stato: 'conclusa' }, 86_400_000, 0)).toBeUndefined();
  });

  it('reminds from the latest sending of candidates, and ends a concluded offer of versione 2 after its time for outcomes', () => {
    const seconda: OffertaState = {
      ...base,
      versione: 2,
      stato: 'rosa-inviata',
      rosa: { candidati: ['a', 'b'], inviataDa: 'op', inviataIl: '2027-03-05T00:00:00.000Z' },
      rosaSuccessive: [{ candidati: ['b'], inviataDa: 'op', inviataIl: '2027-03-20T00:00:00.000Z' }],
    };
    expect(prossimoTimerOfferta(seconda, 86_400_000, 0)).toEqual({ tipo: 'promemoria-esiti', at: '2027-03-21T00:00:00.000Z', numero: 1 });
    // Reopened by a correction after that sending: the reminders start again from the reopening.
    expect(prossimoTimerOfferta({ ...seconda, riapertaIl: '2027-03-28T12:00:00.000Z' }, 86_400_000, 0)).toEqual({
      tipo: 'promemoria-esiti',
      at: '2027-03-29T12:00:00.000Z',
      numero: 1,
    });
    expect(prossimoTimerOfferta({ ...seconda, riapertaIl: '2027-03-10T00:00:00.000Z' }, 86_400_000, 0)).toMatchObject({ at: '2027-03-21T00:00:00.000Z' });
    const conclusa: OffertaState = { ...seconda, stato: 'conclusa', conclusione: { il: '2027-03-25T00:00:00.000Z', motivo: 'posti-coperti' } };
    expect(prossimoTimerOfferta(conclusa, 86_400_000, 0, 30 * 86_400_000)).toEqual({ tipo: 'fine', at: '2027-04-24T00:00:00.000Z' });
    expect(prossimoTimerOfferta({ ...conclusa, versione: undefined }, 86_400_000, 0, 30 * 86_400_000)).toBeUndefined();
  });
});
