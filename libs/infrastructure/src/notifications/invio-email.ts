import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import { NotificationsService } from './notifications.service';
import { DaInviare, NotificheRepository } from './notifiche.repository';

const PROCEDURE: Record<string, string> = {
  tirocini: 'Tirocini extracurricolari',
  collocamento: 'Collocamento mirato (L. 68/99)',
  ispezioni: 'Assegnazione delle ispezioni',
  cronoprogramma: 'Cronoprogramma e performance',
  pratiche: 'Pratiche',
};

/** The pause before attempt n+1 after n failed ones: the first pause, doubling, at most an hour. */
export const pausaTentativoMs = (tentativi: number, primaMs: number): number => Math.min(primaMs * 2 ** Math.min(30, Math.max(0, tentativi - 1)), 3_600_000);

/** The e-mail of a notice, in Italian; the same notice and address always give the same Message-ID. */
export function messaggioNotifica(r: DaInviare, mittente: string) {
  const dominio = /@([^>\s]+)>?\s*$/.exec(mittente)?.[1] ?? 'localhost';
  return {
    from: mittente,
    to: r.indirizzo,
    subject: r.titolo,
    date: r.creata_il,
    messageId: `<${r.id}@${dominio}>`,
    headers: { 'X-Notifica-Id': r.notifica_id, 'Auto-Submitted': 'auto-generated' },
    text: [
      r.testo,
      '',
      '--',
      `Procedura: ${PROCEDURE[r.procedura] ?? r.procedura} · riferimento ${r.entita_id} · ufficio ${r.ufficio}`,
      "L'avviso resta nell'elenco delle notifiche del servizio. Messaggio automatico: non rispondere.",
    ].join('\n'),
  };
}

/**
 * The worker's e-mail sender: takes the notices' e-mails from the outbox (`notifiche_email`) and sends them over
 * SMTP (nodemailer, the maintained Node SMTP client: pooling, STARTTLS/TLS, auth), each e-mail once it is accepted.
 * Rows are leased with SKIP LOCKED, so two workers never send the same one; a crash mid-send leaves the lease to
 * expire and the e-mail is sent again with the same Message-ID. A refused or failed send is retried with growing
 * pauses and, after EMAIL_TENTATIVI_MAX attempts, marked `fallita` and logged.
 */
@Injectable()
export class InvioEmail implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(InvioEmail.name);
  private transport?: Transporter;
  private timer?: NodeJS.Timeout;
  private inCorso?: Promise<void>;
  private ancora = false;
  private fermo = false;

  constructor(
    private readonly repo: NotificheRepository,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SMTP_URL) {
      this.log.warn('SMTP_URL is empty: notices are not e-mailed (they wait in the outbox)');
      return;
    }
    this.transport = createTransport(this.config.SMTP_URL, { from: this.config.MAIL_FROM });
    this.notifications.quandoNuove(() => void this.giro());
    this.programma(0);
  }

  /** Before the database closes (TypeORM closes it in onApplicationShutdown): the round in progress ends first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.fermo = true;
    clearTimeout(this.timer);
    await this.inCorso;
    this.transport?.close();
  }

  private programma(ms: number): void {
    if (this.fermo) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.giro(), ms);
    this.timer.unref();
  }

  /** Sends what is due now; a call while a round runs makes that round go on once more. */
  giro(): Promise<void> {
    if (this.inCorso) {
      this.ancora = true;
      return this.inCorso;
    }
    this.inCorso = (async () => {
      try {
        do {
          this.ancora = false;
          while (!this.fermo && (await this.lotto()) > 0);
        } while (this.ancora && !this.fermo);
      } catch (e) {
        this.log.warn(`e-mail round failed: ${(e as Error).message}`);
      } finally {
        this.inCorso = undefined;
        this.programma(this.config.EMAIL_CONTROLLO_OGNI_MS);
      }
    })();
    return this.inCorso;
  }

  /** Leases up to 10 due e-mails (5 minutes), sends them, records each outcome; answers how many it took. */
  private async lotto(): Promise<number> {
    const righe = await this.repo.prendiDaInviare();
    for (const r of righe) {
      try {
        await this.transport!.sendMail(messaggioNotifica(r, this.config.MAIL_FROM));
        await this.repo.segnaInviata(r.id);
      } catch (e) {
        const errore = (e as Error).message.slice(0, 1000);
        const fallita = r.tentativi >= this.config.EMAIL_TENTATIVI_MAX;
        await this.repo.segnaNonInviata(r.id, errore, fallita, pausaTentativoMs(r.tentativi, this.config.EMAIL_PAUSA_TENTATIVO_MS) / 1000);
        if (fallita) this.log.error(`e-mail ${r.id} of notice ${r.notifica_id} to ${r.indirizzo} failed ${r.tentativi} times, given up: ${errore}`);
        else this.log.warn(`e-mail ${r.id} to ${r.indirizzo} not sent (attempt ${r.tentativi}), retried later: ${errore}`);
      }
    }
    return righe.length;
  }
}
