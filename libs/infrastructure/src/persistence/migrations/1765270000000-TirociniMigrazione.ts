import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The migration import of open tirocini (POST /tirocini/migrazione): each keeps its key in the office's previous
 * system, unique per office, so importing the same batch twice stores each traineeship once.
 */
export class TirociniMigrazione1765270000000 implements MigrationInterface {
  name = 'TirociniMigrazione1765270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tirocini ADD COLUMN codice_origine text');
    await q.query('CREATE UNIQUE INDEX ux_tirocini_codice_origine ON tirocini (ufficio, codice_origine) WHERE codice_origine IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ux_tirocini_codice_origine');
    await q.query('ALTER TABLE tirocini DROP COLUMN codice_origine');
  }
}
