import { Inject, Injectable, Logger, Module, Global, Optional } from '@nestjs/common';
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

/** Delivers a stored notification outside the service (e-mail, PEC). Plug one in with NOTIFICATION_SENDERS. */
export interface NotificationSender {
  send(n: NotificaEntity): Promise<void>;
}
export const NOTIFICATION_SENDERS = Symbol('NOTIFICATION_SENDERS');

/** Stores notifications (listed per user at /api/v1/notifiche) and hands new ones to the configured senders. */
@Injectable()
export class NotificationsService {
  private readonly log = new Logger(NotificationsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() @Inject(NOTIFICATION_SENDERS) private readonly senders: NotificationSender[] = [],
  ) {}

  /** Stores the notification inside `manager`'s transaction; returns it if new, null if the key was already used. */
  async store(manager: EntityManager, n: NuovaNotifica): Promise<NotificaEntity | null> {
    const row: NotificaEntity = {
      id: randomUUID(), chiave: n.chiave, ufficio: n.ufficio, destinatarioTipo: n.destinatario.tipo, destinatario: n.destinatario.nome,
      procedura: n.procedura, entitaId: n.entitaId, tipo: n.tipo, titolo: n.titolo.slice(0, 300), testo: n.testo, dati: n.dati ?? null,
      creataIl: new Date(), lettaIl: null,
    };
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notifiche (id, chiave, ufficio, destinatario_tipo, destinatario, procedura, entita_id, tipo, titolo, testo, dati, creata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (chiave) DO NOTHING RETURNING id`,
      [row.id, row.chiave, row.ufficio, row.destinatarioTipo, row.destinatario, row.procedura, row.entitaId, row.tipo, row.titolo, row.testo,
        row.dati === null ? null : JSON.stringify(row.dati), row.creataIl],
    );
    return inserted.length ? row : null;
  }

  /** After the transaction committed: hand new notifications to the senders (best effort, logged on failure). */
  async deliver(rows: Array<NotificaEntity | null>): Promise<void> {
    for (const row of rows) {
      if (!row) continue;
      for (const s of this.senders) await s.send(row).catch((e) => this.log.warn(`sender failed for ${row.chiave}: ${(e as Error).message}`));
    }
  }

  async chiaviUsate(procedura: string, entitaId: string): Promise<Set<string>> {
    const rows: { chiave: string }[] = await this.db.query('SELECT chiave FROM notifiche WHERE procedura = $1 AND entita_id = $2', [procedura, entitaId]);
    return new Set(rows.map((r) => r.chiave));
  }

  /** What a caller sees: addressed to them, to one of their roles in their office, or to a structure of their office. */
  listFor(caller: Destinatario, filter: { struttura?: string; procedura?: string; entitaId?: string } = {}, limit = 200) {
    const qb = this.db.getRepository(NotificaEntity).createQueryBuilder('n')
      .where('n.ufficio = :office', { office: caller.office })
      .andWhere(perDestinatario('n.'), { sub: caller.sub, roles: ruoliInterni(caller), soggetto: caller.soggetto?.toUpperCase() ?? '' })
      .orderBy('n.creata_il', 'DESC')
      .limit(limit);
    if (filter.struttura) qb.andWhere(`n.destinatario_tipo = 'struttura' AND n.destinatario = :s`, { s: filter.struttura });
    if (filter.procedura) qb.andWhere('n.procedura = :p', { p: filter.procedura });
    if (filter.entitaId) qb.andWhere('n.entita_id = :e', { e: filter.entitaId });
    return qb.getMany();
  }

  /** Marks as read a notification the caller can see; false when there is none. */
  async markRead(id: string, caller: Destinatario): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `UPDATE notifiche SET letta_il = COALESCE(letta_il, now())
       WHERE id = $1 AND ufficio = $2 AND ${perDestinatario('').replaceAll(':sub', '$3').replaceAll(':...roles', 'SELECT unnest($4::text[])').replaceAll(':soggetto', '$5')}
       RETURNING id`,
      [id, caller.office, caller.sub, ruoliInterni(caller), caller.soggetto?.toUpperCase() ?? ''],
    );
    // For UPDATE, TypeORM's query() answers [rows, affected count].
    return (rows as [unknown[], number])[1] > 0;
  }
}

@Global()
@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
