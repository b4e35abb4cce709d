import { avvisiTirocinio, testoScadenza } from './avvisi';
import { regolePerVersione } from './regole';
import type { TirocinioState, TransizioneTirocinio } from './tirocinio.state';
import { initialTirocinioState } from './tirocinio.state';

const base = initialTirocinioState({
  tirocinioId: 't1',
  ufficio: 'CPI-FI',
  regole: regolePerVersione('nazionale-2017.1'),
  creatoDa: 'op.rossi',
  progetto: { dataInizio: '2027-03-01', dataFine: '2027-04-30', oreSettimanali: 30, svantaggiato: false },
});
const inviata: TirocinioState = { ...base, stato: 'inviata', inviataDa: 'op.rossi', inviataIl: '2027-01-10T09:00:00.000Z' };
const passo = (t: Partial<TransizioneTirocinio> & Pick<TransizioneTirocinio, 'evento' | 'da' | 'a'>): TransizioneTirocinio => ({
  attore: 'x',
  il: '2027-01-11T09:00:00.000Z',
  ...t,
});
const chi = (s: TirocinioState, t: TransizioneTirocinio) => avvisiTirocinio(t, s).map((a) => `${a.destinatario.tipo}:${a.destinatario.nome}:${a.tipo}`);

describe('avvisiTirocinio: who is told about each step', () => {
  it('tells the submitter of an approval, and the hosts that the comunicazione obbligatoria is due by the start', () => {
    const s = { ...inviata, stato: 'attesa-comunicazione' as const };
    const avvisi = avvisiTirocinio(passo({ evento: 'decisione', da: 'inviata', a: 'attesa-comunicazione' }), s);
    expect(avvisi).toEqual([
      {
        destinatario: { tipo: 'utente', nome: 'op.rossi' },
        tipo: 'approvata',
        titolo: 'Tirocinio approvato',
        testo: 'inviare la comunicazione obbligatoria entro il 2027-03-01',
      },
      {
        destinatario: { tipo: 'ruolo', nome: 'ospitante' },
        tipo: 'comunicazione-attesa',
        titolo: 'Tirocinio approvato: comunicazione obbligatoria',
        testo: 'da inviare entro il 2027-03-01',
      },
    ]);
  });

  it('gives the submitter the integration deadline with the reason', () => {
    const s: TirocinioState = {
      ...inviata,
      stato: 'integrazioni-richieste',
      integrazioni: [{ richiesta: { motivo: 'manca il progetto', scadenza: '2027-01-25', richiestaDa: 'resp', il: '2027-01-11T09:00:00.000Z' } }],
    };
    expect(avvisiTirocinio(passo({ evento: 'decisione', da: 'inviata', a: 'integrazioni-richieste', motivo: 'manca il progetto' }), s)).toEqual([
      {
        destinatario: { tipo: 'utente', nome: 'op.rossi' },
        tipo: 'integrazioni-richieste',
        titolo: 'Integrazioni richieste',
        testo: 'manca il progetto (entro il 2027-01-25)',
      },
    ]);
  });

  it('asks the office to decide an integrated practice, and tells nobody of a practice never submitted', () => {
    expect(chi(inviata, passo({ evento: 'integrazione', da: 'integrazioni-richieste', a: 'integrata' }))).toEqual(['ruolo:responsabile:da-decidere']);
    expect(chi({ ...inviata, inviataDa: undefined }, passo({ evento: 'decisione', da: 'inviata', a: 'respinta' }))).toEqual([]);
  });

  it('at the end, asks the host for the months of attendance still missing, with the days left', () => {
    const conclusa: TirocinioState = {
      ...inviata,
      stato: 'conclusa',
      avviataIl: '2027-03-01T07:00:00.000Z',
      presenze: [{ mese: '2027-03', ore: 100, registrataDa: 'osp', registrataIl: '2027-04-01T09:00:00.000Z', rettifiche: 0 }],
    };
    const avvisi = avvisiTirocinio(passo({ evento: 'conclusione', da: 'attiva', a: 'conclusa' }), conclusa);
    expect(avvisi.map((a) => a.tipo)).toEqual(['conclusa', 'registro-finale']);
    expect(avvisi[1].testo).toMatch(/^registrare le presenze di 2027-04 entro il 2027-05-\d\d/);
  });

  it('sends nothing for a step nobody needs to hear of (a comunicazione before the start)', () => {
    expect(chi(inviata, passo({ evento: 'comunicazioneObbligatoria', da: 'attesa-comunicazione', a: 'attesa-comunicazione' }))).toEqual([]);
  });
});

describe('testoScadenza', () => {
  it("names the register's month in Italian, and keeps the other notices' texts", () => {
    expect(testoScadenza({ tipo: 'promemoria-presenze', data: '2027-03-01' })).toEqual({
      titolo: 'Registro presenze di marzo 2027',
      testo: 'Registrare le ore di presenza del tirocinante di marzo 2027',
    });
    expect(testoScadenza({ tipo: 'promemoria-comunicazione', data: '2027-03-01' }).titolo).toBe('Promemoria: comunicazione obbligatoria');
    expect(testoScadenza({ tipo: 'escalation-avvio-bloccato', data: '2027-03-01' }).testo).toMatch(/avvio bloccato/);
  });
});
