import { rifiuto } from '../common/rifiuto';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, RuleViolation } from '@app/domain';
import { AuditTrail, IspettoriRepository, PianiVigilanzaRepository, TemporalClientHolder } from '@app/infrastructure';
import { notFound } from '../common/problem';
import type { VocePianoVigilanzaView as VoceView } from './ispezioni.viste.dto';
import type { PianoVigilanzaDto } from './piani-vigilanza.dto';
import { assertInspectorate } from './registro-ispezioni.service';
import { pianoVigilanzaWorkflowId } from '../../../../workflows/ispezioni/ispezione.types';

const instant = (d: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T07:00:00Z` : d);

/** Ex-officio planning: a yearly list of targets that become intervention requests on the dates set, by the plan's workflow. */
@Injectable()
export class PianiVigilanzaService {
  constructor(
    private readonly piani: PianiVigilanzaRepository,
    private readonly registro: IspettoriRepository,
    private readonly audit: AuditTrail,
    private readonly temporal: TemporalClientHolder,
  ) {}

  async crea(codice: string, dto: PianoVigilanzaDto, actor: Actor, rid?: string) {
    assertInspectorate(actor, codice);
    const isp = await this.registro.ispettorato(codice);
    if (!isp) throw notFound(`ispettorato ${codice}`);
    const violations: RuleViolation[] = [];
    const companies = new Set<string>();
    for (const [i, v] of dto.voci.entries()) {
      if (instant(v.data).getUTCFullYear() !== dto.anno)
        violations.push({ rule: 'data-fuori-anno', field: `voci[${i}].data`, message: `la data deve cadere nel ${dto.anno}`, found: v.data, limit: dto.anno });
      if (!isp.territori.includes(v.territorio))
        violations.push({
          rule: 'territorio-non-competente',
          field: `voci[${i}].territorio`,
          message: `l’ispettorato è competente per ${isp.territori.join(', ')}`,
          found: v.territorio,
          limit: isp.territori,
        });
      companies.add(v.aziendaId);
    }
    const knownIds = await this.registro.aziendeRegistrate([...companies]);
    dto.voci.forEach((v, i) => {
      if (!knownIds.has(v.aziendaId))
        violations.push({ rule: 'azienda-sconosciuta', field: `voci[${i}].aziendaId`, message: 'registrare prima l’azienda', found: v.aziendaId });
    });
    if (violations.length) throw rifiuto('Piano non caricabile', violations, `${violations.length} voci violano le regole`);

    const id = randomUUID();
    const workflowId = pianoVigilanzaWorkflowId(codice, dto.anno);
    await this.piani
      .transazione(async (m) => {
        await this.piani.crea(
          m,
          { id, ispettorato: codice, anno: dto.anno, descrizione: dto.descrizione, workflowId, caricatoDa: actor.sub },
          dto.voci.map((v) => ({ ...v, data: instant(v.data) })),
        );
        await this.audit.append(m, {
          actor,
          procedura: 'ispezioni',
          entita: 'piano-vigilanza',
          entitaId: id,
          azione: 'caricato',
          dopo: { anno: dto.anno, voci: dto.voci.length },
          requestId: rid,
        });
      })
      .catch((e) => {
        // The workflow id is unique among the plans: a second plan of the inspectorate for the year.
        if ((e as { code?: string }).code !== '23505') throw e;
        const violations: RuleViolation[] = [
          { rule: 'piano-esistente', field: 'anno', message: 'un piano di vigilanza per ispettorato e anno', found: dto.anno },
        ];
        throw rifiuto('Piano già caricato', violations, `l’ispettorato ${codice} ha già un piano di vigilanza per il ${dto.anno}`);
      });
    await this.temporal.client.workflow.start('pianoVigilanzaWorkflow', {
      taskQueue: this.temporal.taskQueue,
      workflowId,
      args: [{ pianoId: id, ispettorato: codice }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return this.dettaglio(codice, id, actor);
  }

  async dettaglio(codice: string, id: string, actor: Actor) {
    assertInspectorate(actor, codice);
    const p = await this.piani.piano(id, codice);
    if (!p) throw notFound(`piano di vigilanza ${id}`);
    const voci: VoceView[] = (await this.piani.voci(id)).map((v) => ({ numero: v.numero, data: v.data.toISOString(), richiestaId: v.richiestaId }));
    return { ...p, voci };
  }
}
