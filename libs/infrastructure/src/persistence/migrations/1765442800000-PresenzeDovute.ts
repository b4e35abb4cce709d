import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Le mie attività" of a promoter or a host: an active traineeship asks them something only once a month of it is
 * over without attendance. Each practice keeps from when (presenze_dovute_il, presenzeDovuteDal in the domain,
 * written with its state by the saves of runs since PATCH_PROMEMORIA_COLLETTIVI and by the import; NULL: nothing
 * missing), so the query reads, through these indexes, only the active practices that ask, instead of all of an
 * organisation's. '-infinity', the default: not known (a draft not yet saved by such a run, or a row from before),
 * always read, as before.
 */
export class PresenzeDovute1765442800000 implements MigrationInterface {
  name = 'PresenzeDovute1765442800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tirocini ADD COLUMN presenze_dovute_il timestamptz DEFAULT '-infinity'`);
    for (const lato of ['promotore', 'ospitante']) {
      await q.query(
        `CREATE INDEX ix_tirocini_${lato}_presenze ON tirocini (${lato}_id, presenze_dovute_il) WHERE stato = 'attiva' AND (stato_procedura -> 'attestazione') IS NULL`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const lato of ['promotore', 'ospitante']) await q.query(`DROP INDEX ix_tirocini_${lato}_presenze`);
    await q.query('ALTER TABLE tirocini DROP COLUMN presenze_dovute_il');
  }
}
