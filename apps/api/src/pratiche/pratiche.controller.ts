import { linkSuccessivo } from '../common/paginazione';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ProblemDetails } from '../common/problem';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto, CreaPraticaDto, DecisioneDto, DocumentoView, InvioDto, ListaPraticheQuery, PraticaView } from './pratiche.dto';
import { PraticheService } from './pratiche.service';
import { UuidParamPipe } from '../common/pipes';

const uuid = new UuidParamPipe('4');

/** The platform's example procedure: a document-bearing case, submitted by an operatore, decided by a responsabile. */
@ApiTags('pratiche')
@Scoped('ufficio')
@Controller('pratiche')
export class PraticheController {
  constructor(private readonly pratiche: PraticheService, private readonly documents: DocumentsService) {}

  @Post()
  @Roles('operatore')
  @ApiCreatedResponse({ type: PraticaView })
  @ApiConflictResponse({ type: ProblemDetails, description: 'the protocollo already has a procedure in this office' })
  create(@Body() dto: CreaPraticaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.pratiche.create(dto, actor, rid);
  }

  @Get()
  @Roles('operatore', 'responsabile', 'dirigente', 'amministratore')
  @ApiOkResponse({ type: [PraticaView], description: 'newest first; when there are more, a Link header with rel="next" gives the next page' })
  async list(@CurrentActor() actor: Actor, @Query() q: ListaPraticheQuery, @Res({ passthrough: true }) res: Response) {
    const { pratiche, successivo } = await this.pratiche.list(actor, q);
    linkSuccessivo(res, '/api/v1/pratiche', { stato: q.stato, protocollo: q.protocollo, limite: q.limite }, successivo);
    return pratiche;
  }

  @Get(':id')
  @Roles('operatore', 'responsabile', 'dirigente', 'amministratore')
  @ApiOkResponse({ type: PraticaView })
  get(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.pratiche.get(id, actor);
  }

  @Post(':id/documenti')
  @Roles('operatore')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  @ApiCreatedResponse({ type: DocumentoView })
  @ApiConflictResponse({ type: ProblemDetails })
  upload(@Param('id', uuid) id: string, @Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.pratiche.uploadDocument(id, meta.tipo, meta.nomeFile, file, actor, rid));
  }

  @Get(':id/documenti')
  @Roles('operatore', 'responsabile', 'dirigente', 'amministratore')
  @ApiOkResponse({ type: [DocumentoView] })
  documenti(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.pratiche.listDocuments(id, actor);
  }

  @Post(':id/invio')
  @HttpCode(200)
  @Roles('operatore')
  @ApiOkResponse({ type: PraticaView })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'the procedure refused: each rule broken is listed' })
  invio(@Param('id', uuid) id: string, @Body() dto: InvioDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.pratiche.invio(id, dto, actor, rid);
  }

  @Post(':id/decisione')
  @HttpCode(200)
  @Roles('responsabile')
  @ApiOkResponse({ type: PraticaView })
  @ApiConflictResponse({ type: ProblemDetails, description: 'the case is not in a state that can be decided' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'the procedure refused: each rule broken is listed' })
  decisione(@Param('id', uuid) id: string, @Body() dto: DecisioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.pratiche.decisione(id, dto, actor, rid);
  }
}
