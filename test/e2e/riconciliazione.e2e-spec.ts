import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { config, minio, versionsUnder } from '../support/services';
import { comeModulo } from '@app/client';
import { dati, METRICS_TOKEN, samples, Stack } from '../support/stack';
import { eseguiSchedule } from '../support/schedule';

jest.setTimeout(180_000);

/**
 * The documents' reconciliation (a Temporal Schedule the worker keeps): objects that no document row names (an API
 * that died between storing the bytes and writing the row) are deleted version by version, so their bytes go; uploads
 * begun and never completed are aborted; documents with their row are untouched; /metrics counts what was removed.
 */
const stack = new Stack();
const SCHEDULE = `riconciliazione-documenti:${config.TEMPORAL_TASK_QUEUE}`;
let temporal: { connection: Connection; client: Client };

beforeAll(async () => {
  // Anything older than a second counts as abandoned here (an hour by default).
  await stack.start({ env: { RICONCILIAZIONE_OGNI: 'PT1H', RICONCILIAZIONE_ETA_MINIMA: 'PT1S' } });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  temporal = { connection, client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }) };
});
afterAll(async () => {
  await stack.stop();
  await temporal?.connection.close();
});

const riconcilia = () => eseguiSchedule<{ versioniEsaminate: number; orfaniRimossi: number; caricamentiAnnullati: number }>(temporal.client, SCHEDULE);

describe('documents reconciliation', () => {
  it('removes objects no row names (every version) and stale uploads, keeps documents with their row, and counts it in /metrics', async () => {
    const operatore = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI');
    const api = stack.client(operatore);
    const p = dati(await api.POST('/api/v1/pratiche', { body: { protocollo: `RIC/${Date.now()}`, oggetto: 'Riconciliazione' } }));
    // The upload, as a form through the typed client: the type, then the file (a File: bytes with their name).
    const caricato = await api.POST('/api/v1/pratiche/{id}/documenti', {
      params: { path: { id: p.id } },
      body: { tipo: 'istanza', file: new File([new Uint8Array(samples.pdf)], 'a.pdf') },
      bodySerializer: comeModulo,
    });
    expect(caricato.response.status).toBe(201);
    const doc = dati(caricato);
    // Left behind by uploads that never got their row: one key with two versions, and a multipart upload never completed.
    const orfano = `pratica/${p.id}/allegato/${randomUUID()}`;
    await minio.putObject(config.S3_BUCKET, orfano, samples.pdf);
    await minio.putObject(config.S3_BUCKET, orfano, Buffer.concat([samples.pdf, Buffer.from('v2')]));
    const interrotto = `pratica/${p.id}/allegato/${randomUUID()}`;
    await minio.initiateNewMultipartUpload(config.S3_BUCKET, interrotto, { 'Content-Type': 'application/pdf' });
    expect(await versionsUnder(orfano)).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 1500)); // older than the minimum age (1 s here)

    const esito = await riconcilia();
    expect(esito.orfaniRimossi).toBeGreaterThanOrEqual(2);
    expect(esito.caricamentiAnnullati).toBeGreaterThanOrEqual(1);
    expect(await versionsUnder(orfano)).toEqual([]);
    const incompleti: string[] = [];
    for await (const u of minio.listIncompleteUploads(config.S3_BUCKET, interrotto, true)) incompleti.push(u.key);
    expect(incompleti).toEqual([]);
    // The document with its row is still there, bytes and all.
    const scaricato = await api.GET('/api/v1/documenti/{id}', { params: { path: { id: doc.id } }, parseAs: 'arrayBuffer' });
    expect(scaricato.response.status).toBe(200);
    expect(Buffer.from(dati(scaricato))).toEqual(samples.pdf);

    // A second run finds nothing more of these; /metrics reports the runs.
    expect((await riconcilia()).orfaniRimossi).toBe(0);
    const metriche = await stack.call('GET', '/metrics', METRICS_TOKEN);
    const orfani = Number(/documenti_riconciliazione\{misura="orfani_rimossi_totale"\} (\d+)/.exec(metriche.text)?.[1]);
    expect(orfani).toBeGreaterThanOrEqual(2);
  });
});
