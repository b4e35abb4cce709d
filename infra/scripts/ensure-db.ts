/**
 * Creates the database named in DATABASE_URL if it is missing, with its two roles (connecting as the server's
 * administrator, DATABASE_ADMIN_URL, by default the local `postgres` superuser):
 *   - the owner (the user of DATABASE_OWNER_URL): owns the schema and every table, runs the migrations;
 *   - the application (the user of DATABASE_URL): no superuser, owns nothing; the API grants it, after migrating,
 *     only what it needs (on the audit trail and the draw chain: INSERT and SELECT).
 * An existing database whose objects another role owns (e.g. created before the roles were split) is adopted: its
 * objects are given to the owner. `--fresh` drops the database first (the test run wants a clean one every time).
 */
import { Client } from 'pg';
import { loadConfig } from '../../libs/infrastructure/src/config/app-config';

const ident = (s: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(s)) throw new Error(`${s}: role and database names must be letters, digits and _`);
  return `"${s}"`;
};

async function main() {
  const fresh = process.argv.includes('--fresh');
  const config = loadConfig();
  const url = new URL(config.DATABASE_URL);
  const ownerUrl = new URL(config.DATABASE_OWNER_URL ?? config.DATABASE_URL);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const app = decodeURIComponent(url.username) || 'postgres';
  const owner = decodeURIComponent(ownerUrl.username) || 'postgres';
  const adminUrl = new URL(process.env.DATABASE_ADMIN_URL ?? `postgres://postgres@${url.host}/postgres`);
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    for (const role of new Set([owner, app])) {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (!rowCount) {
        await admin.query(`CREATE ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
        console.log(`[infra] postgres: role ${role} created`);
      }
    }
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) {
      console.log(`[infra] postgres: database ${name} exists`);
    } else {
      await admin.query(`CREATE DATABASE ${ident(name)} OWNER ${ident(owner)}`);
      console.log(`[infra] postgres: database ${name} created (owner ${owner}${app !== owner ? `, application role ${app}` : ''})`);
    }
  } finally {
    await admin.end();
  }
  if (app === owner) return;
  // Inside the database, still as administrator: the owner owns the schema and everything in it; nobody else may
  // create objects there.
  const db = new Client({ connectionString: Object.assign(new URL(adminUrl.toString()), { pathname: `/${encodeURIComponent(name)}` }).toString() });
  await db.connect();
  try {
    await db.query(`ALTER DATABASE ${ident(name)} OWNER TO ${ident(owner)}`);
    await db.query(`ALTER SCHEMA public OWNER TO ${ident(owner)}`);
    await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    const adopt: Array<{ kind: string; name: string }> = (
      await db.query(
        `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END AS kind, quote_ident(c.relname) AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v') AND pg_get_userbyid(c.relowner) <> $1
       UNION ALL
       SELECT 'FUNCTION', quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')'
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
        [owner],
      )
    ).rows;
    for (const o of adopt) await db.query(`ALTER ${o.kind} ${o.name} OWNER TO ${ident(owner)}`);
    if (adopt.length) console.log(`[infra] postgres: ${adopt.length} objects of ${name} given to its owner ${owner}`);
  } finally {
    await db.end();
  }
}

main().catch((e) => {
  console.error(`[infra] error: postgres: ${(e as Error).message}`);
  process.exit(1);
});
