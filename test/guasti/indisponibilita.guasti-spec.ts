import { request } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { ProxyTcp } from '../support/proxy';
import { eseguiSchedule } from '../support/schedule';
import { config, minio, objectsUnder, sql, versionsUnder } from '../support/services';
import { form, samples, Stack } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

/**
 * Each dependency of the API (PostgreSQL, object storage, Temporal) is reached through a proxy this test owns and
 * cuts, as an outage would; the worker reaches them directly. What is asserted is what a client sees: a 503
 * problem+json naming the dependency, with Retry-After, within the configured bound (never a 500, never a hang),
 * nothing recorded by a refused request, and service again once the dependency is back, with no restart.
 */
const RETRY_AFTER = 7;
const BOUNDS = { TEMPORAL_RPC_TIMEOUT_MS: 3000, TEMPORAL_UPDATE_TIMEOUT_MS: 4000, DATABASE_CONNECT_TIMEOUT_MS: 2000, S3_TIMEOUT_MS: 5000 };
/** The bound plus what a loaded 2-CPU machine adds to a request. */
const entro = (ms: number) => ms + 4000;

const stack = new Stack();
const url = (u: string) => new URL(u);
const pg = new ProxyTcp('127.0.0.1', Number(url(config.DATABASE_URL).port || 5432));
const s3 = new ProxyTcp('127.0.0.1', Number(url(config.S3_ENDPOINT).port || 9000));
const temporal = new ProxyTcp('127.0.0.1', Number(config.TEMPORAL_ADDRESS.split(':')[1]));
let operatore: string;

beforeAll(async () => {
  await Promise.all([pg.avvia(), s3.avvia(), temporal.avvia()]);
  const db = url(config.DATABASE_URL);
  db.port = String(pg.port);
  await stack.start({
    // Objects with no row older than a second count as abandoned: the reconciliation clears what a killed API left.
    env: {
      RETRY_AFTER_SECONDS: String(RETRY_AFTER),
      RICONCILIAZIONE_OGNI: 'PT1H',
      RICONCILIAZIONE_ETA_MINIMA: 'PT1S',
      ...Object.fromEntries(Object.entries(BOUNDS).map(([k, v]) => [k, String(v)])),
    },
    apiEnv: { DATABASE_URL: db.toString(), S3_ENDPOINT: `http://127.0.0.1:${s3.port}`, TEMPORAL_ADDRESS: `127.0.0.1:${temporal.port}` },
  });
  operatore = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI');
});
afterAll(async () => {
  await stack.stop();
  await Promise.all([pg.chiudi(), s3.chiudi(), temporal.chiudi()]);
});

async function timed<T>(fn: () => Promise<T>): Promise<{ r: T; ms: number }> {
  const t0 = Date.now();
  const r = await fn();
  return { r, ms: Date.now() - t0 };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expect503(res: { status: number; headers: Headers; json: any }, dipendenza: string) {
  expect({
    status: res.status,
    type: res.json?.type,
    dipendenza: res.json?.dipendenza,
    retryAfter: res.headers.get('retry-after'),
    contentType: res.headers.get('content-type'),
  }).toEqual({
    status: 503,
    type: expect.stringMatching(/servizio-non-disponibile$/),
    dipendenza,
    retryAfter: String(RETRY_AFTER),
    contentType: expect.stringContaining('application/problem+json'),
  });
}

const nuova = async (tag: string) => {
  const r = await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo: `OUT/${tag}/${Date.now()}`, oggetto: 'Indisponibilità' });
  expect(r.status).toBe(201);
  return r.json as { id: string; protocollo: string };
};

describe('object storage down', () => {
  it('answers uploads and links with 503 and Retry-After, records nothing, and serves both again once it is back', async () => {
    const p = await nuova('s3');
    const primo = await stack.call('POST', `/api/v1/pratiche/${p.id}/documenti`, operatore, form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: samples.pdf }));
    expect(primo.status).toBe(201);

    const auditDocumenti = async () => (await sql<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE entita = 'documento'`))[0].n;
    const auditPrima = await auditDocumenti();
    await s3.taglia();
    try {
      const upload = await timed(() =>
        stack.call('POST', `/api/v1/pratiche/${p.id}/documenti`, operatore, form({ tipo: 'allegato' }, { name: 'b.pdf', bytes: samples.pdf })),
      );
      expect503(upload.r, 'archivio documenti');
      expect(upload.ms).toBeLessThan(entro(BOUNDS.S3_TIMEOUT_MS));
      const link = await stack.call('GET', `/api/v1/documenti/${primo.json.id}/link`, operatore);
      expect503(link, 'archivio documenti');
      const ready = await stack.call('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.json.details.storage.status).toBe('down');
      // Nothing of the refused upload: no row, no audit entry.
      expect((await sql<{ tipo: string }>('SELECT tipo FROM documenti WHERE entita_id = $1', [p.id])).map((d) => d.tipo)).toEqual(['istanza']);
      expect(await auditDocumenti()).toBe(auditPrima);
    } finally {
      await s3.ripristina();
    }
    expect((await stack.call('GET', `/api/v1/documenti/${primo.json.id}/link`, operatore)).status).toBe(200);
    expect(
      (await stack.call('POST', `/api/v1/pratiche/${p.id}/documenti`, operatore, form({ tipo: 'allegato' }, { name: 'b.pdf', bytes: samples.pdf }))).status,
    ).toBe(201);
    expect(await objectsUnder(`pratica/${p.id}/`)).toHaveLength(2);
  });
});

describe('database down', () => {
  it('answers 503 within the bound, and serves again once it is back, without a restart', async () => {
    const p = await nuova('db');
    await pg.taglia();
    try {
      const list = await timed(() => stack.call('GET', '/api/v1/pratiche', operatore));
      expect503(list.r, expect.any(String) as unknown as string);
      expect(list.ms).toBeLessThan(entro(BOUNDS.DATABASE_CONNECT_TIMEOUT_MS));
      const one = await timed(() => stack.call('GET', `/api/v1/pratiche/${p.id}`, operatore));
      expect(one.r.status).toBe(503);
      expect(one.ms).toBeLessThan(entro(BOUNDS.DATABASE_CONNECT_TIMEOUT_MS));
      expect((await stack.call('GET', '/health/ready')).status).toBe(503);
    } finally {
      await pg.ripristina();
    }
    expect((await stack.call('GET', `/api/v1/pratiche/${p.id}`, operatore)).status).toBe(200);
    expect((await stack.call('GET', '/health/ready')).status).toBe(200);
  });
});

describe('Temporal down', () => {
  it("answers a create with 503 within the bound (not after the client's 20 s of retries), records nothing, and creates once it is back", async () => {
    const protocollo = `OUT/temporal/${Date.now()}`;
    await temporal.taglia();
    try {
      const create = await timed(() => stack.call('POST', '/api/v1/pratiche', operatore, { protocollo, oggetto: 'Durante il guasto' }));
      expect503(create.r, 'motore dei processi');
      expect(create.ms).toBeLessThan(entro(BOUNDS.TEMPORAL_RPC_TIMEOUT_MS));
      expect(await sql('SELECT 1 FROM pratiche WHERE protocollo = $1', [protocollo])).toHaveLength(0);
      expect((await stack.call('GET', '/health/ready')).json.details.temporal.status).toBe('down');
    } finally {
      await temporal.ripristina();
    }
    // The same business key: nothing was started, so it is free.
    const again = await waitFor('a create once Temporal is back', async () => {
      const r = await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo, oggetto: 'Dopo il guasto' });
      return r.status === 503 ? undefined : r;
    });
    expect(again.status).toBe(201);
  });
});

describe('worker down', () => {
  it('answers a step with 503 within the bound instead of holding the request, and the step is applied once when retried', async () => {
    const p = await nuova('worker');
    expect(
      (await stack.call('POST', `/api/v1/pratiche/${p.id}/documenti`, operatore, form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: samples.pdf }))).status,
    ).toBe(201);
    await stack.worker.stop('SIGKILL');
    try {
      const invio = await timed(() => stack.call('POST', `/api/v1/pratiche/${p.id}/invio`, operatore, {}));
      expect503(invio.r, 'motore dei processi');
      expect(invio.ms).toBeLessThan(entro(BOUNDS.TEMPORAL_UPDATE_TIMEOUT_MS));
    } finally {
      await stack.startWorker();
    }
    // The retry a client makes after Retry-After: the case ends sent, with one invio recorded whatever became of the
    // first attempt (Temporal may still deliver it once a worker polls).
    const retry = await stack.call('POST', `/api/v1/pratiche/${p.id}/invio`, operatore, {});
    expect([200, 409]).toContain(retry.status);
    await waitFor('the case to be sent', async () =>
      (await stack.call('GET', `/api/v1/pratiche/${p.id}`, operatore)).json.stato === 'inviata' ? true : undefined,
    );
    expect(await sql(`SELECT 1 FROM audit_log WHERE entita = 'pratica' AND entita_id = $1 AND azione = 'invio'`, [p.id])).toHaveLength(1);
  });
});

describe('API killed in the middle of an upload', () => {
  it('leaves no row, and the reconciliation removes the bytes it had stored; the API restarted serves at once', async () => {
    const p = await nuova('kill');
    // A 40 MB file sent in 256 KB pieces; the API is SIGKILLed in the middle of its S3 multipart upload.
    const boundary = '----guasti0123456789';
    const testa = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="tipo"\r\n\r\nallegato\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="grande.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const pezzo = Buffer.alloc(256 * 1024, 7);
    const totale = testa.length + samples.pdf.length + 160 * pezzo.length;
    const req = request(new URL(`/api/v1/pratiche/${p.id}/documenti`, stack.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${operatore}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(totale) },
    });
    const esito = new Promise<string>((resolve) => {
      req.on('response', (r) => resolve(`answered ${r.statusCode}`));
      req.on('error', (e) => resolve(`connection ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    });
    const incompletiSotto = async (prefisso: string) => {
      const out: string[] = [];
      // MinIO lists unfinished uploads by exact key or all of them, not by a partial prefix: all, then filtered.
      for await (const u of minio.listIncompleteUploads(config.S3_BUCKET, '', true)) if (u.key.startsWith(prefisso)) out.push(u.key);
      return out;
    };
    req.write(testa);
    req.write(samples.pdf);
    // Pieces go on until the storage holds part of the file (a multipart upload under way), then the API dies.
    try {
      for (let i = 0; i < 150 && !(await incompletiSotto(`pratica/${p.id}/`)).length; i++) {
        if (!req.write(pezzo)) await new Promise((r) => req.once('drain', r));
      }
      expect(await incompletiSotto(`pratica/${p.id}/`)).toHaveLength(1);
    } catch (e) {
      req.destroy();
      throw e;
    }
    await stack.api.stop('SIGKILL');
    expect(await esito).toMatch(/^connection /);
    req.destroy();

    await stack.startApi();
    expect((await stack.call('GET', `/api/v1/pratiche/${p.id}`, operatore)).status).toBe(200);
    expect(await sql('SELECT 1 FROM documenti WHERE entita_id = $1', [p.id])).toHaveLength(0);
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      await new Promise((r) => setTimeout(r, 1100)); // what the kill left is now older than the minimum age
      await eseguiSchedule(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), `riconciliazione-documenti:${config.TEMPORAL_TASK_QUEUE}`);
    } finally {
      await connection.close();
    }
    expect(await versionsUnder(`pratica/${p.id}/`)).toEqual([]);
    expect(await incompletiSotto(`pratica/${p.id}/`)).toEqual([]);
  });
});
