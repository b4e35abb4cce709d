import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for "Le mie attività" (GET /attivita): each procedure's part of a user's list is one query over its own
 * rows, by office (or organisation, or inspector) and the states that wait for someone, so it reads what waits and
 * not the whole table (AttivitaRepository; test/e2e/attivita.e2e-spec.ts checks the plans on seeded tables).
 *
 * - tirocini: a promotore's and an ospitante's practices by side and state, only those whose attestazione is not yet
 *   recorded (the rest ask nothing of anyone, and grow every year); the office's staff use ix_tirocini_ufficio.
 * - tir_soggetti: the organisation an external user acts for, by codice fiscale or partita IVA (the unique key leads
 *   with the role, so neither code alone was indexed).
 * - cm_offerte: the office's offers by state, and an employer's.
 * - richieste_intervento: the manual reassignments proposed and not yet decided, by inspectorate (the proposal lives in
 *   the procedure's state); an inspector's cases and the queue of requests waiting for a draw have their indexes.
 * - piani: the office's plans by state.
 */
export class AttivitaIndici1765180800000 implements MigrationInterface {
  name = 'AttivitaIndici1765180800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_tirocini_promotore_aperti ON tirocini (promotore_id, stato) WHERE (stato_procedura -> 'attestazione') IS NULL`);
    await q.query(`CREATE INDEX ix_tirocini_ospitante_aperti ON tirocini (ospitante_id, stato) WHERE (stato_procedura -> 'attestazione') IS NULL`);
    await q.query('CREATE INDEX ix_tir_soggetti_codice_fiscale ON tir_soggetti (codice_fiscale)');
    await q.query('CREATE INDEX ix_tir_soggetti_partita_iva ON tir_soggetti (partita_iva)');
    await q.query('CREATE INDEX ix_cm_offerte_ufficio_stato ON cm_offerte (ufficio, stato)');
    await q.query('CREATE INDEX ix_cm_offerte_datore_stato ON cm_offerte (datore_id, stato)');
    await q.query(
      `CREATE INDEX ix_richieste_riassegnazione_proposta ON richieste_intervento (ispettorato) WHERE (stato_procedura -> 'riassegnazione' ->> 'stato') = 'proposta'`,
    );
    await q.query('CREATE INDEX ix_piani_ufficio_stato ON piani (ufficio, stato)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of [
      'ix_piani_ufficio_stato',
      'ix_richieste_riassegnazione_proposta',
      'ix_cm_offerte_datore_stato',
      'ix_cm_offerte_ufficio_stato',
      'ix_tir_soggetti_partita_iva',
      'ix_tir_soggetti_codice_fiscale',
      'ix_tirocini_ospitante_aperti',
      'ix_tirocini_promotore_aperti',
    ])
      await q.query(`DROP INDEX ${i}`);
  }
}
