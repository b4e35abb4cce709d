import { comeModulo } from '@app/client';
import { dati, samples, Stack } from '../support/stack';
import { objectsUnder, sql } from '../support/services';

jest.setTimeout(180_000);

const stack = new Stack();
let operatore: string;
let responsabile: string;

beforeAll(async () => {
  await stack.start();
  operatore = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI');
  responsabile = await stack.idp.token('anna.bianchi', ['responsabile'], 'CPI-FI');
});
afterAll(() => stack.stop());

/** Every call goes through the typed client, the upload too (as a form: the type, then the file). */
const api = (token: string) => stack.client(token);
const pratica = (id: string) => ({ params: { path: { id } } });

describe('worker crash', () => {
  it('completes the procedure after the worker is SIGKILLed mid-procedure, without duplicate rows or objects', async () => {
    const p = dati(await api(operatore).POST('/api/v1/pratiche', { body: { protocollo: `KILL/${Date.now()}`, oggetto: 'Resistenza ai crash' } }));
    const caricato = await api(operatore).POST('/api/v1/pratiche/{id}/documenti', {
      ...pratica(p.id),
      body: { tipo: 'istanza', file: new File([new Uint8Array(samples.pdf)], 'a.pdf') },
      bodySerializer: comeModulo,
    });
    expect(caricato.response.status).toBe(201);
    expect((await api(operatore).POST('/api/v1/pratiche/{id}/invio', { ...pratica(p.id), body: {} })).response.status).toBe(200);

    await stack.worker.stop('SIGKILL');
    // The decision is sent while no worker runs: Temporal holds it until a worker comes back.
    const pending = api(responsabile).POST('/api/v1/pratiche/{id}/decisione', {
      ...pratica(p.id),
      body: { esito: 'respinta', motivazione: 'Documentazione insufficiente' },
    });
    await stack.startWorker();
    const decided = await pending;
    expect(decided.response.status).toBe(200);
    expect(decided.data).toMatchObject({ stato: 'respinta', decisione: { esito: 'respinta', decisaDa: 'anna.bianchi' } });

    const actions = (
      await sql<{ azione: string; n: string }>(
        `SELECT azione, count(*) AS n FROM audit_log WHERE entita = 'pratica' AND entita_id = $1 GROUP BY azione ORDER BY azione`,
        [p.id],
      )
    ).map((r) => `${r.azione}:${r.n}`);
    expect(actions).toEqual(['creata:1', 'decisione:1', 'documentoCaricato:1', 'invio:1']);
    expect(await sql('SELECT 1 FROM pratiche WHERE id = $1', [p.id])).toHaveLength(1);
    const docs = await sql<{ tipo: string }>('SELECT tipo FROM documenti WHERE entita_id = $1 ORDER BY tipo', [p.id]);
    expect(docs.map((d) => d.tipo)).toEqual(['istanza', 'ricevuta-decisione']);
    expect(await objectsUnder(`pratica/${p.id}/`)).toHaveLength(2);
  });
});

// Tampering with the trail, as the application's role and as the schema owner: registro-eventi.e2e-spec.ts.
describe('audit trail access', () => {
  it('lets only authorised roles read the trail', async () => {
    expect((await api(operatore).GET('/api/v1/audit', { params: { query: { entity: 'pratica' } } })).response.status).toBe(403);
    expect((await api(responsabile).GET('/api/v1/audit/verifica')).response.status).toBe(403);
  });
});
