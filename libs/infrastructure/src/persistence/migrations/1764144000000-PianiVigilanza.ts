import { MigrationInterface, QueryRunner } from 'typeorm';

/** Ex-officio inspection plans: entries that become intervention requests on their dates. */
export class PianiVigilanza1764144000000 implements MigrationInterface {
  name = 'PianiVigilanza1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE piani_vigilanza (
        id uuid PRIMARY KEY,
        ispettorato varchar(40) NOT NULL REFERENCES ispettorati (codice),
        anno int NOT NULL,
        descrizione text NOT NULL,
        workflow_id varchar(200) NOT NULL UNIQUE,
        caricato_da varchar(200) NOT NULL,
        caricato_il timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE piani_vigilanza_voci (
        id uuid PRIMARY KEY,
        piano_id uuid NOT NULL REFERENCES piani_vigilanza (id),
        numero int NOT NULL,
        data timestamptz NOT NULL,
        azienda_id uuid NOT NULL REFERENCES aziende (id),
        sede varchar(300) NOT NULL,
        territorio varchar(40) NOT NULL,
        tipo_pratica varchar(60) NOT NULL,
        priorita varchar(10) NOT NULL,
        descrizione text NOT NULL,
        richiesta_id uuid REFERENCES richieste_intervento (id),
        CONSTRAINT uq_voce_numero UNIQUE (piano_id, numero)
      )`);
    await q.query(`CREATE INDEX ix_voci_da_generare ON piani_vigilanza_voci (piano_id, data) WHERE richiesta_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE piani_vigilanza_voci');
    await q.query('DROP TABLE piani_vigilanza');
  }
}
