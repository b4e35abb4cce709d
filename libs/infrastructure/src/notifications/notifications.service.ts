import { Injectable, Module, Global } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { NotificaEntity } from '../persistence/entities';

export interface NuovaNotifica {
  /** Idempotency key: a second notify with the same key stores and sends nothing. */
  chiave: string;
  ufficio: string;
  /** To a user, to a role or a structure of the office (staff), or to an organisation (its external users: `soggetto`). */
  destinatario: { tipo: 'utente' | 'ruolo' | 'struttura' | 'soggetto'; nome: string };
  procedura: string;
  entitaId: string;
  tipo: string;
  titolo: string;
  testo: string;
  dati?: Record<string, unknown>;
}

/** Who reads notifications: staff act for their office, external users (only they carry a `soggetto`) for their organisation. */
export interface Destinatario {
  sub: string;
  roles: string[];
  office: string;
  soggetto?: string;
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

/** A notice as the caller reads it: read or not by them (read state is per user). */
export type NotificaLetta = NotificaEntity & { lettaIl: Date | null };

/**
 * Stores notifications (listed per user at /api/v1/notifiche) and, in the same transaction, the e-mails that carry
 * them to the addresses the office's directory (`rubrica`) gives for the recipient: an outbox that the worker's
 * `InvioEmail` sends, so a notice stored is a notice e-mailed, even across a crash.
 */
@Injectable()
export class NotificationsService {
  private avvisa?: () => void;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Called after new notices are committed (the e-mail sender of this process, to send them without waiting). */
  quandoNuove(avvisa: () => void): void {
    this.avvisa = avvisa;
  }

  /** Stores the notification inside `manager`'s transaction; returns it if new, null if the key was already used. */
  async store(manager: EntityManager, n: NuovaNotifica): Promise<NotificaEntity | null> {
    const row: NotificaEntity = {
      id: randomUUID(), chiave: n.chiave, ufficio: n.ufficio, destinatarioTipo: n.destinatario.tipo, destinatario: n.destinatario.nome,
      procedura: n.procedura, entitaId: n.entitaId, tipo: n.tipo, titolo: n.titolo.slice(0, 300), testo: n.testo, dati: n.dati ?? null,
      creataIl: new Date(),
    };
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notifiche (id, chiave, ufficio, destinatario_tipo, destinatario, procedura, entita_id, tipo, titolo, testo, dati, creata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (chiave) DO NOTHING RETURNING id`,
      [row.id, row.chiave, row.ufficio, row.destinatarioTipo, row.destinatario, row.procedura, row.entitaId, row.tipo, row.titolo, row.testo,
        row.dati === null ? null : JSON.stringify(row.dati), row.creataIl],
    );
    if (!inserted.length) return null;
    // The addresses of the recipient: its own entry's mailbox and, for a structure, its named users' addresses.
    await manager.query(
      `INSERT INTO notifiche_email (id, notifica_id, indirizzo)
       SELECT gen_random_uuid(), $1, indirizzo FROM (
         SELECT lower(r.email) AS indirizzo FROM rubrica r WHERE r.ufficio = $2 AND r.tipo = $3 AND r.nome = $4 AND r.email IS NOT NULL
         UNION
         SELECT lower(u.email) FROM rubrica r JOIN rubrica u ON u.ufficio = r.ufficio AND u.tipo = 'utente' AND u.nome = ANY (r.utenti)
          WHERE r.ufficio = $2 AND r.tipo = $3 AND r.nome = $4 AND u.email IS NOT NULL
       ) a ON CONFLICT DO NOTHING`,
      [row.id, row.ufficio, row.destinatarioTipo, row.destinatarioTipo === 'soggetto' ? row.destinatario.toUpperCase() : row.destinatario],
    );
    return row;
  }

  /** After the transaction committed: the e-mails of new notices can go (the outbox is sent in any case). */
  async deliver(rows: Array<NotificaEntity | null>): Promise<void> {
    if (rows.some((r) => r !== null)) this.avvisa?.();
  }

  async chiaviUsate(procedura: string, entitaId: string): Promise<Set<string>> {
    const rows: { chiave: string }[] = await this.db.query('SELECT chiave FROM notifiche WHERE procedura = $1 AND entita_id = $2', [procedura, entitaId]);
    return new Set(rows.map((r) => r.chiave));
  }

  /** What a caller sees: addressed to them, to one of their roles in their office, or to a structure of their office. */
  async listFor(caller: Destinatario, filter: { struttura?: string; procedura?: string; entitaId?: string } = {}, limit = 200): Promise<NotificaLetta[]> {
    const qb = this.db.getRepository(NotificaEntity).createQueryBuilder('n')
      .where('n.ufficio = :office', { office: caller.office })
      .andWhere(perDestinatario('n.'), { sub: caller.sub, roles: ruoliInterni(caller), soggetto: caller.soggetto?.toUpperCase() ?? '' })
      .orderBy('n.creata_il', 'DESC')
      .limit(limit);
    if (filter.struttura) qb.andWhere(`n.destinatario_tipo = 'struttura' AND n.destinatario = :s`, { s: filter.struttura });
    if (filter.procedura) qb.andWhere('n.procedura = :p', { p: filter.procedura });
    if (filter.entitaId) qb.andWhere('n.entita_id = :e', { e: filter.entitaId });
    const rows = await qb.getMany();
    const lette: { notifica_id: string; letta_il: Date }[] = rows.length
      ? await this.db.query('SELECT notifica_id, letta_il FROM notifiche_lette WHERE utente = $1 AND notifica_id = ANY ($2::uuid[])', [caller.sub, rows.map((r) => r.id)])
      : [];
    const quando = new Map(lette.map((l) => [l.notifica_id, l.letta_il]));
    return rows.map((r) => ({ ...r, lettaIl: quando.get(r.id) ?? null }));
  }

  /** Marks as read, for the caller only, a notification the caller can see; false when there is none. */
  async markRead(id: string, caller: Destinatario): Promise<boolean> {
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
}

@Global()
@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
