import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { italianHolidays } from '../libs/domain/src/calendar/festivita';
import { esitoPresenze } from '../libs/domain/src/tirocini/tirocinio.views';
import { avvisiTirocinio, testoScadenza } from '../libs/domain/src/tirocini/avvisi';
import type { Avviso } from '../libs/domain/src/common/avviso';
import type { TirocinioState } from '../libs/domain/src/tirocini/tirocinio.state';
import { prossimaAzione } from '../libs/domain/src/tirocini/tirocinio.views';
import { presenzeDovuteDal } from '../libs/domain/src/tirocini/tirocinio.attivita';
import { ScadenzaTirocinio, promemoriaPresenze, promemoriaPresenzeDovuti, scadenzeTirocinio } from '../libs/domain/src/tirocini/scadenze';
import type { AuditEntry } from '../libs/infrastructure/src/audit/audit.trail';
import type { NotificaEntity } from '../libs/infrastructure/src/persistence/entities';
import { AuditTrail } from '../libs/infrastructure/src/audit/audit.trail';
import { DocumentsService } from '../libs/infrastructure/src/documents/documents.service';
import { attestazionePdf } from '../libs/infrastructure/src/export/attestazione-pdf';
import { NotificationsService } from '../libs/infrastructure/src/notifications/notifications.service';
import { SoggettiRepository } from '../libs/infrastructure/src/tirocini/soggetti.repository';
import { TirocinantiRepository } from '../libs/infrastructure/src/tirocini/tirocinanti.repository';
import { TirociniRepository } from '../libs/infrastructure/src/tirocini/tirocini.repository';
import type { DopoSalvataggio, EseguiScadenzaInput, EsitoChiusura, SalvaTirocinioInput, ScadenzaTirocinioInput } from '../workflows/tirocini/tirocinio.types';

const festivi = italianHolidays();
const SISTEMA = (office: string) => ({ sub: 'sistema', roles: ['sistema'], office });
const chiave = (id: string, k: string) => `tirocinio:${id}:${k}`;

/** A stable document id for the practice's attestazione: a retried generation finds the one already stored. */
export function idAttestazione(tirocinioId: string): string {
  const h = createHash('sha256').update(`attestazione:${tirocinioId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Side effects of a tirocinio: persisted transitions with their audit rows and notices, deadlines, the attestazione. */
@Injectable()
export class TirociniActivities {
  constructor(
    private readonly repo: TirociniRepository,
    private readonly soggettiRepo: SoggettiRepository,
    private readonly tirocinantiRepo: TirocinantiRepository,
    private readonly audit: AuditTrail,
    private readonly notifications: NotificationsService,
    private readonly documents: DocumentsService,
  ) {}

  /**
   * Persists one accepted transition (row, audit, notices) once per event key: a retry writes nothing twice. With
   * `programma`, answers the saved state's next deadline too (prossimaScadenzaTirocinio's answer), sparing the workflow
   * a second activity to ask it.
   */
  async salvaTirocinio(input: SalvaTirocinioInput): Promise<DopoSalvataggio | undefined> {
    const { transition: t, state } = input;
    // The office-wide job's wake-up for this practice and from when it asks for attendance, from the state to save:
    // read before the transaction, which holds the audit chain's lock and must not wait for a second connection of
    // the pool meanwhile. (A reminder the job sends in between leaves the wake-up early: the job then looks at the
    // practice once for nothing and moves it on.)
    const promemoria = input.programma?.promemoriaCollettivi
      ? {
          il: await this.prossimoPromemoria(input.tirocinioId, state, input.programma.unitaMs, new Date(input.programma.now)),
          unitaMs: input.programma.unitaMs,
          // What "Le mie attività" reads by (an index on it).
          presenzeDovuteIl: state.inviataIl ? presenzeDovuteDal(state, { unitaMs: input.programma.unitaMs, origine: state.inviataIl }) : null,
        }
      : undefined;
    const rows = await this.repo.transazione(async (m) => {
      // Lock order everywhere: the practice's row first, then the audit chain.
      const riga = await this.repo.tirocinio(input.tirocinioId, m, true);
      // Who made the step with the roles they acted in (a workflow recorded before roles were passed: 'non-registrato').
      const actor = t.attore ? { sub: t.attore, roles: input.ruoli?.length ? input.ruoli : ['non-registrato'], office: state.ufficio } : SISTEMA(state.ufficio);
      const fresh = await this.audit.append(m, {
        actor,
        procedura: 'tirocini',
        entita: 'tirocinio',
        entitaId: input.tirocinioId,
        azione: t.evento,
        motivazione: t.motivo ?? null,
        prima: { stato: t.da },
        dopo: { stato: t.a, ...(t.dettagli ?? {}) },
        requestId: input.requestId,
        idempotencyKey: input.eventKey,
        at: new Date(t.il),
      });
      if (!fresh) return [];
      await this.repo.salvaStato(m, input.tirocinioId, {
        stato: state.stato,
        statoProcedura: state,
        dataFine: state.dataFineEffettiva,
        scadenza: prossimaAzione(state)?.scadenza ?? null,
        decisaIl: state.decisione ? new Date(state.decisione.il) : undefined,
        esitoDecisione: state.decisione?.esito,
        avviataIl: state.avviataIl ? new Date(state.avviataIl) : undefined,
        conclusaIl: state.conclusaIl ? new Date(state.conclusaIl) : undefined,
        ...(promemoria ? { promemoria } : {}),
      });
      const out = [];
      // What concerns the host goes to its organisation's users, not to every host's of the office.
      const perOspitante = (d: Avviso['destinatario']): Avviso['destinatario'] =>
        d.tipo === 'ruolo' && d.nome === 'ospitante' && riga?.codiciOspitante[0] ? { tipo: 'soggetto', nome: riga.codiciOspitante[0] } : d;
      for (const [i, a] of avvisiTirocinio(t, state)
        .map((x) => ({ ...x, destinatario: perOspitante(x.destinatario) }))
        .entries()) {
        out.push(
          await this.notifications.store(m, {
            ...a,
            chiave: `${input.eventKey}:${i}`,
            ufficio: state.ufficio,
            procedura: 'tirocini',
            entitaId: input.tirocinioId,
          }),
        );
      }
      return out;
    });
    await this.notifications.deliver(rows);
    if (!input.programma) return undefined;
    return {
      prossima:
        (
          await this.pending(
            { tirocinioId: input.tirocinioId, state, unitaMs: input.programma.unitaMs, promemoriaCollettivi: input.programma.promemoriaCollettivi },
            new Date(input.programma.now),
          )
        )[0] ?? null,
    };
  }

  private async pending(
    input: { tirocinioId: string; state: TirocinioState; unitaMs: number; promemoriaCollettivi?: boolean },
    now: Date,
  ): Promise<ScadenzaTirocinio[]> {
    const tutte = scadenzeTirocinio(input.state, { unitaMs: input.unitaMs, promemoriaCollettivi: input.promemoriaCollettivi }, festivi, now);
    // Only notices are told apart by the keys already used: timers alone need no query.
    if (tutte.every((s) => s.evento)) return tutte;
    const usate = await this.notifications.chiaviUsate('tirocini', input.tirocinioId);
    return tutte.filter((s) => s.evento || !usate.has(chiave(input.tirocinioId, s.chiave)));
  }

  /**
   * The next timer or notice of the practice's current state (soonest first), or null. Reads only: it runs in the
   * workflow task, and a write here would wait for a lock the API may hold on the practice while it waits for that
   * very task (a proroga's Update). The job's wake-up of a practice is written by its saves, or by the import.
   */
  async prossimaScadenzaTirocinio(input: ScadenzaTirocinioInput): Promise<ScadenzaTirocinio | null> {
    return (await this.pending(input, new Date(input.now)))[0] ?? null;
  }

  /** When the practice's next register reminder is due: the soonest of its reminders whose key is not used yet. */
  private async prossimoPromemoria(tirocinioId: string, state: TirocinioState, unitaMs: number, now: Date): Promise<string | null> {
    let usate: Set<string> | undefined;
    for (const s of promemoriaPresenze(state, { unitaMs }, now)) {
      if (Date.parse(s.at) > now.getTime()) return s.at;
      usate ??= await this.notifications.chiaviUsate('tirocini', tirocinioId);
      if (!usate.has(chiave(tirocinioId, s.chiave))) return s.at;
    }
    return null;
  }

  /**
   * The office-wide job (promemoriaPresenzeWorkflow, on a Schedule): every practice whose monthly register reminder
   * is due gets it, `lotto` practices per transaction, each reminder stored and audited once per key (the same key a
   * practice's own timer used, so the two never both send one), and the practice's next wake-up written in the same
   * transaction. Stops after `budgetMs` with `finito` false: the workflow calls again.
   */
  async promemoriaPresenzeDovuti(input: { lotto?: number; budgetMs?: number } = {}): Promise<{ inviati: number; pratiche: number; finito: boolean }> {
    const lotto = input.lotto ?? 200;
    const fine = Date.now() + (input.budgetMs ?? 45_000);
    let inviati = 0;
    let pratiche = 0;
    for (;;) {
      const adesso = new Date();
      const { n, nuove } = await this.repo.transazione(async (m) => {
        const righe = await this.repo.promemoriaDovuti(m, adesso, lotto);
        const nuove: NotificaEntity[] = [];
        const audit: AuditEntry[] = [];
        for (const r of righe) {
          const { dovuti, prossimo } = promemoriaPresenzeDovuti(r.statoProcedura, { unitaMs: r.unitaMs }, adesso);
          for (const s of dovuti) {
            const { row, audit: riga } = await this.avvisoScadenza(m, r.id, r.statoProcedura.ufficio, r.codiciOspitante, s);
            if (row) nuove.push(row);
            if (riga) audit.push(riga);
          }
          await this.repo.programmaPromemoria(m, r.id, prossimo, r.unitaMs);
        }
        // Rows locked first, then the audit chain: the lock order of every writer.
        await this.audit.appendMany(m, audit);
        return { n: righe.length, nuove };
      });
      await this.notifications.deliver(nuove);
      inviati += nuove.length;
      pratiche += n;
      if (n < lotto) return { inviati, pratiche, finito: true };
      if (Date.now() > fine) return { inviati, pratiche, finito: false };
    }
  }

  /** A deadline notice (reminder, escalation), stored and audited once per key. */
  async eseguiScadenzaTirocinio(input: EseguiScadenzaInput): Promise<'inviata' | 'gia-inviata'> {
    const rows = await this.repo.transazione(async (m) => {
      const t = await this.repo.tirocinio(input.tirocinioId, m, true);
      const { row, audit } = await this.avvisoScadenza(m, input.tirocinioId, input.state.ufficio, t?.codiciOspitante ?? [], input.scadenza);
      if (audit) await this.audit.append(m, audit);
      return [row];
    });
    await this.notifications.deliver(rows);
    return rows[0] ? 'inviata' : 'gia-inviata';
  }

  /**
   * A deadline notice stored inside `m`'s transaction once per key (the practice's own timer and the office-wide job
   * use the same key), and the audit row that records it, for the caller to append; null ones if the key was used.
   * A notice for the host goes to its organisation, not to every host of the office.
   */
  private async avvisoScadenza(
    m: EntityManager,
    tirocinioId: string,
    ufficio: string,
    codiciOspitante: string[],
    s: ScadenzaTirocinio,
  ): Promise<{ row: NotificaEntity | null; audit: AuditEntry | null }> {
    const k = chiave(tirocinioId, s.chiave);
    const { titolo, testo } = testoScadenza(s);
    const ruolo = s.destinatario?.ruolo ?? 'responsabile';
    const destinatario =
      ruolo === 'ospitante' && codiciOspitante[0] ? { tipo: 'soggetto' as const, nome: codiciOspitante[0] } : { tipo: 'ruolo' as const, nome: ruolo };
    const row = await this.notifications.store(m, {
      chiave: k,
      ufficio,
      destinatario,
      procedura: 'tirocini',
      entitaId: tirocinioId,
      tipo: s.tipo,
      titolo,
      testo,
      dati: { data: s.data },
    });
    if (!row) return { row: null, audit: null };
    return {
      row,
      audit: {
        actor: SISTEMA(ufficio),
        procedura: 'tirocini',
        entita: 'tirocinio',
        entitaId: tirocinioId,
        azione: s.tipo,
        dopo: { data: s.data, destinatario: s.destinatario ?? null },
        idempotencyKey: k,
      },
    };
  }

  /**
   * At the end: attendance against the planned hours. At or above the threshold the attestazione finale is
   * generated from the practice's data and stored under a stable id (a retry returns the stored one); below it,
   * the reason is returned for the record.
   */
  async chiudiTirocinio(input: { tirocinioId: string; state: TirocinioState }): Promise<EsitoChiusura> {
    const s = input.state;
    const p = esitoPresenze(s);
    const percentuale = p.percentuale.toFixed(1);
    if (!p.sufficiente) {
      return {
        emessa: false,
        percentuale,
        motivo: `presenze ${p.orePresenza} ore su ${p.oreProgrammate} programmate (${percentuale}%), sotto la soglia del ${Math.round(p.soglia * 100)}%`,
      };
    }
    const r = await this.repo.tirocinio(s.tirocinioId);
    if (!r) throw new Error(`tirocinio ${s.tirocinioId} non trovato`);
    const [promotore, ospitante, sede, tirocinante] = await Promise.all([
      this.soggettiRepo.soggetto(r.promotoreId),
      this.soggettiRepo.soggetto(r.ospitanteId),
      this.soggettiRepo.sede(r.sedeId),
      this.tirocinantiRepo.tirocinante(r.tirocinanteId),
    ]);
    const id = idAttestazione(s.tirocinioId);
    const existing = await this.documents.find(id);
    if (existing) return { emessa: true, documentoId: existing.id, sha256: existing.sha256, percentuale };
    const fine = s.interruzione?.data ?? s.dataFineEffettiva;
    const pdf = await attestazionePdf({
      tirocinioId: s.tirocinioId,
      promotore: { denominazione: promotore!.denominazione, codiceFiscale: promotore!.codiceFiscale },
      ospitante: { denominazione: ospitante!.denominazione, codiceFiscale: ospitante!.codiceFiscale, sede: `${sede!.indirizzo}, ${sede!.comune}` },
      tirocinante: { nome: tirocinante!.nome, cognome: tirocinante!.cognome, codiceFiscale: tirocinante!.codiceFiscale, dataNascita: tirocinante!.dataNascita },
      dataInizio: s.dataInizio,
      dataFine: fine,
      esito: s.stato === 'interrotta' ? 'interrotta' : 'conclusa',
      obiettivi: String(r.progetto.obiettivi ?? ''),
      attivita: String(r.progetto.attivita ?? ''),
      oreProgrammate: p.oreProgrammate,
      orePresenza: p.orePresenza,
      percentualePresenza: percentuale,
      sogliaPercentuale: Math.round(p.soglia * 100),
      sospensioni: s.sospensioni.filter((x) => x.al && x.conteggiata !== false).map((x) => ({ dal: x.dal, al: x.al!, causa: x.causa })),
      versioneRegole: s.versioneRegole,
      emessaIl: new Date(s.conclusaIl ?? Date.now()),
    });
    const doc = await this.documents.storeGenerated(
      {
        id,
        procedura: 'tirocini',
        entitaId: s.tirocinioId,
        ufficio: s.ufficio,
        tipo: 'attestazione-finale',
        nomeFile: `attestazione-${s.tirocinioId}.pdf`,
        actor: SISTEMA(s.ufficio),
      },
      pdf,
      'application/pdf',
    );
    return { emessa: true, documentoId: doc.id, sha256: doc.sha256, percentuale };
  }
}
