import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto } from '../pratiche/pratiche.dto';
import {
  BozzaDto, ComunicazioneDto, DecisioneDto, ElencoTirociniQuery, IntegrazioneDto, InterruzioneDto, PeriodoQuery, PresenzeDto, ProrogaDto, RipresaDto, RitiroDto, SospensioneDto,
} from './tirocini.dto';
import { TirociniService } from './tirocini.service';
import { UuidParamPipe } from '../common/pipes';
import { comunicazioneUpdate, interruzioneUpdate, presenzeUpdate, ripresaUpdate, ritiroUpdate, sospensioneUpdate } from '../../../../workflows/tirocinio/tirocinio.messages';

const uuid = new UuidParamPipe('4');
const SUBMITTERS = ['operatore', 'promotore'] as const;
const READERS = ['operatore', 'responsabile', 'promotore', 'ospitante', 'dirigente', 'amministratore'] as const;

/** Tirocini extracurricolari: drafts, submission with the first-level checks, review, and the life cycle. */
@ApiTags('tirocini')
@Scoped('ufficio', 'soggetto')
@Controller('tirocini')
export class TirociniController {
  constructor(private readonly tirocini: TirociniService, private readonly documents: DocumentsService) {}

  @Post()
  @Roles(...SUBMITTERS)
  crea(@Body() dto: BozzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.creaBozza(dto, actor, rid);
  }

  @Get()
  @Roles(...READERS)
  list(@Query() q: ElencoTirociniQuery, @CurrentActor() actor: Actor) {
    return this.tirocini.list(q, actor);
  }

  /** Practices waiting for a decision of the caller's office, oldest deadline first. */
  @Get('inbox')
  @Roles('responsabile')
  inbox(@CurrentActor() actor: Actor) {
    return this.tirocini.inbox(actor);
  }

  @Get('indicatori')
  @Roles('responsabile', 'dirigente', 'amministratore')
  indicatori(@Query() q: PeriodoQuery, @CurrentActor() actor: Actor) {
    return this.tirocini.indicatori(q, actor);
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.tirocini.get(id, actor);
  }

  /** Replaces the draft's project (in bozza, or while integrations are requested). */
  @Put(':id')
  @Roles(...SUBMITTERS)
  aggiorna(@Param('id', uuid) id: string, @Body() dto: BozzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.aggiornaBozza(id, dto, actor, rid);
  }

  @Post(':id/documenti')
  @Roles(...SUBMITTERS, 'ospitante')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  @ApiQuery({ name: 'firmato', required: false, type: Boolean, description: 'the uploader declares the document signed by the parties that must sign it' })
  upload(@Param('id', uuid) id: string, @Req() req: Request, @CurrentActor() actor: Actor, @Query('firmato') firmato?: string, @RequestId() rid?: string) {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.tirocini.caricaDocumento(id, meta.tipo, firmato === 'true', meta.nomeFile, file, actor, rid));
  }

  @Post(':id/invio')
  @HttpCode(200)
  @Roles(...SUBMITTERS)
  invia(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.invia(id, actor, rid);
  }

  @Post(':id/decisione')
  @HttpCode(200)
  @Roles('responsabile')
  decidi(@Param('id', uuid) id: string, @Body() dto: DecisioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.decidi(id, dto, actor, rid);
  }

  @Post(':id/integrazione')
  @HttpCode(200)
  @Roles(...SUBMITTERS)
  integra(@Param('id', uuid) id: string, @Body() dto: IntegrazioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.integra(id, dto.note, actor, rid);
  }

  @Post(':id/comunicazione-obbligatoria')
  @HttpCode(200)
  @Roles('ospitante', 'operatore', 'promotore')
  comunicazione(@Param('id', uuid) id: string, @Body() dto: ComunicazioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.step(id, comunicazioneUpdate, { ...dto }, actor, rid);
  }

  @Post(':id/presenze')
  @HttpCode(200)
  @Roles('ospitante', 'operatore', 'promotore')
  presenze(@Param('id', uuid) id: string, @Body() dto: PresenzeDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.step(id, presenzeUpdate, { ...dto }, actor, rid);
  }

  @Post(':id/sospensione')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  sospendi(@Param('id', uuid) id: string, @Body() dto: SospensioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.step(id, sospensioneUpdate, { ...dto }, actor, rid);
  }

  @Post(':id/ripresa')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  riprendi(@Param('id', uuid) id: string, @Body() dto: RipresaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.step(id, ripresaUpdate, { ...dto }, actor, rid);
  }

  @Post(':id/proroga')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  proroga(@Param('id', uuid) id: string, @Body() dto: ProrogaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.proroga(id, dto, actor, rid);
  }

  /** Deletes a draft never submitted, with its documents (the audit trail keeps that it existed). */
  @Delete(':id')
  @HttpCode(204)
  @Roles('operatore', 'promotore')
  elimina(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<void> {
    return this.tirocini.eliminaBozza(id, actor, rid);
  }

  /** The promotore withdraws a submitted request before its start (with the reason): its place is free at once. */
  @Post(':id/ritiro')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  ritira(@Param('id', uuid) id: string, @Body() dto: RitiroDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.step(id, ritiroUpdate, { ...dto }, actor, rid);
  }

  @Post(':id/interruzione')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  interrompi(@Param('id', uuid) id: string, @Body() dto: InterruzioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.tirocini.step(id, interruzioneUpdate, { ...dto }, actor, rid);
  }
}
