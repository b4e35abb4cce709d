import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inspections, impartiality (docs/assignment.md §3, §10): periods that cannot overlap and keep the chain head
 * published at their reveal; one chain per inspectorate, numbered, holding manual assignments too; conflicts of
 * interest with who declared them, their source, their confirmation and their revocation; absences with who entered
 * and who confirmed them (what someone enters about another inspector counts in draws only once a second dirigente
 * confirms it); the reason a request waits for its draw.
 *
 * Transcripts recorded before this migration formed one chain for all inspectorates: they keep it, under the name
 * '(globale)', and stay verifiable as they were; new transcripts start each inspectorate's own chain.
 */
export class IspezioniImparzialita1764403200000 implements MigrationInterface {
  name = 'IspezioniImparzialita1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await q.query(`ALTER TABLE periodi_sorteggio
      ADD COLUMN testa_n int, ADD COLUMN testa_hash char(64), ADD COLUMN creato_da varchar(200) NOT NULL DEFAULT 'sistema'`);
    await q.query(`ALTER TABLE periodi_sorteggio
      ADD CONSTRAINT ex_periodi_sovrapposti EXCLUDE USING gist (ispettorato WITH =, tstzrange(inizio, fine) WITH &&)`);

    await q.query(`ALTER TABLE sorteggi
      ADD COLUMN tipo varchar(20) NOT NULL DEFAULT 'sorteggio' CHECK (tipo IN ('sorteggio', 'manuale')),
      ADD COLUMN catena varchar(40), ADD COLUMN n int`);
    await q.query(
      `UPDATE sorteggi s SET catena = '(globale)', n = x.n FROM (SELECT id, row_number() OVER (ORDER BY seq) AS n FROM sorteggi) x WHERE x.id = s.id`,
    );
    await q.query('ALTER TABLE sorteggi ALTER COLUMN catena SET NOT NULL, ALTER COLUMN n SET NOT NULL, ALTER COLUMN periodo DROP NOT NULL');
    await q.query('ALTER TABLE sorteggi ADD CONSTRAINT uq_sorteggi_catena_n UNIQUE (catena, n)');

    await q.query(`ALTER TABLE conflitti_interesse
      ADD COLUMN dichiarato_ruolo varchar(20), ADD COLUMN fonte text,
      ADD COLUMN stato varchar(20) NOT NULL DEFAULT 'in-vigore' CHECK (stato IN ('in-vigore', 'da-confermare', 'respinta')),
      ADD COLUMN confermato_da varchar(200), ADD COLUMN confermato_il timestamptz,
      ADD COLUMN revocato_il timestamptz, ADD COLUMN revocato_da varchar(200), ADD COLUMN motivo_revoca text`);
    await q.query(`ALTER TABLE ispettori_assenze
      ADD COLUMN inserita_da varchar(200) NOT NULL DEFAULT 'migrazione', ADD COLUMN inserita_il timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN stato varchar(20) NOT NULL DEFAULT 'in-vigore' CHECK (stato IN ('in-vigore', 'da-confermare', 'respinta')),
      ADD COLUMN confermata_da varchar(200), ADD COLUMN confermata_il timestamptz`);
    await q.query('CREATE INDEX ix_conflitti_azienda ON conflitti_interesse (azienda_id) WHERE revocato_il IS NULL');

    await q.query('ALTER TABLE richieste_intervento ADD COLUMN attesa jsonb');
    await q.query(`CREATE INDEX ix_richieste_in_attesa ON richieste_intervento (ispettorato, registrata_il) WHERE stato = 'registrata'`);

    await q.query(`ALTER TABLE riassegnazioni_manuali
      ADD COLUMN deroga_rotazione text, ADD COLUMN sorteggio_id uuid REFERENCES sorteggi (id)`);
    await q.query('ALTER TABLE riassegnazioni_manuali DROP CONSTRAINT riassegnazioni_manuali_stato_check');
    await q.query(
      `ALTER TABLE riassegnazioni_manuali ADD CONSTRAINT riassegnazioni_manuali_stato_check CHECK (stato IN ('proposta', 'approvata', 'respinta', 'decaduta'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE riassegnazioni_manuali DROP CONSTRAINT riassegnazioni_manuali_stato_check');
    await q.query(`UPDATE riassegnazioni_manuali SET stato = 'respinta' WHERE stato = 'decaduta'`);
    await q.query(
      `ALTER TABLE riassegnazioni_manuali ADD CONSTRAINT riassegnazioni_manuali_stato_check CHECK (stato IN ('proposta', 'approvata', 'respinta'))`,
    );
    await q.query('ALTER TABLE riassegnazioni_manuali DROP COLUMN deroga_rotazione, DROP COLUMN sorteggio_id');
    await q.query('DROP INDEX ix_richieste_in_attesa');
    await q.query('ALTER TABLE richieste_intervento DROP COLUMN attesa');
    await q.query('DROP INDEX ix_conflitti_azienda');
    await q.query(
      'ALTER TABLE ispettori_assenze DROP COLUMN inserita_da, DROP COLUMN inserita_il, DROP COLUMN stato, DROP COLUMN confermata_da, DROP COLUMN confermata_il',
    );
    await q.query(
      'ALTER TABLE conflitti_interesse DROP COLUMN dichiarato_ruolo, DROP COLUMN fonte, DROP COLUMN stato, DROP COLUMN confermato_da, DROP COLUMN confermato_il, DROP COLUMN revocato_il, DROP COLUMN revocato_da, DROP COLUMN motivo_revoca',
    );
    await q.query(`DELETE FROM sorteggi WHERE tipo = 'manuale'`);
    await q.query('ALTER TABLE sorteggi DROP CONSTRAINT uq_sorteggi_catena_n');
    await q.query('ALTER TABLE sorteggi DROP COLUMN tipo, DROP COLUMN catena, DROP COLUMN n');
    await q.query('ALTER TABLE periodi_sorteggio DROP CONSTRAINT ex_periodi_sovrapposti');
    await q.query('ALTER TABLE periodi_sorteggio DROP COLUMN testa_n, DROP COLUMN testa_hash, DROP COLUMN creato_da');
  }
}
