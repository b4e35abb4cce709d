import { createServer } from 'node:net';
import { DatabaseError, Client as PgClient } from 'pg';
import { Client as MinioClient } from 'minio';
import { QueryFailedError } from 'typeorm';
import { Connection, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { DipendenzaNonDisponibileError } from '@app/infrastructure';
import { dipendenzaNonDisponibile } from './indisponibile';

/** A local port nothing listens on: connecting to it is refused at once. */
async function portaChiusa(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function pgError(code: string, message = 'x'): DatabaseError {
  const e = new DatabaseError(message, message.length, 'error');
  e.code = code;
  e.severity = 'FATAL';
  return e;
}

describe('dipendenzaNonDisponibile: which errors are an outage (503), and of what', () => {
  it('the database refusing connections, as the pg driver and TypeORM report it', async () => {
    const client = new PgClient({ host: '127.0.0.1', port: await portaChiusa(), connectionTimeoutMillis: 2000 });
    const err = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    expect(dipendenzaNonDisponibile(err)).toBe('servizio');
    expect(dipendenzaNonDisponibile(new QueryFailedError('SELECT 1', [], err as Error))).toBe('database');
  });

  it('the database shutting down, starting up, out of connections, cut off, or a statement past its timeout', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', '57014']) {
      expect([code, dipendenzaNonDisponibile(new QueryFailedError('SELECT 1', [], pgError(code)))]).toEqual([code, 'database']);
    }
    expect(dipendenzaNonDisponibile(new Error('Connection terminated unexpectedly'))).toBe('database');
    expect(dipendenzaNonDisponibile(new Error('timeout exceeded when trying to connect'))).toBe('database');
  });

  it("is not fooled by errors that are the request's or the code's: constraint, syntax, cast, plain errors", () => {
    for (const code of ['23505', '23503', '42601', '22P02', '22007', '42P01']) {
      expect(dipendenzaNonDisponibile(new QueryFailedError('SELECT 1', [], pgError(code)))).toBeUndefined();
    }
    expect(dipendenzaNonDisponibile(new Error('boom'))).toBeUndefined();
    expect(dipendenzaNonDisponibile(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
    expect(dipendenzaNonDisponibile(undefined)).toBeUndefined();
    expect(dipendenzaNonDisponibile('ECONNREFUSED')).toBeUndefined();
  });

  it('object storage that cannot be reached, as the minio client reports it, and as the storage wraps it', async () => {
    const client = new MinioClient({ endPoint: '127.0.0.1', port: await portaChiusa(), useSSL: false, accessKey: 'minioadmin', secretKey: 'minioadmin' });
    const err = await client.bucketExists('documenti').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    expect(dipendenzaNonDisponibile(err)).toBe('servizio');
    expect(dipendenzaNonDisponibile(new DipendenzaNonDisponibileError('archivio documenti', err))).toBe('archivio documenti');
  });

  it('Temporal unreachable or past the call deadline, and an Update that did not complete in time', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await portaChiusa()}` });
    try {
      const err = await connection
        .withDeadline(Date.now() + 1500, () => connection.workflowService.getSystemInfo({}))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeDefined();
      expect(dipendenzaNonDisponibile(err)).toBe('motore dei processi');
      expect(dipendenzaNonDisponibile(new ServiceError('Failed to start Workflow', { cause: err as Error }))).toBe('motore dei processi');
    } finally {
      await connection.close();
    }
    expect(dipendenzaNonDisponibile(new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled'))).toBe('motore dei processi');
    // A call the channel cancelled (seen under load in the API-SIGKILL suite, answered 500 before) is tried again.
    const annullata = Object.assign(new Error('1 CANCELLED: Call cancelled'), { code: 1, details: 'Call cancelled', metadata: {} });
    expect(dipendenzaNonDisponibile(new ServiceError('Failed to start Workflow', { cause: annullata }))).toBe('motore dei processi');
    // A Temporal refusal that is about the request (an invalid argument, code 3) is not an outage.
    const invalido = Object.assign(new Error('3 INVALID_ARGUMENT: bad'), { code: 3, details: 'bad', metadata: {} });
    expect(dipendenzaNonDisponibile(new ServiceError('Failed to start Workflow', { cause: invalido }))).toBeUndefined();
  });
});
