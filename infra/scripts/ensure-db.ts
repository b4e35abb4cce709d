/**
 * Creates the database named in DATABASE_URL if it is missing (connecting to the server's `postgres` database).
 * `--fresh` drops it first (used by the test run, which wants a clean database every time).
 */
import { Client } from 'pg';
import { loadConfig } from '../../libs/infrastructure/src/config/app-config';

async function main() {
  const fresh = process.argv.includes('--fresh');
  const url = new URL(loadConfig().DATABASE_URL);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name ${name} must be letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) {
      console.log(`[infra] postgres: database ${name} exists`);
    } else {
      await client.query(`CREATE DATABASE "${name}"`);
      console.log(`[infra] postgres: database ${name} created`);
    }
  } finally {
    await client.end();
  }
}

main().catch((e) => {
  console.error(`[infra] error: postgres: ${(e as Error).message}`);
  process.exit(1);
});
