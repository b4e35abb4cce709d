import type { BenchProfile } from './profile';
import { ProcessInfo, postgresBackendDatabase, serviceClassifier } from './proc';

const proc = (comm: string, cmdline = ''): ProcessInfo => ({ pid: 1, comm, cmdline: () => cmdline });

const dev: BenchProfile = {
  name: 'dev',
  workers: 1,
  temporal: { server: 'dev server', appDatabase: 'workflow_engine_bench', databases: [] },
};
const produzione: BenchProfile = {
  name: 'produzione',
  workers: 2,
  temporal: {
    server: 'server',
    appDatabase: 'workflow_engine_bench',
    databases: ['temporal_bench', 'temporal_visibility_bench'],
    root: '/w/.data/temporal-prod',
  },
};

describe('postgresBackendDatabase', () => {
  it('reads the database of a backend, with or without a cluster name', () => {
    expect(postgresBackendDatabase('postgres: 15/main: workflow_app workflow_engine_bench 127.0.0.1(40312) idle')).toBe('workflow_engine_bench');
    expect(postgresBackendDatabase('postgres: postgres temporal_bench 127.0.0.1(5000) UPDATE\0\0')).toBe('temporal_bench');
    expect(postgresBackendDatabase('postgres: 15/main: app db [local] idle in transaction')).toBe('db');
  });

  it('finds none in the postmaster and the auxiliary processes', () => {
    expect(postgresBackendDatabase('/usr/lib/postgresql/15/bin/postgres\0-D\0/var/lib/postgresql/15/main')).toBeUndefined();
    expect(postgresBackendDatabase('postgres: 15/main: checkpointer ')).toBeUndefined();
    expect(postgresBackendDatabase('postgres: 15/main: autovacuum launcher ')).toBeUndefined();
    expect(postgresBackendDatabase('postgres: 15/main: logical replication launcher ')).toBeUndefined();
  });
});

describe('serviceClassifier', () => {
  const backend = (db: string) => proc('postgres', `postgres: 15/main: u ${db} 127.0.0.1(1) idle`);

  it("dev: the dev server is Temporal; the application database's backends are PostgreSQL, other databases' are not the stack's", () => {
    const c = serviceClassifier(dev);
    expect(c(proc('temporal'))).toBe('temporal');
    expect(c(backend('workflow_engine_bench'))).toBe('postgres');
    expect(c(backend('wfe_someone_else'))).toBeUndefined();
    expect(c(proc('postgres', 'postgres: 15/main: walwriter '))).toBe('postgres');
    expect(c(proc('minio'))).toBe('minio');
    expect(c(proc('server', '/x/server\0--root\0/w/.data/temporal-prod\0start'))).toBeUndefined();
  });

  it("produzione: the server run with the profile's root is Temporal, the dev server is not; Temporal's databases apart", () => {
    const c = serviceClassifier(produzione);
    expect(c(proc('server', '/x/temporal-server-v1.29.1/server\0--root\0/w/.data/temporal-prod\0--config\0config\0start'))).toBe('temporal');
    expect(c(proc('server', '/x/server\0--root\0/other/.data/temporal-prod\0start'))).toBeUndefined();
    expect(c(proc('temporal'))).toBeUndefined();
    expect(c(backend('temporal_bench'))).toBe('postgresTemporal');
    expect(c(backend('temporal_visibility_bench'))).toBe('postgresTemporal');
    expect(c(backend('workflow_engine_bench'))).toBe('postgres');
    expect(c(backend('temporal'))).toBeUndefined();
  });
});
