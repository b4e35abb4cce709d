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

  it('refuses production without a JWKS URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URL/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example.it/jwks' }).AUTH_JWKS_URL).toBeDefined();
  });
});
