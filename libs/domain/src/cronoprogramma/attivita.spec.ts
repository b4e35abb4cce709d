import type { Actor } from '../auth/roles';
import { type RigaAttivitaPiano, attivitaPiano, fasiDaMonitorare } from './attivita';
import type { Fase, PianoDocumento } from './cronoprogramma.types';

const UFF = 'ARTI-FI';
const dirigente: Actor = { sub: 'dir.neri', roles: ['dirigente'], office: UFF };
const autore: Actor = { sub: 'resp.bianchi', roles: ['dirigente'], office: UFF };
const responsabile: Actor = { sub: 'resp.rossi', roles: ['responsabile'], office: UFF };
const nessunFestivo = () => false;

const fase = (numero: number, finePrevista: string, over: Partial<Fase> = {}): Fase => ({
  numero,
  descrizione: `Fase ${numero}`,
  outputAtteso: 'Documento',
  inizioPrevisto: '2027-01-04',
  finePrevista,
  strutturaResponsabile: 'Settore Servizi',
  peso: 25,
  ...over,
});

function piano(fasi: Fase[]): PianoDocumento {
  return {
    ufficio: UFF,
    anno: 2027,
    titolo: 'Piano della performance 2027',
    chiusura: '2027-12-31',
    scadenze: { preavvisoGiorniLavorativi: 2 },
    aree: [
      {
        codice: 'A',
        titolo: 'Servizi',
        obiettivi: [
          {
            numero: '1',
            descrizione: 'Obiettivo',
            peso: 100,
            strutturaResponsabile: 'Settore Servizi',
            indicatori: [
              { codice: '1.a', descrizione: 'Cronoprogramma', peso: 80, tipo: 'procedurale', fasi },
              { codice: '1.b', descrizione: 'Numerico', peso: 20, tipo: 'numerico', formula: 'x', target: 10 },
            ],
          },
        ],
      },
    ],
  };
}

const riga = (doc: PianoDocumento, over: Partial<RigaAttivitaPiano> = {}): RigaAttivitaPiano => ({
  id: 'p1',
  stato: 'attivo',
  titolo: doc.titolo,
  documento: doc,
  creatoDa: autore.sub,
  aggiornatoDa: autore.sub,
  aggiornatoIl: '2027-01-10T09:00:00.000Z',
  revisione: null,
  ...over,
});
/** Wednesday 10 March 2027. */
const ctx = { now: new Date('2027-03-10T09:00:00Z'), isHoliday: nessunFestivo };
const da = (r: RigaAttivitaPiano, actor: Actor) =>
  attivitaPiano(r, actor, ctx).map(({ codice, riferimento, azione, scadenza, dal }) => ({ codice, riferimento, azione, scadenza, dal }));

describe('piano: what waits for the office’s dirigenti', () => {
  it('asks for the monitoring of the earliest open phase due: overdue from the day after its planned end', () => {
    const doc = piano([
      fase(1, '2027-02-26', { fineEffettiva: '2027-02-25' }), // reported
      fase(2, '2027-03-05'), // overdue since 6 March
      fase(3, '2027-03-12'), // reminder from Wednesday 10 March (2 working days before)
      fase(4, '2027-03-31'), // not yet due
      fase(5, '2027-03-01', { causaEsterna: { giustificazione: 'Sciopero' } }), // neutralised
    ]);
    expect(fasiDaMonitorare(doc, '2027-03-10', nessunFestivo).map((f) => [f.fase.numero, f.dal])).toEqual([
      [2, '2027-03-03'],
      [3, '2027-03-10'],
    ]);
    expect(da(riga(doc), dirigente)).toEqual([
      {
        codice: 'monitoraggio',
        riferimento: "Piano della performance 2027: fase 2 «Fase 2» dell'indicatore 1.a, fine prevista 05/03/2027 (e un’altra fase)",
        azione: 'Registrare il monitoraggio',
        scadenza: '2027-03-06T00:00:00.000Z',
        dal: '2027-03-03T00:00:00.000Z',
      },
    ]);
    // Only dirigenti; a plan past its close asks nothing (frozen for the final monitoring).
    expect(da(riga(doc), responsabile)).toEqual([]);
    expect(da(riga({ ...doc, chiusura: '2027-03-09' }), dirigente)).toEqual([]);
    expect(da(riga(piano([fase(1, '2027-03-31')])), dirigente)).toEqual([]);
  });

  it('asks a dirigente who did not write the draft to approve it', () => {
    const doc = piano([fase(1, '2027-03-31')]);
    expect(da(riga(doc, { stato: 'bozza' }), dirigente)).toEqual([
      { codice: 'approvazione', riferimento: 'Piano della performance 2027', azione: 'Approvare il piano', scadenza: null, dal: '2027-01-10T09:00:00.000Z' },
    ]);
    expect(da(riga(doc, { stato: 'bozza' }), autore)).toEqual([]);
    expect(da(riga(doc, { stato: 'bozza', creatoDa: 'altro' }), autore)).toEqual([]); // who changed it last, too
  });

  it('asks a dirigente other than the proposer to decide a revision', () => {
    const r = riga(piano([fase(1, '2027-03-31')]), { revisione: { numero: 2, propostaDa: autore.sub, propostaIl: '2027-03-01T10:00:00.000Z' } });
    expect(da(r, dirigente)).toEqual([
      {
        codice: 'revisione-2',
        riferimento: 'Piano della performance 2027: revisione n. 2',
        azione: 'Decidere la revisione',
        scadenza: null,
        dal: '2027-03-01T10:00:00.000Z',
      },
    ]);
    expect(da(r, autore)).toEqual([]);
    expect(attivitaPiano(r, dirigente, ctx)[0].link).toBe('/cronoprogramma/piani/p1');
  });
});
