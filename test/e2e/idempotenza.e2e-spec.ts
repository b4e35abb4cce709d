import { randomUUID } from 'node:crypto';
import { objectsUnder, sql } from '../support/services';
import { form, samples, Stack } from '../support/stack';
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

const chiave = () => ({ 'idempotency-key': randomUUID() });
const audit = async (id: string) =>
  (await sql<{ azione: string }>(`SELECT azione FROM audit_log WHERE entita = 'pratica' AND entita_id = $1 ORDER BY id`, [id])).map((r) => r.azione);

describe('Idempotency-Key', () => {
  it('returns the first answer to a retried create, refuses the key for another request, and creates one case', async () => {
    const k = chiave();
    const body = { protocollo: `IDEM/${Date.now()}`, oggetto: 'Richiesta ripetuta' };
    const primo = await stack.call('POST', '/api/v1/pratiche', operatore, body, k);
    expect(primo.status).toBe(201);
    // The same request again, its fields in another order: the same answer, said to be a replay.
    const ancora = await stack.call('POST', '/api/v1/pratiche', operatore, { oggetto: body.oggetto, protocollo: body.protocollo }, k);
    expect({ status: ancora.status, id: ancora.json.id, replay: ancora.headers.get('idempotency-replayed') }).toEqual({
      status: 201,
      id: primo.json.id,
      replay: 'true',
    });
    // The same key for another request: 422 naming the key.
    const altro = await stack.call('POST', '/api/v1/pratiche', operatore, { ...body, oggetto: "Un'altra richiesta" }, k);
    expect({ status: altro.status, campi: altro.json.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`) }).toEqual({
      status: 422,
      campi: ['Idempotency-Key:chiave-riutilizzata'],
    });
    // Another user's same key is theirs: it does not replay this user's answer.
    const collega = await stack.idp.token('luca.verdi', ['operatore'], 'CPI-FI');
    expect((await stack.call('POST', '/api/v1/pratiche', collega, body, k)).status).toBe(409);
    expect(await sql('SELECT id FROM pratiche WHERE protocollo = $1', [body.protocollo])).toHaveLength(1);
    expect((await stack.call('POST', '/api/v1/pratiche', operatore, body, { 'idempotency-key': 'x'.repeat(256) })).status).toBe(400);
    // A key is kept 24 hours: past them it is free for a new request.
    await sql(`UPDATE chiavi_idempotenza SET creata_il = now() - interval '25 hours' WHERE chiave = $1`, [k['idempotency-key']]);
    const nuovo = await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo: `${body.protocollo}/2`, oggetto: body.oggetto }, k);
    expect({ status: nuovo.status, replay: nuovo.headers.get('idempotency-replayed') }).toEqual({ status: 201, replay: null });
  });

  it('runs a create once when the same key arrives twice at the same time', async () => {
    const k = chiave();
    const body = { protocollo: `IDEM/par/${Date.now()}`, oggetto: 'Due invii simultanei' };
    const [a, b] = await Promise.all([stack.call('POST', '/api/v1/pratiche', operatore, body, k), stack.call('POST', '/api/v1/pratiche', operatore, body, k)]);
    // One ran; the other was either told to wait (409, Retry-After) or got the same answer.
    const stati = [a.status, b.status].sort();
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(stati);
    const attesa = [a, b].find((r) => r.status === 409);
    if (attesa)
      expect({ rule: attesa.json.errors[0].rule, retryAfter: attesa.headers.get('retry-after') }).toEqual({ rule: 'richiesta-in-corso', retryAfter: '1' });
    expect(await sql('SELECT id FROM pratiche WHERE protocollo = $1', [body.protocollo])).toHaveLength(1);
  });

  it('stores a retried upload once', async () => {
    const p = (await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo: `IDEM/doc/${Date.now()}`, oggetto: 'Documento ripetuto' })).json;
    const k = chiave();
    const primo = await stack.call(
      'POST',
      `/api/v1/pratiche/${p.id}/documenti`,
      operatore,
      form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: samples.pdf }),
      k,
    );
    const ancora = await stack.call(
      'POST',
      `/api/v1/pratiche/${p.id}/documenti`,
      operatore,
      form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: samples.pdf }),
      k,
    );
    expect([primo.status, ancora.status, ancora.json.id]).toEqual([201, 201, primo.json.id]);
    expect(await sql('SELECT 1 FROM documenti WHERE entita_id = $1', [p.id])).toHaveLength(1);
    expect(await objectsUnder(`pratica/${p.id}/`)).toHaveLength(1);
    // The same key with another file is another request: refused, nothing stored.
    const altro = await stack.call(
      'POST',
      `/api/v1/pratiche/${p.id}/documenti`,
      operatore,
      form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: Buffer.concat([samples.pdf, Buffer.from('%')]) }),
      k,
    );
    expect({ status: altro.status, rule: altro.json.errors[0].rule }).toEqual({ status: 422, rule: 'chiave-riutilizzata' });
    expect(await objectsUnder(`pratica/${p.id}/`)).toHaveLength(1);
  });

  it('applies a decision whose answer was lost in an outage once, and answers its retry with the outcome', async () => {
    const p = (await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo: `IDEM/dec/${Date.now()}`, oggetto: 'Decisione durante il guasto' })).json;
    expect(
      (await stack.call('POST', `/api/v1/pratiche/${p.id}/documenti`, operatore, form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: samples.pdf }))).status,
    ).toBe(201);
    const k = chiave();
    await stack.worker.stop('SIGKILL');
    try {
      // No worker: the step waits its bound and answers 503; Temporal keeps it for when a worker polls again.
      const perso = await stack.call('POST', `/api/v1/pratiche/${p.id}/invio`, operatore, { nota: 'completa' }, k);
      expect(perso.status).toBe(503);
    } finally {
      await stack.startWorker();
    }
    const ritentato = await stack.call('POST', `/api/v1/pratiche/${p.id}/invio`, operatore, { nota: 'completa' }, k);
    expect({ status: ritentato.status, stato: ritentato.json.stato }).toEqual({ status: 200, stato: 'inviata' });
    // And once more, now a plain replay of the kept answer.
    const replay = await stack.call('POST', `/api/v1/pratiche/${p.id}/invio`, operatore, { nota: 'completa' }, k);
    expect({ status: replay.status, replay: replay.headers.get('idempotency-replayed') }).toEqual({ status: 200, replay: 'true' });
    await waitFor('the step recorded', async () => ((await audit(p.id)).includes('invio') ? true : undefined));
    expect((await audit(p.id)).filter((a) => a === 'invio')).toHaveLength(1);
  });
});

describe('retries without a key', () => {
  it('names the existing case when its protocollo is created again, and finds it by protocollo', async () => {
    const body = { protocollo: `IDEM/dup/${Date.now()}`, oggetto: 'Creata due volte' };
    const primo = await stack.call('POST', '/api/v1/pratiche', operatore, body);
    const secondo = await stack.call('POST', '/api/v1/pratiche', operatore, body);
    expect({ status: secondo.status, id: secondo.json.id, location: secondo.headers.get('location') }).toEqual({
      status: 409,
      id: primo.json.id,
      location: `/api/v1/pratiche/${primo.json.id}`,
    });
    const trovate = await stack.call('GET', `/api/v1/pratiche?protocollo=${encodeURIComponent(body.protocollo)}`, operatore);
    expect(trovate.json.map((p: { id: string }) => p.id)).toEqual([primo.json.id]);
  });

  it('answers a decision on a case already decided with 409 and its state, not 404', async () => {
    const p = (await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo: `IDEM/chiusa/${Date.now()}`, oggetto: 'Decisa due volte' })).json;
    await stack.call('POST', `/api/v1/pratiche/${p.id}/documenti`, operatore, form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: samples.pdf }));
    expect((await stack.call('POST', `/api/v1/pratiche/${p.id}/invio`, operatore, {})).status).toBe(200);
    const decisione = { esito: 'respinta', motivazione: 'Documentazione insufficiente' };
    expect((await stack.call('POST', `/api/v1/pratiche/${p.id}/decisione`, responsabile, decisione)).status).toBe(200);
    // The procedure's last step files the receipt; then it ends.
    await waitFor('the receipt, the last step', async () =>
      (await sql(`SELECT 1 FROM documenti WHERE entita_id = $1 AND tipo = 'ricevuta-decisione'`, [p.id])).length ? true : undefined,
    );
    const ancora = await waitFor('an answer from the ended procedure', async () => {
      const r = await stack.call('POST', `/api/v1/pratiche/${p.id}/decisione`, responsabile, decisione);
      return r.json?.detail?.includes('conclusa') ? r : undefined;
    });
    expect({ status: ancora.status, regole: ancora.json.errors.map((e: { rule: string }) => e.rule), detail: ancora.json.detail }).toEqual({
      status: 409,
      regole: ['pratica-chiusa'],
      detail: expect.stringContaining('respinta'),
    });
  });

  it('pages through every case with a cursor', async () => {
    const tok = await stack.idp.token('pagine', ['operatore'], `CPI-PAG-${Date.now().toString(36)}`);
    const creati: string[] = [];
    for (let i = 0; i < 5; i++) creati.push((await stack.call('POST', '/api/v1/pratiche', tok, { protocollo: `PAG/${i}`, oggetto: 'Pagina' })).json.id);
    const visti: string[] = [];
    let url: string | undefined = '/api/v1/pratiche?limite=2';
    for (let pagine = 0; url && pagine < 10; pagine++) {
      const res = await stack.call('GET', url, tok);
      expect(res.status).toBe(200);
      visti.push(...res.json.map((p: { id: string }) => p.id));
      url = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    expect(visti).toEqual([...creati].reverse());
    expect((await stack.call('GET', '/api/v1/pratiche?dopo=nonvalido', tok)).status).toBe(400);
  });
});
