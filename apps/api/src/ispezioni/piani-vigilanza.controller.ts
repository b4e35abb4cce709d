import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { Actor, RuleViolation } from '@app/domain';
import { PRIORITA } from '@app/domain/ispezioni/ispezioni.types';
import { AuditTrail, IspezioniRepository, TemporalClientHolder } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/pipes';
import { ProblemException, notFound } from '../common/problem';
import { violationsToErrors } from '../common/problem.filter';
import { CurrentActor, RequestId } from '../common/request-context';
import { IsDataOIstante } from '../common/date-validators';
import { assertInspectorate } from './registro.controller';
import { pianoVigilanzaWorkflowId } from '../../../../workflows/ispezione/ispezione.types';

export class VoceVigilanzaDto {
  @ApiProperty({ example: '2027-03-15', description: 'when the request is generated: a date (07:00 UTC that day) or an ISO instant' })
  @IsDataOIstante() data: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() aziendaId: string;
  @ApiProperty() @IsString() @Length(3, 300) sede: string;
  @ApiProperty({ example: 'PA' }) @IsString() @Length(1, 40) territorio: string;
  @ApiProperty({ example: 'sicurezza' }) @Matches(/^[a-z0-9-]{2,60}$/, { message: 'tipoPratica: lowercase letters, digits and -' }) tipoPratica: string;
  @ApiProperty({ enum: PRIORITA }) @IsIn(PRIORITA as unknown as string[]) priorita: string;
  @ApiProperty() @IsString() @Length(10, 8000) descrizione: string;
}

export class PianoVigilanzaDto {
  @ApiProperty({ example: 2027 }) @IsInt() @Min(2000) @Max(2100) anno: number;
  @ApiProperty() @IsString() @Length(3, 2000) descrizione: string;
  @ApiProperty({ type: [VoceVigilanzaDto] }) @IsDefined() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20000) @ValidateNested({ each: true }) @Type(() => VoceVigilanzaDto) voci: VoceVigilanzaDto[];
}

class VoceView {
  @ApiProperty() numero: number;
  @ApiProperty() data: string;
  @ApiPropertyOptional({ nullable: true, type: String }) richiestaId: string | null;
}

const instant = (d: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T07:00:00Z` : d);

/** Ex-officio planning: a yearly list of targets that become intervention requests on the dates set. */
@ApiTags('ispezioni: piani di vigilanza')
@Scoped('ufficio')
@Controller('ispettorati/:codice/piani-vigilanza')
export class PianiVigilanzaController {
  constructor(private readonly repo: IspezioniRepository, private readonly audit: AuditTrail, private readonly temporal: TemporalClientHolder) {}

  @Post()
  @Roles('dirigente')
  async create(@Param('codice') codice: string, @Body() dto: PianoVigilanzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
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
    const workflowId = pianoVigilanzaWorkflowId(codice, dto.anno);
    await this.repo.db.transaction(async (m) => {
      await m.query('INSERT INTO piani_vigilanza (id, ispettorato, anno, descrizione, workflow_id, caricato_da, caricato_il) VALUES ($1, $2, $3, $4, $5, $6, now())', [id, codice, dto.anno, dto.descrizione, workflowId, actor.sub]);
      for (const [i, v] of dto.voci.entries()) {
        await m.query(
          `INSERT INTO piani_vigilanza_voci (id, piano_id, numero, data, azienda_id, sede, territorio, tipo_pratica, priorita, descrizione) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [randomUUID(), id, i + 1, instant(v.data), v.aziendaId, v.sede, v.territorio, v.tipoPratica, v.priorita, v.descrizione],
        );
      }
      await this.audit.append(m, { actor, procedura: 'ispezioni', entita: 'piano-vigilanza', entitaId: id, azione: 'caricato', dopo: { anno: dto.anno, voci: dto.voci.length }, requestId: rid });
    }).catch((e) => {
      // The workflow id is unique among the plans: a second plan of the inspectorate for the year.
      if ((e as { code?: string }).code !== '23505') throw e;
      const violations: RuleViolation[] = [{ rule: 'piano-esistente', field: 'anno', message: 'un piano di vigilanza per ispettorato e anno', found: dto.anno }];
      throw new ProblemException(409, 'regola-violata', 'Piano già caricato', `l’ispettorato ${codice} ha già un piano di vigilanza per il ${dto.anno}`, violationsToErrors(violations));
    });
    await this.temporal.client.workflow.start('pianoVigilanzaWorkflow', { taskQueue: this.temporal.taskQueue, workflowId, args: [{ pianoId: id, ispettorato: codice }], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    return this.get(codice, id, actor);
  }

  @Get(':id')
  @Roles('dirigente', 'responsabile', 'amministratore')
  async get(@Param('codice') codice: string, @Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor) {
    assertInspectorate(actor, codice);
    const [p] = await this.repo.db.query('SELECT id, ispettorato, anno, descrizione, caricato_da AS "caricatoDa", caricato_il AS "caricatoIl" FROM piani_vigilanza WHERE id = $1 AND ispettorato = $2', [id, codice]);
    if (!p) throw notFound(`piano di vigilanza ${id}`);
    const voci: VoceView[] = (await this.repo.db.query('SELECT numero, data, richiesta_id FROM piani_vigilanza_voci WHERE piano_id = $1 ORDER BY numero', [id]))
      .map((v: { numero: number; data: Date; richiesta_id: string | null }) => ({ numero: v.numero, data: v.data.toISOString(), richiestaId: v.richiesta_id }));
    return { ...p, voci };
  }
}
