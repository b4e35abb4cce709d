import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A site's permanent-employee count is dated (issue 12): each count holds from its date, with who recorded it, when
 * and why, and is never changed; a new one follows it. The host limit checked at submission, integration and
 * proroga reads the count in force on the day of the check, and records it with its date, so a past decision stays
 * explained after the count changes. The count each site had becomes its first, from the day its soggetto was
 * registered (a UTC date, like every date of the procedure) and by whoever registered it; the column that held it
 * goes, so no second copy can disagree with the history. The application's role may only add to the table (see
 * privilegi.ts).
 */
export class DipendentiSedi1765094400000 implements MigrationInterface {
  name = 'DipendentiSedi1765094400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tir_sedi_dipendenti (
      id bigserial PRIMARY KEY,
      sede_id uuid NOT NULL REFERENCES tir_sedi (id),
      dipendenti_indeterminato integer NOT NULL CHECK (dipendenti_indeterminato >= 0),
      dal date NOT NULL,
      motivo varchar(2000),
      registrato_da varchar(200) NOT NULL,
      registrato_il timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX ix_tir_sedi_dipendenti_sede ON tir_sedi_dipendenti (sede_id, id)');
    await q.query(`INSERT INTO tir_sedi_dipendenti (sede_id, dipendenti_indeterminato, dal, motivo, registrato_da, registrato_il)
      SELECT d.id, d.dipendenti_indeterminato, (s.creato_il AT TIME ZONE 'UTC')::date, NULL, s.creato_da, s.creato_il
        FROM tir_sedi d JOIN tir_soggetti s ON s.id = d.soggetto_id ORDER BY s.creato_il, d.id`);
    await q.query('ALTER TABLE tir_sedi DROP COLUMN dipendenti_indeterminato');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tir_sedi ADD COLUMN dipendenti_indeterminato integer CHECK (dipendenti_indeterminato >= 0)');
    // The count in force today, as the API showed it.
    await q.query(`UPDATE tir_sedi d SET dipendenti_indeterminato = coalesce(
      (SELECT x.dipendenti_indeterminato FROM tir_sedi_dipendenti x WHERE x.sede_id = d.id AND x.dal <= (now() AT TIME ZONE 'UTC')::date ORDER BY x.dal DESC, x.id DESC LIMIT 1),
      (SELECT x.dipendenti_indeterminato FROM tir_sedi_dipendenti x WHERE x.sede_id = d.id ORDER BY x.dal, x.id DESC LIMIT 1), 0)`);
    await q.query('ALTER TABLE tir_sedi ALTER COLUMN dipendenti_indeterminato SET NOT NULL');
    await q.query('DROP TABLE tir_sedi_dipendenti');
  }
}
