/** Direct access to the same PostgreSQL and MinIO the API uses, for assertions the API does not expose. */
import { Client as Minio } from 'minio';
import { Client as Pg } from 'pg';
import { loadConfig, s3Endpoint } from '../../libs/infrastructure/src/config/app-config';

export const config = loadConfig();

export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const pg = new Pg({ connectionString: config.DATABASE_URL });
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
