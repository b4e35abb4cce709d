import { Injectable, Module, Global } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { NotificaEntity } from '../persistence/entities';
import { Destinatario, FiltroNotifiche, NotificaElencata, NotificheRepository } from './notifiche.repository';

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

/**
 * Stores notifications (listed per user at /api/v1/notifiche) and, in the same transaction, the e-mails that carry
 * them to the addresses the office's directory (`rubrica`) gives for the recipient: an outbox that the worker's
 * `InvioEmail` sends, so a notice stored is a notice e-mailed, even across a crash.
 */
@Injectable()
export class NotificationsService {
  private avvisa?: () => void;

  constructor(private readonly repo: NotificheRepository) {}

  /** Called after new notices are committed (the e-mail sender of this process, to send them without waiting). */
  quandoNuove(avvisa: () => void): void {
    this.avvisa = avvisa;
  }

  /** Stores the notification inside `manager`'s transaction; returns it if new, null if the key was already used. */
  async store(manager: EntityManager, n: NuovaNotifica): Promise<NotificaEntity | null> {
    const row: NotificaEntity = {
      id: randomUUID(),
      chiave: n.chiave,
      ufficio: n.ufficio,
      destinatarioTipo: n.destinatario.tipo,
      destinatario: n.destinatario.nome,
      procedura: n.procedura,
      entitaId: n.entitaId,
      tipo: n.tipo,
      titolo: n.titolo.slice(0, 300),
      testo: n.testo,
      dati: n.dati ?? null,
      creataIl: new Date(),
    };
    return (await this.repo.inserisci(manager, row)) ? row : null;
  }

  /** After the transaction committed: the e-mails of new notices can go (the outbox is sent in any case). */
  async deliver(rows: Array<NotificaEntity | null>): Promise<void> {
    if (rows.some((r) => r !== null)) this.avvisa?.();
  }

  chiaviUsate(procedura: string, entitaId: string): Promise<Set<string>> {
    return this.repo.chiaviUsate(procedura, entitaId);
  }

  /** What a caller sees: addressed to them, to one of their roles in their office, or to a structure of their office. */
  /** The caller's notices, newest first, `limit` from where the previous page ended (`filter.dopo`). */
  listFor(caller: Destinatario, filter: FiltroNotifiche = {}, limit = 200): Promise<NotificaElencata[]> {
    return this.repo.perDestinatario(caller, filter, limit);
  }

  /** Marks as read, for the caller only, a notification the caller can see; false when there is none. */
  markRead(id: string, caller: Destinatario): Promise<boolean> {
    return this.repo.segnaLetta(id, caller);
  }
}

@Global()
@Module({ providers: [NotificheRepository, NotificationsService], exports: [NotificheRepository, NotificationsService] })
export class NotificationsModule {}
