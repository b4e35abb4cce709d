import { randomUUID } from 'node:crypto';
import { comeModulo, type Schemi } from '@app/client';
import { objectsUnder, sql } from '../support/services';
import { dati, samples, Stack } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

/**
 * Retries a client makes when it did not get an answer: with an Idempotency-Key they return the first answer and do
 * nothing twice; without one, a second create names the case the first made, and a step on a closed case says why.
 */
const stack = new Stack();
let operatore: string;
let responsabile: string;

beforeAll(async () => {
  await stack.start({ env: { TEMPORAL_UPDATE_TIMEOUT_MS: '4000' } });
  operatore = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI');
  responsabile = await stack.idp.token('anna.bianchi', ['responsabile'], 'CPI-FI');
});
afterAll(() => stack.stop());

/** Every call goes through the typed client, uploads too (as forms: the type, then the file). */
const api = (token: string) => stack.client(token);
const pratica = (id: string) => ({ path: { id } });
/** The Idempotency-Key header of a typed call. */
const chiave = (k: string) => ({ header: { 'Idempotency-Key': k } });
const crea = (token: string, body: Schemi['CreaPraticaDto'], k?: string) => api(token).POST('/api/v1/pratiche', { params: k ? chiave(k) : {}, body });
/** An upload of `bytes` as the case's istanza, with the Idempotency-Key `k` if given. */
const carica = (id: string, k?: string, bytes = samples.pdf) =>
  api(operatore).POST('/api/v1/pratiche/{id}/documenti', {
    params: { ...pratica(id), ...(k ? chiave(k) : {}) },
    body: { tipo: 'istanza', file: new File([new Uint8Array(bytes)], 'a.pdf') },
    bodySerializer: comeModulo,
  });
/** The list's page a Link rel="next" names, as the typed client's query: this same list, with the cursor. */
type Pagina = { limite?: number; dopo?: string };
function successiva(res: Response): Pagina | undefined {
  const link = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  if (!link) return undefined;
  const url = new URL(link, stack.baseUrl);
  expect({ path: url.pathname, params: [...url.searchParams.keys()].sort() }).toEqual({ path: '/api/v1/pratiche', params: ['dopo', 'limite'] });
  return { limite: Number(url.searchParams.get('limite')), dopo: url.searchParams.get('dopo') ?? undefined };
}
const audit = async (id: string) =>
  (await sql<{ azione: string }>(`SELECT azione FROM audit_log WHERE entita = 'pratica' AND entita_id = $1 ORDER BY id`, [id])).map((r) => r.azione);

describe('Idempotency-Key', () => {
  it('returns the first answer to a retried create, refuses the key for another request, and creates one case', async () => {
    const k = randomUUID();
    const body = { protocollo: `IDEM/${Date.now()}`, oggetto: 'Richiesta ripetuta' };
    const primo = await crea(operatore, body, k);
    expect(primo.response.status).toBe(201);
    // The same request again, its fields in another order: the same answer, said to be a replay.
    const ancora = await crea(operatore, { oggetto: body.oggetto, protocollo: body.protocollo }, k);
    expect({ status: ancora.response.status, id: ancora.data?.id, replay: ancora.response.headers.get('idempotency-replayed') }).toEqual({
      status: 201,
      id: dati(primo).id,
      replay: 'true',
    });
    // The same key for another request: 422 naming the key.
    const altro = await crea(operatore, { ...body, oggetto: "Un'altra richiesta" }, k);
    expect({ status: altro.response.status, campi: altro.error?.errors?.map((e) => `${e.field}:${e.rule}`) }).toEqual({
      status: 422,
      campi: ['Idempotency-Key:chiave-riutilizzata'],
    });
    // Another user's same key is theirs: it does not replay this user's answer.
    const collega = await stack.idp.token('luca.verdi', ['operatore'], 'CPI-FI');
    expect((await crea(collega, body, k)).response.status).toBe(409);
    expect(await sql('SELECT id FROM pratiche WHERE protocollo = $1', [body.protocollo])).toHaveLength(1);
    expect((await crea(operatore, body, 'x'.repeat(256))).response.status).toBe(400);
    // A key is kept 24 hours: past them it is free for a new request.
    await sql(`UPDATE chiavi_idempotenza SET creata_il = now() - interval '25 hours' WHERE chiave = $1`, [k]);
    const nuovo = await crea(operatore, { protocollo: `${body.protocollo}/2`, oggetto: body.oggetto }, k);
    expect({ status: nuovo.response.status, replay: nuovo.response.headers.get('idempotency-replayed') }).toEqual({ status: 201, replay: null });
  });

  it('runs a create once when the same key arrives twice at the same time', async () => {
    const k = randomUUID();
    const body = { protocollo: `IDEM/par/${Date.now()}`, oggetto: 'Due invii simultanei' };
    const [a, b] = await Promise.all([crea(operatore, body, k), crea(operatore, body, k)]);
    // One ran; the other was either told to wait (409, Retry-After) or got the same answer.
    const stati = [a.response.status, b.response.status].sort();
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(stati);
    const attesa = [a, b].find((r) => r.response.status === 409);
    if (attesa)
      expect({ rule: attesa.error?.errors?.[0].rule, retryAfter: attesa.response.headers.get('retry-after') }).toEqual({
        rule: 'richiesta-in-corso',
        retryAfter: '1',
      });
    expect(await sql('SELECT id FROM pratiche WHERE protocollo = $1', [body.protocollo])).toHaveLength(1);
  });

  it('stores a retried upload once', async () => {
    const p = dati(await crea(operatore, { protocollo: `IDEM/doc/${Date.now()}`, oggetto: 'Documento ripetuto' }));
    const k = randomUUID();
    const primo = await carica(p.id, k);
    const ancora = await carica(p.id, k);
    expect([primo.response.status, ancora.response.status, ancora.data?.id]).toEqual([201, 201, primo.data?.id]);
    expect(await sql('SELECT 1 FROM documenti WHERE entita_id = $1', [p.id])).toHaveLength(1);
    expect(await objectsUnder(`pratica/${p.id}/`)).toHaveLength(1);
    // The same key with another file is another request: refused, nothing stored.
    const altro = await carica(p.id, k, Buffer.concat([samples.pdf, Buffer.from('%')]));
    expect({ status: altro.response.status, rule: altro.error?.errors?.[0].rule }).toEqual({ status: 422, rule: 'chiave-riutilizzata' });
    expect(await objectsUnder(`pratica/${p.id}/`)).toHaveLength(1);
  });

  it('applies a decision whose answer was lost in an outage once, and answers its retry with the outcome', async () => {
    const p = dati(await crea(operatore, { protocollo: `IDEM/dec/${Date.now()}`, oggetto: 'Decisione durante il guasto' }));
    expect((await carica(p.id)).response.status).toBe(201);
    const k = randomUUID();
    const invio = () => api(operatore).POST('/api/v1/pratiche/{id}/invio', { params: { ...pratica(p.id), ...chiave(k) }, body: { nota: 'completa' } });
    await stack.worker.stop('SIGKILL');
    try {
      // No worker: the step waits its bound and answers 503; Temporal keeps it for when a worker polls again.
      const perso = await invio();
      expect(perso.response.status).toBe(503);
    } finally {
      await stack.startWorker();
    }
    const ritentato = await invio();
    expect({ status: ritentato.response.status, stato: ritentato.data?.stato }).toEqual({ status: 200, stato: 'inviata' });
    // And once more, now a plain replay of the kept answer.
    const replay = await invio();
    expect({ status: replay.response.status, replay: replay.response.headers.get('idempotency-replayed') }).toEqual({ status: 200, replay: 'true' });
    await waitFor('the step recorded', async () => ((await audit(p.id)).includes('invio') ? true : undefined));
    expect((await audit(p.id)).filter((a) => a === 'invio')).toHaveLength(1);
  });
});

describe('retries without a key', () => {
  it('names the existing case when its protocollo is created again, and finds it by protocollo', async () => {
    const body = { protocollo: `IDEM/dup/${Date.now()}`, oggetto: 'Creata due volte' };
    const primo = dati(await crea(operatore, body));
    const secondo = await crea(operatore, body);
    expect({ status: secondo.response.status, id: secondo.error?.id, location: secondo.response.headers.get('location') }).toEqual({
      status: 409,
      id: primo.id,
      location: `/api/v1/pratiche/${primo.id}`,
    });
    const trovate = dati(await api(operatore).GET('/api/v1/pratiche', { params: { query: { protocollo: body.protocollo } } }));
    expect(trovate.map((p) => p.id)).toEqual([primo.id]);
  });

  it('answers a decision on a case already decided with 409 and its state, not 404', async () => {
    const p = dati(await crea(operatore, { protocollo: `IDEM/chiusa/${Date.now()}`, oggetto: 'Decisa due volte' }));
    await carica(p.id);
    expect((await api(operatore).POST('/api/v1/pratiche/{id}/invio', { params: pratica(p.id), body: {} })).response.status).toBe(200);
    const decisione: Schemi['DecisioneDto'] = { esito: 'respinta', motivazione: 'Documentazione insufficiente' };
    const decidi = () => api(responsabile).POST('/api/v1/pratiche/{id}/decisione', { params: pratica(p.id), body: decisione });
    expect((await decidi()).response.status).toBe(200);
    // The procedure's last step files the receipt; then it ends.
    await waitFor('the receipt, the last step', async () =>
      (await sql(`SELECT 1 FROM documenti WHERE entita_id = $1 AND tipo = 'ricevuta-decisione'`, [p.id])).length ? true : undefined,
    );
    const ancora = await waitFor('an answer from the ended procedure', async () => {
      const r = await decidi();
      return r.error?.detail?.includes('conclusa') ? r : undefined;
    });
    expect({ status: ancora.response.status, regole: ancora.error?.errors?.map((e) => e.rule), detail: ancora.error?.detail }).toEqual({
      status: 409,
      regole: ['pratica-chiusa'],
      detail: expect.stringContaining('respinta'),
    });
  });

  it('pages through every case with a cursor', async () => {
    const tok = await stack.idp.token('pagine', ['operatore'], `CPI-PAG-${Date.now().toString(36)}`);
    const creati: string[] = [];
    for (let i = 0; i < 5; i++) creati.push(dati(await crea(tok, { protocollo: `PAG/${i}`, oggetto: 'Pagina' })).id);
    const visti: string[] = [];
    let query: Pagina | undefined = { limite: 2 };
    for (let pagine = 0; query && pagine < 10; pagine++) {
      const res = await api(tok).GET('/api/v1/pratiche', { params: { query } });
      expect(res.response.status).toBe(200);
      visti.push(...dati(res).map((p) => p.id));
      query = successiva(res.response);
    }
    expect(visti).toEqual([...creati].reverse());
    expect((await api(tok).GET('/api/v1/pratiche', { params: { query: { dopo: 'nonvalido' } } })).response.status).toBe(400);
  });
});
