import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registries scoped by office and by the organisation an external user acts for (docs/accesso.md).
 *
 * - Tirocini: a trainee belongs to the office that registered them (the same person may be registered by two offices,
 *   never twice by one); a soggetto and a convenzione record the office that registered them (their writes stay with
 *   it, or with the offices where the soggetto has a site); whatever an external user registers records the
 *   organisation it acts for.
 * - Collocamento mirato: a person's L. 68/99 enrolment is per office (duplicates refused only within one office; a
 *   staff transfer closes one enrolment and opens the other); applications name the office of the enrolment they
 *   refer to; an employer records the office that registered it.
 *
 * Existing rows take the office recorded in the audit trail for their registration, else the office of their cases;
 * rows with neither stay without office, visible only to the roles that see every office.
 *
 * Notifications may be addressed to an organisation ('soggetto'): what concerns a host reaches that host's users, not
 * every host's of the office.
 */
export class AmbitiRegistri1764489600000 implements MigrationInterface {
  name = 'AmbitiRegistri1764489600000';

  async up(q: QueryRunner): Promise<void> {
    // ---- tirocini ----
    await q.query('ALTER TABLE tir_soggetti ADD COLUMN ufficio varchar(40), ADD COLUMN registrato_per varchar(16)');
    await q.query(`UPDATE tir_soggetti s SET ufficio = a.ufficio FROM audit_log a
      WHERE a.procedura = 'tirocini' AND a.entita IN ('soggetto-promotore', 'soggetto-ospitante') AND a.azione = 'registrato' AND a.entita_id = s.id::text`);
    await q.query(`UPDATE tir_soggetti s SET ufficio = (SELECT min(d.cpi) FROM tir_sedi d WHERE d.soggetto_id = s.id) WHERE ufficio IS NULL`);

    await q.query('ALTER TABLE tir_tirocinanti ADD COLUMN ufficio varchar(40), ADD COLUMN registrato_per varchar(16)');
    await q.query(`UPDATE tir_tirocinanti t SET ufficio = a.ufficio FROM audit_log a
      WHERE a.procedura = 'tirocini' AND a.entita = 'tirocinante' AND a.azione = 'registrato' AND a.entita_id = t.id::text`);
    await q.query(`UPDATE tir_tirocinanti t SET ufficio = (SELECT min(x.ufficio) FROM tirocini x WHERE x.tirocinante_id = t.id) WHERE ufficio IS NULL`);
    await q.query('ALTER TABLE tir_tirocinanti DROP CONSTRAINT tir_tirocinanti_codice_fiscale_key');
    await q.query('ALTER TABLE tir_tirocinanti ADD CONSTRAINT uq_tir_tirocinanti_ufficio UNIQUE (ufficio, codice_fiscale)');
    await q.query('CREATE INDEX ix_tir_tirocinanti_cf ON tir_tirocinanti (codice_fiscale)');

    await q.query('ALTER TABLE tir_convenzioni ADD COLUMN ufficio varchar(40), ADD COLUMN registrata_per varchar(16)');
    await q.query(`UPDATE tir_convenzioni c SET ufficio = a.ufficio FROM audit_log a
      WHERE a.procedura = 'tirocini' AND a.entita = 'convenzione' AND a.azione = 'registrata' AND a.entita_id = c.id::text`);
    await q.query(`UPDATE tir_convenzioni c SET ufficio = (SELECT ufficio FROM tir_soggetti s WHERE s.id = c.ospitante_id) WHERE ufficio IS NULL`);

    // ---- collocamento mirato ----
    await q.query('ALTER TABLE cm_adesioni ADD COLUMN ufficio varchar(40)');
    await q.query('UPDATE cm_adesioni a SET ufficio = o.ufficio FROM cm_offerte o WHERE o.id = a.offerta_id');
    await q.query('ALTER TABLE cm_adesioni ALTER COLUMN ufficio SET NOT NULL');
    await q.query('ALTER TABLE cm_adesioni DROP CONSTRAINT cm_adesioni_iscritto_id_fkey');
    await q.query('ALTER TABLE cm_iscritti DROP CONSTRAINT cm_iscritti_pkey, DROP CONSTRAINT cm_iscritti_codice_fiscale_key');
    await q.query('ALTER TABLE cm_iscritti ADD CONSTRAINT cm_iscritti_pkey PRIMARY KEY (ufficio, id)');
    await q.query('ALTER TABLE cm_iscritti ADD COLUMN trasferito_a varchar(40), ADD COLUMN trasferito_il timestamptz, ADD COLUMN trasferito_da varchar(40)');
    // One enrolment in force per person and office; a transfer leaves the closed one behind for the offers it took part in.
    await q.query('CREATE UNIQUE INDEX uq_cm_iscritti_ufficio_cf ON cm_iscritti (ufficio, codice_fiscale)');
    await q.query('CREATE INDEX ix_cm_iscritti_cf ON cm_iscritti (codice_fiscale)');
    await q.query('ALTER TABLE cm_adesioni ADD CONSTRAINT fk_cm_adesioni_iscritto FOREIGN KEY (ufficio, iscritto_id) REFERENCES cm_iscritti (ufficio, id)');

    await q.query('ALTER TABLE cm_datori ADD COLUMN ufficio varchar(40)');
    await q.query(`UPDATE cm_datori d SET ufficio = a.ufficio FROM audit_log a
      WHERE a.procedura = 'collocamento' AND a.entita = 'datori' AND a.azione = 'importati' AND (a.dopo->'ids') ? d.id`);
    await q.query(`UPDATE cm_datori d SET ufficio = (SELECT min(o.ufficio) FROM cm_offerte o WHERE o.datore_id = d.id) WHERE ufficio IS NULL`);

    // ---- notifications: to an organisation (an external user's soggetto), not to everyone with its role ----
    await q.query('ALTER TABLE notifiche DROP CONSTRAINT notifiche_destinatario_tipo_check');
    await q.query(
      `ALTER TABLE notifiche ADD CONSTRAINT notifiche_destinatario_tipo_check CHECK (destinatario_tipo IN ('utente', 'ruolo', 'struttura', 'soggetto'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifiche WHERE destinatario_tipo = 'soggetto'`);
    await q.query('ALTER TABLE notifiche DROP CONSTRAINT notifiche_destinatario_tipo_check');
    await q.query(`ALTER TABLE notifiche ADD CONSTRAINT notifiche_destinatario_tipo_check CHECK (destinatario_tipo IN ('utente', 'ruolo', 'struttura'))`);
    await q.query('ALTER TABLE cm_datori DROP COLUMN ufficio');
    await q.query('ALTER TABLE cm_adesioni DROP CONSTRAINT fk_cm_adesioni_iscritto');
    await q.query('DROP INDEX ix_cm_iscritti_cf');
    await q.query('DROP INDEX uq_cm_iscritti_ufficio_cf');
    await q.query('ALTER TABLE cm_iscritti DROP COLUMN trasferito_a, DROP COLUMN trasferito_il, DROP COLUMN trasferito_da');
    await q.query('ALTER TABLE cm_iscritti DROP CONSTRAINT cm_iscritti_pkey');
    await q.query('ALTER TABLE cm_iscritti ADD PRIMARY KEY (id), ADD CONSTRAINT cm_iscritti_codice_fiscale_key UNIQUE (codice_fiscale)');
    await q.query('ALTER TABLE cm_adesioni ADD CONSTRAINT cm_adesioni_iscritto_id_fkey FOREIGN KEY (iscritto_id) REFERENCES cm_iscritti (id)');
    await q.query('ALTER TABLE cm_adesioni DROP COLUMN ufficio');
    await q.query('ALTER TABLE tir_convenzioni DROP COLUMN ufficio, DROP COLUMN registrata_per');
    await q.query('DROP INDEX ix_tir_tirocinanti_cf');
    await q.query('ALTER TABLE tir_tirocinanti DROP CONSTRAINT uq_tir_tirocinanti_ufficio');
    await q.query('ALTER TABLE tir_tirocinanti ADD CONSTRAINT tir_tirocinanti_codice_fiscale_key UNIQUE (codice_fiscale)');
    await q.query('ALTER TABLE tir_tirocinanti DROP COLUMN ufficio, DROP COLUMN registrato_per');
    await q.query('ALTER TABLE tir_soggetti DROP COLUMN ufficio, DROP COLUMN registrato_per');
  }
}
