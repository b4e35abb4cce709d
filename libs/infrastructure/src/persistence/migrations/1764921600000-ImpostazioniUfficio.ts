import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each office decides for collocamento mirato, rather than the deployment or the employer: its region (whose
 * ranking rule pack applies), the largest rosa per post, and its local patron-saint days (not working days for the
 * service level).
 */
export class ImpostazioniUfficio1764921600000 implements MigrationInterface {
  name = 'ImpostazioniUfficio1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cm_impostazioni_ufficio (
      ufficio varchar(40) PRIMARY KEY,
      regione varchar(40) NOT NULL,
      dimensione_rosa_massima integer NOT NULL CHECK (dimensione_rosa_massima BETWEEN 1 AND 20),
      patroni text[] NOT NULL DEFAULT '{}',
      aggiornato_da varchar(200) NOT NULL,
      aggiornato_il timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cm_impostazioni_ufficio');
  }
}
