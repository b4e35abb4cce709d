import { request } from 'node:http';
import { inInglese, testiUtente } from '../support/lingua';
import { form, samples, Stack } from '../support/stack';
import { objectsUnder, sql, versionsUnder } from '../support/services';

/**
 * Bodies a careless or hostile client sends, against the real API: each gets a 4xx problem+json at once, and the
 * API stays up and leaves nothing behind.
 */
jest.setTimeout(120_000);

const stack = new Stack();
let operatore: string;
let pratica: { id: string };

/** Sends raw bytes as the body, with the given headers; resolves with the status and body (or the socket's fate). */
function grezzo(path: string, headers: Record<string, string>, chunks: Buffer[]): Promise<{ status: number; body: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const url = new URL(path, stack.baseUrl);
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${operatore}`, ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), ms: Date.now() - t0 }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

const vivo = async () => (await fetch(`${stack.baseUrl}/health/live`)).status === 200;

beforeAll(async () => {
  await stack.start();
  operatore = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI');
  pratica = (await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo: `ROB/${Date.now()}`, oggetto: 'Robustezza' })).json;
});
afterAll(() => stack.stop());

describe('multipart bodies that break', () => {
  const path = () => `/api/v1/pratiche/${pratica.id}/documenti`;
  const boundary = '----robustezza0123456789';
  const testa = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="tipo"\r\n\r\nistanza\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );

  it('answers a body cut short inside the file with a 400, and stays up with nothing stored', async () => {
    const prima = await objectsUnder(`pratica/${pratica.id}/`);
    const corpo = Buffer.concat([testa, samples.pdf, Buffer.alloc(64 * 1024, 7)]); // no closing boundary
    const res = await grezzo(path(), { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(corpo.length) }, [corpo]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'multipart' })] });
    // The parser's own words are English ("Unexpected end of form"): the user reads why in Italian.
    expect(testiUtente(JSON.parse(res.body)).filter(inInglese)).toEqual([]);
    expect(res.ms).toBeLessThan(5000);
    expect(await vivo()).toBe(true);
    expect(await objectsUnder(`pratica/${pratica.id}/`)).toEqual(prima);
    // Not even a delete marker or an old version: the bytes are gone, not hidden.
    expect(await versionsUnder(`pratica/${pratica.id}/`)).toEqual([]);
    expect(await sql('SELECT 1 FROM documenti WHERE entita_id = $1', [pratica.id])).toHaveLength(0);
  });

  it('answers a multipart body without a boundary, and one with too many parts, with a 400', async () => {
    const senza = await grezzo(path(), { 'content-type': 'multipart/form-data', 'content-length': '10' }, [Buffer.from('0123456789')]);
    expect(senza.status).toBe(400);
    expect(testiUtente(JSON.parse(senza.body)).filter(inInglese)).toEqual([]);
    const parti = Buffer.from(
      Array.from({ length: 12 }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="x${i}"\r\n\r\nv\r\n`).join('') + `--${boundary}--\r\n`,
    );
    const troppe = await grezzo(path(), { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(parti.length) }, [parti]);
    expect(troppe.status).toBe(400);
    expect(await vivo()).toBe(true);
  });

  it('answers an empty file with a 422 at once', async () => {
    const t0 = Date.now();
    const res = await stack.call('POST', path(), operatore, form({ tipo: 'istanza' }, { name: 'vuoto.pdf', bytes: Buffer.alloc(0) }));
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'file-vuoto' })]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await vivo()).toBe(true);
  });

  it('still takes a good upload afterwards', async () => {
    const res = await stack.call('POST', path(), operatore, form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: samples.pdf }));
    expect(res.status).toBe(201);
  });
});

describe('dates that do not exist', () => {
  it('are refused with a 400 naming the field, in bodies and in query strings, on every procedure', async () => {
    const dirigente = await stack.idp.token('giulia.neri', ['dirigente'], 'CPI-FI');
    const uuid = '00000000-0000-4000-8000-000000000000';
    const casi: Array<[string, string, string, unknown, string]> = [
      ['POST', '/api/v1/convenzioni', operatore, { promotoreId: uuid, ospitanteId: uuid, validaDal: '2026-02-30', validaAl: '2027-01-01' }, 'validaDal'],
      ['POST', '/api/v1/convenzioni', operatore, { promotoreId: uuid, ospitanteId: uuid, validaDal: '2026-01-01', validaAl: '2026-13-01' }, 'validaAl'],
      [
        'POST',
        '/api/v1/tirocinanti',
        operatore,
        { codiceFiscale: 'RSSMRA85T10A562S', nome: 'Mario', cognome: 'Rossi', dataNascita: '1985-02-29', sesso: 'M' },
        'dataNascita',
      ],
      ['GET', `/api/v1/piani/${uuid}/valutazione?alla=2027-02-31`, dirigente, undefined, 'alla'],
      ['GET', `/api/v1/piani/${uuid}/scheda.xlsx?alla=2026-00-10`, dirigente, undefined, 'alla'],
      ['GET', '/api/v1/tirocini?scadenzaEntro=2026-04-31', operatore, undefined, 'scadenzaEntro'],
      ['GET', '/api/v1/offerte/indicatori?dal=2026-06-31', dirigente, undefined, 'dal'],
      ['GET', '/api/v1/tirocini?offset=99999999999', operatore, undefined, 'offset'],
    ];
    for (const [method, path, token, body, field] of casi) {
      const res = await stack.call(method, path, token, body);
      expect({ path, status: res.status, fields: (res.json?.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({
        path,
        status: 400,
        fields: expect.arrayContaining([field]),
      });
    }
    expect(await vivo()).toBe(true);
  });
});

describe('JSON bodies too large, of the wrong shape or in an encoding the API does not take', () => {
  const MiB = 1024 * 1024;
  /** A JSON array of `bytes` bytes: the cheapest body to send and the dearest to turn into objects. */
  const elenco = (bytes: number) => Buffer.from(`[${'0,'.repeat(Math.floor(bytes / 2) - 1)}0]`);
  const campi = (body: string) => JSON.parse(body).errors?.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`);

  it('answers 413 beyond the limit (1 MiB; 8 MiB for whole plans), before parsing, and stays up', async () => {
    const grande = await grezzo('/api/v1/pratiche', { 'content-type': 'application/json' }, [elenco(16 * MiB)]);
    expect({ status: grande.status, campi: campi(grande.body) }).toEqual({ status: 413, campi: ['body:corpo-troppo-grande'] });
    const appena = await grezzo('/api/v1/pratiche', { 'content-type': 'application/json' }, [elenco(MiB + 1024)]);
    expect(appena.status).toBe(413);
    // A plan may be larger: 2 MiB is read (and refused by validation, as this is no plan); 16 MiB is not.
    const dirigente = await stack.idp.token('giulia.neri', ['dirigente'], 'CPI-FI');
    const piano = Buffer.from(JSON.stringify({ titolo: 'x'.repeat(2 * MiB) }));
    const letto = await grezzo('/api/v1/piani', { 'content-type': 'application/json', authorization: `Bearer ${dirigente}` }, [piano]);
    expect(letto.status).toBe(400);
    const troppo = await grezzo('/api/v1/piani', { 'content-type': 'application/json', authorization: `Bearer ${dirigente}` }, [elenco(16 * MiB)]);
    expect(troppo.status).toBe(413);
    expect(await vivo()).toBe(true);
  });

  it('refuses an array where an object is expected, naming the body, without turning it into objects', async () => {
    const res = await grezzo('/api/v1/pratiche', { 'content-type': 'application/json' }, [elenco(MiB - 1024)]);
    expect({ status: res.status, campi: campi(res.body) }).toEqual({ status: 400, campi: ['body:corpo-non-oggetto'] });
    expect(await vivo()).toBe(true);
  });

  it('answers 415 to a charset other than UTF-8 and to an unknown Content-Encoding, and reads gzip within the same limit', async () => {
    const { gzipSync } = await import('node:zlib');
    const latin1 = await grezzo('/api/v1/pratiche', { 'content-type': 'application/json; charset=latin1' }, [Buffer.from('{"protocollo":"x"}', 'latin1')]);
    expect({ status: latin1.status, campi: campi(latin1.body) }).toEqual({ status: 415, campi: ['body:charset-non-supportato'] });
    const ignoto = await grezzo('/api/v1/pratiche', { 'content-type': 'application/json', 'content-encoding': 'compress' }, [Buffer.from('{}')]);
    expect({ status: ignoto.status, campi: campi(ignoto.body) }).toEqual({ status: 415, campi: ['body:codifica-non-supportata'] });
    // A small gzip that inflates past the limit (a "zip bomb") is cut at the limit like a plain body.
    const bomba = gzipSync(elenco(16 * MiB));
    expect(bomba.length).toBeLessThan(MiB);
    const gonfiato = await grezzo('/api/v1/pratiche', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, [bomba]);
    expect(gonfiato.status).toBe(413);
    const buono = await grezzo('/api/v1/pratiche', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, [
      gzipSync(JSON.stringify({ protocollo: `ROB/gz/${Date.now()}`, oggetto: 'compresso' })),
    ]);
    expect(buono.status).toBe(201);
    expect(await vivo()).toBe(true);
  });
});

describe('documents racing a submission', () => {
  it('either attaches and lists an upload (201) or refuses it (409) leaving nothing: never a document listed but unknown to the procedure', async () => {
    const p = (await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo: `ROB/gara/${Date.now()}`, oggetto: "Caricamenti durante l'invio" })).json;
    expect(
      (await stack.call('POST', `/api/v1/pratiche/${p.id}/documenti`, operatore, form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: samples.pdf }))).status,
    ).toBe(201);
    const caricamento = () =>
      stack.call('POST', `/api/v1/pratiche/${p.id}/documenti`, operatore, form({ tipo: 'allegato' }, { name: 'b.pdf', bytes: samples.pdf }));
    const [invio, ...caricamenti] = await Promise.all([
      stack.call('POST', `/api/v1/pratiche/${p.id}/invio`, operatore, {}),
      ...Array.from({ length: 6 }, caricamento),
    ]);
    expect(invio.status).toBe(200);
    expect(caricamenti.every((c) => c.status === 201 || c.status === 409)).toBe(true);
    const accettati = caricamenti.filter((c) => c.status === 201).map((c) => c.json.id as string);
    // Refused by the procedure (the submission got there first) or, once the case reads as sent, by the API before storing.
    for (const r of caricamenti.filter((c) => c.status === 409))
      expect([['pratica-in-esame'], ['pratica-non-modificabile']]).toContainEqual(r.json.errors.map((e: { rule: string }) => e.rule));
    // Listed = attached: every row is a document the procedure took (its transition recorded), and nothing else.
    const righe = (await sql<{ id: string }>(`SELECT id FROM documenti WHERE entita_id = $1 AND tipo = 'allegato'`, [p.id])).map((r) => r.id).sort();
    expect(righe).toEqual([...accettati].sort());
    const presi = await sql(`SELECT 1 FROM audit_log WHERE entita = 'pratica' AND entita_id = $1 AND azione = 'documentoCaricato'`, [p.id]);
    expect(presi).toHaveLength(1 + accettati.length);
    // And the refused ones left no bytes.
    expect((await versionsUnder(`pratica/${p.id}/allegato/`)).length).toBe(accettati.length);
  });
});
