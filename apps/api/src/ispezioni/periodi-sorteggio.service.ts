import { Injectable } from '@nestjs/common';
import { Actor } from '@app/domain';
import { prossimoPeriodo, verificaNuovoPeriodo } from '@app/domain/ispezioni/periodi';
import { AuditTrail, IspettoriRepository, PeriodoRow, SorteggiRepository } from '@app/infrastructure';
import { notFound } from '../common/problem';
import { rifiuto } from '../common/rifiuto';
import { PeriodoDto } from './registro-ispezioni.dto';
import { RegistroIspezioniService, assertInspectorate, politicaValida } from './registro-ispezioni.service';

/** A period as the API shows it: the commitment always, the secret only once revealed, the chain head published then. */
export function vistaPeriodo(p: PeriodoRow) {
  return {
    periodo: p.periodo,
    inizio: p.inizio.toISOString(),
    fine: p.fine.toISOString(),
    impegno: p.impegno,
    pubblicatoIl: p.pubblicatoIl.toISOString(),
    creatoDa: p.creatoDa,
    rivelatoIl: p.rivelatoIl?.toISOString() ?? null,
    segreto: p.rivelatoIl ? p.segreto : null,
    testaCatena: p.testaCatena,
  };
}

/**
 * The inspectorates' commit-reveal periods: the next one's commitment published now, the list, a secret revealed once
 * the period has ended. A new period wakes the requests waiting for a draw (RegistroIspezioniService.risveglia).
 */
@Injectable()
export class PeriodiSorteggioService {
  constructor(
    private readonly registro: IspettoriRepository,
    private readonly sorteggi: SorteggiRepository,
    private readonly audit: AuditTrail,
    private readonly registroIspezioni: RegistroIspezioniService,
  ) {}

  /**
   * Publishes now the commitment of the inspectorate's next period, as the schedule would (docs/assignment.md §3):
   * after the last period without a gap (or from the next second when none is coming), as long as the policy says.
   * Useful right after an inspectorate is created; nobody chooses a period's bounds.
   */
  async creaPeriodo(codice: string, _dto: PeriodoDto, actor: Actor, rid?: string) {
    assertInspectorate(actor, codice);
    const isp = await this.registro.ispettorato(codice);
    if (!isp) throw notFound(`ispettorato ${codice}`);
    const politica = politicaValida(isp.politica ?? {});
    const row = await this.sorteggi.transazione(async (m) => {
      await this.sorteggi.bloccaIspettorato(m, codice);
      const now = new Date();
      const esistenti = (await this.sorteggi.periodi(codice, m)).map((p) => ({
        periodo: p.periodo,
        inizio: p.inizio.getTime(),
        fine: p.fine.getTime(),
        pubblicatoIl: p.pubblicatoIl.getTime(),
        rivelatoIl: p.rivelatoIl?.getTime() ?? null,
      }));
      const limiti = prossimoPeriodo(esistenti, now.getTime(), politica.periodi);
      const v = verificaNuovoPeriodo(esistenti, limiti, now.getTime());
      if (v.length) throw rifiuto('Periodo non creabile', v);
      const p = await this.sorteggi.creaPeriodo(m, codice, limiti, actor.sub, now);
      await this.audit.append(m, {
        actor,
        procedura: 'ispezioni',
        entita: 'periodo-sorteggio',
        entitaId: `${codice}:${p.periodo}`,
        azione: 'impegno-pubblicato',
        requestId: rid,
        dopo: { impegno: p.impegno, inizio: p.inizio.toISOString(), fine: p.fine.toISOString() },
        idempotencyKey: `periodo:${codice}:${p.periodo}:impegno`,
      });
      return p;
    });
    await this.registroIspezioni.risveglia(codice);
    return vistaPeriodo(row);
  }

  async periodi(codice: string, actor: Actor) {
    assertInspectorate(actor, codice);
    if (!(await this.registro.ispettorato(codice))) throw notFound(`ispettorato ${codice}`);
    return (await this.sorteggi.periodi(codice)).map(vistaPeriodo);
  }

  /** Reveals a period's secret once it has ended (the service does it by itself; this does it now), with the chain head. */
  async rivela(codice: string, label: string, actor: Actor, rid?: string) {
    assertInspectorate(actor, codice);
    const p = await this.sorteggi.periodo(codice, label);
    if (!p) throw notFound(`periodo ${label}`);
    if (p.rivelatoIl) return vistaPeriodo(p);
    const now = new Date();
    if (now < p.fine) {
      throw rifiuto('Periodo non ancora chiuso', [
        {
          rule: 'periodo-aperto',
          field: 'periodo',
          message: `il segreto di ${label} si rivela solo a periodo chiuso, dal ${p.fine.toISOString()}`,
          found: now.toISOString(),
          limit: p.fine.toISOString(),
        },
      ]);
    }
    const row = await this.sorteggi.transazione(async (m) => {
      const r = await this.sorteggi.rivela(m, codice, label, now);
      if (r) {
        await this.audit.append(m, {
          actor,
          procedura: 'ispezioni',
          entita: 'periodo-sorteggio',
          entitaId: `${codice}:${label}`,
          azione: 'segreto-rivelato',
          requestId: rid,
          dopo: { segreto: r.segreto, testaCatena: r.testaCatena },
          idempotencyKey: `periodo:${codice}:${label}:rivelazione`,
        });
      }
      return r;
    });
    return vistaPeriodo(row ?? (await this.sorteggi.periodo(codice, label))!);
  }
}
