import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests sent with an Idempotency-Key (IETF draft httpapi-idempotency-key): the first answer to a key, kept 24 hours
 * per user and office, so a client that lost it and retries gets it again instead of a second case, document or
 * decision. `impronta` is the SHA-256 of method, path and body: the same key with another request is refused.
 */
export class Idempotenza1764576000000 implements MigrationInterface {
  name = 'Idempotenza1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE chiavi_idempotenza (
      utente varchar(300) NOT NULL,
      chiave varchar(255) NOT NULL,
      metodo varchar(10) NOT NULL,
      percorso text NOT NULL,
      impronta char(64) NOT NULL,
      stato varchar(12) NOT NULL CHECK (stato IN ('in-corso', 'completata')),
      status integer,
      location text,
      corpo jsonb,
      creata_il timestamptz NOT NULL DEFAULT now(),
      completata_il timestamptz,
      PRIMARY KEY (utente, chiave)
    )`);
    await q.query('CREATE INDEX idx_chiavi_idempotenza_creata ON chiavi_idempotenza (creata_il)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE chiavi_idempotenza');
  }
}
