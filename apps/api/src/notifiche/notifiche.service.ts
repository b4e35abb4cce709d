import { Injectable } from '@nestjs/common';
import { Actor } from '@app/domain';
import { NotificationsService } from '@app/infrastructure';
import { LIMITE_PAGINA, leggiCursoreIstante, pagina } from '../common/paginazione';
import { notFound } from '../common/problem';
import type { NotificaView, NotificheQuery } from './notifiche.dto';

/** The caller's notices a page at a time, and their read state (each user's own). */
@Injectable()
export class NotificheService {
  constructor(private readonly notifications: NotificationsService) {}

  /** Newest first, a page at a time (see common/paginazione). */
  async elenco(actor: Actor, q: NotificheQuery): Promise<{ notifiche: NotificaView[]; successivo?: string }> {
    const limite = q.limite ?? LIMITE_PAGINA;
    const rows = await this.notifications.listFor(
      actor,
      { struttura: q.struttura, procedura: q.procedura, entitaId: q.entita, dopo: q.dopo ? leggiCursoreIstante(q.dopo) : undefined },
      limite + 1,
    );
    const { elementi, successivo } = pagina(rows, limite, (n) => [n.istante, n.id]);
    return { notifiche: elementi.map(({ istante: _istante, ...n }) => n), ...(successivo ? { successivo } : {}) };
  }

  async segnaLetta(id: string, actor: Actor): Promise<void> {
    if (!(await this.notifications.markRead(id, actor))) throw notFound(`notifica ${id}`);
  }
}
