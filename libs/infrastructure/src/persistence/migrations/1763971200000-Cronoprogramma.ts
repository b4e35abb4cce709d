import { MigrationInterface, QueryRunner } from 'typeorm';

/** Plans with their baselines and revisions, and the notifications every procedure stores. */
export class Cronoprogramma1763971200000 implements MigrationInterface {
  name = 'Cronoprogramma1763971200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE piani (
        id uuid PRIMARY KEY,
        ufficio varchar(40) NOT NULL,
        anno int NOT NULL,
        titolo varchar(300) NOT NULL,
        stato varchar(20) NOT NULL CHECK (stato IN ('bozza', 'attivo', 'congelato')),
        documento jsonb NOT NULL,
        baseline int NOT NULL DEFAULT 0,
        workflow_id varchar(200) NOT NULL,
        creato_da varchar(200) NOT NULL,
        creato_il timestamptz NOT NULL,
        aggiornato_da varchar(200) NOT NULL,
        aggiornato_il timestamptz NOT NULL,
        versione int NOT NULL DEFAULT 1,
        CONSTRAINT uq_piani_ufficio_anno UNIQUE (ufficio, anno)
      )`);
    await q.query(`
      CREATE TABLE piani_revisioni (
        piano_id uuid NOT NULL REFERENCES piani (id),
        numero int NOT NULL CHECK (numero > 0),
        documento jsonb NOT NULL,
        motivo text NOT NULL,
        stato varchar(20) NOT NULL CHECK (stato IN ('proposta', 'approvata', 'respinta')),
        proposta_da varchar(200) NOT NULL,
        proposta_il timestamptz NOT NULL,
        decisa_da varchar(200),
        decisa_il timestamptz,
        motivazione_decisione text,
        PRIMARY KEY (piano_id, numero)
      )`);
    // At most one open proposal per plan.
    await q.query(`CREATE UNIQUE INDEX uq_piani_revisioni_proposta ON piani_revisioni (piano_id) WHERE stato = 'proposta'`);
    await q.query(`
      CREATE TABLE notifiche (
        id uuid PRIMARY KEY,
        chiave varchar(300) NOT NULL UNIQUE,
        ufficio varchar(40) NOT NULL,
        destinatario_tipo varchar(20) NOT NULL CHECK (destinatario_tipo IN ('utente', 'ruolo', 'struttura')),
        destinatario varchar(200) NOT NULL,
        procedura varchar(40) NOT NULL,
        entita_id varchar(200) NOT NULL,
        tipo varchar(40) NOT NULL,
        titolo varchar(300) NOT NULL,
        testo text NOT NULL,
        dati jsonb,
        creata_il timestamptz NOT NULL,
        letta_il timestamptz
      )`);
    await q.query(`CREATE INDEX ix_notifiche_destinatario ON notifiche (ufficio, destinatario_tipo, destinatario, creata_il DESC)`);
    await q.query(`CREATE INDEX ix_notifiche_entita ON notifiche (procedura, entita_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifiche`);
    await q.query(`DROP TABLE piani_revisioni`);
    await q.query(`DROP TABLE piani`);
  }
}
