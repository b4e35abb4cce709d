import { presenzeDovuteDal } from '../../../../libs/domain/src/tirocini/tirocinio.attivita';
import { promemoriaPresenze } from '../../../../libs/domain/src/tirocini/scadenze';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, RuleViolation } from '@app/domain';
import { RegioneTirocini, prossimaAzione, regolePerData, statoMigrato } from '@app/domain/tirocini';
import { adessoLogico } from '@app/domain/tirocini/orologio';
import { AppConfig, AuditTrail, TemporalClientHolder, TirociniRepository, TirocinioMigrato } from '@app/infrastructure';
import { type TirocinioWorkflowInput, tirocinioWorkflowId } from '../../../../workflows/tirocini/tirocinio.types';
import { TIPO_WORKFLOW_TIROCINIO, avvioTirocinio } from './avvio-tirocinio';
import { ProblemException } from '../common/problem';
import { TirocinioMigratoDto } from './tirocini.dto';
import { TirociniService } from './tirocini.service';
import type { EsitoMigrazioneView } from './tirocini.viste.dto';

/** Workflow starts in flight at once for one batch: enough to hide the round trip, few enough not to flood the server. */
const AVVII_IN_PARALLELO = 16;
/** At most this many violations are listed in a refusal (each names its item): the rest is counted. */
const VIOLAZIONI_ELENCATE = 200;

/**
 * The migration import: an office's open traineeships from its previous system, in batches. A batch is checked whole
 * (references as for a draft, in the caller's office; the old record replayed through the machine, statoMigrato) and
 * refused whole with every violation, naming each item; a clean batch is stored in one transaction (rows and audit
 * rows), then each traineeship's workflow starts from its state. Idempotent per office and `codiceOrigine`: an item
 * already stored is not changed, and its workflow is started if an earlier attempt stored it and then failed to
 * start it (Temporal refuses a second start of the same id), so a retried batch completes what the first began.
 */
@Injectable()
export class MigrazioneTirociniService {
  constructor(
    private readonly repo: TirociniRepository,
    private readonly tirocini: TirociniService,
    private readonly audit: AuditTrail,
    private readonly temporal: TemporalClientHolder,
    private readonly config: AppConfig,
  ) {}

  async importa(voci: TirocinioMigratoDto[], actor: Actor, requestId?: string): Promise<EsitoMigrazioneView> {
    const violazioni: RuleViolation[] = [];
    const campo = (i: number, f?: string) => `tirocini[${i}]${f ? `.${f}` : ''}`;
    const primo = new Map<string, number>();
    voci.forEach((v, i) => {
      if (primo.has(v.codiceOrigine)) {
        violazioni.push({
          rule: 'codice-origine-duplicato',
          field: campo(i, 'codiceOrigine'),
          message: `lo stesso codice è già al tirocinio ${primo.get(v.codiceOrigine)} della richiesta`,
          found: v.codiceOrigine,
        });
      } else primo.set(v.codiceOrigine, i);
    });
    const esistenti = await this.repo.perCodiceOrigine(actor.office, [...primo.keys()]);
    const memo = new Map<string, Promise<unknown>>();
    const nuove: TirocinioMigrato[] = [];
    await Promise.all(
      voci.map(async (v, i) => {
        if (esistenti.has(v.codiceOrigine) || primo.get(v.codiceOrigine) !== i) return;
        const { violazioni: rif, sede, tirocinante } = await this.tirocini.riferimenti(v.progetto, actor, campo(i, 'progetto'), memo);
        if (rif.length || !sede || !tirocinante) return void violazioni.push(...rif);
        if (sede.cpi !== actor.office) {
          return void violazioni.push({
            rule: 'ufficio-competente',
            field: campo(i, 'progetto.sedeId'),
            message: `la sede è di ${sede.cpi}: si importano i tirocini del proprio ufficio ${actor.office}`,
            found: sede.cpi,
            limit: actor.office,
          });
        }
        const colonne = this.tirocini.colonne(v.progetto, sede, tirocinante.svantaggiato);
        const id = randomUUID();
        const regole = regolePerData(sede.regione as RegioneTirocini, v.inviataIl.slice(0, 10));
        const orologio = { unitaMs: this.config.TIROCINI_UNITA_GIORNO_MS, origine: v.inviataIl };
        const d = statoMigrato(
          { ...v, presenze: v.presenze ?? [] },
          { tirocinioId: id, ufficio: sede.cpi, progetto: colonne.progetto, regole, importatoDa: actor.sub, now: adessoLogico(orologio, new Date()) },
        );
        if (!d.ok) return void violazioni.push(...d.violations.map((x) => ({ ...x, field: campo(i, x.field) })));
        nuove.push({
          ...colonne,
          id,
          workflowId: tirocinioWorkflowId(id),
          creatoDa: v.inviataDa,
          versioneRegole: regole.versione,
          scadenza: prossimaAzione(d.value)?.scadenza ?? null,
          codiceOrigine: v.codiceOrigine,
          statoProcedura: d.value,
          // When the office-wide job first reminds it of its register (the month that ended last, or the next).
          promemoriaPresenzeIl: promemoriaPresenze(d.value, { unitaMs: orologio.unitaMs }, new Date())[0]?.at ?? null,
          unitaMs: orologio.unitaMs,
          presenzeDovuteIl: presenzeDovuteDal(d.value, orologio),
        });
      }),
    );
    if (violazioni.length) {
      const ordinate = violazioni.sort((a, b) => indice(a.field) - indice(b.field));
      throw new ProblemException(
        422,
        'migrazione-non-valida',
        'Importazione non valida',
        `${violazioni.length} violazioni: nessun tirocinio della richiesta è stato importato`,
        ordinate.slice(0, VIOLAZIONI_ELENCATE).map((x) => ({ field: x.field ?? '', rule: x.rule, message: x.message, found: x.found, limit: x.limit })),
      );
    }

    const inseriti = await this.repo.transazione(async (m) => {
      const righe = await this.repo.importaTirocini(m, nuove);
      const perCodice = new Map(nuove.map((n) => [n.codiceOrigine, n]));
      await this.audit.appendMany(
        m,
        righe.map(({ id, codiceOrigine }) => {
          const s = perCodice.get(codiceOrigine)!.statoProcedura;
          return {
            actor,
            procedura: 'tirocini',
            entita: 'tirocinio',
            entitaId: id,
            azione: 'migrazione',
            requestId,
            motivazione: 'importato dal sistema di provenienza dell’ufficio: i controlli di primo livello e i documenti restano in quel sistema',
            dopo: {
              codiceOrigine,
              stato: s.stato,
              versioneRegole: s.versioneRegole,
              inviata: { da: s.inviataDa, il: s.inviataIl },
              decisione: s.decisione,
              comunicazione: s.comunicazione ? { codice: s.comunicazione.codice, data: s.comunicazione.data } : null,
              presenze: s.presenze.map((p) => ({ mese: p.mese, ore: p.ore })),
            },
            idempotencyKey: `tirocinio:migrazione:${actor.office}:${codiceOrigine}`,
          };
        }),
      );
      return new Map(righe.map((r) => [r.codiceOrigine, r.id]));
    });

    // Every item's workflow, new or stored by an earlier attempt (or by a concurrent one): its state as stored.
    const daAvviare = nuove.filter((n) => inseriti.has(n.codiceOrigine)).map((n) => ({ id: n.id, state: n.statoProcedura }));
    const gia = await this.repo.perCodiceOrigine(
      actor.office,
      voci.filter((v) => !inseriti.has(v.codiceOrigine)).map((v) => v.codiceOrigine),
    );
    for (const r of await Promise.all([...gia.values()].map((id) => this.repo.tirocinio(id)))) {
      if (r?.statoProcedura) daAvviare.push({ id: r.id, state: r.statoProcedura });
    }
    await this.avvia(daAvviare);
    const esiti = voci.map((v) =>
      inseriti.has(v.codiceOrigine)
        ? { codiceOrigine: v.codiceOrigine, id: inseriti.get(v.codiceOrigine)!, esito: 'importato' as const }
        : { codiceOrigine: v.codiceOrigine, id: gia.get(v.codiceOrigine)!, esito: 'gia-importato' as const },
    );
    return { importati: inseriti.size, giaImportati: esiti.length - inseriti.size, esiti };
  }

  /** Starts the workflows, AVVII_IN_PARALLELO at a time; one already started is what a retry expects. */
  private async avvia(voci: Array<{ id: string; state: TirocinioWorkflowInput['state'] }>): Promise<void> {
    let prossimo = 0;
    const corsia = async () => {
      while (prossimo < voci.length) {
        const { id, state } = voci[prossimo++];
        try {
          await this.temporal.client.workflow.start(
            TIPO_WORKFLOW_TIROCINIO,
            avvioTirocinio(id, state, this.config.TIROCINI_UNITA_GIORNO_MS, this.temporal.taskQueue, new Date(), { rinvia: true }),
          );
        } catch (e) {
          if ((e as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(AVVII_IN_PARALLELO, voci.length) }, corsia));
  }
}

/** The item a violation's field names (`tirocini[7].…` → 7), for ordering the list. */
function indice(field?: string): number {
  const m = /^tirocini\[(\d+)\]/.exec(field ?? '');
  return m ? Number(m[1]) : -1;
}
