import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collocamento mirato (L. 68/99): the list of enrolled people and the employers, the employers' requests (offerte),
 * the applications (kept here, not in the workflow: an offer may draw tens of thousands), and each published
 * graduatoria with the exact inputs it was computed from, so it can be recomputed and verified later.
 */
export class Collocamento1764316800000 implements MigrationInterface {
  name = 'Collocamento1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cm_iscritti (
        id varchar(60) PRIMARY KEY,
        codice_fiscale varchar(16) NOT NULL UNIQUE,
        ufficio varchar(40) NOT NULL,
        territorio varchar(40) NOT NULL,
        categoria varchar(10) NOT NULL CHECK (categoria IN ('art1', 'art18')),
        percentuale_invalidita int CHECK (percentuale_invalidita BETWEEN 0 AND 100),
        data_iscrizione date NOT NULL,
        stato_occupazionale varchar(20) NOT NULL,
        isee_cent bigint,
        familiari_a_carico int NOT NULL DEFAULT 0,
        competenze text[] NOT NULL DEFAULT '{}',
        mansioni_compatibili text[] NOT NULL DEFAULT '{}',
        mansioni_incompatibili text[] NOT NULL DEFAULT '{}',
        note_compatibilita text NOT NULL DEFAULT '',
        sesso char(1) NOT NULL,
        data_nascita date NOT NULL,
        relazione_documento_id uuid,
        relazione_sha256 char(64),
        segnalazioni jsonb NOT NULL DEFAULT '[]',
        aggiornato_da varchar(200) NOT NULL,
        aggiornato_il timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_cm_iscritti_ufficio ON cm_iscritti (ufficio, territorio)`);
    await q.query(`
      CREATE TABLE cm_datori (
        id varchar(60) PRIMARY KEY,
        codice_fiscale varchar(16) NOT NULL UNIQUE,
        denominazione varchar(300),
        dipendenti_computabili int NOT NULL CHECK (dipendenti_computabili >= 0),
        copertura_art1 int NOT NULL DEFAULT 0 CHECK (copertura_art1 >= 0),
        copertura_art18 int NOT NULL DEFAULT 0 CHECK (copertura_art18 >= 0),
        aggiornato_da varchar(200) NOT NULL,
        aggiornato_il timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE cm_offerte (
        id uuid PRIMARY KEY,
        workflow_id varchar(200) NOT NULL UNIQUE,
        ufficio varchar(40) NOT NULL,
        regione varchar(40) NOT NULL,
        datore_id varchar(60) NOT NULL REFERENCES cm_datori (id),
        stato varchar(30) NOT NULL,
        offerta jsonb NOT NULL,
        stato_procedura jsonb NOT NULL,
        richiesta_il timestamptz NOT NULL,
        rosa_il timestamptz,
        sla_scadenza date,
        sla_violata boolean NOT NULL DEFAULT false,
        creata_da varchar(200) NOT NULL,
        aggiornata_il timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_cm_offerte_ufficio ON cm_offerte (ufficio, richiesta_il)`);
    await q.query(`
      CREATE TABLE cm_adesioni (
        offerta_id uuid NOT NULL REFERENCES cm_offerte (id),
        iscritto_id varchar(60) NOT NULL REFERENCES cm_iscritti (id),
        aderito_il timestamptz NOT NULL,
        registrata_da varchar(200),
        ritirata_il timestamptz,
        PRIMARY KEY (offerta_id, iscritto_id)
      )`);
    await q.query(`
      CREATE TABLE cm_graduatorie (
        offerta_id uuid PRIMARY KEY REFERENCES cm_offerte (id),
        hash char(64) NOT NULL,
        versione_regole varchar(60) NOT NULL,
        data_riferimento date NOT NULL,
        data_chiusura date NOT NULL,
        -- The offer and every applicant's data exactly as ranked: the verification recomputes from these.
        input_offerta jsonb NOT NULL,
        input_candidati jsonb NOT NULL,
        risultato jsonb NOT NULL,
        calcolata_il timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['cm_graduatorie', 'cm_adesioni', 'cm_offerte', 'cm_datori', 'cm_iscritti']) await q.query(`DROP TABLE ${t}`);
  }
}
