/**
 * Notices reach people: the office's directory (rubrica) says where, the worker e-mails each notice through a real
 * SMTP server (Mailpit, read back through its API), once per address; read state is each user's own.
 */
import type { Schemi } from '@app/client';
import { intestazioni, messaggio, ricevutePer } from '../support/mailpit';
import { sql } from '../support/services';
import { dati, Stack } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const gma = (d: string) => d.split('-').reverse().join('/');

const stack = new Stack();
const SUFFISSO = Date.now().toString(36);
const UFFICIO = `CPI-MAIL-${SUFFISSO}`;
const indirizzo = (chi: string) => `${chi}.${SUFFISSO}@uffici.example.it`;
let anna: string;
let marco: string;
let giulia: string;
let altroDirigente: string;

beforeAll(async () => {
  await stack.start();
  anna = await stack.idp.token('anna.bianchi', ['responsabile'], UFFICIO);
  marco = await stack.idp.token('marco.verdi', ['responsabile'], UFFICIO);
  giulia = await stack.idp.token('giulia.neri', ['dirigente'], UFFICIO);
  altroDirigente = await stack.idp.token('piero.gialli', ['dirigente'], `${UFFICIO}-ALTRO`);
});
afterAll(() => stack.stop());

/** Every call goes through the typed client: the compiler checks each path, body and answer against openapi.json. */
const api = (token: string) => stack.client(token);

function piano(): Schemi['PianoDocumentoDto'] {
  return {
    ufficio: UFFICIO,
    anno: Number(day(-1).slice(0, 4)),
    titolo: 'Piano con avvisi per posta',
    chiusura: day(200),
    scadenze: { preavvisoGiorniLavorativi: 1, tolleranzaEscalation: 'PT1S', digestSettimanale: false },
    aree: [
      {
        codice: 'A',
        titolo: 'Servizi per il lavoro',
        obiettivi: [
          {
            numero: '1',
            descrizione: 'Avvio del nuovo sistema',
            peso: 100,
            strutturaResponsabile: 'Settore Sistemi',
            indicatori: [
              {
                codice: '1.a',
                descrizione: 'Cronoprogramma',
                peso: 100,
                tipo: 'procedurale',
                fasi: [
                  {
                    numero: 1,
                    descrizione: 'Sviluppo',
                    outputAtteso: 'Sistema',
                    inizioPrevisto: day(-29),
                    finePrevista: day(-1),
                    strutturaResponsabile: 'Settore Sistemi',
                    peso: 100,
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('notices by e-mail', () => {
  it('sends each notice once to the addresses the office set, in Italian, and keeps read state per user', async () => {
    // Who may set what: a user their own address; the dirigente the structure's mailbox and its named users.
    const cattiva = await api(anna).PUT('/api/v1/rubrica/mia', { body: { email: 'non-un-indirizzo' } });
    expect(cattiva.response.status).toBe(400);
    expect(cattiva.error?.errors).toEqual([
      expect.objectContaining({ field: 'email', message: expect.stringContaining('indirizzo di posta elettronica valido') }),
    ]);
    expect(dati(await api(anna).PUT('/api/v1/rubrica/mia', { body: { email: indirizzo('anna') } })).email).toBe(indirizzo('anna'));
    expect(dati(await api(marco).PUT('/api/v1/rubrica/mia', { body: { email: indirizzo('marco') } })).email).toBe(indirizzo('marco'));
    // The client encodes the path parameters: 'Settore Sistemi' goes as Settore%20Sistemi.
    const voce = (token: string, tipo: string, nome: string, body: Schemi['VoceRubricaDto']) =>
      api(token).PUT('/api/v1/rubrica/{tipo}/{nome}', { params: { path: { tipo, nome } }, body });
    const nonSua = await voce(anna, 'struttura', 'Settore Sistemi', { email: indirizzo('intruso'), motivazione: 'Prova' });
    expect(nonSua.response.status).toBe(403);
    dati(
      await voce(giulia, 'struttura', 'Settore Sistemi', {
        email: indirizzo('sistemi'),
        utenti: ['anna.bianchi'],
        motivazione: 'Casella del settore e referente',
      }),
    );
    dati(await voce(giulia, 'ruolo', 'dirigente', { email: indirizzo('dirigenza'), motivazione: 'Casella della dirigenza' }));
    const voci = dati(await api(giulia).GET('/api/v1/rubrica'));
    expect(voci.map((v) => `${v.tipo}:${v.nome}:${v.email}`).sort()).toEqual([
      `ruolo:dirigente:${indirizzo('dirigenza')}`,
      `struttura:Settore Sistemi:${indirizzo('sistemi')}`,
      `utente:anna.bianchi:${indirizzo('anna')}`,
      `utente:marco.verdi:${indirizzo('marco')}`,
    ]);
    // Another office's dirigente sees none of it.
    expect(dati(await api(altroDirigente).GET('/api/v1/rubrica'))).toEqual([]);
    const trail = dati(await api(giulia).GET('/api/v1/audit', { params: { query: { entity: 'rubrica' } } })).filter(
      (r) => r.entitaId === 'struttura:Settore Sistemi',
    );
    expect(trail).toEqual([
      expect.objectContaining({ attore: 'giulia.neri', ruoli: 'dirigente', azione: 'creata', motivazione: 'Casella del settore e referente' }),
    ]);

    // A plan whose phase ended yesterday: overdue to the structure, then escalation to the dirigenti.
    const { id } = dati(await api(anna).POST('/api/v1/piani', { body: piano() }));
    dati(await api(giulia).POST('/api/v1/piani/{id}/approvazione', { params: { path: { id } }, body: { nota: 'Approvato' } }));

    const attese = [indirizzo('sistemi'), indirizzo('anna'), indirizzo('dirigenza')];
    const ricevute = await waitFor('the e-mails of the overdue alert and the escalation', async () => {
      const r = await Promise.all(attese.map(ricevutePer));
      return r.every((x) => x.length > 0) ? r : undefined;
    });
    const [sistemi, annaPosta, dirigenza] = ricevute;
    expect(sistemi.map((m) => m.Subject)).toEqual(['Fase scaduta senza data di fine effettiva']);
    expect(annaPosta.map((m) => m.Subject)).toEqual(['Fase scaduta senza data di fine effettiva']);
    expect(dirigenza.map((m) => m.Subject)).toEqual(['Escalation: fase scaduta non ancora conclusa']);
    // Marco is not among the structure's named users: his address receives nothing.
    expect(await ricevutePer(indirizzo('marco'))).toEqual([]);

    const m = await messaggio(annaPosta[0].ID);
    expect(m.From.Address).toBe('notifiche@workflow-engine.localhost');
    expect(m.Text).toContain(`la fase 1 «Sviluppo» dell'indicatore 1.a aveva fine prevista il ${gma(day(-1))}`);
    expect(m.Text).toContain('Procedura: Cronoprogramma e performance');
    const h = await intestazioni(annaPosta[0].ID);
    const notificheDi = async (token: string) => dati(await api(token).GET('/api/v1/notifiche', { params: { query: { entita: id } } }));
    const scaduta = (await notificheDi(anna)).find((n) => n.tipo === 'scaduta')!;
    expect(h['X-Notifica-Id']).toEqual([scaduta.id]);

    // The outbox: one row per notice and address, each sent, none pending or failed.
    const outbox = await sql(
      `SELECT e.indirizzo, e.stato, e.tentativi FROM notifiche_email e JOIN notifiche n ON n.id = e.notifica_id WHERE n.entita_id = $1 ORDER BY e.indirizzo`,
      [id],
    );
    expect(outbox).toEqual([
      { indirizzo: indirizzo('anna'), stato: 'inviata', tentativi: 1 },
      { indirizzo: indirizzo('dirigenza'), stato: 'inviata', tentativi: 1 },
      { indirizzo: indirizzo('sistemi'), stato: 'inviata', tentativi: 1 },
    ]);

    // Read state is each user's: Anna reading the alert does not mark it read for Marco.
    expect(scaduta.lettaIl).toBeNull();
    const segnaLetta = (token: string) => api(token).POST('/api/v1/notifiche/{id}/letta', { params: { path: { id: scaduta.id } } });
    expect((await segnaLetta(anna)).response.status).toBe(204);
    const perAnna = (await notificheDi(anna)).find((n) => n.id === scaduta.id)!;
    const perMarco = (await notificheDi(marco)).find((n) => n.id === scaduta.id)!;
    expect(perAnna.lettaIl).toEqual(expect.any(String));
    expect(perMarco.lettaIl).toBeNull();
    // Another office's dirigente cannot mark it: as if it did not exist.
    expect((await segnaLetta(altroDirigente)).response.status).toBe(404);
  });
});
