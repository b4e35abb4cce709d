import { Injectable } from '@nestjs/common';
import { calcolaGraduatoria, dimensioneRosaOfferta, hashGraduatoria } from '../libs/domain/src/collocamento/graduatoria';
import { regoleGraduatoriaPerData } from '../libs/domain/src/collocamento/graduatoria.regole';
import { avvisiOfferta } from '../libs/domain/src/collocamento/avvisi';
import type { CandidatoSaltato, OffertaState } from '../libs/domain/src/collocamento/offerta.state';
import { AuditTrail } from '../libs/infrastructure/src/audit/audit.trail';
import { IscrittiRepository } from '../libs/infrastructure/src/collocamento/iscritti.repository';
import { OfferteRepository } from '../libs/infrastructure/src/collocamento/offerte.repository';
import { NotificationsService } from '../libs/infrastructure/src/notifications/notifications.service';
import type { GraduatoriaPronta, SalvaOffertaInput } from '../workflows/collocamento/offerta.types';

const SISTEMA = (office: string) => ({ sub: 'sistema', roles: ['sistema'], office });

/** Side effects of an offer: persisted transitions with their consequences, the ranking, and reminders. Idempotent. */
@Injectable()
export class CollocamentoActivities {
  constructor(
    private readonly repo: OfferteRepository,
    private readonly iscrittiRepo: IscrittiRepository,
    private readonly audit: AuditTrail,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Persists one accepted transition once per event key: the offer's row, the audit row, notices, and for an
   * outcome its consequences (a hire employs the person and covers one place of the employer's quota; a refusal
   * of a suitable offer is written on the person's file).
   */
  async salvaOfferta(input: SalvaOffertaInput): Promise<void> {
    const { transition: t, state } = input;
    const rows = await this.repo.transazione(async (m) => {
      await this.repo.offerta(input.offertaId, m, true);
      const fresh = await this.audit.append(m, {
        actor: t.actor ?? SISTEMA(state.ufficio),
        procedura: 'collocamento',
        entita: 'offerta',
        entitaId: input.offertaId,
        azione: t.azione,
        motivazione: t.motivazione ?? null,
        prima: { stato: t.from },
        dopo: { stato: t.to, iscrittoId: t.iscrittoId ?? null, slaViolata: t.slaViolata ?? false },
        requestId: input.requestId,
        idempotencyKey: input.eventKey,
        at: new Date(t.at),
      });
      if (!fresh) return [];
      await this.repo.salvaStato(m, input.offertaId, {
        stato: state.stato,
        statoProcedura: state,
        rosaIl: state.rosa ? new Date(state.rosa.inviataIl) : undefined,
        slaViolata: state.sla?.violata ?? false,
      });
      if ((t.azione === 'esito' || t.azione === 'rettificaEsito') && t.iscrittoId) {
        const e = state.esiti.find((x) => x.iscrittoId === t.iscrittoId);
        // A correction undoes what the earlier outcome did: a hire that was not one frees the place in the quota.
        if (t.rettifica?.da === 'assunto') {
          const prima = e?.rettificaDi;
          await this.repo.annullaAssunzione(
            m,
            state.datoreId,
            state.ufficio,
            t.iscrittoId,
            state.categoria,
            e?.registratoDa ?? 'sistema',
            prima?.registratoDa ?? '',
          );
        }
        if (t.segnalazioneRevocata) await this.iscrittiRepo.rimuoviSegnalazione(m, t.iscrittoId, state.offertaId);
        if (e?.esito === 'assunto') await this.repo.registraAssunzione(m, state.datoreId, state.ufficio, t.iscrittoId, state.categoria, e.registratoDa);
        if (t.segnalazione) await this.iscrittiRepo.aggiungiSegnalazione(m, state.ufficio, t.iscrittoId, t.segnalazione);
      }
      const out = [];
      for (const [i, a] of avvisiOfferta(t, state).entries()) {
        out.push(
          await this.notifications.store(m, {
            ...a,
            chiave: `${input.eventKey}:${i}`,
            ufficio: state.ufficio,
            procedura: 'collocamento',
            entitaId: input.offertaId,
          }),
        );
      }
      return out;
    });
    await this.notifications.deliver(rows);
  }

  /**
   * Ranks the applications at the close and stores the graduatoria with the exact inputs it came from (the offer,
   * each applicant's data, the rule pack's version), once: a retry returns the stored one. The offer's row is locked
   * first, so an application still being written commits before the applicants are read.
   */
  async preparaGraduatoria(input: { offertaId: string }): Promise<GraduatoriaPronta> {
    return this.repo.transazione(async (m) => {
      const o = await this.repo.offerta(input.offertaId, m, true);
      if (!o) throw new Error(`offerta ${input.offertaId} non trovata`);
      const stored = await this.repo.graduatoria(input.offertaId, { risultato: true });
      const n = dimensioneRosaOfferta(o.offerta);
      if (stored) {
        return {
          hash: stored.hash,
          versioneRegole: stored.versioneRegole,
          testa: stored.risultato.idonei.slice(0, n).map((v) => v.iscrittoId),
          totali: { idonei: stored.risultato.idonei.length, esclusi: stored.risultato.esclusi.length },
        };
      }
      const state = o.statoProcedura;
      const dataChiusura = (state.chiusuraAdesioniIl ?? new Date().toISOString()).slice(0, 10);
      const regole = regoleGraduatoriaPerData(o.regione, dataChiusura);
      if (!regole) throw new Error(`nessun pacchetto di regole di graduatoria per ${o.regione} al ${dataChiusura}`);
      const candidati = await this.iscrittiRepo.iscrittiAderenti(input.offertaId, m);
      const g = calcolaGraduatoria({ offerta: o.offerta, candidati, regole, dataRiferimento: dataChiusura, dataChiusura });
      const hash = hashGraduatoria(g);
      await this.repo.salvaGraduatoria(m, {
        offertaId: input.offertaId,
        hash,
        versioneRegole: regole.versione,
        dataRiferimento: dataChiusura,
        dataChiusura,
        inputOfferta: o.offerta,
        inputCandidati: candidati,
        risultato: g,
      });
      await this.audit.append(m, {
        actor: SISTEMA(o.ufficio),
        procedura: 'collocamento',
        entita: 'offerta',
        entitaId: input.offertaId,
        azione: 'graduatoria-calcolata',
        dopo: { hash, versioneRegole: regole.versione, idonei: g.idonei.length, esclusi: g.esclusi.length },
        idempotencyKey: `offerta:${input.offertaId}:graduatoria`,
      });
      return {
        hash,
        versioneRegole: regole.versione,
        testa: g.idonei.slice(0, n).map((v) => v.iscrittoId),
        totali: { idonei: g.idonei.length, esclusi: g.esclusi.length },
      };
    });
  }

  /**
   * The next `quanti` candidates of the offer's stored graduatoria after those already sent (`inviati`), in its
   * order, skipping whoever is no longer eligible on the office's list now (employed, moved to another office, gone
   * from the list), with the reason: another sending after negative outcomes, weeks after the ranking. Read-only.
   */
  async prossimiCandidati(input: { offertaId: string; inviati: string[]; quanti: number }): Promise<{ candidati: string[]; saltati: CandidatoSaltato[] }> {
    const o = await this.repo.offerta(input.offertaId);
    const g = await this.repo.graduatoria(input.offertaId, { risultato: true });
    // Only reached after a rosa of this graduatoria went out: nothing stored means nobody left to send.
    if (!o || !g) return { candidati: [], saltati: [] };
    const inviati = new Set(input.inviati);
    const candidati: string[] = [];
    const saltati: CandidatoSaltato[] = [];
    for (const id of g.risultato.idonei.map((v) => v.iscrittoId).filter((x) => !inviati.has(x))) {
      if (candidati.length >= input.quanti) break;
      const i = await this.iscrittiRepo.iscritto(o.ufficio, id);
      const motivo = !i ? 'non-in-elenco' : i.trasferitoIl ? 'trasferito' : i.statoOccupazionale !== 'disoccupato' ? 'occupato' : undefined;
      if (motivo) saltati.push({ iscrittoId: id, motivo });
      else candidati.push(id);
    }
    return { candidati, saltati };
  }

  /** A reminder to the employer that outcomes are missing; once per number. */
  async promemoriaEsiti(input: { offertaId: string; state: OffertaState; numero: number }): Promise<void> {
    const s = input.state;
    const mancanti = (s.rosa?.candidati ?? []).filter((c) => !s.esiti.some((e) => e.iscrittoId === c));
    const rows = await this.repo.transazione(async (m) => [
      await this.notifications.store(m, {
        chiave: `offerta:${input.offertaId}:promemoria-esiti:${input.numero}`,
        ufficio: s.ufficio,
        destinatario: s.datoreCodiceFiscale ? { tipo: 'soggetto', nome: s.datoreCodiceFiscale } : { tipo: 'utente', nome: s.datoreId },
        procedura: 'collocamento',
        entitaId: input.offertaId,
        tipo: 'promemoria-esiti',
        titolo: 'Promemoria: esiti dei colloqui',
        testo: `Registrare l'esito di ${mancanti.length} candidati della rosa`,
        dati: { mancanti, numero: input.numero },
      }),
    ]);
    await this.notifications.deliver(rows);
  }
}
