import { bundleWorkflowCode, type BundleOptions, type Logger } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The workflow bundle built once by `npm run build` (dist/workflow-bundle.js) instead of by webpack at every start
 * of every worker. Next to it, a manifest lists every file webpack read to make it, with its SHA-256: the worker
 * takes the bundle only when each of those files is still as it was, so a `nest build` run without the bundle step,
 * an edited dist/ or a changed dependency falls back to bundling at start rather than running stale workflow code.
 */
export const BUNDLE = 'workflow-bundle.js';
export const MANIFEST = 'workflow-bundle.json';
/** dist/, where the build puts the bundle next to dist/workflows (this file is dist/apps/worker/src/workflow-bundle.js). */
const DIST = join(__dirname, '../../..');

interface Manifest {
  /** The workflows' entry point the bundle was made from, relative to the manifest's folder. */
  workflowsPath: string;
  /** SHA-256 of the bundle itself. */
  bundle: string;
  /** Every file webpack read (workflows, domain code, dependencies, the SDK's own), relative to the manifest's folder. */
  files: Record<string, string>;
}

/**
 * What both the prebuilt bundle and the bundle made at start are built with. Workflow interceptor modules or
 * payload/failure converters, if ever used, go here: a worker given a bundle ignores its own.
 */
function bundleOptions(workflowsPath: string, logger?: Logger): BundleOptions {
  return { workflowsPath, ...(logger ? { logger } : {}) };
}

/** The part of webpack's compiler the manifest needs (webpack is the SDK's dependency, not ours). */
interface Compiler {
  hooks: { afterCompile: { tap(name: string, fn: (compilation: { fileDependencies: Iterable<string> }) => void): void } };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Bundles the workflows at `workflowsPath` into `dir`/workflow-bundle.js, with its manifest. */
export async function buildWorkflowBundle(workflowsPath: string, dir: string, logger?: Logger): Promise<{ bytes: number; files: number }> {
  const read = new Set<string>();
  const { code } = await bundleWorkflowCode({
    ...bundleOptions(workflowsPath, logger),
    webpackConfigHook: (config) => ({
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        {
          apply: (compiler: Compiler) =>
            compiler.hooks.afterCompile.tap('workflow-bundle-manifest', (compilation) => {
              for (const f of compilation.fileDependencies) read.add(f);
            }),
        },
      ],
    }),
  });
  const files: Record<string, string> = {};
  // The entry point the bundler generates lives in memory only; directories and probes of missing files are skipped.
  for (const f of [...read].sort()) {
    if (existsSync(f) && statSync(f).isFile()) files[relative(dir, f)] = sha256(readFileSync(f));
  }
  const manifest: Manifest = { workflowsPath: relative(dir, resolve(workflowsPath)), bundle: sha256(code), files };
  writeFileSync(join(dir, BUNDLE), code);
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return { bytes: Buffer.byteLength(code), files: Object.keys(files).length };
}

/**
 * The prebuilt bundle in `dir`, if it was made from `workflowsPath` and nothing it was made from has changed since;
 * otherwise undefined and why.
 */
export function prebuiltBundle(workflowsPath: string, dir: string): { codePath: string } | { reason: string } {
  const manifestPath = join(dir, MANIFEST);
  const codePath = join(dir, BUNDLE);
  if (!existsSync(manifestPath) || !existsSync(codePath)) return { reason: `no ${BUNDLE} in ${dir} (npm run build makes it)` };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (e) {
    return { reason: `${MANIFEST} unreadable: ${(e as Error).message}` };
  }
  if (resolve(dir, manifest.workflowsPath) !== resolve(workflowsPath)) return { reason: `made from ${manifest.workflowsPath}, not from ${workflowsPath}` };
  if (sha256(readFileSync(codePath)) !== manifest.bundle) return { reason: `${BUNDLE} changed since it was built` };
  for (const [f, hash] of Object.entries(manifest.files)) {
    const path = resolve(dir, f);
    if (!existsSync(path) || sha256(readFileSync(path)) !== hash) return { reason: `${f} changed since the bundle was built` };
  }
  return { codePath };
}

/**
 * How the worker gets its workflow code: the prebuilt bundle when it runs compiled (from dist/) and the bundle
 * matches what it would bundle itself; otherwise (tsx, tests, a stale or missing bundle) bundled now, as before.
 */
export async function workflowBundle(workflowsPath: string, logger: Logger): Promise<{ bundle: { codePath: string } | { code: string }; how: string }> {
  const found = __filename.endsWith('.js') ? prebuiltBundle(workflowsPath, DIST) : { reason: 'running from source' };
  if ('codePath' in found) {
    // Logged by Temporal's runtime as the bundler's "Workflow bundle created" is: at once, not buffered until Nest
    // has started (supervisors and the shutdown test watch for either line).
    logger.info('Workflow bundle prebuilt', { path: found.codePath });
    return { bundle: found, how: `prebuilt, ${found.codePath}` };
  }
  const { code } = await bundleWorkflowCode(bundleOptions(workflowsPath, logger));
  return { bundle: { code }, how: `bundled at start (${found.reason})` };
}

/** `node dist/apps/worker/src/workflow-bundle.js`: what `npm run build` runs after compiling the worker. */
if (require.main === module) {
  const t0 = Date.now();
  buildWorkflowBundle(require.resolve(join(DIST, 'workflows')), DIST, {
    log() {},
    trace() {},
    debug() {},
    info() {},
    warn: console.warn,
    error: console.error,
  }).then(
    ({ bytes, files }) =>
      console.log(`${relative(process.cwd(), join(DIST, BUNDLE))}: ${(bytes / 1048576).toFixed(1)} MB from ${files} files in ${Date.now() - t0} ms`),
    (e) => {
      console.error(`workflow bundle not built: ${(e as Error).stack ?? e}`);
      process.exit(1);
    },
  );
}
