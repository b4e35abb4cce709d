/**
 * Names a fresh write-once bucket for the audit anchors of one test or bench run, and removes the buckets of earlier
 * runs whose anchors' retention has expired (the others stay until it does).
 *
 * Anchors describe one database: a run that recreates the database needs anchors of its own, or the verification
 * would rightly report the earlier run's anchors as a rewritten trail. Usage: tsx infra/scripts/ancore-prova.ts PREFIX
 * prints PREFIX-<timestamp> on stdout.
 */
import { Client as Minio } from 'minio';
import { loadConfig, s3Endpoint } from '../../libs/infrastructure/src/config/app-config';

async function main(): Promise<void> {
  const prefix = process.argv[2];
  if (!prefix || !/^[a-z0-9-]{3,40}$/.test(prefix)) throw new Error('usage: ancore-prova.ts PREFIX (lower-case letters, digits, dashes)');
  const config = loadConfig();
  const minio = new Minio({ ...s3Endpoint(config), accessKey: config.S3_ACCESS_KEY, secretKey: config.S3_SECRET_KEY });
  for (const b of await minio.listBuckets()) {
    if (!b.name.startsWith(`${prefix}-`)) continue;
    try {
      const versions: { name: string; versionId?: string }[] = [];
      const stream = minio.listObjects(b.name, '', true, { IncludeVersion: true });
      for await (const o of stream as AsyncIterable<{ name?: string; versionId?: string }>) if (o.name) versions.push({ name: o.name, versionId: o.versionId });
      for (const v of versions) await minio.removeObject(b.name, v.name, { versionId: v.versionId });
      await minio.removeBucket(b.name);
    } catch {
      // Still under retention: it goes at a later run.
    }
  }
  const stamp = new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 17);
  process.stdout.write(`${prefix}-${stamp}\n`);
}

main().catch((e) => {
  process.stderr.write(`ancore-prova: ${(e as Error).message}\n`);
  process.exit(1);
});
