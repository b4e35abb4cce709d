import { Client as Minio } from 'minio';
import { createHash, randomFillSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import { s3Endpoint } from '../../libs/infrastructure/src/config/app-config';
import { expectStatus } from '../lib/http';
import { CpuMeter, MemoryProbe, waitUntilIdle } from '../lib/proc';
import { MiB, median, round, sum } from '../lib/stats';
import { connectTemporal, terminateAll } from '../lib/temporal';
import { BenchContext, Scenario, check } from '../lib/types';

const FILE_SIZE = 100 * MiB;
const REPEATS = 4;

interface Upload {
  path: 'api' | 'direct';
  warmUp: boolean;
  ms: number;
  mbPerSecond: number;
  /** API uploads only: the API process's RSS before, and its peak (VmHWM) during the upload, in MiB. */
  rssBeforeMb?: number;
  rssPeakMb?: number;
  rssGrowthMb?: number;
  /** CPU milliseconds per process during the upload (`other`: the rest of the machine, i.e. noise). */
  cpuMs: Record<string, number>;
  machineBusy: number;
}

interface GeneratedFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * A 100 MB document uploaded through the API against the same bytes put straight into MinIO: what the API's
 * streaming path (multipart parsing, type sniffing, hashing, size limit, metadata and audit rows, the workflow
 * signal) costs in throughput, and how much memory it takes to do it.
 */
export const upload100mb: Scenario = {
  name: 'upload-100mb',
  title: '100 MB upload: API vs direct MinIO',
  description:
    'A 100 MB file (a PDF header, then pseudo-random bytes so nothing compresses) uploaded (i) through the API, ' +
    '`POST /api/v1/pratiche/{id}/documenti` as multipart/form-data (`tipo` field, then the file), streamed from disk ' +
    'with a known Content-Length, and (ii) with a direct `minio` client `putObject` of the same file stream and its ' +
    `known size, to the same bucket. One warm-up of each, then ${REPEATS} of each in ABBA order (direct, api, api, ` +
    'direct, ...: a drift of the machine over the run weighs on both alike), each on a quiet stack with the page ' +
    "cache's dirty pages written out first (`sync`: the previous uploads' writeback would otherwise land on the next " +
    'one); throughput is the ' +
    "median, request start to response end. During each API upload the API process's peak resident memory is read " +
    'from /proc (VmHWM, reset beforehand through clear_refs): the growth is that peak minus the RSS just before; ' +
    'the largest growth is reported. MB means MiB (2^20 bytes) throughout.',
  targets: [
    "API median throughput at least 0.8 times the direct upload's (ratio api/direct >= 0.8).",
    'API process peak RSS growth during an upload under 64 MB: memory stays flat whatever the file size.',
  ],
  findings:
    'Memory target met (2026-11-23, 2 CPUs): peak RSS growth 17-55 MB for 100 MB (it varies with when V8 collects), from the 8 MiB multipart part ' +
    'the S3 client buffers (S3_PART_SIZE_MB) plus stream buffers; the file is never held whole. Throughput target ' +
    "borderline: 0.73-0.85 across runs. The API's single thread is busy throughout: per 100 MB " +
    'it spends 0.9-1.3 s of CPU against 0.6-0.9 s for the direct client, because it parses the multipart body, ' +
    "computes the document's SHA-256, and then the S3 client computes its own MD5 and SHA-256 of each part (the " +
    'latter only to sign the payload over plain HTTP; over HTTPS the client sends it unsigned). The direct baseline ' +
    "pays the last two as well. Left as is: the SHA-256 is the point of the service, and switching off the client's " +
    'payload signing would mean changing a private field of the minio library.' +
    ' Run of 2026-12-05 (machine about half as fast: direct 64-80 MB/s): ratio 0.75, peak RSS growth 17-37 MB.' +
    ' Runs of 2026-12-07 (ABAB, three of each): 0.724 and 0.579, every upload of either path slowing as the run went on ' +
    "(the API's same work 570 then 1,680 ms of CPU); the API's profile per 100 MB: the minio client's MD5 339 ms and " +
    "SHA-256 128 ms of the parts, the document's SHA-256 179 ms, socket writes 35-209 ms, busboy 83 ms. With the " +
    "document's hash taken out (a trial) the ratio stayed 0.73: it is not what holds the API back. Since then ABBA, four " +
    'of each, `sync` first: 0.745, MISSED; the pairs measured under the same conditions gave 0.85 and 1.03 in the ' +
    "run's fast first half and 0.76 and 0.73 in its slow second half: the slowdown weighed more on the API path (two " +
    "loopback hops to the direct path's one), a cause not isolated.",

  async run(ctx: BenchContext) {
    // The direct client uses the same part size the API's storage client is configured with, so the comparison
    // measures the API's own overhead, not a different multipart layout.
    const partSizeMb = Number(process.env.BENCH_DIRECT_PART_MB ?? ctx.config.S3_PART_SIZE_MB);
    if (!Number.isInteger(partSizeMb) || partSizeMb < 5) throw new Error(`BENCH_DIRECT_PART_MB must be an integer >= 5 (S3's minimum part size)`);
    const minio = new Minio({
      ...s3Endpoint(ctx.config),
      accessKey: ctx.config.S3_ACCESS_KEY,
      secretKey: ctx.config.S3_SECRET_KEY,
      region: ctx.config.S3_REGION,
      partSize: partSizeMb * MiB,
    });
    const bucket = ctx.config.S3_BUCKET;
    const probe = new MemoryProbe(ctx.stack.api.child!.pid!);
    const cpu = CpuMeter.ofStack(ctx.stack);

    const created = await ctx.api.json('POST', '/api/v1/pratiche', { protocollo: `${ctx.runTag}-UP`, oggetto: 'Benchmark: caricamento documenti' });
    expectStatus(created, 201, 'POST /api/v1/pratiche');
    const pratica = created.json as { id: string; workflowId: string };

    const filePath = join(tmpdir(), `wfe-bench-${ctx.runTag}.pdf`);
    let file: GeneratedFile = { path: filePath, size: FILE_SIZE, sha256: '' };
    const uploads: Upload[] = [];
    const directKeys: { name: string; versionId: string | null }[] = [];

    // Each upload starts on a quiet stack: the previous one's signal and activity done, MinIO's writes settled.
    const idle = async () => {
      execFileSync('sync');
      await waitUntilIdle(cpu, ['api', 'worker', 'temporal', 'minio']);
    };

    const viaApi = async (warmUp: boolean) => {
      await idle();
      const rssBefore = probe.reset();
      // BENCH_CPU_PROF: the API's CPU profile of each upload through it (bench/lib/profilo-cpu.mjs).
      const profila = () => process.env.BENCH_CPU_PROF && process.kill(ctx.stack.api.child!.pid!, 'SIGUSR2');
      profila();
      const c0 = cpu.snapshot();
      const t0 = performance.now();
      const res = await ctx.api.uploadFile(
        `/api/v1/pratiche/${pratica.id}/documenti`,
        { tipo: 'allegato' },
        {
          path: file.path,
          size: file.size,
          name: 'bench-100mb.pdf',
          contentType: 'application/pdf',
        },
      );
      const ms = performance.now() - t0;
      const { VmHWM } = probe.status();
      const usage = CpuMeter.diff(c0, cpu.snapshot());
      profila();
      expectStatus(res, 201, 'POST /api/v1/pratiche/{id}/documenti');
      const doc = res.json as { dimensione: number; sha256: string };
      if (doc.dimensione !== file.size || doc.sha256 !== file.sha256) {
        throw new Error(`the API stored ${doc.dimensione} bytes with SHA-256 ${doc.sha256}; sent ${file.size} bytes with ${file.sha256}`);
      }
      record({
        path: 'api',
        warmUp,
        ms,
        ...usage,
        rssBeforeMb: round(rssBefore / 1024, 1),
        rssPeakMb: round(VmHWM / 1024, 1),
        rssGrowthMb: round((VmHWM - rssBefore) / 1024, 1),
      });
    };

    const direct = async (warmUp: boolean) => {
      const name = `bench/${ctx.runTag}/direct-${uploads.length}`;
      await idle();
      const c0 = cpu.snapshot();
      const t0 = performance.now();
      const info = await minio.putObject(bucket, name, createReadStream(file.path, { highWaterMark: MiB }), file.size, { 'Content-Type': 'application/pdf' });
      record({ path: 'direct', warmUp, ms: performance.now() - t0, ...CpuMeter.diff(c0, cpu.snapshot()) });
      directKeys.push({ name, versionId: info.versionId });
    };

    const record = (u: Omit<Upload, 'mbPerSecond'>) => {
      const done: Upload = { ...u, ms: round(u.ms, 1), mbPerSecond: round(FILE_SIZE / MiB / (u.ms / 1000), 1) };
      uploads.push(done);
      ctx.log(
        `${u.warmUp ? 'warm-up ' : ''}${u.path}: ${(u.ms / 1000).toFixed(2)} s = ${done.mbPerSecond} MB/s` +
          (u.rssGrowthMb !== undefined ? ` (API RSS ${u.rssBeforeMb} -> peak ${u.rssPeakMb} MB, +${u.rssGrowthMb} MB)` : ''),
      );
    };

    try {
      file = await generateFile(filePath, FILE_SIZE);
      await direct(true);
      await viaApi(true);
      // ABBA, so a drift of the machine (page cache, MinIO's background work) weighs on both paths alike.
      for (let i = 0; i < REPEATS; i++) {
        const coppia = i % 2 === 0 ? [direct, viaApi] : [viaApi, direct];
        for (const carica of coppia) await carica(false);
      }
    } finally {
      await rm(filePath, { force: true });
      // The bench bucket would otherwise grow by ~800 MB a run. The API's copies go too: the bench database that
      // points at them is dropped at the start of every run.
      await removeVersions(minio, bucket, `pratica/${pratica.id}/`, directKeys).catch((e) => ctx.log(`clean-up of the bucket failed: ${(e as Error).message}`));
      const temporal = await connectTemporal(ctx.config);
      await terminateAll(temporal.client, [pratica.workflowId]).finally(temporal.close);
    }

    const measured = (path: Upload['path']) => uploads.filter((u) => !u.warmUp && u.path === path);
    const api = median(measured('api').map((u) => u.mbPerSecond));
    const directMbs = median(measured('direct').map((u) => u.mbPerSecond));
    const ratio = round(api / directMbs, 3);
    const growth = Math.max(...measured('api').map((u) => u.rssGrowthMb ?? 0));
    const all = uploads.filter((u) => !u.warmUp);
    const otherLoadShare = round(sum(all.map((u) => u.cpuMs.other)) / (sum(all.map((u) => u.ms)) * availableParallelism()), 2);
    return {
      metrics: { apiMbPerSecond: api, directMbPerSecond: directMbs, ratio, apiRssGrowthMb: growth, otherLoadShare },
      targets: [
        check('ratio', 'API / direct MinIO upload throughput', ratio, '>=', 0.8, ''),
        check('apiRssGrowthMb', 'API peak RSS growth during a 100 MB upload', growth, '<', 64, 'MB'),
      ],
      settings: { fileBytes: FILE_SIZE, repeats: REPEATS, directPartSizeMb: partSizeMb, apiPartSizeMb: ctx.config.S3_PART_SIZE_MB },
      raw: { uploads, praticaId: pratica.id },
      details: {
        columns: [
          'Upload',
          'Time (s)',
          'MB/s',
          'API RSS before (MB)',
          'API RSS peak (MB)',
          'Growth (MB)',
          'Machine CPU busy',
          'CPU ms: API',
          'bench client',
          'MinIO',
          'other load',
        ],
        rows: uploads.map((u) => [
          `${u.path}${u.warmUp ? ' (warm-up)' : ''}`,
          round(u.ms / 1000, 2),
          u.mbPerSecond,
          u.rssBeforeMb ?? '',
          u.rssPeakMb ?? '',
          u.rssGrowthMb ?? '',
          `${Math.round(u.machineBusy * 100)}%`,
          u.cpuMs.api ?? 0,
          u.cpuMs.client ?? 0,
          u.cpuMs.minio ?? 0,
          u.cpuMs.other ?? 0,
        ]),
      },
    };
  },
};

/** Writes `%PDF-1.4\n` then pseudo-random bytes, 1 MiB at a time; returns the file's SHA-256 to check the API's. */
async function generateFile(path: string, size: number): Promise<GeneratedFile> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  const header = Buffer.from('%PDF-1.4\n');
  const write = async (chunk: Buffer) => {
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  await write(header);
  for (let left = size - header.length; left > 0; left -= MiB) await write(randomFillSync(Buffer.allocUnsafe(Math.min(MiB, left))));
  out.end();
  await finished(out);
  return { path, size, sha256: hash.digest('hex') };
}

/** Permanently deletes every version under `prefix` and the given objects (the bucket is versioned). */
async function removeVersions(minio: Minio, bucket: string, prefix: string, extra: { name: string; versionId: string | null }[]): Promise<void> {
  const targets: { name: string; versionId?: string }[] = extra.map((k) => (k.versionId ? { name: k.name, versionId: k.versionId } : { name: k.name }));
  for await (const o of minio.listObjects(bucket, prefix, true, { IncludeVersion: true })) {
    if (o.name) targets.push(o.versionId ? { name: o.name, versionId: o.versionId } : { name: o.name });
  }
  if (targets.length) await minio.removeObjects(bucket, targets);
}
