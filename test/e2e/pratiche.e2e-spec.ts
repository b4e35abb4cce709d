import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { comeModulo, type Schemi } from '@app/client';
import { METRICS_TOKEN, dati, samples, Stack } from '../support/stack';
import { incompleteUploadsUnder, objectsUnder, sql } from '../support/services';

jest.setTimeout(120_000);

const MAX_UPLOAD = 256 * 1024;
const stack = new Stack();
let operatore: string;
let responsabile: string;
let operatoreAltroUfficio: string;
let dirigente: string;
let seq = 0;
const protocollo = () => `E2E/${Date.now()}/${++seq}`;

beforeAll(async () => {
  await stack.start({ env: { UPLOAD_MAX_BYTES: String(MAX_UPLOAD) } });
  operatore = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI');
  responsabile = await stack.idp.token('anna.bianchi', ['responsabile'], 'CPI-FI');
  operatoreAltroUfficio = await stack.idp.token('luca.verdi', ['operatore', 'responsabile'], 'CPI-PI');
  dirigente = await stack.idp.token('giulia.neri', ['dirigente'], 'CPI-FI');
});
afterAll(() => stack.stop());

/** Functional calls go through the typed client; the tests that send what the contract forbids use stack.call. */
const api = (token: string) => stack.client(token);
const pratica = (id: string) => ({ params: { path: { id } } });

async function nuovaPratica(token = operatore) {
  const res = await api(token).POST('/api/v1/pratiche', { body: { protocollo: protocollo(), oggetto: 'Richiesta di prova e2e' } });
  expect(res.response.status).toBe(201);
  return dati(res);
}

/** An upload through the typed client: the form's field, then the file (a File: bytes with their name). */
async function carica(id: string, name = 'istanza.pdf', bytes = samples.pdf, token = operatore) {
  return api(token).POST('/api/v1/pratiche/{id}/documenti', {
    ...pratica(id),
    body: { tipo: 'istanza', file: new File([new Uint8Array(bytes)], name) },
    bodySerializer: comeModulo,
  });
}

const auditOf = async (id: string) => dati(await api(dirigente).GET('/api/v1/audit', { params: { query: { entity: `pratica:${id}` } } }));

describe('pratica: the example procedure through every layer', () => {
  it('runs the full path: create, upload, submit, decide, with documents and audit trail', async () => {
    const p = await nuovaPratica();
    expect(p.stato).toBe('aperta');

    const up = await carica(p.id);
    expect(up.response.status).toBe(201);
    expect(dati(up)).toMatchObject({ tipo: 'istanza', versione: 1, contentType: 'application/pdf', dimensione: samples.pdf.length });
    expect(dati(up).sha256).toBe(createHash('sha256').update(samples.pdf).digest('hex'));

    const again = await carica(p.id, 'istanza-v2.pdf');
    expect(dati(again).versione).toBe(2);

    const sent = dati(await api(operatore).POST('/api/v1/pratiche/{id}/invio', { ...pratica(p.id), body: { nota: 'completa' } }));
    expect(sent).toMatchObject({ stato: 'inviata', inviataDa: 'mario.rossi' });

    const decided = dati(
      await api(responsabile).POST('/api/v1/pratiche/{id}/decisione', { ...pratica(p.id), body: { esito: 'approvata', motivazione: 'Requisiti verificati' } }),
    );
    expect(decided).toMatchObject({ stato: 'approvata', decisione: { esito: 'approvata', decisaDa: 'anna.bianchi', motivazione: 'Requisiti verificati' } });

    const got = dati(await api(operatore).GET('/api/v1/pratiche/{id}', pratica(p.id)));
    expect(got.stato).toBe('approvata');

    const docs = dati(await api(operatore).GET('/api/v1/pratiche/{id}/documenti', pratica(p.id)));
    expect(docs.map((d) => `${d.tipo}:${d.versione}`).sort()).toEqual(['istanza:1', 'istanza:2', 'ricevuta-decisione:1']);

    // Both versions stay readable, streamed or through a presigned link, and match their SHA-256.
    const v1 = docs.find((d) => d.tipo === 'istanza' && d.versione === 1)!;
    const dl = await api(responsabile).GET('/api/v1/documenti/{id}', { ...pratica(v1.id), parseAs: 'arrayBuffer' });
    expect(dl.response.status).toBe(200);
    const bytes = Buffer.from(dati(dl));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(v1.sha256);
    expect(dl.response.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(v1.sha256, 'hex').toString('base64')}:`);
    const link = dati(await api(operatore).GET('/api/v1/documenti/{id}/link', pratica(v1.id)));
    const viaLink = Buffer.from(await (await fetch(link.url)).arrayBuffer());
    expect(viaLink.equals(samples.pdf)).toBe(true);

    const trail = await auditOf(p.id);
    expect(trail.map((r) => [r.azione, r.attore])).toEqual([
      ['creata', 'mario.rossi'],
      ['documentoCaricato', 'mario.rossi'],
      ['documentoCaricato', 'mario.rossi'],
      ['invio', 'mario.rossi'],
      ['decisione', 'anna.bianchi'],
    ]);
    expect(trail[4]).toMatchObject({ prima: { stato: 'inviata' }, dopo: { stato: 'approvata' }, motivazione: 'Requisiti verificati' });
    expect(trail.every((r) => typeof r.requestId === 'string' && r.requestId.length > 0)).toBe(true);
  });

  it('refuses a second start of the same business key, through Temporal', async () => {
    const body = { protocollo: protocollo(), oggetto: 'Doppio avvio' };
    expect((await api(operatore).POST('/api/v1/pratiche', { body })).response.status).toBe(201);
    const dup = await api(operatore).POST('/api/v1/pratiche', { body });
    expect(dup.response.status).toBe(409);
    expect(dup.response.headers.get('content-type')).toContain('application/problem+json');
    expect(dup.error).toMatchObject({ status: 409, type: expect.stringContaining('gia-avviata'), errors: [{ field: 'protocollo', rule: 'chiave-univoca' }] });
    const rows = await sql('SELECT id FROM pratiche WHERE ufficio = $1 AND protocollo = $2', ['CPI-FI', body.protocollo]);
    expect(rows).toHaveLength(1);
  });

  it('rejects an invalid decision in the Update validator and leaves state and audit unchanged', async () => {
    const p = await nuovaPratica();
    const before = await auditOf(p.id);
    const decidi = (token: string, body: Schemi['DecisioneDto']) => api(token).POST('/api/v1/pratiche/{id}/decisione', { ...pratica(p.id), body });
    // Not yet submitted: the workflow's validator refuses.
    const early = await decidi(responsabile, { esito: 'approvata', motivazione: 'Troppo presto per decidere' });
    expect(early.response.status).toBe(409);
    expect(early.error?.errors).toEqual([expect.objectContaining({ field: 'stato', rule: 'non-inviata', found: 'aperta', limit: 'inviata' })]);
    // Segregation of duties: whoever submitted cannot decide, even holding the responsabile role.
    await carica(p.id);
    dati(await api(operatore).POST('/api/v1/pratiche/{id}/invio', { ...pratica(p.id), body: {} }));
    const selfApproval = await stack.idp.token('mario.rossi', ['operatore', 'responsabile'], 'CPI-FI');
    const sod = await decidi(selfApproval, { esito: 'approvata', motivazione: 'Mi approvo da solo' });
    expect(sod.response.status).toBe(403);
    expect(sod.error?.errors?.map((e) => e.rule)).toEqual(['separazione-compiti']);
    const short = await decidi(responsabile, { esito: 'respinta', motivazione: 'no' });
    expect(short.response.status).toBe(422);
    expect(short.error?.errors).toEqual([expect.objectContaining({ field: 'motivazione', rule: 'motivazione-minima', found: 2, limit: 10 })]);

    const after = dati(await api(operatore).GET('/api/v1/pratiche/{id}', pratica(p.id)));
    expect(after).toMatchObject({ stato: 'inviata', decisione: null });
    expect((await auditOf(p.id)).map((r) => r.azione)).toEqual([...before.map((r) => r.azione), 'documentoCaricato', 'invio']);
  });

  // Sends what the contract forbids (an unknown field, a state that does not exist): through the untyped call.
  it('validates DTOs: unknown fields and bad values answer 400 naming field and rule', async () => {
    const res = await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo: 'con spazi!', oggetto: 'x', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const rules = (res.json.errors as Array<{ field: string; rule: string }>).map((e) => `${e.field}:${e.rule}`).sort();
    expect(rules).toEqual(['extra:campo-non-ammesso', 'oggetto:isLength', 'protocollo:matches']);
    expect(res.text).not.toMatch(/at .*\.js:\d+|SELECT|INSERT/);
    const badQuery = await stack.call('GET', '/api/v1/pratiche?stato=chiusa', operatore);
    expect(badQuery.status).toBe(400);
    expect(badQuery.json.errors).toEqual([expect.objectContaining({ field: 'stato', rule: 'isIn' })]);
  });
});

describe('documents', () => {
  it('refuses a file whose bytes contradict its extension, storing nothing', async () => {
    const p = await nuovaPratica();
    const res = await carica(p.id, 'istanza.pdf', samples.png);
    expect(res.response.status).toBe(415);
    expect(res.error?.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'estensione-non-corrispondente', found: 'pdf' })]);
    const text = await carica(p.id, 'istanza.pdf', Buffer.from('this is plain text, not a PDF'));
    expect(text.response.status).toBe(415);
    expect(text.error?.errors?.[0].rule).toBe('tipo-non-ammesso');
    expect(await objectsUnder(`pratica/${p.id}/`)).toEqual([]);
    expect(await sql('SELECT 1 FROM documenti WHERE entita_id = $1', [p.id])).toHaveLength(0);
  });

  it('refuses an oversize upload declared by Content-Length, storing nothing', async () => {
    const p = await nuovaPratica();
    const big = Buffer.concat([samples.pdf, Buffer.alloc(MAX_UPLOAD * 2, 7)]);
    const res = await carica(p.id, 'grande.pdf', big);
    expect(res.response.status).toBe(413);
    expect(res.error?.errors?.[0]).toMatchObject({ field: 'file', rule: 'dimensione-massima', limit: MAX_UPLOAD });
    expect(await objectsUnder(`pratica/${p.id}/`)).toEqual([]);
  });

  it('refuses an oversize upload streamed without a length, leaving no object nor incomplete upload', async () => {
    const p = await nuovaPratica();
    const boundary = 'e2eboundary';
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${stack.baseUrl}/api/v1/pratiche/${p.id}/documenti`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${operatore}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="tipo"\r\n\r\nistanza\r\n`);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="grande.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
      req.write(samples.pdf);
      const chunk = Buffer.alloc(64 * 1024, 1);
      for (let sent = 0; sent < MAX_UPLOAD * 3; sent += chunk.length) req.write(chunk);
      req.end(`\r\n--${boundary}--\r\n`);
    });
    expect(status.status).toBe(413);
    expect(JSON.parse(status.body).errors[0].rule).toBe('dimensione-massima');
    expect(await objectsUnder(`pratica/${p.id}/`)).toEqual([]);
    expect(await incompleteUploadsUnder(`pratica/${p.id}/`)).toEqual([]);
    expect(await sql('SELECT 1 FROM documenti WHERE entita_id = $1', [p.id])).toHaveLength(0);
  });
});

describe('authentication and authorisation', () => {
  it('answers 401 without a token or with a token the identity provider did not sign', async () => {
    const none = await stack.client().GET('/api/v1/pratiche');
    expect(none.response.status).toBe(401);
    expect(none.response.headers.get('content-type')).toContain('application/problem+json');
    const forged = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI', { issuer: 'https://evil.example' });
    expect((await api(forged).GET('/api/v1/pratiche')).response.status).toBe(401);
  });

  it('answers 403 for a role the route does not admit', async () => {
    const ispettore = await stack.idp.token('ivo.russo', ['ispettore'], 'CPI-FI');
    const res = await api(ispettore).POST('/api/v1/pratiche', { body: { protocollo: protocollo(), oggetto: 'Non mio compito' } });
    expect(res.response.status).toBe(403);
    expect(res.error?.errors?.[0]).toMatchObject({ field: 'roles', rule: 'ruolo-richiesto' });
  });

  it("hides another office's case and its documents (404)", async () => {
    const p = await nuovaPratica();
    const doc = dati(await carica(p.id));
    const altro = api(operatoreAltroUfficio);
    expect((await altro.GET('/api/v1/pratiche/{id}', pratica(p.id))).response.status).toBe(404);
    expect((await altro.GET('/api/v1/documenti/{id}', { ...pratica(doc.id), parseAs: 'arrayBuffer' })).response.status).toBe(404);
    expect(
      (await altro.POST('/api/v1/pratiche/{id}/decisione', { ...pratica(p.id), body: { esito: 'approvata', motivazione: 'Da un altro ufficio' } })).response
        .status,
    ).toBe(404);
    const list = dati(await altro.GET('/api/v1/pratiche'));
    expect(list.map((x) => x.id)).not.toContain(p.id);
  });
});

describe('platform surface', () => {
  it('serves health, metrics, the OpenAPI document and UI, and echoes a request id', async () => {
    const ready = dati(await stack.client().GET('/health/ready'));
    expect(ready.details).toMatchObject({ database: { status: 'up' }, temporal: { status: 'up' }, storage: { status: 'up' } });
    expect(dati(await stack.client().GET('/health/live'))).toEqual({ status: 'ok' });
    // Metrics name routes and volumes: only with the scrape token, otherwise as if missing.
    expect((await stack.call('GET', '/metrics')).status).toBe(404);
    expect((await stack.call('GET', '/metrics', 'wrong-token')).status).toBe(404);
    const metrics = await stack.call('GET', '/metrics', METRICS_TOKEN);
    expect(metrics.text).toContain('http_request_duration_seconds_bucket');
    expect(metrics.text).toContain('process_resident_memory_bytes');
    const doc = await stack.call('GET', '/api/docs-json');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining(['/api/v1/pratiche', '/api/v1/pratiche/{id}/decisione', '/api/v1/documenti/{id}', '/api/v1/audit']),
    );
    expect(Object.keys(doc.json.components.schemas)).toEqual(expect.arrayContaining(['PraticaView', 'ProblemDetails', 'DecisioneDto']));
    const ui = await fetch(`${stack.baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    const tagged = await stack.call('GET', '/health/live', undefined, undefined, { 'x-request-id': 'e2e-req-42' });
    expect(tagged.headers.get('x-request-id')).toBe('e2e-req-42');
  });
});
