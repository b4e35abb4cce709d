import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices reach people: the office's directory of addresses (a user's e-mail, a role's or a structure's mailbox and
 * its named users, an organisation's PEC), the e-mails to send as an outbox written with the notice, and read state
 * per user (it was one flag per notice, so one reader marked it read for the whole office).
 */
export class Recapiti1764748800000 implements MigrationInterface {
  name = 'Recapiti1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rubrica (
      ufficio varchar(40) NOT NULL,
      tipo varchar(20) NOT NULL CHECK (tipo IN ('utente', 'ruolo', 'struttura', 'soggetto')),
      nome varchar(200) NOT NULL,
      email varchar(254),
      utenti text[] NOT NULL DEFAULT '{}',
      aggiornato_da varchar(200) NOT NULL,
      aggiornato_ruoli varchar(200) NOT NULL,
      aggiornato_il timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (ufficio, tipo, nome)
    )`);
    await q.query(`CREATE TABLE notifiche_email (
      id uuid PRIMARY KEY,
      notifica_id uuid NOT NULL REFERENCES notifiche (id) ON DELETE CASCADE,
      indirizzo varchar(254) NOT NULL,
      stato varchar(12) NOT NULL DEFAULT 'da-inviare' CHECK (stato IN ('da-inviare', 'inviata', 'fallita')),
      tentativi integer NOT NULL DEFAULT 0,
      prossimo_tentativo timestamptz NOT NULL DEFAULT now(),
      inviata_il timestamptz,
      errore text,
      UNIQUE (notifica_id, indirizzo)
    )`);
    await q.query(`CREATE INDEX notifiche_email_da_inviare ON notifiche_email (prossimo_tentativo) WHERE stato = 'da-inviare'`);
    await q.query(`CREATE TABLE notifiche_lette (
      notifica_id uuid NOT NULL REFERENCES notifiche (id) ON DELETE CASCADE,
      utente varchar(200) NOT NULL,
      letta_il timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (notifica_id, utente)
    )`);
    // Who read the notices already marked is not known: they stay unread for everyone but the system.
    await q.query('ALTER TABLE notifiche DROP COLUMN letta_il');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notifiche ADD COLUMN letta_il timestamptz');
    await q.query('DROP TABLE notifiche_lette');
    await q.query('DROP TABLE notifiche_email');
    await q.query('DROP TABLE rubrica');
  }
}
