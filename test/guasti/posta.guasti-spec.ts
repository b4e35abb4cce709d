/**
 * The SMTP server goes away (a proxy this test owns, in front of Mailpit, cut as an outage would): notices are still
 * stored and listed, their e-mails wait in the outbox with the error, and once the server is back each is sent once.
 */
import type { PianoDocumento } from '../../libs/domain/src/cronoprogramma/cronoprogramma.types';
import { ProxyTcp } from '../support/proxy';
import { ricevutePer } from '../support/mailpit';
import { sql } from '../support/services';
import { Stack } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

const smtp = new ProxyTcp('127.0.0.1', Number(process.env.MAILPIT_SMTP_PORT ?? 1025));
const stack = new Stack();
const SUFFISSO = Date.now().toString(36);
const UFFICIO = `CPI-SMTP-${SUFFISSO}`;
const CASELLA = `sistemi.${SUFFISSO}@uffici.example.it`;

beforeAll(async () => {
  await smtp.avvia();
  await stack.start({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, EMAIL_CONTROLLO_OGNI: 'PT0.5S', EMAIL_PAUSA_TENTATIVO: 'PT0.5S' } });
});
afterAll(async () => {
  await stack.stop();
  await smtp.chiudi();
});

function piano(): PianoDocumento {
  return {
    ufficio: UFFICIO,
    anno: Number(day(-1).slice(0, 4)),
    titolo: 'Piano durante un guasto della posta',
    chiusura: day(200),
    scadenze: { preavvisoGiorniLavorativi: 1, tolleranzaEscalation: 'P30D', digestSettimanale: false },
    aree: [
      {
        codice: 'A',
        titolo: 'Servizi',
        obiettivi: [
          {
            numero: '1',
            descrizione: 'Avvio',
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

describe('SMTP server down', () => {
  it('keeps the e-mail in the outbox, retries it, and sends it once when the server is back', async () => {
    const responsabile = await stack.idp.token('anna.bianchi', ['responsabile'], UFFICIO);
    const dirigente = await stack.idp.token('giulia.neri', ['dirigente'], UFFICIO);
    const ok = async (method: string, path: string, token: string, body?: unknown): Promise<Json> => {
      const res = await stack.call(method, path, token, body);
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${res.text}`);
      return res.json;
    };
    await ok('PUT', `/api/v1/rubrica/struttura/${encodeURIComponent('Settore Sistemi')}`, dirigente, { email: CASELLA, motivazione: 'Casella del settore' });

    await smtp.taglia();
    const id = (await ok('POST', '/api/v1/piani', responsabile, piano())).id as string;
    await ok('POST', `/api/v1/piani/${id}/approvazione`, dirigente, { nota: 'Approvato' });
    // The notice is there at once; its e-mail fails, more than once, and waits with the reason.
    await waitFor('the overdue notice', async () =>
      ((await ok('GET', `/api/v1/notifiche?entita=${id}`, dirigente)) as Json[]).find((n) => n.tipo === 'scaduta'),
    );
    const inAttesa = await waitFor('two failed attempts', async () => {
      const [r] = await sql<{ stato: string; tentativi: number; errore: string | null }>(
        'SELECT e.stato, e.tentativi, e.errore FROM notifiche_email e JOIN notifiche n ON n.id = e.notifica_id WHERE n.entita_id = $1',
        [id],
      );
      return r && r.tentativi >= 2 ? r : undefined;
    });
    expect(inAttesa).toMatchObject({ stato: 'da-inviare', errore: expect.stringMatching(/ECONNREFUSED|connect/i) });
    expect(await ricevutePer(CASELLA)).toEqual([]);

    await smtp.ripristina();
    const ricevute = await waitFor('the e-mail once the server is back', async () => {
      const r = await ricevutePer(CASELLA);
      return r.length ? r : undefined;
    });
    expect(ricevute.map((m) => m.Subject)).toEqual(['Fase scaduta senza data di fine effettiva']);
    const [dopo] = await sql('SELECT e.stato, e.errore FROM notifiche_email e JOIN notifiche n ON n.id = e.notifica_id WHERE n.entita_id = $1', [id]);
    expect(dopo).toEqual({ stato: 'inviata', errore: null });
  });
});
