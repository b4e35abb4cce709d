import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { linkSuccessivo } from '../common/paginazione';
import { UuidParamPipe } from '../common/pipes';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto } from '../pratiche/pratiche.dto';
import { RichiestaInterventoDto } from './registro.dto';
import {
  AstensioneDto, ChiusuraDto, DecisioneRiassegnazioneDto, DiffidaDto, ElencoRichiesteQuery, FineAccertamentiDto, PrimoAccessoDto, RiassegnazioneDto, SorteggioDto,
} from './richieste.dto';
import { RichiesteService } from './richieste.service';
import { accettazioneUpdate, astensioneUpdate, chiusuraUpdate, diffidaUpdate, fineAccertamentiUpdate, primoAccessoUpdate, sorteggioRichiestoUpdate } from '../../../../workflows/ispezione/ispezione.messages';

const uuid = new UuidParamPipe();
const STAFF = ['operatore', 'responsabile', 'dirigente', 'ispettore', 'amministratore'] as const;

/** Intervention requests: intake, the inspector's answer to the draw, and the inspection's steps. */
@ApiTags('ispezioni: richieste di intervento')
@Scoped('ufficio')
@Controller('richieste-intervento')
export class RichiesteController {
  constructor(private readonly richieste: RichiesteService, private readonly documents: DocumentsService) {}

  @Post()
  @Roles('operatore', 'responsabile', 'dirigente')
  create(@Body() dto: RichiestaInterventoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.richieste.create(dto, actor, rid);
  }

  @Get()
  @Roles(...STAFF)
  @ApiOkResponse({ description: 'newest first; when there are more, a Link header with rel="next" gives the next page' })
  async list(@Query() q: ElencoRichiesteQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { richieste, successivo } = await this.richieste.list(actor, q);
    linkSuccessivo(res, '/api/v1/richieste-intervento', { stato: q.stato, azienda: q.azienda, limite: q.limite }, successivo);
    return richieste;
  }

  @Get(':id')
  @Roles(...STAFF)
  get(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.richieste.get(id, actor);
  }

  @Post(':id/documenti')
  @Roles('operatore', 'responsabile', 'dirigente', 'ispettore')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  upload(@Param('id', uuid) id: string, @Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.richieste.upload(id, meta.tipo, meta.nomeFile, file, actor, rid));
  }

  @Post(':id/accettazione')
  @HttpCode(200)
  @Roles('ispettore')
  accetta(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.richieste.step(id, accettazioneUpdate, {}, actor, rid);
  }

  /** Abstention for a conflict: the case is drawn again without the abstainer (attempt + 1), all recorded. */
  @Post(':id/astensione')
  @HttpCode(200)
  @Roles('ispettore')
  astieniti(@Param('id', uuid) id: string, @Body() dto: AstensioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.richieste.step(id, astensioneUpdate, { ...dto }, actor, rid);
  }

  /** A manual reassignment: a reason now, a second person's (dirigente) approval next; counted apart. */
  @Post(':id/riassegnazione')
  @HttpCode(200)
  @Roles('dirigente', 'responsabile')
  riassegna(@Param('id', uuid) id: string, @Body() dto: RiassegnazioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.richieste.riassegna(id, { ...dto }, actor, rid);
  }

  @Post(':id/riassegnazione/decisione')
  @HttpCode(200)
  @Roles('dirigente')
  decidiRiassegnazione(@Param('id', uuid) id: string, @Body() dto: DecisioneRiassegnazioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.richieste.decidiRiassegnazione(id, { ...dto }, actor, rid);
  }

  /** Asks for the next draw now while the case waits for one (it is tried again by itself too); an attempt already drawn is refused. */
  @Post(':id/sorteggi')
  @HttpCode(202)
  @Roles('dirigente')
  sorteggia(@Param('id', uuid) id: string, @Body() dto: SorteggioDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.richieste.step(id, sorteggioRichiestoUpdate, { ...dto }, actor, rid);
  }

  @Post(':id/primo-accesso')
  @HttpCode(200)
  @Roles('ispettore')
  async primoAccesso(@Param('id', uuid) id: string, @Body() dto: PrimoAccessoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    await this.richieste.checkDocument(id, dto.verbale, 'verbale', actor);
    return this.richieste.step(id, primoAccessoUpdate, { data: dto.data, verbale: { ...dto.verbale } }, actor, rid);
  }

  @Post(':id/diffida')
  @HttpCode(200)
  @Roles('ispettore')
  diffida(@Param('id', uuid) id: string, @Body() dto: DiffidaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.richieste.step(id, diffidaUpdate, { ...dto }, actor, rid);
  }

  @Post(':id/fine-accertamenti')
  @HttpCode(200)
  @Roles('ispettore')
  fineAccertamenti(@Param('id', uuid) id: string, @Body() dto: FineAccertamentiDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.richieste.step(id, fineAccertamentiUpdate, { ...dto }, actor, rid);
  }

  @Post(':id/chiusura')
  @HttpCode(200)
  @Roles('ispettore')
  async chiudi(@Param('id', uuid) id: string, @Body() dto: ChiusuraDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    await this.richieste.checkDocument(id, dto.verbaleUnico, 'verbaleUnico', actor);
    return this.richieste.step(id, chiusuraUpdate, { esito: dto.esito, verbaleUnico: { ...dto.verbaleUnico } }, actor, rid);
  }
}
