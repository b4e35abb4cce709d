import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Actor, RuleViolation } from '@app/domain';
import { AuditTrail, IspezioniRepository, TemporalClientHolder } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { UuidParamPipe } from '../common/pipes';
import { ProblemException, notFound } from '../common/problem';
import { violationsToErrors } from '../common/problem.filter';
import { CurrentActor, RequestId } from '../common/request-context';
import { VocePianoVigilanzaView, PianoVigilanzaView } from './ispezioni.viste.dto';
import { PianoVigilanzaDto } from './piani-vigilanza.dto';
import { assertInspectorate } from './registro.controller';

const instant = (d: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T07:00:00Z` : d);

/** Ex-officio planning: a yearly list of targets that become intervention requests on the dates set. */
@ApiTags('ispezioni: piani di vigilanza')
@Scoped('ufficio')
@Controller('ispettorati/:codice/piani-vigilanza')
export class PianiVigilanzaController {
  constructor(private readonly repo: IspezioniRepository, private readonly audit: AuditTrail, private readonly temporal: TemporalClientHolder) {}

  @Post()
  @Roles('dirigente')
  @ApiOperation({ summary: 'Carica un piano di vigilanza', description: 'Le voci diventano richieste di intervento alle date fissate; ogni voce che viola le regole è elencata (422).' })
  @ApiCreatedResponse({ type: PianoVigilanzaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  async create(@Param('codice') codice: string, @Body() dto: PianoVigilanzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<PianoVigilanzaView> {
    assertInspectorate(actor, codice);
    const isp = await this.repo.ispettorato(codice);
    if (!isp) throw notFound(`ispettorato ${codice}`);
    const violations: RuleViolation[] = [];
    const companies = new Set<string>();
    for (const [i, v] of dto.voci.entries()) {
      if (instant(v.data).getUTCFullYear() !== dto.anno) violations.push({ rule: 'data-fuori-anno', field: `voci[${i}].data`, message: `la data deve cadere nel ${dto.anno}`, found: v.data, limit: dto.anno });
      if (!isp.territori.includes(v.territorio)) violations.push({ rule: 'territorio-non-competente', field: `voci[${i}].territorio`, message: `l’ispettorato è competente per ${isp.territori.join(', ')}`, found: v.territorio, limit: isp.territori });
      companies.add(v.aziendaId);
    }
    const known: { id: string }[] = await this.repo.db.query('SELECT id FROM aziende WHERE id = ANY($1)', [[...companies]]);
    const knownIds = new Set(known.map((k) => k.id));
    dto.voci.forEach((v, i) => {
      if (!knownIds.has(v.aziendaId)) violations.push({ rule: 'azienda-sconosciuta', field: `voci[${i}].aziendaId`, message: 'registrare prima l’azienda', found: v.aziendaId });
    });
    if (violations.length) throw new ProblemException(422, 'regola-violata', 'Piano non caricabile', `${violations.length} voci violano le regole`, violationsToErrors(violations));

    const id = randomUUID();
    const workflowId = `piano-vigilanza:${codice}:${dto.anno}:${id}`;
    await this.repo.db.transaction(async (m) => {
      await m.query('INSERT INTO piani_vigilanza (id, ispettorato, anno, descrizione, workflow_id, caricato_da, caricato_il) VALUES ($1, $2, $3, $4, $5, $6, now())', [id, codice, dto.anno, dto.descrizione, workflowId, actor.sub]);
      for (const [i, v] of dto.voci.entries()) {
        await m.query(
          `INSERT INTO piani_vigilanza_voci (id, piano_id, numero, data, azienda_id, sede, territorio, tipo_pratica, priorita, descrizione) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [randomUUID(), id, i + 1, instant(v.data), v.aziendaId, v.sede, v.territorio, v.tipoPratica, v.priorita, v.descrizione],
        );
      }
      await this.audit.append(m, { actor, procedura: 'ispezioni', entita: 'piano-vigilanza', entitaId: id, azione: 'caricato', dopo: { anno: dto.anno, voci: dto.voci.length }, requestId: rid });
    });
    await this.temporal.client.workflow.start('pianoVigilanzaWorkflow', { taskQueue: this.temporal.taskQueue, workflowId, args: [{ pianoId: id, ispettorato: codice }] });
    return this.get(codice, id, actor);
  }

  @Get(':id')
  @Roles('dirigente', 'responsabile', 'amministratore')
  @ApiOperation({ summary: 'Legge un piano di vigilanza', description: 'Con le voci e le richieste già generate.' })
  @ApiOkResponse({ type: PianoVigilanzaView })
  @ApiErrori(400, 404)
  async get(@Param('codice') codice: string, @Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor): Promise<PianoVigilanzaView> {
    assertInspectorate(actor, codice);
    const [p] = await this.repo.db.query('SELECT id, ispettorato, anno, descrizione, caricato_da AS "caricatoDa", caricato_il AS "caricatoIl" FROM piani_vigilanza WHERE id = $1 AND ispettorato = $2', [id, codice]);
    if (!p) throw notFound(`piano di vigilanza ${id}`);
    const voci: VocePianoVigilanzaView[] = (await this.repo.db.query('SELECT numero, data, richiesta_id FROM piani_vigilanza_voci WHERE piano_id = $1 ORDER BY numero', [id]))
      .map((v: { numero: number; data: Date; richiesta_id: string | null }) => ({ numero: v.numero, data: v.data.toISOString(), richiestaId: v.richiesta_id }));
    return { ...p, voci };
  }
}
