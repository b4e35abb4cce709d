import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Client } from 'minio';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { AppConfig, s3Endpoint } from '../config/app-config';
import { DipendenzaNonDisponibileError, ERRORI_DI_RETE } from '../disponibilita';

/** S3 answers that mean "later", not "no". */
const S3_PIU_TARDI = new Set(['ServiceUnavailable', 'SlowDown', 'XMinioServerNotInitialized', 'RequestTimeout', 'InternalError']);

/** A storage that cannot be reached, or that answers "later", becomes DipendenzaNonDisponibileError (503). */
function comeIndisponibile(e: unknown): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (ERRORI_DI_RETE.has(code) || S3_PIU_TARDI.has(code)) ? new DipendenzaNonDisponibileError('archivio documenti', e) : e;
}

/**
 * Sockets to storage that carry nothing for this long are closed with an error: a storage that stops answering fails
 * the request in bounded time instead of holding it (the client has no timeout of its own). Streaming keeps them busy.
 */
function agenteConTimeout(https: boolean, ms: number): HttpAgent {
  const Base = https ? HttpsAgent : HttpAgent;
  const agent: HttpAgent = new Base({ keepAlive: true, timeout: ms });
  const create = agent.createConnection.bind(agent);
  agent.createConnection = (options, callback) => {
    const s = create(options, callback);
    // Node's agents make a net.Socket (a TLSSocket over https); any other stream is left as it comes.
    if (s instanceof Socket) {
      s.setTimeout(ms);
      s.on('timeout', () => s.destroy(Object.assign(new Error(`storage: no data for ${ms} ms`), { code: 'ETIMEDOUT' })));
    }
    return s;
  };
  return agent;
}

/**
 * The only door to object storage. Speaks plain S3 through the `minio` client, so MinIO here and any S3 service in
 * production are interchangeable. The bucket is created (if allowed) with object lock, hence versioning, on.
 */
@Injectable()
export class ObjectStorage implements OnModuleInit {
  private readonly log = new Logger(ObjectStorage.name);
  readonly client: Client;
  readonly bucket: string;

  constructor(private readonly config: AppConfig) {
    this.client = new Client({
      ...s3Endpoint(config),
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      region: config.S3_REGION,
      // Streams of unknown length go up as multipart uploads and the client buffers one part at a time:
      // small parts keep a 100 MB upload's memory flat (max object = part size x 10,000 parts).
      partSize: config.S3_PART_SIZE_MB * 1024 * 1024,
    });
    this.client.setRequestOptions({ agent: agenteConTimeout(config.S3_ENDPOINT.startsWith('https:'), config.S3_TIMEOUT_MS) });
    this.bucket = config.S3_BUCKET;
  }

  async onModuleInit(): Promise<void> {
    if (this.config.S3_CREATE_BUCKET) await this.ensureBucket();
  }

  /** Idempotent: creates the bucket with object locking (which turns versioning on) or checks an existing one. */
  async ensureBucket(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) {
      try {
        await this.client.makeBucket(this.bucket, this.config.S3_REGION, { ObjectLocking: true });
        this.log.log(`bucket ${this.bucket} created with object lock and versioning`);
      } catch (e) {
        // Another process created it between the check and the call.
        if ((e as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw e;
      }
    }
    const versioning = await this.client.getBucketVersioning(this.bucket);
    if (versioning?.Status !== 'Enabled') {
      await this.client.setBucketVersioning(this.bucket, { Status: 'Enabled' });
      this.log.warn(`bucket ${this.bucket} had versioning off: turned it on (object lock cannot be added afterwards)`);
    }
  }

  async put(key: string, body: Readable | Buffer, contentType: string, size?: number): Promise<{ etag: string; versionId: string | null }> {
    return this.client.putObject(this.bucket, key, body, size, { 'Content-Type': contentType }).catch((e) => Promise.reject(comeIndisponibile(e)));
  }

  /**
   * Removes what a failed upload may have left: its incomplete multipart parts and every version of its key (keys are
   * unique per document). On a versioned bucket a plain delete only adds a delete marker and the bytes stay; deleting
   * each version by id removes them (and any marker).
   */
  async discard(key: string): Promise<void> {
    await this.client.removeIncompleteUpload(this.bucket, key).catch(() => undefined);
    const versioni = await this.versioni(key).catch(() => [] as Array<{ versionId?: string }>);
    for (const v of versioni) await this.client.removeObject(this.bucket, key, v.versionId ? { versionId: v.versionId } : {}).catch(() => undefined);
  }

  /** Every version (and delete marker) stored under exactly `key`. */
  private async versioni(key: string): Promise<Array<{ versionId?: string }>> {
    const out: Array<{ versionId?: string }> = [];
    for await (const o of this.client.listObjects(this.bucket, key, false, { IncludeVersion: true }) as AsyncIterable<{ name?: string; versionId?: string }>) {
      if (o.name === key) out.push({ versionId: o.versionId });
    }
    return out;
  }

  /** Every object version in the bucket (delete markers included), oldest information the listing gives. */
  async *tutteLeVersioni(): AsyncGenerator<{ key: string; versionId?: string; lastModified?: Date; deleteMarker: boolean }> {
    const elenco = this.client.listObjects(this.bucket, '', true, { IncludeVersion: true }) as AsyncIterable<{
      name?: string;
      versionId?: string;
      lastModified?: Date;
      isDeleteMarker?: boolean;
    }>;
    for await (const o of elenco) if (o.name) yield { key: o.name, versionId: o.versionId, lastModified: o.lastModified, deleteMarker: !!o.isDeleteMarker };
  }

  /** Deletes one version of an object for good (no delete marker). */
  async rimuoviVersione(key: string, versionId?: string): Promise<void> {
    await this.client.removeObject(this.bucket, key, versionId ? { versionId } : {}).catch((e) => Promise.reject(comeIndisponibile(e)));
  }

  /** Multipart uploads begun and never completed nor aborted, with when they began. */
  async caricamentiIncompleti(): Promise<Array<{ key: string; uploadId: string; iniziato: Date }>> {
    const out: Array<{ key: string; uploadId: string; iniziato: Date }> = [];
    let keyMarker = '';
    let uploadIdMarker = '';
    for (;;) {
      const r = await this.client.listIncompleteUploadsQuery(this.bucket, '', keyMarker, uploadIdMarker, '');
      for (const u of r.uploads) out.push({ key: u.key, uploadId: u.uploadId, iniziato: new Date(u.initiated) });
      if (!r.isTruncated) return out;
      keyMarker = r.nextKeyMarker;
      uploadIdMarker = r.nextUploadIdMarker;
    }
  }

  async annullaCaricamento(key: string, uploadId: string): Promise<void> {
    await this.client.abortMultipartUpload(this.bucket, key, uploadId);
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.statObject(this.bucket, key);
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFound' || (e as { code?: string }).code === 'NoSuchKey') return false;
      throw comeIndisponibile(e);
    }
  }

  get(key: string): Promise<Readable> {
    return this.client.getObject(this.bucket, key).catch((e) => Promise.reject(comeIndisponibile(e)));
  }

  /**
   * A time-limited link, issued only while storage answers and holds the object (statObject first): a link to a
   * storage that is down would be a 200 that fails in the user's browser.
   */
  async presignedGet(key: string, ttlSeconds: number, fileName: string): Promise<string> {
    if (!(await this.exists(key))) throw new DipendenzaNonDisponibileError('archivio documenti', new Error(`object ${key} is not in the bucket`));
    return this.client.presignedGetObject(this.bucket, key, ttlSeconds, {
      'response-content-disposition': `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`,
    });
  }

  async ping(): Promise<void> {
    const exists = await this.client.bucketExists(this.bucket).catch((e) => Promise.reject(comeIndisponibile(e)));
    if (!exists) throw new DipendenzaNonDisponibileError('archivio documenti', new Error(`bucket ${this.bucket} does not exist`));
  }
}
