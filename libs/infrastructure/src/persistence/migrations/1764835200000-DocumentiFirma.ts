import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each version of a document keeps its own declaration: who declared it signed (or not), with which roles, when. It
 * was one flag per kind on the practice, so a new unsigned version made the earlier signed one read as unsigned.
 */
export class DocumentiFirma1764835200000 implements MigrationInterface {
  name = 'DocumentiFirma1764835200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE documenti ADD COLUMN firma jsonb');
    // The versions already stored get the declaration their practice holds for their kind, by their uploader.
    await q.query(`UPDATE documenti d SET firma = jsonb_build_object('firmato', (t.firme ->> d.tipo)::boolean, 'dichiaratoDa', d.caricato_da, 'il', d.caricato_il)
      FROM tirocini t WHERE d.procedura = 'tirocini' AND d.entita_id = t.id AND t.firme ? d.tipo
        AND d.versione = (SELECT max(x.versione) FROM documenti x WHERE x.procedura = d.procedura AND x.entita_id = d.entita_id AND x.tipo = d.tipo)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE documenti DROP COLUMN firma');
  }
}
