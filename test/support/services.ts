/** Direct access to the same PostgreSQL and MinIO the API uses, for assertions the API does not expose. */
import { Client as Minio } from 'minio';
import { Client as Pg } from 'pg';
import { loadConfig, s3Endpoint } from '../../libs/infrastructure/src/config/app-config';

export const config = loadConfig();

/** A query as the application's role (what the API itself may do). */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return query<T>(config.DATABASE_URL, text, params);
}

/** A query as the schema owner: what someone with the owner's credentials could do (tamper tests). */
export async function sqlOwner<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return query<T>(config.DATABASE_OWNER_URL ?? config.DATABASE_URL, text, params);
}

async function query<T>(url: string, text: string, params: unknown[]): Promise<T[]> {
  const pg = new Pg({ connectionString: url });
  await pg.connect();
  try {
    return (await pg.query(text, params)).rows as T[];
  } finally {
    await pg.end();
  }
}

export const minio = new Minio({ ...s3Endpoint(config), accessKey: config.S3_ACCESS_KEY, secretKey: config.S3_SECRET_KEY });

export async function objectsUnder(prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const o of minio.listObjectsV2(config.S3_BUCKET, prefix, true)) if (o.name) names.push(o.name);
  return names;
}

export async function incompleteUploadsUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const u of minio.listIncompleteUploads(config.S3_BUCKET, prefix, true)) keys.push(u.key);
  return keys;
}

/** Every object version and delete marker under a prefix: on a versioned bucket a plain listing hides what stays. */
export async function versionsUnder(prefix: string): Promise<string[]> {
  const out: string[] = [];
  const elenco = minio.listObjects(config.S3_BUCKET, prefix, true, { IncludeVersion: true }) as AsyncIterable<{
    name?: string;
    versionId?: string;
    isDeleteMarker?: boolean;
  }>;
  for await (const o of elenco) if (o.name) out.push(`${o.name}@${o.versionId ?? '-'}${o.isDeleteMarker ? ' (delete marker)' : ''}`);
  return out;
}
