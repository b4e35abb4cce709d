import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, MANIFEST, prebuiltBundle } from './workflow-bundle';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A dist/ as `npm run build` leaves it: the bundle, its manifest, and the files it was made from. */
function dist(): { dir: string; workflowsPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wfe-bundle-'));
  mkdirSync(join(dir, 'workflows'));
  mkdirSync(join(dir, 'node_modules/dep'), { recursive: true });
  const files: Record<string, string> = {
    'workflows/index.js': 'exports.praticaWorkflow = require("./pratica");',
    'workflows/pratica.js': 'module.exports = async function () {};',
    'node_modules/dep/index.js': 'module.exports = 1;',
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  writeFileSync(join(dir, BUNDLE), 'bundled code');
  const manifest = {
    workflowsPath: 'workflows/index.js',
    bundle: sha256('bundled code'),
    files: Object.fromEntries(Object.entries(files).map(([f, text]) => [f, sha256(text)])),
  };
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest));
  return { dir, workflowsPath: join(dir, 'workflows/index.js') };
}

describe('prebuiltBundle', () => {
  let d: { dir: string; workflowsPath: string };
  beforeEach(() => (d = dist()));
  afterEach(() => rmSync(d.dir, { recursive: true, force: true }));

  it('is taken when every file it was made from is as it was', () => {
    expect(prebuiltBundle(d.workflowsPath, d.dir)).toEqual({ codePath: join(d.dir, BUNDLE) });
  });

  it('is refused when a workflow changed after the build (say, `nest build worker` alone)', () => {
    writeFileSync(join(d.dir, 'workflows/pratica.js'), 'module.exports = async function () { return 1; };');
    expect(prebuiltBundle(d.workflowsPath, d.dir)).toEqual({ reason: 'workflows/pratica.js changed since the bundle was built' });
  });

  it('is refused when a dependency the bundle includes changed or went (another npm ci)', () => {
    rmSync(join(d.dir, 'node_modules/dep/index.js'));
    expect(prebuiltBundle(d.workflowsPath, d.dir)).toEqual({ reason: 'node_modules/dep/index.js changed since the bundle was built' });
  });

  it('is refused when the bundle itself was changed, or made from other workflows', () => {
    writeFileSync(join(d.dir, BUNDLE), 'other code');
    expect(prebuiltBundle(d.workflowsPath, d.dir)).toEqual({ reason: `${BUNDLE} changed since it was built` });
    expect(prebuiltBundle(join(d.dir, 'altro/index.js'), d.dir)).toMatchObject({ reason: expect.stringMatching(/^made from workflows\/index.js, not from /) });
  });

  it('is refused when there is none (a build without the bundle step)', () => {
    rmSync(join(d.dir, MANIFEST));
    expect(prebuiltBundle(d.workflowsPath, d.dir)).toMatchObject({ reason: expect.stringMatching(/^no workflow-bundle.js in /) });
  });
});
