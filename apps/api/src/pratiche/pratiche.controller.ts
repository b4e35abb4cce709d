import { linkSuccessivo } from '../common/paginazione';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori, ApiPagina } from '../common/openapi';
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
  constructor(
    private readonly pratiche: PraticheService,
    private readonly documents: DocumentsService,
  ) {}

  @Post()
  @Roles('operatore')
  @ApiOperation({
    summary: 'Apre una pratica',
    description: 'Un protocollo già usato dall’ufficio risponde 409 con la pratica esistente in `Location` e `id`.',
  })
  @ApiCreatedResponse({ type: PraticaView })
  @ApiErrori(400, 409, 413, 415, 422)
  crea(@Body() dto: CreaPraticaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<PraticaView> {
    return this.pratiche.crea(dto, actor, rid);
  }

  @Get()
  @Roles('operatore', 'responsabile', 'dirigente', 'amministratore')
  @ApiOperation({ summary: 'Elenca le pratiche dell’ufficio' })
  @ApiPagina(PraticaView)
  @ApiErrori(400)
  async elenco(@CurrentActor() actor: Actor, @Query() q: ListaPraticheQuery, @Res({ passthrough: true }) res: Response): Promise<PraticaView[]> {
    const { pratiche, successivo } = await this.pratiche.elenco(actor, q);
    linkSuccessivo(res, '/api/v1/pratiche', { stato: q.stato, protocollo: q.protocollo, limite: q.limite }, successivo);
    return pratiche;
  }

  @Get(':id')
  @Roles('operatore', 'responsabile', 'dirigente', 'amministratore')
  @ApiOperation({ summary: 'Legge una pratica' })
  @ApiOkResponse({ type: PraticaView })
  @ApiErrori(400, 404)
  dettaglio(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<PraticaView> {
    return this.pratiche.dettaglio(id, actor);
  }

  @Post(':id/documenti')
  @Roles('operatore')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  @ApiOperation({ summary: 'Carica un documento della pratica', description: 'Solo a pratica aperta (altrimenti 409).' })
  @ApiCreatedResponse({ type: DocumentoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  caricaDocumento(@Param('id', uuid) id: string, @Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<DocumentoView> {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.pratiche.caricaDocumento(id, meta.tipo, meta.nomeFile, file, actor, rid));
  }

  @Get(':id/documenti')
  @Roles('operatore', 'responsabile', 'dirigente', 'amministratore')
  @ApiOperation({ summary: 'Elenca i documenti della pratica', description: 'Ogni versione di ogni documento.' })
  @ApiOkResponse({ type: [DocumentoView] })
  @ApiErrori(400, 404)
  documenti(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<DocumentoView[]> {
    return this.pratiche.documenti(id, actor);
  }

  @Post(':id/invio')
  @HttpCode(200)
  @Roles('operatore')
  @ApiOperation({ summary: 'Invia la pratica al responsabile' })
  @ApiOkResponse({ type: PraticaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  invia(@Param('id', uuid) id: string, @Body() dto: InvioDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<PraticaView> {
    return this.pratiche.invia(id, dto, actor, rid);
  }

  @Post(':id/decisione')
  @HttpCode(200)
  @Roles('responsabile')
  @ApiOperation({ summary: 'Decide la pratica', description: 'Chi l’ha aperta o inviata non può deciderla (403).' })
  @ApiOkResponse({ type: PraticaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  decidi(@Param('id', uuid) id: string, @Body() dto: DecisioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<PraticaView> {
    return this.pratiche.decidi(id, dto, actor, rid);
  }
}
