/**
 * Measures the lists at 100,000 rows each and the audit trail's verification at about a million rows, before and
 * after the keyset pagination (migration ElenchiKeyset and the repositories' QUERY_*), in one run on one machine, so
 * the figures compare as ratios however busy the machine is:
 *
 *   - each list's first page and a page deep in the list (25,000 rows in): the query as the repository sends it
 *     now, and as it was sent before (offset, date_trunc order, no index for the order) with the indexes of before
 *     (the migration's `down` inside a transaction that is rolled back), p50/p95 over repeated runs;
 *   - the chain's recomputation: the full walk (what GET /audit/verifica did every time) against the incremental one
 *     from an anchor 1,000 and 10,000 rows before the end (what it does now);
 *   - reading the anchors from object storage, which every verification still does (one GET per anchor).
 *
 * Its own database (MISURE_DB, default wfe_misure_elenchi: dropped and created again) and its own bucket (removed at
 * the end); PostgreSQL and MinIO as in the environment (`source .testenv.sh`). The database side only: through the
 * API each page also pays for HTTP and JSON, which `npm run bench -- aperti-100k` measures.
 *
 *   npx tsx infra/scripts/misura-elenchi.ts [--righe 100000] [--audit 1000000] [--ripetizioni 30] [--ancore 500]
 */
import { availableParallelism } from 'node:os';
import { Client as Minio } from 'minio';
import { Client as Pg } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { CpuMeter } from '../../bench/lib/proc';
import { percentile, round } from '../../bench/lib/stats';
import { GENESIS_HASH, auditHash, type AuditFields } from '../../libs/infrastructure/src/audit/audit-chain';
import { QUERY_AUDIT, AuditRepository } from '../../libs/infrastructure/src/audit/audit.repository';
import { AuditTrail } from '../../libs/infrastructure/src/audit/audit.trail';
import { QUERY_OFFERTE, SELECT_OFFERTA } from '../../libs/infrastructure/src/collocamento/offerte.repository';
import { loadConfig, s3Endpoint } from '../../libs/infrastructure/src/config/app-config';
import { QUERY_PIANI } from '../../libs/infrastructure/src/cronoprogramma/piani.repository';
import { QUERY_RICHIESTE } from '../../libs/infrastructure/src/ispezioni/richieste.repository';
import { QUERY_NOTIFICHE } from '../../libs/infrastructure/src/notifications/notifiche.repository';
import { ENTITIES } from '../../libs/infrastructure/src/persistence/entities';
import { type QuerySql, istanteEsatto } from '../../libs/infrastructure/src/persistence/keyset';
import { MIGRATIONS } from '../../libs/infrastructure/src/persistence/migrations';
import { ElenchiKeyset1765267200000 } from '../../libs/infrastructure/src/persistence/migrations/1765267200000-ElenchiKeyset';
import { QUERY_PRATICHE } from '../../libs/infrastructure/src/pratiche/pratiche.repository';
import { QUERY_TIROCINI, SELECT_TIROCINIO } from '../../libs/infrastructure/src/tirocini/tirocini.repository';
import { semina } from '../../test/support/elenchi';

const arg = (nome: string, predefinito: number) => {
  const i = process.argv.indexOf(`--${nome}`);
  return i < 0 ? predefinito : Number(process.argv[i + 1]);
};
const RIGHE = arg('righe', 100_000);
const AUDIT = arg('audit', 1_000_000);
const RIPETIZIONI = arg('ripetizioni', 30);
const ANCORE = arg('ancore', 500);
const config = loadConfig();
const DB = process.env.MISURE_DB ?? 'wfe_misure_elenchi';
const base = new URL(config.DATABASE_URL);
const adminUrl = new URL(process.env.DATABASE_ADMIN_URL ?? `postgres://postgres@${base.host}/postgres`);
const dbUrl = Object.assign(new URL(adminUrl.toString()), { pathname: `/${DB}` }).toString();
const P = 'MIS';
/** How deep the deep page is: 25,000 rows into the office's list (a quarter of it with fewer rows). */
const PROFONDO = Math.min(25_000, Math.floor(RIGHE / 4));
const UFF = `${P}-0`;
const log = (s: string) => console.log(`[misure] ${s}`);

/** p50 and p95 (ms) of `volte` runs of `q` after three unmeasured ones. */
async function tempi(pg: Pg, q: QuerySql | QuerySql[], volte = RIPETIZIONI): Promise<{ p50: number; p95: number }> {
  const tutte = Array.isArray(q) ? q : [q];
  const una = async () => {
    for (const x of tutte) await pg.query(x.text, x.values);
  };
  for (let k = 0; k < 3; k++) await una();
  const ms: number[] = [];
  for (let k = 0; k < volte; k++) {
    const t = performance.now();
    await una();
    ms.push(performance.now() - t);
  }
  return { p50: round(percentile(ms, 50), 1), p95: round(percentile(ms, 95), 1) };
}

async function creaDatabase(): Promise<void> {
  const admin = new Pg({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const ds = new DataSource({ type: 'postgres', url: dbUrl, migrations: MIGRATIONS, migrationsTableName: 'migrazioni', entities: ENTITIES });
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
}

/** `n` audit rows forming a valid chain (hashes computed as AuditTrail.append does), in batches. */
async function seminaAudit(pg: Pg, n: number): Promise<void> {
  let prev = GENESIS_HASH;
  const t0 = Date.UTC(2026, 0, 1);
  for (let da = 0; da < n; da += 10_000) {
    const col: Record<string, unknown[]> = { il: [], uff: [], ent: [], eid: [], az: [], dopo: [], prev: [], hash: [] };
    for (let g = da; g < Math.min(n, da + 10_000); g++) {
      const f: AuditFields = {
        registratoIl: new Date(t0 + g * 1000),
        attore: 'seme',
        ruoli: 'operatore',
        ufficio: g % 2 === 0 ? UFF : `${P}-${1 + (g % 50)}`,
        procedura: 'tirocini',
        entita: ['tirocinio', 'tirocinio', 'documento', 'pratica'][Math.floor(g / 2) % 4],
        entitaId: `t-${Math.floor(g / 10)}`,
        azione: 'passo',
        motivazione: null,
        prima: null,
        dopo: { stato: 'attiva', passo: g },
        requestId: null,
        idempotencyKey: null,
      };
      const hash = auditHash(prev, f);
      col.il.push(f.registratoIl);
      col.uff.push(f.ufficio);
      col.ent.push(f.entita);
      col.eid.push(f.entitaId);
      col.az.push(f.azione);
      col.dopo.push(JSON.stringify(f.dopo));
      col.prev.push(prev);
      col.hash.push(hash);
      prev = hash;
    }
    await pg.query(
      `INSERT INTO audit_log (registrato_il, attore, ruoli, ufficio, procedura, entita, entita_id, azione, dopo, prev_hash, hash)
       SELECT il, 'seme', 'operatore', uff, 'tirocini', ent, eid, az, dopo::jsonb, prev, hash
       FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(il, uff, ent, eid, az, dopo, prev, hash)`,
      [col.il, col.uff, col.ent, col.eid, col.az, col.dopo, col.prev, col.hash],
    );
  }
}

/** Where a page PROFONDO rows into a list starts: its key. */
async function chiave(pg: Pg, tabella: string, colonna: string, dove: string): Promise<{ il: string; id: string }> {
  const [r] = (
    await pg.query(
      `SELECT ${istanteEsatto(colonna)} AS il, id FROM ${tabella} WHERE ${dove} = $1 ORDER BY ${colonna} DESC, id DESC OFFSET ${PROFONDO} LIMIT 1`,
      [UFF],
    )
  ).rows;
  return r;
}

async function main() {
  const meter = new CpuMeter(() => ({}));
  const inizio = meter.snapshot();
  const t0 = performance.now();
  log(`database ${DB}: migrations`);
  await creaDatabase();
  const pg = new Pg({ connectionString: dbUrl });
  await pg.connect();
  log(`${RIGHE} rows per list`);
  await pg.query('BEGIN');
  await pg.query('SET LOCAL session_replication_role = replica');
  await semina(pg, { prefisso: P, n: RIGHE, liste: ['tirocini', 'pratiche', 'offerte', 'richieste', 'piani', 'notifiche'] });
  await pg.query('COMMIT');
  log(`${AUDIT} audit rows (a valid chain)`);
  await seminaAudit(pg, AUDIT);
  await pg.query('VACUUM ANALYZE');

  // ---- the lists: now, and before ----
  const tir = await chiave(pg, 'tirocini', 'creato_il', 'ufficio');
  const pra = await chiave(pg, 'pratiche', 'creata_il', 'ufficio');
  const off = await chiave(pg, 'cm_offerte', 'richiesta_il', 'ufficio');
  const ric = await chiave(pg, 'richieste_intervento', 'registrata_il', 'ispettorato');
  const noti = await chiave(pg, 'notifiche', 'creata_il', 'ufficio');
  const [{ id: auditDeep }] = (await pg.query('SELECT id FROM audit_log WHERE ufficio = $1 ORDER BY id OFFSET $2 LIMIT 1', [UFF, PROFONDO])).rows;
  const staff = { sub: 'utente-7', roles: ['responsabile', 'operatore'], office: UFF };
  const ms = (d: { il: string }) => new Date(d.il); // what the cursors of before carried: milliseconds
  /** Each list: [name, now first page, now deep page, before first page, before deep page (null: no way to get there)]. */
  const liste: Array<[string, QuerySql[], QuerySql[], QuerySql[], QuerySql[] | null]> = [
    [
      'GET /tirocini (50 + total)',
      [QUERY_TIROCINI.pagina({ uffici: [UFF] }, { limit: 51 }), QUERY_TIROCINI.totale({ uffici: [UFF] })],
      [QUERY_TIROCINI.pagina({ uffici: [UFF] }, { limit: 51, dopo: tir }), QUERY_TIROCINI.totale({ uffici: [UFF] })],
      [
        { text: `${SELECT_TIROCINIO} WHERE ufficio = ANY($1::text[]) ORDER BY creato_il DESC, id LIMIT 50 OFFSET 0`, values: [[UFF]] },
        { text: 'SELECT count(*)::int AS n FROM tirocini WHERE ufficio = ANY($1::text[])', values: [[UFF]] },
      ],
      [
        { text: `${SELECT_TIROCINIO} WHERE ufficio = ANY($1::text[]) ORDER BY creato_il DESC, id LIMIT 50 OFFSET ${PROFONDO}`, values: [[UFF]] },
        { text: 'SELECT count(*)::int AS n FROM tirocini WHERE ufficio = ANY($1::text[])', values: [[UFF]] },
      ],
    ],
    [
      'GET /pratiche (200)',
      [QUERY_PRATICHE.pagina({ ufficio: UFF }, 201)],
      [QUERY_PRATICHE.pagina({ ufficio: UFF, dopo: pra }, 201)],
      [{ text: 'SELECT * FROM pratiche p WHERE p.ufficio = $1 ORDER BY p.creata_il DESC, p.id DESC LIMIT 201', values: [UFF] }],
      [
        {
          text: 'SELECT * FROM pratiche p WHERE p.ufficio = $1 AND (p.creata_il < $2 OR (p.creata_il = $2 AND p.id < $3)) ORDER BY p.creata_il DESC, p.id DESC LIMIT 201',
          values: [UFF, ms(pra), pra.id],
        },
      ],
    ],
    [
      'GET /offerte (200)',
      [QUERY_OFFERTE.pagina({ uffici: [UFF] }, 201)],
      [QUERY_OFFERTE.pagina({ uffici: [UFF], dopo: off }, 201)],
      ...((['primo', 'dopo'] as const).map((quale) => [
        {
          text: `${SELECT_OFFERTA} WHERE ($1::text[] IS NULL OR ufficio = ANY($1::text[]))
             AND ($2::text IS NULL OR datore_id IN (SELECT id FROM cm_datori WHERE codice_fiscale = upper($2))) AND ($3::text IS NULL OR stato = $3)
             AND ($4::timestamptz IS NULL OR (date_trunc('milliseconds', richiesta_il), id) < ($4::timestamptz, $5::uuid))
           ORDER BY date_trunc('milliseconds', richiesta_il) DESC, id DESC LIMIT 201`,
          values: [[UFF], null, null, quale === 'dopo' ? ms(off) : null, quale === 'dopo' ? off.id : null],
        },
      ]) as [QuerySql[], QuerySql[]]),
    ],
    [
      'GET /richieste-intervento (200)',
      [QUERY_RICHIESTE.pagina({ ispettorato: UFF }, 201)],
      [QUERY_RICHIESTE.pagina({ ispettorato: UFF, dopo: ric }, 201)],
      ...((['primo', 'dopo'] as const).map((quale) => [
        {
          text: `SELECT * FROM richieste_intervento WHERE ($1::text IS NULL OR ispettorato = $1) AND ($2::text IS NULL OR ispettore_id = $2)
             AND ($3::text IS NULL OR stato = $3) AND ($4::text IS NULL OR azienda_id IN (SELECT id FROM aziende WHERE codice_fiscale = upper($4)))
             AND ($5::timestamptz IS NULL OR (date_trunc('milliseconds', registrata_il), id) < ($5::timestamptz, $6::uuid))
           ORDER BY date_trunc('milliseconds', registrata_il) DESC, id DESC LIMIT $7`,
          values: [UFF, null, null, null, quale === 'dopo' ? ms(ric) : null, quale === 'dopo' ? ric.id : null, 201],
        },
      ]) as [QuerySql[], QuerySql[]]),
    ],
    [
      'GET /piani, every office (200)',
      [QUERY_PIANI.pagina({}, 201)],
      [QUERY_PIANI.pagina({ dopo: { anno: 1050, id: '00000000-0000-0000-0000-000000000000' } }, 201)],
      [{ text: 'SELECT * FROM piani ORDER BY anno DESC LIMIT 200', values: [] }],
      null,
    ],
    [
      'GET /notifiche, staff (200)',
      [QUERY_NOTIFICHE.pagina(staff, {}, 201)!],
      [QUERY_NOTIFICHE.pagina(staff, { dopo: noti }, 201)!],
      [
        {
          text: `SELECT * FROM notifiche n WHERE n.ufficio = $1 AND ((n.destinatario_tipo = 'utente' AND n.destinatario = $2)
             OR (n.destinatario_tipo = 'ruolo' AND n.destinatario IN ($3, $4)) OR (n.destinatario_tipo = 'struttura' AND $5 = '')
             OR (n.destinatario_tipo = 'soggetto' AND n.destinatario = $5 AND $5 <> '')) ORDER BY n.creata_il DESC LIMIT 200`,
          values: [UFF, staff.sub, ...staff.roles, ''],
        },
      ],
      null,
    ],
    [
      'GET /audit, office (500)',
      [QUERY_AUDIT.pagina({ ufficio: UFF }, 501)],
      [QUERY_AUDIT.pagina({ ufficio: UFF, dopoId: Number(auditDeep) }, 501)],
      [{ text: 'SELECT * FROM audit_log a WHERE a.ufficio = $1 ORDER BY a.id ASC LIMIT 500', values: [UFF] }],
      null,
    ],
    [
      'GET /audit, office and kind (500)',
      [QUERY_AUDIT.pagina({ ufficio: UFF, entita: 'pratica' }, 501)],
      [QUERY_AUDIT.pagina({ ufficio: UFF, entita: 'pratica', dopoId: Number(auditDeep) }, 501)],
      [{ text: 'SELECT * FROM audit_log a WHERE a.entita = $1 AND a.ufficio = $2 ORDER BY a.id ASC LIMIT 500', values: ['pratica', UFF] }],
      null,
    ],
  ];
  const righe: string[] = [];
  const dopo: Array<{ p50: number; p95: number }[]> = [];
  for (const [nome, primo, profondo] of liste) {
    dopo.push([await tempi(pg, primo), await tempi(pg, profondo)]);
    log(`now: ${nome}`);
  }
  // Before: the indexes as they were (the migration's down, rolled back after), the queries as they were.
  await pg.query('BEGIN');
  await new ElenchiKeyset1765267200000().down({ query: (q: string) => pg.query(q) } as unknown as QueryRunner);
  const prima: Array<Array<{ p50: number; p95: number } | null>> = [];
  for (const [nome, , , primo, profondo] of liste) {
    prima.push([await tempi(pg, primo, Math.min(RIPETIZIONI, 10)), profondo ? await tempi(pg, profondo, Math.min(RIPETIZIONI, 10)) : null]);
    log(`before: ${nome}`);
  }
  await pg.query('ROLLBACK');
  const f = (x: { p50: number; p95: number } | null) => (x ? `${x.p50} / ${x.p95}` : 'n/a (no such page)');
  liste.forEach(([nome], i) => righe.push(`| ${nome} | ${f(prima[i][0])} | ${f(dopo[i][0])} | ${f(prima[i][1])} | ${f(dopo[i][1])} |`));

  // ---- the verification: full walk against incremental ----
  const ds = new DataSource({ type: 'postgres', url: dbUrl, entities: ENTITIES, extra: { max: 4 } });
  await ds.initialize();
  const trail = new AuditTrail(new AuditRepository(ds));
  const [{ n: totaleAudit }] = (await pg.query('SELECT count(*)::int AS n FROM audit_log')).rows;
  const walk = async (dopoRighe: number | null, volte: number) => {
    const da = dopoRighe === null ? undefined : (await pg.query('SELECT id::int, hash FROM audit_log ORDER BY id DESC OFFSET $1 LIMIT 1', [dopoRighe])).rows[0];
    const t: number[] = [];
    let checked = 0;
    for (let k = 0; k < volte; k++) {
      const s = performance.now();
      const r = await trail.verify(da ? { id: Number(da.id), hash: da.hash } : undefined);
      t.push(performance.now() - s);
      if (!r.valid) throw new Error(`the seeded chain breaks at ${r.firstBrokenId}: ${r.reason}`);
      checked = r.checked;
    }
    return { checked, p50: round(percentile(t, 50), 0), max: round(percentile(t, 100), 0) };
  };
  const completa = await walk(null, 2);
  const inc1k = await walk(1_000, 10);
  const inc10k = await walk(10_000, 5);
  await ds.destroy();

  // ---- the anchors: one GET each, every verification ----
  let ancore = '';
  if (ANCORE > 0) {
    const minio = new Minio({ ...s3Endpoint(config), accessKey: config.S3_ACCESS_KEY, secretKey: config.S3_SECRET_KEY });
    const bucket = `misure-ancore-${Date.now()}`;
    await minio.makeBucket(bucket, config.S3_REGION);
    try {
      const corpo = Buffer.from(JSON.stringify({ versione: 1, audit: { id: 1, hash: GENESIS_HASH }, catene: {}, precedente: GENESIS_HASH }));
      for (let k = 0; k < ANCORE; k++) await minio.putObject(bucket, `ancore/${String(k).padStart(16, '0')}.json`, corpo, corpo.length);
      const s = performance.now();
      const chiavi: string[] = [];
      for await (const o of minio.listObjectsV2(bucket, 'ancore/', true)) if (o.name) chiavi.push(o.name);
      for (const c of chiavi) for await (const _ of await minio.getObject(bucket, c)) void _;
      const tot = performance.now() - s;
      ancore = `reading ${ANCORE} anchors (list + one GET each, as AncoreAudit.elenco): ${round(tot, 0)} ms, ${round(tot / ANCORE, 2)} ms each; a year of anchors every 10 minutes is 52,560`;
    } finally {
      const nomi: string[] = [];
      for await (const o of minio.listObjectsV2(bucket, '', true)) if (o.name) nomi.push(o.name);
      await minio.removeObjects(bucket, nomi);
      await minio.removeBucket(bucket);
    }
  }
  await pg.end();
  const fine = meter.snapshot();
  const durata = performance.now() - t0;
  const { cpuMs } = CpuMeter.diff(inizio, fine);
  const otherLoadShare = round((cpuMs.other ?? 0) / (durata * availableParallelism()), 2);

  console.log(`
Lists at ${RIGHE.toLocaleString('en')} rows per table (half in one office), database time per page, p50 / p95 in ms
(${RIPETIZIONI} runs now, ${Math.min(RIPETIZIONI, 10)} before; a deep page starts ${PROFONDO.toLocaleString('en')} rows into the office's list):

| list (page size) | first page, before | first page, now | deep page, before | deep page, now |
|---|---|---|---|---|
${righe.join('\n')}

Audit chain of ${Number(totaleAudit).toLocaleString('en')} rows, recomputed (AuditTrail.verify), ms:
  full walk (before: every GET /audit/verifica; now: ?completa=true and the daily schedule): p50 ${completa.p50}, max ${completa.max} (${completa.checked} rows)
  incremental, 1,000 rows after the last anchor: p50 ${inc1k.p50}, max ${inc1k.max} (${inc1k.checked} rows)
  incremental, 10,000 rows after the last anchor: p50 ${inc10k.p50}, max ${inc10k.max} (${inc10k.checked} rows)
${ancore ? `  ${ancore}\n` : ''}
otherLoadShare ${otherLoadShare} (CPU of processes other than PostgreSQL, MinIO, Temporal and this script, over ${round(durata / 1000, 0)} s on ${availableParallelism()} CPUs;
PostgreSQL's share includes other users' sessions on the shared server)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
