import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Le mie attività" of a promoter or a host once a month is over: every active traineeship of theirs asks for its
 * register (4,700 per host in the bench), each one item with no term, in the order of the instant it began to ask
 * (presenze_dovute_il) and then its id. The query takes one page of them in that order and counts the rest, from the
 * index alone: it holds the order (presenze_dovute_il, id) and the office each practice belongs to, so neither the
 * page nor the count reads the practices' rows, and only the page's states are read afterwards. Replaces the indexes
 * of PresenzeDovute, which held the instant but not the id (the page had to read every asking row to order them).
 */
export class PresenzeDovutePagina1765529200000 implements MigrationInterface {
  name = 'PresenzeDovutePagina1765529200000';

  async up(q: QueryRunner): Promise<void> {
    for (const lato of ['promotore', 'ospitante']) {
      await q.query(`DROP INDEX ix_tirocini_${lato}_presenze`);
      await q.query(
        `CREATE INDEX ix_tirocini_${lato}_presenze ON tirocini (${lato}_id, presenze_dovute_il, id) INCLUDE (ufficio)
           WHERE stato = 'attiva' AND (stato_procedura -> 'attestazione') IS NULL`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const lato of ['promotore', 'ospitante']) {
      await q.query(`DROP INDEX ix_tirocini_${lato}_presenze`);
      await q.query(
        `CREATE INDEX ix_tirocini_${lato}_presenze ON tirocini (${lato}_id, presenze_dovute_il) WHERE stato = 'attiva' AND (stato_procedura -> 'attestazione') IS NULL`,
      );
    }
  }
}
