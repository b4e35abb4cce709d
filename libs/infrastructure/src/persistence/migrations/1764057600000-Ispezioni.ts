import { MigrationInterface, QueryRunner } from 'typeorm';

/** Inspections: registry, intervention requests, commit-reveal periods, hash-chained draws, manual reassignments. */
export class Ispezioni1764057600000 implements MigrationInterface {
  name = 'Ispezioni1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ispettorati (
        codice varchar(40) PRIMARY KEY,
        nome varchar(200) NOT NULL,
        territori text[] NOT NULL,
        politica jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`
      CREATE TABLE ispettori (
        id varchar(200) PRIMARY KEY,
        ispettorato varchar(40) NOT NULL REFERENCES ispettorati (codice),
        nome varchar(200) NOT NULL,
        territori text[] NOT NULL,
        qualifiche text[] NOT NULL,
        attivo boolean NOT NULL DEFAULT true,
        creato_il timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_ispettori_ispettorato ON ispettori (ispettorato)`);
    await q.query(`
      CREATE TABLE ispettori_assenze (
        id uuid PRIMARY KEY,
        ispettore_id varchar(200) NOT NULL REFERENCES ispettori (id),
        dal date NOT NULL,
        al date NOT NULL CHECK (al >= dal),
        motivo varchar(300) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE aziende (
        id uuid PRIMARY KEY,
        codice_fiscale varchar(16) NOT NULL UNIQUE,
        ragione_sociale varchar(300) NOT NULL,
        territorio varchar(40) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE conflitti_interesse (
        id uuid PRIMARY KEY,
        ispettore_id varchar(200) NOT NULL REFERENCES ispettori (id),
        azienda_id uuid NOT NULL REFERENCES aziende (id),
        motivo varchar(1000) NOT NULL,
        dal date NOT NULL,
        al date CHECK (al IS NULL OR al >= dal),
        dichiarato_da varchar(200) NOT NULL,
        dichiarato_il timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE richieste_intervento (
        id uuid PRIMARY KEY,
        workflow_id varchar(200) NOT NULL UNIQUE,
        ispettorato varchar(40) NOT NULL REFERENCES ispettorati (codice),
        fonte varchar(20) NOT NULL,
        azienda_id uuid NOT NULL REFERENCES aziende (id),
        sede varchar(300) NOT NULL,
        territorio varchar(40) NOT NULL,
        tipo_pratica varchar(60) NOT NULL,
        priorita varchar(10) NOT NULL,
        descrizione text NOT NULL,
        stato varchar(30) NOT NULL,
        ispettore_id varchar(200) REFERENCES ispettori (id),
        tentativo int NOT NULL DEFAULT 0,
        stato_procedura jsonb NOT NULL,
        registrata_da varchar(200) NOT NULL,
        registrata_il timestamptz NOT NULL,
        aggiornata_il timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_richieste_ispettore_stato ON richieste_intervento (ispettore_id, stato)`);
    await q.query(`CREATE INDEX ix_richieste_ispettorato ON richieste_intervento (ispettorato, registrata_il)`);
    await q.query(`
      CREATE TABLE periodi_sorteggio (
        ispettorato varchar(40) NOT NULL REFERENCES ispettorati (codice),
        periodo varchar(40) NOT NULL,
        inizio timestamptz NOT NULL,
        fine timestamptz NOT NULL CHECK (fine > inizio),
        impegno char(64) NOT NULL,
        segreto char(64) NOT NULL,
        pubblicato_il timestamptz NOT NULL,
        rivelato_il timestamptz,
        PRIMARY KEY (ispettorato, periodo)
      )`);
    await q.query(`
      CREATE TABLE sorteggi (
        id uuid PRIMARY KEY,
        seq bigserial UNIQUE,
        richiesta_id uuid NOT NULL REFERENCES richieste_intervento (id),
        tentativo int NOT NULL CHECK (tentativo > 0),
        ispettorato varchar(40) NOT NULL,
        periodo varchar(40) NOT NULL,
        ispettore_id varchar(200) NOT NULL,
        trascrizione jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        registrato_il timestamptz NOT NULL,
        CONSTRAINT uq_sorteggi_tentativo UNIQUE (richiesta_id, tentativo)
      )`);
    await q.query(`CREATE INDEX ix_sorteggi_periodo ON sorteggi (ispettorato, periodo)`);
    await q.query(`
      CREATE TABLE riassegnazioni_manuali (
        id uuid PRIMARY KEY,
        richiesta_id uuid NOT NULL REFERENCES richieste_intervento (id),
        ispettore_id varchar(200) NOT NULL REFERENCES ispettori (id),
        motivo text NOT NULL,
        proposta_da varchar(200) NOT NULL,
        proposta_il timestamptz NOT NULL,
        stato varchar(20) NOT NULL CHECK (stato IN ('proposta', 'approvata', 'respinta')),
        decisa_da varchar(200),
        decisa_il timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'riassegnazioni_manuali',
      'sorteggi',
      'periodi_sorteggio',
      'richieste_intervento',
      'conflitti_interesse',
      'aziende',
      'ispettori_assenze',
      'ispettori',
      'ispettorati',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
