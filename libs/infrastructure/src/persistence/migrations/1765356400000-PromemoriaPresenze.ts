import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly register reminders sent by one office-wide job instead of each traineeship's own timer
 * (PATCH_PROMEMORIA_COLLETTIVI): each practice keeps when its next reminder falls due and the length of its clock's
 * day, and the job reads the due ones through a partial index, soonest first. NULL: none due while the state stays
 * as it is (or a practice started before the job, whose workflow still reminds it itself).
 */
export class PromemoriaPresenze1765356400000 implements MigrationInterface {
  name = 'PromemoriaPresenze1765356400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tirocini ADD COLUMN promemoria_presenze_il timestamptz, ADD COLUMN unita_giorno_ms bigint');
    await q.query('CREATE INDEX ix_tirocini_promemoria_presenze ON tirocini (promemoria_presenze_il) WHERE promemoria_presenze_il IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_tirocini_promemoria_presenze');
    await q.query('ALTER TABLE tirocini DROP COLUMN promemoria_presenze_il, DROP COLUMN unita_giorno_ms');
  }
}
