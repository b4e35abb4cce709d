/**
 * A backup that loses nothing, and its restore. `npm run backup` / `npm run restore` call this through
 * infra/backup.sh and infra/restore.sh, which stop and start the local stack around it; in production it is run the
 * same way with the production variables (docs/backup.md).
 *
 *   tsx infra/scripts/backup.ts crea DIR                       copy everything into DIR (new or empty)
 *   tsx infra/scripts/backup.ts ripristina DIR [--sostituisci]  restore DIR into the configured stores
 *
 * What is copied, together: the application database (pg_dump), Temporal's persistence (the dev server's SQLite file
 * through SQLite's online backup, or a pg_dump per database of a self-hosted server: BACKUP_TEMPORAL), and every
 * version of every object of the documents' and the anchors' buckets, with a manifest of SHA-256s. The copy is
 * consistent because nothing writes while it is taken: it refuses to start while the API or the worker is connected to
 * the database (a database copy newer than Temporal's would hold rows of procedures Temporal never started; an older
 * one would miss rows of steps Temporal recorded as done).
 *
 * BACKUP_TEMPORAL: `sqlite:<file>` (default: the dev server's .data/temporal/temporal.db), `postgres:<url>,<url>`
 * (the self-hosted server's databases, e.g. temporal and temporal_visibility), or `nessuno` (Temporal Cloud, which
 * keeps its own).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client as Minio, RETENTION_MODES } from 'minio';
import { Client as Pg } from 'pg';
import {
  FileCopiato,
  FORMATO_BACKUP,
  Manifesto,
  ordineRipristino,
  problemiManifesto,
  RuoloBucket,
  VersioneCopiata,
} from '../../libs/infrastructure/src/backup/manifesto';
import { AppConfig, loadConfig, s3Endpoint } from '../../libs/infrastructure/src/config/app-config';

const ROOT = resolve(__dirname, '../..');
const DATA_DIR = process.env.DATA_DIR ?? join(ROOT, '.data');
const say = (s: string) => process.stdout.write(`[backup] ${s}\n`);
class Rifiuto extends Error {}

type SorgenteTemporal = { tipo: 'sqlite'; file: string } | { tipo: 'postgres'; url: string[] } | { tipo: 'nessuno' };

function sorgenteTemporal(): SorgenteTemporal {
  const v = process.env.BACKUP_TEMPORAL ?? `sqlite:${join(DATA_DIR, 'temporal/temporal.db')}`;
  if (v === 'nessuno') return { tipo: 'nessuno' };
  if (v.startsWith('sqlite:')) return { tipo: 'sqlite', file: resolve(v.slice('sqlite:'.length)) };
  if (v.startsWith('postgres:')) return { tipo: 'postgres', url: v.slice('postgres:'.length).split(',').filter(Boolean) };
  throw new Rifiuto(`BACKUP_TEMPORAL: atteso sqlite:<file>, postgres:<url>[,<url>] o nessuno, trovato ${v}`);
}

/**
 * pg_dump / pg_restore on a database URL: its password goes in PGPASSWORD, never on the command line (where any
 * user of the machine reads it from the process list).
 */
function pg(cmd: 'pg_dump' | 'pg_restore', url: string, args: string[]): void {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  esegui(cmd, [...args, `--dbname=${u.toString()}`], password ? { PGPASSWORD: password } : {});
}

function esegui(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...env } });
  if (r.error) throw new Rifiuto(`${cmd}: ${r.error.message}`);
  if (r.status !== 0)
    throw new Rifiuto(`${cmd} ${args.filter((a) => !a.includes('://')).join(' ')} è terminato con ${r.status}: ${r.stderr.toString().trim().slice(-2000)}`);
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

async function copiato(dir: string, file: string): Promise<FileCopiato> {
  return { file, byte: statSync(join(dir, file)).size, sha256: await sha256File(join(dir, file)) };
}

const nomeDb = (url: string) => decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
const ownerUrl = (c: AppConfig) => c.DATABASE_OWNER_URL ?? c.DATABASE_URL;

async function conPg<T>(url: string, fn: (pg: Pg) => Promise<T>): Promise<T> {
  const pg = new Pg({ connectionString: url });
  await pg.connect();
  try {
    return await fn(pg);
  } finally {
    await pg.end();
  }
}

/** Nothing may write while the copy is taken: refuses while the application's role holds connections to its database. */
async function nessunoScrive(c: AppConfig): Promise<void> {
  const app = decodeURIComponent(new URL(c.DATABASE_URL).username) || 'postgres';
  const n = await conPg(ownerUrl(c), async (pg) =>
    Number(
      (await pg.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND usename = $1`, [app]))
        .rows[0].n,
    ),
  );
  if (n > 0) {
    throw new Rifiuto(
      `l'applicazione è collegata al database (${n} connessioni di ${app}): ferma API e worker prima della copia ` +
        `(npm run backup lo fa da sé con lo stack di npm start), altrimenti database e Temporal non sarebbero copiati nello stesso istante`,
    );
  }
}

function storage(c: AppConfig): Minio {
  return new Minio({ ...s3Endpoint(c), accessKey: c.S3_ACCESS_KEY, secretKey: c.S3_SECRET_KEY, region: c.S3_REGION });
}

const bucketDi = (c: AppConfig): Array<{ ruolo: RuoloBucket; nome: string }> => [
  { ruolo: 'documenti', nome: c.S3_BUCKET },
  { ruolo: 'ancore', nome: c.S3_ANCHOR_BUCKET },
];

interface VoceElenco {
  name?: string;
  versionId?: string;
  lastModified?: Date;
  isDeleteMarker?: boolean;
}

async function* versioniDi(s3: Minio, bucket: string): AsyncGenerator<VoceElenco> {
  for await (const o of s3.listObjects(bucket, '', true, { IncludeVersion: true }) as AsyncIterable<VoceElenco>) if (o.name) yield o;
}

async function crea(dir: string): Promise<void> {
  const t0 = Date.now();
  const c = loadConfig();
  if (existsSync(dir) && readdirSync(dir).length) throw new Rifiuto(`${dir} esiste e non è vuota: ogni copia va in una cartella nuova`);
  mkdirSync(join(dir, 'oggetti'), { recursive: true });
  await nessunoScrive(c);
  const t = sorgenteTemporal();

  // Temporal first, then the database, then the objects: with no writer each is the same instant; the order only
  // matters if a writer slipped in, and then a newer database and newer objects are what idempotent steps tolerate.
  let temporal: Manifesto['temporal'] = { tipo: 'nessuno' };
  if (t.tipo === 'sqlite') {
    if (!existsSync(t.file)) throw new Rifiuto(`il file di Temporal ${t.file} non esiste (BACKUP_TEMPORAL)`);
    // SQLite's online backup API: a consistent copy of a database in use (WAL included), unlike copying the file.
    esegui('python3', [
      '-c',
      'import sqlite3,sys\ns=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro",uri=True)\nd=sqlite3.connect(sys.argv[2])\ns.backup(d)\nd.close()\ns.close()',
      t.file,
      join(dir, 'temporal.sqlite'),
    ]);
    temporal = { tipo: 'sqlite', file: [{ nome: 'temporal.db', ...(await copiato(dir, 'temporal.sqlite')) }] };
  } else if (t.tipo === 'postgres') {
    const file = [];
    for (const url of t.url) {
      const f = `temporal-${nomeDb(url)}.dump`;
      pg('pg_dump', url, ['--format=custom', '--no-owner', `--file=${join(dir, f)}`]);
      file.push({ nome: nomeDb(url), ...(await copiato(dir, f)) });
    }
    temporal = { tipo: 'postgres', file };
  }
  say(`temporal: ${temporal.tipo}${'file' in temporal ? ` (${temporal.file.map((f) => `${f.nome}, ${f.byte} byte`).join('; ')})` : ''}`);

  pg('pg_dump', ownerUrl(c), ['--format=custom', '--no-owner', `--file=${join(dir, 'database.dump')}`]);
  const database = { nome: nomeDb(c.DATABASE_URL), ...(await copiato(dir, 'database.dump')) };
  say(`database ${database.nome}: ${database.byte} byte`);

  const s3 = storage(c);
  const versioni: VersioneCopiata[] = [];
  let n = 0;
  for (const b of bucketDi(c)) {
    if (!(await s3.bucketExists(b.nome))) continue;
    mkdirSync(join(dir, 'oggetti', b.ruolo), { recursive: true });
    for await (const o of versioniDi(s3, b.nome)) {
      const v: VersioneCopiata = {
        ruolo: b.ruolo,
        chiave: o.name!,
        versione: o.versionId && o.versionId !== 'null' ? o.versionId : null,
        modificato: (o.lastModified ?? new Date(0)).toISOString(),
        marcatoreCancellazione: !!o.isDeleteMarker,
      };
      if (!v.marcatoreCancellazione) {
        const opt = v.versione ? { versionId: v.versione } : undefined;
        const file = `oggetti/${b.ruolo}/${String(++n).padStart(8, '0')}`;
        const h = createHash('sha256');
        const body = await s3.getObject(b.nome, v.chiave, opt);
        body.on('data', (d: Buffer) => h.update(d));
        await pipeline(body, createWriteStream(join(dir, file)));
        v.contenuto = { file, byte: statSync(join(dir, file)).size, sha256: h.digest('hex') };
        const st = await s3.statObject(b.nome, v.chiave, opt);
        v.metadati = Object.fromEntries(Object.entries(st.metaData ?? {}).map(([k, x]) => [k, String(x)]));
        if (b.ruolo === 'ancore') {
          const r = await s3.getObjectRetention(b.nome, v.chiave, opt).catch(() => undefined);
          if (r?.mode && r.retainUntilDate) v.ritenzione = { modo: String(r.mode), fino: new Date(r.retainUntilDate).toISOString() };
        }
      }
      versioni.push(v);
    }
  }
  const oggetti = versioni.filter((v) => !v.marcatoreCancellazione);
  say(
    `oggetti: ${oggetti.length} versioni (${oggetti.reduce((s, v) => s + v.contenuto!.byte, 0)} byte), ${versioni.length - oggetti.length} marcatori di cancellazione`,
  );

  const m: Manifesto = { formato: FORMATO_BACKUP, creatoIl: new Date().toISOString(), database, temporal, bucket: bucketDi(c), versioni };
  // Written last, and atomically: a folder without manifest.json is an interrupted copy, never a restorable one.
  writeFileSync(join(dir, 'manifest.json.tmp'), JSON.stringify(m, null, 1));
  renameSync(join(dir, 'manifest.json.tmp'), join(dir, 'manifest.json'));
  say(`copia completa in ${dir} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

async function leggiManifesto(dir: string): Promise<Manifesto> {
  const f = join(dir, 'manifest.json');
  if (!existsSync(f)) throw new Rifiuto(`${f} manca: la copia è incompleta o la cartella è sbagliata`);
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(f, 'utf8'));
  } catch (e) {
    throw new Rifiuto(`${f}: JSON non valido (${(e as Error).message})`);
  }
  const p = problemiManifesto(m);
  if (p.length) throw new Rifiuto(`manifesto non valido: ${p.join('; ')}`);
  const man = m as Manifesto;
  // Every byte is checked before anything is written: a damaged copy is refused whole, not restored in part.
  const file = [man.database, ...('file' in man.temporal ? man.temporal.file : []), ...man.versioni.flatMap((v) => (v.contenuto ? [v.contenuto] : []))];
  for (const x of file) {
    const p2 = join(dir, x.file);
    if (!existsSync(p2)) throw new Rifiuto(`${x.file} manca nella copia`);
    const h = await sha256File(p2);
    if (h !== x.sha256) throw new Rifiuto(`${x.file}: SHA-256 ${h}, il manifesto dice ${x.sha256}: la copia è danneggiata`);
  }
  return man;
}

function porta(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((ok) => {
    const s = connect({ host, port: Number(port) }, () => {
      s.destroy();
      ok(true);
    });
    s.on('error', () => ok(false));
  });
}

async function tabelle(url: string): Promise<number> {
  return conPg(url, async (pg) => Number((await pg.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n));
}

async function ripristina(dir: string, sostituisci: boolean): Promise<void> {
  const t0 = Date.now();
  const c = loadConfig();
  const m = await leggiManifesto(dir);
  const t = sorgenteTemporal();
  if (t.tipo !== m.temporal.tipo) throw new Rifiuto(`la copia ha Temporal di tipo ${m.temporal.tipo}, BACKUP_TEMPORAL indica ${t.tipo}`);
  const s3 = storage(c);

  // Every refusal comes before the first write.
  if (t.tipo === 'sqlite') {
    if (await porta(c.TEMPORAL_ADDRESS)) throw new Rifiuto(`Temporal risponde su ${c.TEMPORAL_ADDRESS}: fermalo prima di sostituirne il file`);
    if (existsSync(t.file) && !sostituisci) throw new Rifiuto(`${t.file} esiste: --sostituisci per rimpiazzarlo`);
  }
  if (t.tipo === 'postgres') {
    if (t.url.length !== (m.temporal as { file: unknown[] }).file.length)
      throw new Rifiuto(`la copia ha ${(m.temporal as { file: unknown[] }).file.length} database di Temporal, BACKUP_TEMPORAL ne indica ${t.url.length}`);
    for (const url of t.url)
      if ((await tabelle(url)) > 0) throw new Rifiuto(`il database di Temporal ${nomeDb(url)} non è vuoto: ripristina in database creati senza schema`);
  }
  const esisteDb = await conPg(ownerUrl(c), async () => true).catch(() => false);
  if (esisteDb) {
    await nessunoScrive(c);
    if ((await tabelle(ownerUrl(c))) > 0 && !sostituisci)
      throw new Rifiuto(`il database ${nomeDb(c.DATABASE_URL)} ha già delle tabelle: --sostituisci per ricrearlo`);
  }
  const bucket = new Map(bucketDi(c).map((b) => [b.ruolo, b.nome]));
  const ancoreEsistenti = new Map<string, string>();
  for (const [ruolo, nome] of bucket) {
    if (!(await s3.bucketExists(nome))) continue;
    let presenti = 0;
    for await (const o of versioniDi(s3, nome)) {
      presenti++;
      if (ruolo === 'ancore' && !o.isDeleteMarker) {
        const h = createHash('sha256');
        for await (const d of await s3.getObject(nome, o.name!, o.versionId ? { versionId: o.versionId } : {})) h.update(d as Buffer);
        ancoreEsistenti.set(o.name!, h.digest('hex'));
      }
    }
    if (ruolo === 'documenti' && presenti && !sostituisci)
      throw new Rifiuto(`il bucket ${nome} non è vuoto (${presenti} versioni): --sostituisci per svuotarlo`);
  }
  // Anchors are write-once: one already there must be the same bytes, or the copy belongs to another trail.
  for (const v of m.versioni) {
    const h = v.ruolo === 'ancore' ? ancoreEsistenti.get(v.chiave) : undefined;
    if (h && v.contenuto && h !== v.contenuto.sha256)
      throw new Rifiuto(`l'ancora ${v.chiave} esiste già con un contenuto diverso: il bucket ${bucket.get('ancore')} è di un altro registro`);
  }

  // Database: created (with its roles) as `npm start` does, then the copy restored as its owner.
  const ensure = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(__dirname, 'ensure-db.ts'), ...(sostituisci ? ['--fresh'] : [])], {
    stdio: 'inherit',
    env: process.env,
  });
  if (ensure.status !== 0) throw new Rifiuto('non è stato possibile creare il database');
  pg('pg_restore', ownerUrl(c), ['--no-owner', '--exit-on-error', '--single-transaction', join(dir, m.database.file)]);
  say(`database ${nomeDb(c.DATABASE_URL)}: ripristinato`);

  if (t.tipo === 'sqlite' && m.temporal.tipo === 'sqlite') {
    mkdirSync(dirname(t.file), { recursive: true });
    for (const f of [t.file, `${t.file}-wal`, `${t.file}-shm`]) rmSync(f, { force: true });
    copyFileSync(join(dir, m.temporal.file[0].file), t.file);
    say(`temporal: ${t.file} ripristinato`);
  } else if (t.tipo === 'postgres' && m.temporal.tipo === 'postgres') {
    for (const [i, url] of t.url.entries())
      pg('pg_restore', url, ['--no-owner', '--exit-on-error', '--single-transaction', join(dir, m.temporal.file[i].file)]);
    say(`temporal: ${t.url.length} database ripristinati`);
  }

  for (const [ruolo, nome] of bucket) {
    if (!(await s3.bucketExists(nome))) await s3.makeBucket(nome, c.S3_REGION, { ObjectLocking: true });
    else if (ruolo === 'documenti' && sostituisci) {
      const tutte: VoceElenco[] = [];
      for await (const o of versioniDi(s3, nome)) tutte.push(o);
      for (const o of tutte) await s3.removeObject(nome, o.name!, o.versionId ? { versionId: o.versionId } : {});
    }
  }
  let scritte = 0;
  let saltate = 0;
  for (const v of ordineRipristino(m.versioni)) {
    const nome = bucket.get(v.ruolo)!;
    if (v.marcatoreCancellazione) {
      await s3.removeObject(nome, v.chiave);
      continue;
    }
    if (v.ruolo === 'ancore' && ancoreEsistenti.has(v.chiave)) {
      saltate++;
      continue;
    }
    const put = await s3.putObject(nome, v.chiave, createReadStream(join(dir, v.contenuto!.file)), v.contenuto!.byte, v.metadati ?? {});
    scritte++;
    if (v.ritenzione && Date.parse(v.ritenzione.fino) > Date.now()) {
      const modo = v.ritenzione.modo === 'GOVERNANCE' ? RETENTION_MODES.GOVERNANCE : RETENTION_MODES.COMPLIANCE;
      await s3.putObjectRetention(nome, v.chiave, { versionId: put.versionId ?? '', mode: modo, retainUntilDate: v.ritenzione.fino });
    }
  }
  say(`oggetti: ${scritte} versioni scritte${saltate ? `, ${saltate} ancore già presenti e identiche` : ''}`);
  say(`ripristino completo (${((Date.now() - t0) / 1000).toFixed(1)} s): avvia Temporal, poi worker e API (npm start)`);
}

async function main(): Promise<void> {
  const [cmd, dir, ...opt] = process.argv.slice(2);
  if (!dir || !['crea', 'ripristina'].includes(cmd)) throw new Rifiuto('uso: backup.ts crea DIR | backup.ts ripristina DIR [--sostituisci]');
  if (cmd === 'crea') await crea(resolve(dir));
  else await ripristina(resolve(dir), opt.includes('--sostituisci'));
}

main().catch((e) => {
  process.stderr.write(`[backup] errore: ${e instanceof Rifiuto ? e.message : (e as Error).stack}\n`);
  process.exit(1);
});
