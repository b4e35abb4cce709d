import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the lists paged by cursor (keyset, persistence/keyset.ts): each list's scope (office, organisation,
 * inspector, recipient) and order (its time, then id) is one index, so a page is a range scan of `limite` entries
 * from where the previous one ended, at any depth, instead of reading and sorting every row of the office (the e2e
 * suite `elenchi` explains each list's query on 100,000 seeded rows). The id ends each key: rows created in one
 * transaction share their time.
 *
 * - tirocini: the office's practices, also by state (the console filters by it); every office's (amministratore);
 *   an external user's organisation by side (the partial indexes of AttivitaIndici hold only the open ones).
 * - pratiche, cm_offerte: the office's, by state (replacing the (ufficio, stato) indexes, whose prefix "Le mie
 *   attività" keeps using), and every office's; the offers' (ufficio, richiesta_il) gains the id.
 * - richieste_intervento: the inspectorate's (gains the id) and an inspector's.
 * - piani: every office's by year (an office's is uq_piani_ufficio_anno).
 * - notifiche: per recipient, now ending with the id; the structures' (a staff member reads every structure of the
 *   office) in one partial index.
 * - audit_log: an office's trail in id order, and of one kind of entity (an entity's is ix_audit_entita).
 */
export class ElenchiKeyset1765267200000 implements MigrationInterface {
  name = 'ElenchiKeyset1765267200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_tirocini_ufficio_creato ON tirocini (ufficio, creato_il, id)');
    await q.query('CREATE INDEX ix_tirocini_ufficio_stato_creato ON tirocini (ufficio, stato, creato_il, id)');
    await q.query('CREATE INDEX ix_tirocini_creato ON tirocini (creato_il, id)');
    await q.query('CREATE INDEX ix_tirocini_promotore_creato ON tirocini (promotore_id, creato_il, id)');
    await q.query('CREATE INDEX ix_tirocini_ospitante_creato ON tirocini (ospitante_id, creato_il, id)');

    await q.query('CREATE INDEX ix_pratiche_ufficio_creata ON pratiche (ufficio, creata_il, id)');
    await q.query('CREATE INDEX ix_pratiche_ufficio_stato_creata ON pratiche (ufficio, stato, creata_il, id)');
    await q.query('DROP INDEX ix_pratiche_ufficio_stato');
    await q.query('CREATE INDEX ix_pratiche_creata ON pratiche (creata_il, id)');

    await q.query('CREATE INDEX ix_cm_offerte_ufficio_richiesta ON cm_offerte (ufficio, richiesta_il, id)');
    await q.query('DROP INDEX ix_cm_offerte_ufficio');
    await q.query('CREATE INDEX ix_cm_offerte_ufficio_stato_richiesta ON cm_offerte (ufficio, stato, richiesta_il, id)');
    await q.query('DROP INDEX ix_cm_offerte_ufficio_stato');
    await q.query('CREATE INDEX ix_cm_offerte_richiesta ON cm_offerte (richiesta_il, id)');

    await q.query('CREATE INDEX ix_richieste_ispettorato_registrata ON richieste_intervento (ispettorato, registrata_il, id)');
    await q.query('DROP INDEX ix_richieste_ispettorato');
    await q.query('CREATE INDEX ix_richieste_ispettore_registrata ON richieste_intervento (ispettore_id, registrata_il, id)');

    await q.query('CREATE INDEX ix_piani_anno ON piani (anno, id)');

    await q.query('CREATE INDEX ix_notifiche_destinatario_creata ON notifiche (ufficio, destinatario_tipo, destinatario, creata_il, id)');
    await q.query('DROP INDEX ix_notifiche_destinatario');
    await q.query(`CREATE INDEX ix_notifiche_struttura_creata ON notifiche (ufficio, creata_il, id) WHERE destinatario_tipo = 'struttura'`);

    await q.query('CREATE INDEX ix_audit_ufficio ON audit_log (ufficio, id)');
    await q.query('CREATE INDEX ix_audit_ufficio_entita ON audit_log (ufficio, entita, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_audit_ufficio_entita');
    await q.query('DROP INDEX ix_audit_ufficio');
    await q.query('DROP INDEX ix_notifiche_struttura_creata');
    await q.query('CREATE INDEX ix_notifiche_destinatario ON notifiche (ufficio, destinatario_tipo, destinatario, creata_il DESC)');
    await q.query('DROP INDEX ix_notifiche_destinatario_creata');
    await q.query('DROP INDEX ix_piani_anno');
    await q.query('DROP INDEX ix_richieste_ispettore_registrata');
    await q.query('CREATE INDEX ix_richieste_ispettorato ON richieste_intervento (ispettorato, registrata_il)');
    await q.query('DROP INDEX ix_richieste_ispettorato_registrata');
    await q.query('DROP INDEX ix_cm_offerte_richiesta');
    await q.query('CREATE INDEX ix_cm_offerte_ufficio_stato ON cm_offerte (ufficio, stato)');
    await q.query('DROP INDEX ix_cm_offerte_ufficio_stato_richiesta');
    await q.query('CREATE INDEX ix_cm_offerte_ufficio ON cm_offerte (ufficio, richiesta_il)');
    await q.query('DROP INDEX ix_cm_offerte_ufficio_richiesta');
    await q.query('DROP INDEX ix_pratiche_creata');
    await q.query('CREATE INDEX ix_pratiche_ufficio_stato ON pratiche (ufficio, stato)');
    await q.query('DROP INDEX ix_pratiche_ufficio_stato_creata');
    await q.query('DROP INDEX ix_pratiche_ufficio_creata');
    for (const i of [
      'ix_tirocini_ospitante_creato',
      'ix_tirocini_promotore_creato',
      'ix_tirocini_creato',
      'ix_tirocini_ufficio_stato_creato',
      'ix_tirocini_ufficio_creato',
    ])
      await q.query(`DROP INDEX ${i}`);
  }
}
