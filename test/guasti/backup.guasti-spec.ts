import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as Minio } from 'minio';
import { Client as Pg } from 'pg';
import { lettere, partitaIva } from '../support/identificativi';
import { MinioPropria, TemporalProprio } from '../support/servizi-propri';
import { eseguiSchedule } from '../support/schedule';
import { form, freePort, samples, Stack } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(300_000);

/**
 * npm run backup / restore, as an operator would run them: a stack of its own (database, Temporal dev server, MinIO)
 * with open procedures is stopped, copied, and restored into a second, empty stack, which must hold every row, every
 * document's bytes (by SHA-256), a valid audit chain with its anchors, and resume the procedures: an open case takes
 * its decision, and a timer due after the restore fires there exactly once.
 */
const ROOT = join(__dirname, '../..');
const LAVORO = join(ROOT, '.data/test-backup', Date.now().toString(36));
const NAMESPACE = 'wfe-backup';
const CPI = `CPI-BK-${Date.now().toString(36)}`;
/** A day of the collocamento clock: the SLA's warning (after 3 days) comes 45 s after the request. */
const GIORNO_S = 15;

interface Lato {
  db: string;
  temporal: TemporalProprio;
  minio: MinioPropria;
}
const lato = (nome: string): Lato => ({
  db: `workflow_engine_test_${nome}`,
  temporal: new TemporalProprio(join(LAVORO, nome, 'temporal.db')),
  minio: new MinioPropria(join(LAVORO, nome, 'minio')),
});
const A = lato('origine');
const B = lato('ripristino');

const envDi = (l: Lato): NodeJS.ProcessEnv => ({
  DATABASE_URL: `postgres://workflow_app@127.0.0.1:5432/${l.db}`,
  DATABASE_OWNER_URL: `postgres://workflow_owner@127.0.0.1:5432/${l.db}`,
  TEMPORAL_ADDRESS: l.temporal.address,
  TEMPORAL_NAMESPACE: NAMESPACE,
  S3_ENDPOINT: l.minio.endpoint,
  S3_ANCHOR_BUCKET: 'ancore-backup',
  BACKUP_TEMPORAL: `sqlite:${l.temporal.dbFile}`,
  COLLOCAMENTO_UNITA_GIORNO: `PT${GIORNO_S}S`,
});

function script(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; out: string }> {
  return new Promise((ok) => {
    const c = spawn(join(ROOT, 'node_modules/.bin/tsx'), args, { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('exit', (status) => ok({ status, out }));
  });
}
const backup = (l: Lato, ...args: string[]) => script(['infra/scripts/backup.ts', ...args], envDi(l));

async function query<T = Record<string, unknown>>(db: string, text: string, params: unknown[] = []): Promise<T[]> {
  const pg = new Pg({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}` });
  await pg.connect();
  try {
    return (await pg.query(text, params)).rows as T[];
  } finally {
    await pg.end();
  }
}
const esisteDb = async (db: string) => (await query('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [db])).length > 0;

/** Every table's rows, in a canonical text per table: what must be identical on both sides. */
async function contenuto(db: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { t } of await query<{ t: string }>(db, `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)) {
    const righe = await query<{ r: string }>(db, `SELECT row_to_json(x)::text AS r FROM ${JSON.stringify(t)} x`);
    out[t] =
      createHash('sha256')
        .update(
          righe
            .map((x) => x.r)
            .sort()
            .join('\n'),
        )
        .digest('hex') + ` (${righe.length})`;
  }
  return out;
}

const s3 = (l: Lato) =>
  new Minio({
    endPoint: '127.0.0.1',
    port: l.minio.port,
    useSSL: false,
    accessKey: process.env.S3_ACCESS_KEY ?? 'minioadmin',
    secretKey: process.env.S3_SECRET_KEY ?? 'minioadmin',
  });
async function sha256Oggetto(l: Lato, bucket: string, key: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of await s3(l).getObject(bucket, key)) h.update(c as Buffer);
  return h.digest('hex');
}

const origine = new Stack();
const ripristinato = new Stack();

afterAll(async () => {
  await Promise.all([origine.stop(), ripristinato.stop()]);
  for (const l of [A, B]) await Promise.all([l.temporal.ferma(), l.minio.ferma()]);
  for (const l of [A, B]) await query('postgres', `DROP DATABASE IF EXISTS ${l.db} WITH (FORCE)`);
  rmSync(LAVORO, { recursive: true, force: true });
});

it('restores a stopped stack into an empty one: every row, document and anchor, and the procedures resume (a timer due after the restore fires once)', async () => {
  // The stack to copy, on services of its own.
  await Promise.all([A.temporal.avviaServer(NAMESPACE), A.minio.avviaServer()]);
  for (const args of [
    ['infra/scripts/ensure-db.ts', '--fresh'],
    ['infra/scripts/temporal-setup.ts', NAMESPACE],
  ])
    expect((await script(args, envDi(A))).status).toBe(0);
  await origine.start({ env: envDi(A) });
  const op = await origine.idp.token('op.rossi', ['operatore'], CPI);
  const dir = await origine.idp.token('dir.neri', ['dirigente'], CPI);

  // An open case waiting for its decision, with a document and a second version of it.
  const p = (await origine.call('POST', '/api/v1/pratiche', op, { protocollo: `BK/${Date.now()}`, oggetto: 'Da ripristinare' })).json;
  for (const bytes of [samples.pdf, Buffer.concat([samples.pdf, Buffer.from('% seconda versione\n')])]) {
    expect((await origine.call('POST', `/api/v1/pratiche/${p.id}/documenti`, op, form({ tipo: 'istanza' }, { name: 'istanza.pdf', bytes }))).status).toBe(201);
  }
  expect((await origine.call('POST', `/api/v1/pratiche/${p.id}/invio`, op, {})).status).toBe(200);
  // An employer's request, whose SLA warning is due in 45 s: after the restore.
  const cf = partitaIva();
  expect(
    (
      await origine.call('POST', '/api/v1/collocamento/datori', op, {
        codiceFiscale: cf,
        denominazione: `Beta ${lettere(4)} S.p.A.`,
        dipendentiComputabili: 40,
      })
    ).status,
  ).toBe(201);
  const o = (
    await origine.call('POST', '/api/v1/offerte', op, {
      datoreId: cf,
      territorio: 'TO',
      profilo: 'Impiegato',
      mansioni: ['archivio'],
      luogo: 'Torino',
      contratto: 'tempo-indeterminato',
      oreSettimanali: 30,
      posti: 1,
      competenzeRichieste: [{ codice: 'excel' }],
      categoria: 'art1',
    })
  ).json;
  expect(o.sla.avvisoInviato).toBe(false);
  // The trail anchored in write-once storage, so the restored anchors are checked too.
  const connessione = await Connection.connect({ address: A.temporal.address });
  try {
    await eseguiSchedule(new Client({ connection: connessione, namespace: NAMESPACE }), `ancoraggio:${process.env.TEMPORAL_TASK_QUEUE ?? 'procedure'}`);
  } finally {
    await connessione.close();
  }
  expect((await origine.call('GET', '/api/v1/audit/verifica', dir)).json.ancore.verificate).toBeGreaterThan(0);

  // A copy while the stack runs is refused: database and Temporal would not be the same instant.
  const copia = join(LAVORO, 'copia');
  const mentreGira = await backup(A, 'crea', copia);
  expect(mentreGira.status).toBe(1);
  expect(mentreGira.out).toContain('ferma API e worker');
  expect(existsSync(join(copia, 'manifest.json'))).toBe(false);
  rmSync(copia, { recursive: true, force: true });

  await origine.stop();
  const fatta = await backup(A, 'crea', copia);
  expect(fatta).toMatchObject({ status: 0 });
  const manifesto = JSON.parse(readFileSync(join(copia, 'manifest.json'), 'utf8'));
  // Every version is there: the document's two, the receipt-less case has none more, and the anchor.
  const versioniDocumento = manifesto.versioni.filter((v: { chiave: string }) => v.chiave.startsWith(`pratica/${p.id}/`));
  expect(versioniDocumento).toHaveLength(2);
  expect(manifesto.versioni.some((v: { ruolo: string; ritenzione?: unknown }) => v.ruolo === 'ancore' && v.ritenzione)).toBe(true);

  // A damaged copy is refused whole, before anything is written.
  await B.minio.avviaServer();
  B.temporal.port = await freePort();
  const danneggiata = join(LAVORO, 'danneggiata');
  cpSync(copia, danneggiata, { recursive: true });
  const file = join(danneggiata, versioniDocumento[0].contenuto.file);
  writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from(' ')]));
  const rifiutata = await backup(B, 'ripristina', danneggiata);
  expect(rifiutata.status).toBe(1);
  expect(rifiutata.out).toContain('danneggiata');
  expect(await esisteDb(B.db)).toBe(false);
  expect(existsSync(B.temporal.dbFile)).toBe(false);

  await query('postgres', `DROP DATABASE IF EXISTS ${B.db} WITH (FORCE)`);
  const ripristino = await backup(B, 'ripristina', copia);
  expect(ripristino).toMatchObject({ status: 0 });
  const ripristinatoIl = Date.now();
  // The timer was still to come when the restore ended: what fires below fires in the restored stack.
  expect(Date.parse(o.sla.avvisoIl)).toBeGreaterThan(ripristinatoIl);

  // Every row of every table, identical.
  expect(await contenuto(B.db)).toEqual(await contenuto(A.db));
  // Every document's bytes, by the SHA-256 its row recorded, and the newest version current.
  const documenti = await query<{ storage_key: string; sha256: string }>(B.db, 'SELECT storage_key, sha256 FROM documenti');
  expect(documenti.length).toBeGreaterThan(0);
  for (const d of documenti) expect(await sha256Oggetto(B, 'documenti-test', d.storage_key)).toBe(d.sha256);

  // The restored stack resumes.
  await B.temporal.avviaServer();
  await ripristinato.start({ env: envDi(B) });
  const resp = await ripristinato.idp.token('resp.bianchi', ['responsabile'], CPI);
  const dirB = await ripristinato.idp.token('dir.neri', ['dirigente'], CPI);
  const verifica = await ripristinato.call('GET', '/api/v1/audit/verifica', dirB);
  expect({ valid: verifica.json.valid, ancore: verifica.json.ancore.valido, verificate: verifica.json.ancore.verificate > 0 }).toEqual({
    valid: true,
    ancore: true,
    verificate: true,
  });
  const deciso = await ripristinato.call('POST', `/api/v1/pratiche/${p.id}/decisione`, resp, { esito: 'approvata', motivazione: 'Documentazione completa' });
  expect(deciso.status).toBe(200);
  expect(deciso.json.stato).toBe('approvata');

  const avvisata = await waitFor(
    'the SLA warning in the restored stack',
    async () => {
      const r = await ripristinato.call('GET', `/api/v1/offerte/${o.id}`, resp);
      return r.json?.sla?.avvisoInviato ? r.json : undefined;
    },
    90_000,
  );
  expect(avvisata.sla.avvisoInviato).toBe(true);
  const avvisi = await query<{ registrato_il: Date }>(
    B.db,
    `SELECT registrato_il FROM audit_log WHERE entita = 'offerta' AND entita_id = $1 AND azione = 'avvisoSla'`,
    [o.id],
  );
  expect(avvisi).toHaveLength(1);
  expect(avvisi[0].registrato_il.getTime()).toBeGreaterThan(ripristinatoIl);
  // And the copy is still a faithful copy of the origin, which never saw the warning.
  expect(await query(A.db, `SELECT 1 FROM audit_log WHERE entita_id = $1 AND azione = 'avvisoSla'`, [o.id])).toHaveLength(0);
});
