import { MigrationInterface, QueryRunner } from 'typeorm';

/** The platform's tables: the example procedure, document metadata, and the append-only audit trail. */
export class Platform1763884800000 implements MigrationInterface {
  name = 'Platform1763884800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pratiche (
        id uuid PRIMARY KEY,
        workflow_id varchar(200) NOT NULL UNIQUE,
        ufficio varchar(40) NOT NULL,
        protocollo varchar(60) NOT NULL,
        oggetto text NOT NULL,
        stato varchar(20) NOT NULL,
        creata_da varchar(200) NOT NULL,
        creata_il timestamptz NOT NULL,
        aggiornata_il timestamptz NOT NULL,
        inviata_da varchar(200),
        decisione jsonb,
        versione int NOT NULL DEFAULT 0,
        CONSTRAINT uq_pratiche_ufficio_protocollo UNIQUE (ufficio, protocollo)
      )`);
    await q.query(`CREATE INDEX ix_pratiche_ufficio_stato ON pratiche (ufficio, stato)`);
    await q.query(`
      CREATE TABLE documenti (
        id uuid PRIMARY KEY,
        procedura varchar(40) NOT NULL,
        entita_id uuid NOT NULL,
        ufficio varchar(40) NOT NULL,
        tipo varchar(60) NOT NULL,
        versione int NOT NULL CHECK (versione > 0),
        nome_file varchar(255) NOT NULL,
        content_type varchar(100) NOT NULL,
        dimensione bigint NOT NULL CHECK (dimensione >= 0),
        sha256 char(64) NOT NULL,
        storage_key varchar(400) NOT NULL UNIQUE,
        caricato_da varchar(200) NOT NULL,
        caricato_il timestamptz NOT NULL,
        CONSTRAINT uq_documenti_versione UNIQUE (procedura, entita_id, tipo, versione)
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        registrato_il timestamptz NOT NULL,
        attore varchar(200) NOT NULL,
        ruoli varchar(200) NOT NULL,
        ufficio varchar(40) NOT NULL,
        procedura varchar(40) NOT NULL,
        entita varchar(40) NOT NULL,
        entita_id varchar(200) NOT NULL,
        azione varchar(60) NOT NULL,
        motivazione text,
        prima jsonb,
        dopo jsonb,
        request_id varchar(100),
        idempotency_key varchar(200) UNIQUE,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_audit_entita ON audit_log (entita, entita_id, id)`);
    // Append-only: the application never updates or deletes audit rows. The hash chain detects anyone who does
    // anyway (e.g. with this trigger disabled by a superuser).
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only`);
    await q.query(`DROP TABLE documenti`);
    await q.query(`DROP TABLE pratiche`);
  }
}
