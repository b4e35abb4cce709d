import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client as Pg } from 'pg';
import { ChainRow, GENESIS_HASH, auditHash } from '../../libs/infrastructure/src/audit/audit-chain';
import { dati, Stack } from '../support/stack';
import { config, sql } from '../support/services';
import { eseguiSchedule } from '../support/schedule';
import { waitFor } from '../support/wait';

/**
 * The audit trail against whoever can reach its database: the application's own role cannot change it at all; the
 * schema owner can, and every way they might is detected by GET /audit/verifica, against the anchors kept in
 * write-once storage. The owner's tampering runs holding the audit chain's lock, so no other writer appends in the
 * meantime, and every change is undone before the lock is released.
 */
jest.setTimeout(180_000);

const stack = new Stack();
let operatore: string;
let dirigente: string;
let temporal: { client: TemporalClient; connection: Connection };
const CHAIN_LOCK = 727_001; // AuditTrail's
const SCHEDULE = `ancoraggio:${config.TEMPORAL_TASK_QUEUE}`;
const VERIFICA = `verifica-registro:${config.TEMPORAL_TASK_QUEUE}`;

type Row = ChainRow & Record<string, unknown>;
const toRow = (r: Record<string, unknown>): Row => ({
  ...r,
  id: Number(r.id),
  registratoIl: r.registrato_il as Date,
  attore: r.attore as string,
  ruoli: r.ruoli as string,
  ufficio: r.ufficio as string,
  procedura: r.procedura as string,
  entita: r.entita as string,
  entitaId: r.entita_id as string,
  azione: r.azione as string,
  motivazione: (r.motivazione as string | null) ?? null,
  prima: (r.prima as Record<string, unknown> | null) ?? null,
  dopo: (r.dopo as Record<string, unknown> | null) ?? null,
  requestId: (r.request_id as string | null) ?? null,
  idempotencyKey: (r.idempotency_key as string | null) ?? null,
  prevHash: r.prev_hash as string,
  hash: r.hash as string,
});

/** An owner's session holding the audit chain's lock: what it changes is committed, and nobody appends meanwhile. */
async function comeProprietario<T>(fn: (pg: Pg) => Promise<T>): Promise<T> {
  const pg = new Pg({ connectionString: config.DATABASE_OWNER_URL });
  await pg.connect();
  try {
    await pg.query('SELECT pg_advisory_lock($1)', [CHAIN_LOCK]);
    return await fn(pg);
  } finally {
    await pg.query('SELECT pg_advisory_unlock($1)', [CHAIN_LOCK]).catch(() => undefined);
    await pg.end();
  }
}

const tutte = async (pg: Pg) => (await pg.query('SELECT * FROM audit_log ORDER BY id')).rows.map(toRow);
/** The verification: by default incremental (the rows after the last anchor that agrees); `completa` the whole chain. */
const verifica = async (completa?: boolean) =>
  dati(await stack.client(dirigente).GET('/api/v1/audit/verifica', { params: { query: completa ? { completa: 'true' } : {} } }));
const crea = async (protocollo: string, oggetto: string) =>
  (await stack.client(operatore).POST('/api/v1/pratiche', { body: { protocollo, oggetto } })).response.status;

/** Writes rows back exactly as they were (their content, links and hashes), with the trigger out of the way. */
async function ripristina(pg: Pg, rows: Row[]): Promise<void> {
  await pg.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
  try {
    await pg.query('DELETE FROM audit_log WHERE id >= $1', [rows[0].id]);
    for (const r of rows) {
      await pg.query(
        `INSERT INTO audit_log (id, registrato_il, attore, ruoli, ufficio, procedura, entita, entita_id, azione, motivazione, prima, dopo, request_id, idempotency_key, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          r.id,
          r.registratoIl,
          r.attore,
          r.ruoli,
          r.ufficio,
          r.procedura,
          r.entita,
          r.entitaId,
          r.azione,
          r.motivazione,
          r.prima === null ? null : JSON.stringify(r.prima),
          r.dopo === null ? null : JSON.stringify(r.dopo),
          r.requestId,
          r.idempotencyKey,
          r.prevHash,
          r.hash,
        ],
      );
    }
  } finally {
    await pg.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  }
}

/** Rewrites rows from `from` on so the chain holds again (as a careful forger would), trigger out of the way. */
async function riscrivi(pg: Pg, rows: Row[], prev: string): Promise<void> {
  await pg.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
  try {
    for (const r of rows) {
      const hash = auditHash(prev, r);
      await pg.query('UPDATE audit_log SET azione = $2, dopo = $3, prev_hash = $4, hash = $5 WHERE id = $1', [
        r.id,
        r.azione,
        r.dopo === null ? null : JSON.stringify(r.dopo),
        prev,
        hash,
      ]);
      prev = hash;
    }
  } finally {
    await pg.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  }
}

/** Runs the anchoring schedule now (it runs every few minutes by itself) and waits for its anchor. */
const ancora = async (): Promise<void> => void (await eseguiSchedule(temporal.client, SCHEDULE));

beforeAll(async () => {
  await stack.start({ env: { ANCORAGGIO_OGNI: 'PT1H', SORTEGGIO_CONTROLLO_PERIODI: 'PT1H' } });
  operatore = await stack.idp.token('mario.rossi', ['operatore'], 'CPI-FI');
  dirigente = await stack.idp.token('giulia.neri', ['dirigente'], 'CPI-FI');
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  temporal = { connection, client: new TemporalClient({ connection, namespace: config.TEMPORAL_NAMESPACE }) };
  for (let k = 0; k < 6; k++) {
    expect(await crea(`REG/${Date.now()}/${k}`, 'Registro degli eventi')).toBe(201);
  }
  await ancora();
  // Rows after the last anchor too.
  expect(await crea(`REG/${Date.now()}/dopo`, "Dopo l'ancora")).toBe(201);
  expect(await verifica()).toMatchObject({ valid: true, ancore: { valido: true } });
});
afterAll(async () => {
  await stack.stop();
  await temporal?.connection.close();
});

describe('the audit trail against its own database users', () => {
  it("refuses the application's role every change: update, delete, truncate, disabling its trigger (4 of 4)", async () => {
    const [row] = await sql<{ id: string }>('SELECT id FROM audit_log ORDER BY id DESC LIMIT 1');
    await expect(sql(`UPDATE audit_log SET azione = 'annullata' WHERE id = $1`, [row.id])).rejects.toThrow(/permission denied/);
    await expect(sql('DELETE FROM audit_log WHERE id = $1', [row.id])).rejects.toThrow(/permission denied/);
    await expect(sql('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
    await expect(sql('ALTER TABLE audit_log DISABLE TRIGGER USER')).rejects.toThrow(/must be owner/);
    // And the same on the draws' chain, append-only too.
    await expect(sql(`UPDATE sorteggi SET hash = hash`)).rejects.toThrow(/permission denied/);
    expect(await verifica()).toMatchObject({ valid: true });
  });

  it('detects whatever the schema owner does: an edited row, a chain re-hashed from an edited row, a forged insert, a deleted tail (4 of 4)', async () => {
    const ancorata = Number((await verifica()).ancore.ultima?.auditId);
    await comeProprietario(async (pg) => {
      const originali = await tutte(pg);
      const indice = originali.findIndex((r) => r.id === ancorata);
      expect(indice).toBeGreaterThan(2);
      const mezzo = originali[indice - 2];

      // 1. A row edited behind the disabled trigger: its own hash gives it away to the full walk. (Before the last
      // anchor with its stored hash left as it was, it is the one edit the incremental walk does not recompute: the
      // anchors still agree. docs/audit.md.)
      await pg.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await pg.query(`UPDATE audit_log SET azione = 'annullata' WHERE id = $1`, [mezzo.id]);
      await pg.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      expect(await verifica(true)).toMatchObject({ valid: false, modo: 'completa', firstBrokenId: mezzo.id, reason: expect.stringMatching(/modificata/) });
      // (From the last anchor: `ancorata`, or a later one if the worker's own anchoring as it starts landed since.)
      const incrementale = await verifica();
      expect(incrementale).toMatchObject({ valid: true, modo: 'incrementale' });
      expect(incrementale.dopoRiga).toBeGreaterThanOrEqual(ancorata);
      // The full walk the worker runs on its schedule finds it too.
      expect(await eseguiSchedule(temporal.client, VERIFICA)).toMatchObject({ valid: false, firstBrokenId: mezzo.id, ancore: { valido: true } });
      await ripristina(pg, originali.slice(indice - 2));
      expect(await verifica(true)).toMatchObject({ valid: true });

      // 2. The same edit with every later row re-hashed: the chain holds again, the anchor does not.
      const modificate = originali.slice(indice - 2).map((r, k) => (k === 0 ? { ...r, azione: 'annullata' } : r));
      await riscrivi(pg, modificate, mezzo.prevHash);
      let v = await verifica();
      expect(v.checked).toBeGreaterThan(0);
      expect(v).toMatchObject({ valid: false, modo: 'incrementale', ancore: { valido: false } });
      // The walk starts before the rewritten rows: at an earlier anchor that still agrees, or at the first row.
      expect(v.dopoRiga).toBeLessThan(mezzo.id);
      expect(v.firstBrokenId).toBeUndefined(); // the chain alone would not see it
      expect(v.ancore.problemi.join('\n')).toMatch(new RegExp(`la riga ${ancorata} non ha l'hash ancorato`));
      await ripristina(pg, originali.slice(indice - 2));

      // 3. A forged row inserted before the anchored one, later rows moved up and re-hashed.
      const dopo = originali.slice(indice - 1);
      await pg.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await pg.query('DELETE FROM audit_log WHERE id >= $1', [dopo[0].id]);
      await pg.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      const falsa: Row = { ...dopo[0], azione: 'decisione', attore: 'falsario', dopo: { esito: 'accolta' }, idempotencyKey: null };
      const spostate = [falsa, ...dopo.map((r) => ({ ...r, id: r.id + 1 }))];
      let prev = originali[indice - 2].hash;
      for (const r of spostate) {
        r.prevHash = prev;
        r.hash = auditHash(prev, r);
        prev = r.hash;
      }
      await ripristina(pg, spostate);
      v = await verifica();
      expect(v.firstBrokenId).toBeUndefined();
      expect(v).toMatchObject({ valid: false, ancore: { valido: false } });
      await ripristina(pg, dopo);
      await pg.query(`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), (SELECT max(id) FROM audit_log))`);

      // 4. The newest rows deleted, back to before the anchored one: a shorter chain that holds, and the anchor says so.
      await pg.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await pg.query('DELETE FROM audit_log WHERE id >= $1', [originali[indice - 1].id]);
      await pg.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      v = await verifica();
      expect(v.firstBrokenId).toBeUndefined();
      expect(v).toMatchObject({ valid: false, ancore: { valido: false } });
      expect(v.ancore.problemi.join('\n')).toMatch(/cancellate dalla coda/);
      await ripristina(pg, originali.slice(indice - 1));
      expect((await tutte(pg)).map((r) => r.hash)).toEqual(originali.map((r) => r.hash));
      expect(originali[0].prevHash).toBe(GENESIS_HASH);
    });
    expect(await verifica()).toMatchObject({ valid: true, ancore: { valido: true } });
  });

  it('verifies incrementally by default: every anchor, then only the rows after the last one that agrees; the full walk on request', async () => {
    // A row after the last anchor, whichever it is: the worker anchors once as it starts, which may land after the
    // rows written in beforeAll.
    expect(await crea(`REG/${Date.now()}/inc`, 'Dopo le ancore')).toBe(201);
    /** How many rows, and how many after `id` (counted before and after a verification: a workflow may append meanwhile). */
    const conta = async (id = 0) => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM audit_log WHERE id > $1', [id]))[0].n);
    const v = await verifica();
    const ancorata = Number(v.ancore.ultima?.auditId);
    expect(v).toMatchObject({ valid: true, modo: 'incrementale', dopoRiga: ancorata, ancoraDiPartenza: v.ancore.ultima?.chiave });
    expect(v.checked).toBeGreaterThan(0);
    expect(v.checked).toBeLessThanOrEqual(await conta(ancorata));
    const prima = await conta();
    const completa = await verifica(true);
    expect(completa).toMatchObject({ valid: true, modo: 'completa', dopoRiga: 0, ancoraDiPartenza: null });
    expect(completa.checked).toBeGreaterThanOrEqual(prima);
    // The full walk recomputes the anchored rows too, which the incremental one left to the anchor.
    const finoAllAncora = Number((await sql<{ n: string }>('SELECT count(*) AS n FROM audit_log WHERE id <= $1', [ancorata]))[0].n);
    expect(finoAllAncora).toBeGreaterThan(0);
    expect(completa.checked).toBeGreaterThanOrEqual(finoAllAncora + v.checked);
    // The same full walk, run by the worker's schedule (daily by default; here on demand).
    const programmata = await eseguiSchedule<{ valid: boolean; checked: number }>(temporal.client, VERIFICA);
    expect(programmata).toMatchObject({ valid: true, ancore: { valido: true } });
    expect(programmata.checked).toBeGreaterThanOrEqual(completa.checked);
    const r = await stack.call('GET', '/api/v1/audit/verifica?completa=si', dirigente);
    expect({ status: r.status, campi: r.json.errors.map((e: { field: string }) => e.field) }).toEqual({ status: 400, campi: ['completa'] });
  });

  it('finds by the incremental walk an edit after the last anchor, and by the anchor a rewrite before it', async () => {
    expect(await crea(`REG/${Date.now()}/mod`, 'Dopo le ancore')).toBe(201);
    const ancorata = Number((await verifica()).ancore.ultima?.auditId);
    await comeProprietario(async (pg) => {
      const originali = await tutte(pg);
      const indice = originali.findIndex((r) => r.id === ancorata);
      const nuova = originali[indice + 1];
      expect(nuova).toBeDefined();
      // An edit after the anchored row, its hash left as it was: the rows the incremental walk recomputes.
      await pg.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await pg.query(`UPDATE audit_log SET azione = 'annullata' WHERE id = $1`, [nuova.id]);
      await pg.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      expect(await verifica()).toMatchObject({
        valid: false,
        modo: 'incrementale',
        dopoRiga: ancorata,
        firstBrokenId: nuova.id,
        reason: expect.stringMatching(/modificata/),
        ancore: { valido: true },
      });
      await ripristina(pg, originali.slice(indice + 1));
      // A row before the anchored one edited and every later row re-hashed: the chain holds, the anchored row's hash
      // does not, so the incremental walk starts before it and the anchors say where.
      const prima = originali[indice - 1];
      await riscrivi(
        pg,
        originali.slice(indice - 1).map((r, k) => (k === 0 ? { ...r, dopo: { ...(r.dopo ?? {}), falsificato: true } } : r)),
        prima.prevHash,
      );
      const v = await verifica();
      expect(v).toMatchObject({ valid: false, modo: 'incrementale', ancore: { valido: false } });
      expect(v.dopoRiga).toBeLessThan(prima.id);
      expect(v.ancore.problemi.join('\n')).toMatch(new RegExp(`la riga ${ancorata} non ha l'hash ancorato`));
      await ripristina(pg, originali.slice(indice - 1));
      expect((await tutte(pg)).map((r) => r.hash)).toEqual(originali.map((r) => r.hash));
    });
    expect(await verifica()).toMatchObject({ valid: true, ancore: { valido: true } });
  });

  it("runs every system job on a task queue of its own, not behind the procedures' tasks", async () => {
    // Each schedule the worker keeps is named after the procedures' queue and starts its runs on the system queue.
    for (const nome of ['periodi-sorteggio', 'ancoraggio', 'verifica-registro', 'riconciliazione-documenti', 'promemoria-presenze']) {
      const azione = await waitFor(
        `the schedule ${nome}`,
        async () =>
          (
            await temporal.client.schedule
              .getHandle(`${nome}:${config.TEMPORAL_TASK_QUEUE}`)
              .describe()
              .catch(() => undefined)
          )?.action,
        60_000,
      );
      expect({ nome, coda: azione.type === 'startWorkflow' ? azione.taskQueue : azione.type }).toEqual({ nome, coda: config.CODA_SISTEMA });
    }
    expect(config.CODA_SISTEMA).not.toBe(config.TEMPORAL_TASK_QUEUE);
    // And a run of one is executed there: the second Worker of the worker process polls it.
    await ancora();
    const recenti = (await temporal.client.schedule.getHandle(SCHEDULE).describe()).info.recentActions;
    const ultima = [...recenti].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())[0].action.workflow;
    const esecuzione = await temporal.client.workflow.getHandle(ultima.workflowId, ultima.firstExecutionRunId).describe();
    expect({ stato: esecuzione.status.name, coda: esecuzione.taskQueue }).toEqual({ stato: 'COMPLETED', coda: config.CODA_SISTEMA });
  });

  it('keeps each anchor write-once: not even the storage administrator can delete or overwrite it', async () => {
    const { minio } = await import('../support/services');
    const chiavi: string[] = [];
    for await (const o of minio.listObjectsV2(config.S3_ANCHOR_BUCKET, 'ancore/', true)) if (o.name) chiavi.push(o.name);
    expect(chiavi.length).toBeGreaterThan(0);
    const chiave = chiavi.sort()[chiavi.length - 1];
    const stat = await minio.statObject(config.S3_ANCHOR_BUCKET, chiave);
    const retention = await minio.getObjectRetention(config.S3_ANCHOR_BUCKET, chiave, { versionId: stat.versionId ?? '' });
    expect(retention).toMatchObject({ mode: 'COMPLIANCE' });
    await expect(minio.removeObject(config.S3_ANCHOR_BUCKET, chiave, { versionId: stat.versionId ?? undefined, governanceBypass: true })).rejects.toThrow();
    // Workflow steps are recorded with the acting role, the system's included.
    const ruoli = await sql<{ ruoli: string }>(`SELECT DISTINCT ruoli FROM audit_log WHERE ruoli = '' OR ruoli IS NULL`);
    expect(ruoli).toEqual([]);
  });
});
