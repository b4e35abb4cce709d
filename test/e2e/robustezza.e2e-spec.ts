import { request } from 'node:http';
import { form, samples, Stack } from '../support/stack';
import { objectsUnder, sql } from '../support/services';

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
    expect(res.ms).toBeLessThan(5000);
    expect(await vivo()).toBe(true);
    expect(await objectsUnder(`pratica/${pratica.id}/`)).toEqual(prima);
    expect(await sql('SELECT 1 FROM documenti WHERE entita_id = $1', [pratica.id])).toHaveLength(0);
  });

  it('answers a multipart body without a boundary, and one with too many parts, with a 400', async () => {
    const senza = await grezzo(path(), { 'content-type': 'multipart/form-data', 'content-length': '10' }, [Buffer.from('0123456789')]);
    expect(senza.status).toBe(400);
    const parti = Buffer.from(Array.from({ length: 12 }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="x${i}"\r\n\r\nv\r\n`).join('') + `--${boundary}--\r\n`);
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
      ['POST', '/api/v1/tirocinanti', operatore, { codiceFiscale: 'RSSMRA85T10A562S', nome: 'Mario', cognome: 'Rossi', dataNascita: '1985-02-29', sesso: 'M' }, 'dataNascita'],
      ['GET', `/api/v1/piani/${uuid}/valutazione?alla=2027-02-31`, dirigente, undefined, 'alla'],
      ['GET', `/api/v1/piani/${uuid}/scheda.xlsx?alla=2026-00-10`, dirigente, undefined, 'alla'],
      ['GET', '/api/v1/tirocini?scadenzaEntro=2026-04-31', operatore, undefined, 'scadenzaEntro'],
      ['GET', '/api/v1/offerte/indicatori?dal=2026-06-31', dirigente, undefined, 'dal'],
      ['GET', '/api/v1/tirocini?offset=99999999999', operatore, undefined, 'offset'],
    ];
    for (const [method, path, token, body, field] of casi) {
      const res = await stack.call(method, path, token, body);
      expect({ path, status: res.status, fields: (res.json?.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ path, status: 400, fields: expect.arrayContaining([field]) });
    }
    expect(await vivo()).toBe(true);
  });
});
