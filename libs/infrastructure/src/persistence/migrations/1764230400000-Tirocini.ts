import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tirocini extracurricolari: the registry (promotori and ospitanti with their sites, trainees, tutors, convenzioni)
 * and the practices. A practice's parties are columns (not only JSON) so the live limits (concurrent trainees per
 * site and per tutor, overlapping traineeships of a trainee) are indexed queries.
 */
export class Tirocini1764230400000 implements MigrationInterface {
  name = 'Tirocini1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tir_soggetti (
        id uuid PRIMARY KEY,
        ruolo varchar(20) NOT NULL CHECK (ruolo IN ('promotore', 'ospitante')),
        denominazione varchar(300) NOT NULL,
        codice_fiscale varchar(16) NOT NULL,
        partita_iva varchar(11),
        tipologia varchar(60),
        regione varchar(40) NOT NULL,
        sede_legale jsonb NOT NULL,
        creato_da varchar(200) NOT NULL,
        creato_il timestamptz NOT NULL,
        CONSTRAINT uq_tir_soggetti UNIQUE (ruolo, codice_fiscale)
      )`);
    await q.query(`
      CREATE TABLE tir_sedi (
        id uuid PRIMARY KEY,
        soggetto_id uuid NOT NULL REFERENCES tir_soggetti (id),
        denominazione varchar(200) NOT NULL,
        indirizzo varchar(300) NOT NULL,
        comune varchar(100) NOT NULL,
        regione varchar(40) NOT NULL,
        cpi varchar(40) NOT NULL,
        dipendenti_indeterminato int NOT NULL CHECK (dipendenti_indeterminato >= 0)
      )`);
    await q.query(`CREATE INDEX ix_tir_sedi_soggetto ON tir_sedi (soggetto_id)`);
    await q.query(`
      CREATE TABLE tir_tirocinanti (
        id uuid PRIMARY KEY,
        codice_fiscale varchar(16) NOT NULL UNIQUE,
        nome varchar(100) NOT NULL,
        cognome varchar(100) NOT NULL,
        data_nascita date NOT NULL,
        sesso char(1) NOT NULL CHECK (sesso IN ('M', 'F')),
        svantaggiato boolean NOT NULL DEFAULT false,
        creato_da varchar(200) NOT NULL,
        creato_il timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE tir_tutor (
        id uuid PRIMARY KEY,
        soggetto_id uuid NOT NULL REFERENCES tir_soggetti (id),
        codice_fiscale varchar(16) NOT NULL,
        nome varchar(100) NOT NULL,
        cognome varchar(100) NOT NULL,
        CONSTRAINT uq_tir_tutor UNIQUE (soggetto_id, codice_fiscale)
      )`);
    await q.query(`
      CREATE TABLE tir_convenzioni (
        id uuid PRIMARY KEY,
        promotore_id uuid NOT NULL REFERENCES tir_soggetti (id),
        ospitante_id uuid NOT NULL REFERENCES tir_soggetti (id),
        valida_dal date NOT NULL,
        valida_al date NOT NULL CHECK (valida_al >= valida_dal),
        documento_id uuid,
        documento_sha256 char(64),
        creata_da varchar(200) NOT NULL,
        creata_il timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE tirocini (
        id uuid PRIMARY KEY,
        workflow_id varchar(200) NOT NULL UNIQUE,
        ufficio varchar(40) NOT NULL,
        regione varchar(40) NOT NULL,
        stato varchar(30) NOT NULL,
        promotore_id uuid NOT NULL REFERENCES tir_soggetti (id),
        ospitante_id uuid NOT NULL REFERENCES tir_soggetti (id),
        sede_id uuid NOT NULL REFERENCES tir_sedi (id),
        tirocinante_id uuid NOT NULL REFERENCES tir_tirocinanti (id),
        tutor_ospitante_id uuid NOT NULL REFERENCES tir_tutor (id),
        tutor_promotore_id uuid NOT NULL REFERENCES tir_tutor (id),
        data_inizio date NOT NULL,
        data_fine date NOT NULL,
        progetto jsonb NOT NULL,
        firme jsonb NOT NULL DEFAULT '{}',
        versione_regole varchar(40),
        stato_procedura jsonb,
        scadenza date,
        creato_da varchar(200) NOT NULL,
        creato_il timestamptz NOT NULL,
        ultima_modifica_da varchar(200) NOT NULL,
        inviata_da varchar(200),
        inviata_il timestamptz,
        decisa_il timestamptz,
        esito_decisione varchar(20),
        avviata_il timestamptz,
        conclusa_il timestamptz,
        aggiornata_il timestamptz NOT NULL,
        versione int NOT NULL DEFAULT 0
      )`);
    // The places a practice holds (from submission to its end) are counted per site, tutor and trainee.
    await q.query(`CREATE INDEX ix_tirocini_sede ON tirocini (sede_id, stato)`);
    await q.query(`CREATE INDEX ix_tirocini_tutor_osp ON tirocini (tutor_ospitante_id, stato)`);
    await q.query(`CREATE INDEX ix_tirocini_tutor_pro ON tirocini (tutor_promotore_id, stato)`);
    await q.query(`CREATE INDEX ix_tirocini_tirocinante ON tirocini (tirocinante_id, stato)`);
    await q.query(`CREATE INDEX ix_tirocini_ufficio ON tirocini (ufficio, stato, scadenza)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['tirocini', 'tir_convenzioni', 'tir_tutor', 'tir_tirocinanti', 'tir_sedi', 'tir_soggetti']) await q.query(`DROP TABLE ${t}`);
  }
}
