import { Injectable } from '@nestjs/common';
import { italianHolidays } from '../libs/domain/src/calendar/festivita';
import { Scadenza, politicaDelPiano, scadenzeDelPiano, testoScadenza } from '../libs/domain/src/cronoprogramma/scadenze';
import { AuditTrail } from '../libs/infrastructure/src/audit/audit.trail';
import { NotificationsService } from '../libs/infrastructure/src/notifications/notifications.service';
import type { PianoEntity } from '../libs/infrastructure/src/persistence/entities';
import { PianiRepository } from '../libs/infrastructure/src/cronoprogramma/piani.repository';
import type { EseguiScadenzaInput, ProssimaScadenzaInput } from '../workflows/cronoprogramma/cronoprogramma.types';

const chiaveNotifica = (pianoId: string, chiave: string) => `piano:${pianoId}:${chiave}`;
const SISTEMA = { sub: 'sistema', roles: ['sistema'], office: '' };
const festivi = italianHolidays();

const TITOLI: Record<Scadenza['tipo'], string> = {
  promemoria: 'Promemoria: fase in scadenza',
  scaduta: 'Fase scaduta senza data di fine effettiva',
  escalation: 'Escalation: fase scaduta non ancora conclusa',
  digest: 'Riepilogo settimanale delle fasi aperte',
  chiusura: 'Piano congelato per il monitoraggio finale',
};

/** Side effects of cronoprogramma tracking: which deadline is next, and sending it (idempotent by its key). */
@Injectable()
export class CronoprogrammaActivities {
  constructor(
    private readonly piani: PianiRepository,
    private readonly audit: AuditTrail,
    private readonly notifications: NotificationsService,
  ) {}

  private async pending(pianoId: string, now: Date): Promise<{ piano: PianoEntity; scadenze: Scadenza[] } | null> {
    const piano = await this.piani.piano(pianoId);
    if (!piano || piano.stato !== 'attivo') return null;
    // Notification keys are global, so they carry the plan: strip it to get the schedule's own keys.
    const prefix = chiaveNotifica(pianoId, '');
    const usate = await this.notifications.chiaviUsate('cronoprogramma', pianoId);
    const eseguite = new Set([...usate].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
    const scadenze = scadenzeDelPiano(piano.documento, piano.baseline, politicaDelPiano(piano.documento), festivi, eseguite, now);
    return { piano, scadenze };
  }

  async prossimaScadenza(input: ProssimaScadenzaInput): Promise<Scadenza | null> {
    return (await this.pending(input.pianoId, new Date(input.now)))?.scadenze[0] ?? null;
  }

  /** Sends the deadline if it still stands (a phase completed meanwhile makes its alerts moot) and records it. */
  async eseguiScadenza(input: EseguiScadenzaInput): Promise<'inviata' | 'superata'> {
    const s = input.scadenza;
    const current = await this.pending(input.pianoId, new Date(Math.max(Date.now(), Date.parse(s.at))));
    if (!current || !current.scadenze.some((x) => x.chiave === s.chiave)) return 'superata';
    const { piano } = current;
    const testo = testoScadenza(piano.documento, s);
    const stored = await this.piani.transazione(async (m) => {
      // Lock order everywhere: the plan's row first (as the API's changes do), then the audit chain.
      await this.piani.blocca(m, piano.id);
      const row = await this.notifications.store(m, {
        chiave: chiaveNotifica(piano.id, s.chiave),
        ufficio: piano.ufficio,
        destinatario: s.destinatario,
        procedura: 'cronoprogramma',
        entitaId: piano.id,
        tipo: s.tipo,
        titolo: TITOLI[s.tipo],
        testo,
        dati: { indicatore: s.indicatore, fase: s.fase, fasi: s.fasi, scadenza: s.at },
      });
      if (!row) return null;
      await this.audit.append(m, {
        actor: { ...SISTEMA, office: piano.ufficio },
        procedura: 'cronoprogramma',
        entita: 'piano',
        entitaId: piano.id,
        azione: `scadenza-${s.tipo}`,
        dopo: { chiave: s.chiave, destinatario: s.destinatario, indicatore: s.indicatore, fase: s.fase },
        idempotencyKey: chiaveNotifica(piano.id, s.chiave),
      });
      if (s.tipo === 'chiusura') {
        await this.piani.congela(m, piano.id);
      }
      return row;
    });
    await this.notifications.deliver([stored]);
    return 'inviata';
  }
}
