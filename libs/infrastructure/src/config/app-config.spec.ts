import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('starts on embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    // Two roles: the application's, which owns nothing, and the owner's, for migrations.
    expect(c.DATABASE_URL).toBe('postgres://workflow_app@127.0.0.1:5432/workflow_engine');
    expect(c.DATABASE_OWNER_URL).toBe('postgres://workflow_owner@127.0.0.1:5432/workflow_engine');
    // A database given explicitly names its own owner, if any.
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db.example.it/wfe' }).DATABASE_OWNER_URL).toBeUndefined();
    expect(c.S3_CREATE_BUCKET).toBe(true);
  });

  it('converts numbers and booleans from strings', () => {
    const c = loadConfig({ PORT: '3100', S3_CREATE_BUCKET: 'false', UPLOAD_MAX_BYTES: '2048' });
    expect([c.PORT, c.S3_CREATE_BUCKET, c.UPLOAD_MAX_BYTES]).toEqual([3100, false, 2048]);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', TEMPORAL_ADDRESS: 'nohost', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', TEMPORAL_ADDRESS: 'nohost', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('PORT=');
      expect(msg).toContain('TEMPORAL_ADDRESS=');
      expect(msg).toContain('DATABASE_URL=');
    }
  });

  it('refuses a shrunk procedure day in production, and keeps it for tests', () => {
    const prod = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example.it/jwks' };
    expect(() => loadConfig({ ...prod, TIROCINI_UNITA_GIORNO: 'PT0.2S' })).toThrow(/TIROCINI_UNITA_GIORNO=PT0.2S: refused in production/);
    expect(() => loadConfig({ ...prod, COLLOCAMENTO_UNITA_GIORNO: 'PT2S' })).toThrow(/COLLOCAMENTO_UNITA_GIORNO=PT2S: refused in production/);
    expect(loadConfig({ ...prod, TIROCINI_UNITA_GIORNO: 'PT24H' }).TIROCINI_UNITA_GIORNO_MS).toBe(86_400_000);
    expect(loadConfig({ NODE_ENV: 'test', TIROCINI_UNITA_GIORNO: 'PT0.2S' }).TIROCINI_UNITA_GIORNO_MS).toBe(200);
  });

  it('sends the register reminders every quarter of the tirocini day, within 2 s and an hour, unless told otherwise', () => {
    expect(loadConfig({}).PROMEMORIA_PRESENZE_OGNI_MS).toBe(3_600_000);
    expect(loadConfig({ NODE_ENV: 'test', TIROCINI_UNITA_GIORNO: 'PT0.2S' }).PROMEMORIA_PRESENZE_OGNI_MS).toBe(2_000);
    expect(loadConfig({ NODE_ENV: 'test', TIROCINI_UNITA_GIORNO: 'PT40S' }).PROMEMORIA_PRESENZE_OGNI_MS).toBe(10_000);
    expect(loadConfig({ PROMEMORIA_PRESENZE_OGNI: 'PT5M' }).PROMEMORIA_PRESENZE_OGNI_MS).toBe(300_000);
    expect(() => loadConfig({ PROMEMORIA_PRESENZE_OGNI: 'ogni ora' })).toThrow(/PROMEMORIA_PRESENZE_OGNI/);
  });

  it("gives the system jobs a task queue of their own, next to the procedures' unless named, never the same one", () => {
    expect(loadConfig({}).CODA_SISTEMA).toBe('procedure-sistema');
    expect(loadConfig({ TEMPORAL_TASK_QUEUE: 'procedure-test' }).CODA_SISTEMA).toBe('procedure-test-sistema');
    expect(loadConfig({ TEMPORAL_TASK_QUEUE_SISTEMA: 'lavori' }).CODA_SISTEMA).toBe('lavori');
    expect(() => loadConfig({ TEMPORAL_TASK_QUEUE: 'q', TEMPORAL_TASK_QUEUE_SISTEMA: 'q' })).toThrow(/TEMPORAL_TASK_QUEUE_SISTEMA: must differ/);
  });

  it('refuses production without a JWKS URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URL/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example.it/jwks' }).AUTH_JWKS_URL).toBeDefined();
  });
  it("bounds the worker's cache and concurrency, refusing what the SDK would silently replace", () => {
    const d = loadConfig({});
    expect([d.WORKER_MAX_CACHED_WORKFLOWS, d.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, d.WORKER_WORKFLOW_THREADS]).toEqual([500, 40, 1]);
    const c = loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1500', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20', WORKER_MAX_CONCURRENT_ACTIVITIES: '30' });
    expect([c.WORKER_MAX_CACHED_WORKFLOWS, c.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, c.WORKER_MAX_CONCURRENT_ACTIVITIES]).toEqual([1500, 20, 30]);
    // No cache at all is allowed (every task replays its history); a cache of one is not.
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '80' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(0);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS=1: must be 0 \(no cache\) or at least 2/);
    // Every workflow task being run is in the cache: more tasks than the cache holds is refused, naming both.
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '10', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40' })).toThrow(
      /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS=40: at most WORKER_MAX_CACHED_WORKFLOWS \(10\)/,
    );
    for (const [key, value] of [
      ['WORKER_MAX_CACHED_WORKFLOWS', '-1'],
      ['WORKER_MAX_CACHED_WORKFLOWS', 'molti'],
      ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', '1'],
      ['WORKER_MAX_CONCURRENT_ACTIVITIES', '0'],
      ['WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES', '2.5'],
      ['WORKER_WORKFLOW_THREADS', '0'],
      ['WORKER_WORKFLOW_THREADS', '17'],
    ]) {
      expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`^\\s*${key}=`, 'm'));
    }
  });
});
