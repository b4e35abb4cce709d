import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotificaEntity } from '../persistence/entities';

/** Who reads notifications: staff act for their office, external users (only they carry a `soggetto`) for their organisation. */
export interface Destinatario {
  sub: string;
  roles: string[];
  office: string;
  soggetto?: string;
}

/** A notice as the caller reads it: read or not by them (read state is per user). */
export type NotificaLetta = NotificaEntity & { lettaIl: Date | null };

/** An e-mail of the outbox, leased for sending, with the notice it carries. */
export interface DaInviare {
  id: string;
  notifica_id: string;
  indirizzo: string;
  tentativi: number;
  titolo: string;
  testo: string;
  procedura: string;
  entita_id: string;
  ufficio: string;
  creata_il: Date;
}

/**
 * Roles whose notices the caller reads: staff their roles' and their structures'; an external user none (a notice for
 * every promotore or host of an office would tell each about the others' cases): only what is addressed to them or
 * to their organisation.
 */
const ruoliInterni = (c: Destinatario) => (c.soggetto ? [''] : c.roles.length ? c.roles : ['']);
const perDestinatario = (p: string) =>
  `((${p}destinatario_tipo = 'utente' AND ${p}destinatario = :sub) OR (${p}destinatario_tipo = 'ruolo' AND ${p}destinatario IN (:...roles))
    OR (${p}destinatario_tipo = 'struttura' AND :soggetto = '') OR (${p}destinatario_tipo = 'soggetto' AND ${p}destinatario = :soggetto AND :soggetto <> ''))`;

/**
 * The notices (`notifiche`), who read them (`notifiche_lette`) and the outbox of their e-mails (`notifiche_email`),
 * whose rows the sender leases with SKIP LOCKED.
 */
@Injectable()
export class NotificheRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Stores the notice inside `m`'s transaction and, with it, one e-mail per address the office's directory
   * (`rubrica`) gives for the recipient: its own entry's mailbox and, for a structure, its named users' addresses.
   * False, and nothing written, when the notice's key was already used.
   */
  async inserisci(m: EntityManager, row: NotificaEntity): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO notifiche (id, chiave, ufficio, destinatario_tipo, destinatario, procedura, entita_id, tipo, titolo, testo, dati, creata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (chiave) DO NOTHING RETURNING id`,
      [
        row.id,
        row.chiave,
        row.ufficio,
        row.destinatarioTipo,
        row.destinatario,
        row.procedura,
        row.entitaId,
        row.tipo,
        row.titolo,
        row.testo,
        row.dati === null ? null : JSON.stringify(row.dati),
        row.creataIl,
      ],
    );
    if (!inserted.length) return false;
    await m.query(
      `INSERT INTO notifiche_email (id, notifica_id, indirizzo)
       SELECT gen_random_uuid(), $1, indirizzo FROM (
         SELECT lower(r.email) AS indirizzo FROM rubrica r WHERE r.ufficio = $2 AND r.tipo = $3 AND r.nome = $4 AND r.email IS NOT NULL
         UNION
         SELECT lower(u.email) FROM rubrica r JOIN rubrica u ON u.ufficio = r.ufficio AND u.tipo = 'utente' AND u.nome = ANY (r.utenti)
          WHERE r.ufficio = $2 AND r.tipo = $3 AND r.nome = $4 AND u.email IS NOT NULL
       ) a ON CONFLICT DO NOTHING`,
      [row.id, row.ufficio, row.destinatarioTipo, row.destinatarioTipo === 'soggetto' ? row.destinatario.toUpperCase() : row.destinatario],
    );
    return true;
  }

  async chiaviUsate(procedura: string, entitaId: string): Promise<Set<string>> {
    const rows: { chiave: string }[] = await this.db.query('SELECT chiave FROM notifiche WHERE procedura = $1 AND entita_id = $2', [procedura, entitaId]);
    return new Set(rows.map((r) => r.chiave));
  }

  /** What a caller sees: addressed to them, to one of their roles in their office, or to a structure of their office. */
  async perDestinatario(caller: Destinatario, filter: { struttura?: string; procedura?: string; entitaId?: string }, limit: number): Promise<NotificaLetta[]> {
    const qb = this.db
      .getRepository(NotificaEntity)
      .createQueryBuilder('n')
      .where('n.ufficio = :office', { office: caller.office })
      .andWhere(perDestinatario('n.'), { sub: caller.sub, roles: ruoliInterni(caller), soggetto: caller.soggetto?.toUpperCase() ?? '' })
      .orderBy('n.creata_il', 'DESC')
      .limit(limit);
    if (filter.struttura) qb.andWhere(`n.destinatario_tipo = 'struttura' AND n.destinatario = :s`, { s: filter.struttura });
    if (filter.procedura) qb.andWhere('n.procedura = :p', { p: filter.procedura });
    if (filter.entitaId) qb.andWhere('n.entita_id = :e', { e: filter.entitaId });
    const rows = await qb.getMany();
    const lette: { notifica_id: string; letta_il: Date }[] = rows.length
      ? await this.db.query('SELECT notifica_id, letta_il FROM notifiche_lette WHERE utente = $1 AND notifica_id = ANY ($2::uuid[])', [
          caller.sub,
          rows.map((r) => r.id),
        ])
      : [];
    const quando = new Map(lette.map((l) => [l.notifica_id, l.letta_il]));
    return rows.map((r) => ({ ...r, lettaIl: quando.get(r.id) ?? null }));
  }

  /** Marks as read, for the caller only, a notification the caller can see; false when there is none. */
  async segnaLetta(id: string, caller: Destinatario): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH visibile AS (
         SELECT id FROM notifiche
          WHERE id = $1 AND ufficio = $2 AND ${perDestinatario('').replaceAll(':sub', '$3').replaceAll(':...roles', 'SELECT unnest($4::text[])').replaceAll(':soggetto', '$5')}
       ), letta AS (
         INSERT INTO notifiche_lette (notifica_id, utente) SELECT id, $3 FROM visibile ON CONFLICT DO NOTHING
       )
       SELECT id FROM visibile`,
      [id, caller.office, caller.sub, ruoliInterni(caller), caller.soggetto?.toUpperCase() ?? ''],
    );
    return rows.length > 0;
  }

  /**
   * Leases up to 10 e-mails due now for 5 minutes (their attempts counted), oldest due first; rows another sender
   * holds are skipped, so two senders never take the same one.
   */
  async prendiDaInviare(): Promise<DaInviare[]> {
    const r: [DaInviare[], number] | DaInviare[] = await this.db.query(
      `UPDATE notifiche_email e SET prossimo_tentativo = now() + interval '5 minutes', tentativi = e.tentativi + 1
         FROM notifiche n
        WHERE n.id = e.notifica_id AND e.id IN (
          SELECT id FROM notifiche_email WHERE stato = 'da-inviare' AND prossimo_tentativo <= now()
           ORDER BY prossimo_tentativo LIMIT 10 FOR UPDATE SKIP LOCKED)
       RETURNING e.id, e.notifica_id, e.indirizzo, e.tentativi, n.titolo, n.testo, n.procedura, n.entita_id, n.ufficio, n.creata_il`,
    );
    return Array.isArray(r[0]) ? (r[0] as DaInviare[]) : (r as DaInviare[]);
  }

  async segnaInviata(id: string): Promise<void> {
    await this.db.query(`UPDATE notifiche_email SET stato = 'inviata', inviata_il = now(), errore = NULL WHERE id = $1`, [id]);
  }

  /** A failed send: retried after `pausaSecondi`, or given up (`fallita`). */
  async segnaNonInviata(id: string, errore: string, fallita: boolean, pausaSecondi: number): Promise<void> {
    await this.db.query(`UPDATE notifiche_email SET errore = $2, stato = $3, prossimo_tentativo = now() + make_interval(secs => $4) WHERE id = $1`, [
      id,
      errore,
      fallita ? 'fallita' : 'da-inviare',
      pausaSecondi,
    ]);
  }
}
