import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each run of the documents' reconciliation (objects with no row, uploads never completed): what it found and removed. */
export class RiconciliazioneDocumenti1764662400000 implements MigrationInterface {
  name = 'RiconciliazioneDocumenti1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE riconciliazioni_documenti (
      id bigserial PRIMARY KEY,
      eseguita_il timestamptz NOT NULL DEFAULT now(),
      versioni_esaminate integer NOT NULL,
      orfani_rimossi integer NOT NULL,
      caricamenti_annullati integer NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE riconciliazioni_documenti');
  }
}
