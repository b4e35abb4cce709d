import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori, ApiPagina } from '../common/openapi';
import { linkSuccessivo } from '../common/paginazione';
import { UuidParamPipe } from '../common/pipes';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto, DocumentoView } from '../pratiche/pratiche.dto';
import { RichiestaView } from './ispezioni.viste.dto';
import { RichiestaInterventoDto } from './registro-ispezioni.dto';
import {
  AstensioneDto,
  ChiusuraDto,
  DecisioneRiassegnazioneDto,
  DiffidaDto,
  ElencoRichiesteQuery,
  FineAccertamentiDto,
  PrimoAccessoDto,
  RiassegnazioneDto,
  SorteggioDto,
} from './richieste.dto';
import { RichiesteService } from './richieste.service';
import { passiIspezione, sorteggioRichiestoUpdate } from '../../../../workflows/ispezioni/ispezione.messages';

const uuid = new UuidParamPipe();
const STAFF = ['operatore', 'responsabile', 'dirigente', 'ispettore', 'amministratore'] as const;

/** Intervention requests: intake, the inspector's answer to the draw, and the inspection's steps. */
@ApiTags('ispezioni: richieste di intervento')
@Scoped('ufficio')
@Controller('richieste-intervento')
export class RichiesteController {
  constructor(
    private readonly richieste: RichiesteService,
    private readonly documents: DocumentsService,
  ) {}

  @Post()
  @Roles('operatore', 'responsabile', 'dirigente')
  @ApiOperation({ summary: 'Registra una richiesta di intervento', description: 'Avvia la sua procedura, che sorteggia l’ispettore.' })
  @ApiCreatedResponse({ type: RichiestaView })
  @ApiErrori(400, 409, 413, 415, 422)
  crea(@Body() dto: RichiestaInterventoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RichiestaView> {
    return this.richieste.crea(dto, actor, rid);
  }

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Elenca le richieste di intervento', description: 'Dell’ispettorato del chiamante; un ispettore solo quelle assegnate a lui.' })
  @ApiPagina(RichiestaView)
  @ApiErrori(400)
  async elenco(@Query() q: ElencoRichiesteQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<RichiestaView[]> {
    const { richieste, successivo } = await this.richieste.elenco(actor, q);
    linkSuccessivo(res, '/api/v1/richieste-intervento', { stato: q.stato, azienda: q.azienda, limite: q.limite }, successivo);
    return richieste;
  }

  @Get(':id')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Legge una richiesta di intervento', description: 'Con lo stato della procedura e ogni termine dell’ispezione.' })
  @ApiOkResponse({ type: RichiestaView })
  @ApiErrori(400, 404)
  dettaglio(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<RichiestaView> {
    return this.richieste.dettaglio(id, actor);
  }

  @Post(':id/documenti')
  @Roles('operatore', 'responsabile', 'dirigente', 'ispettore')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  @ApiOperation({ summary: 'Carica un documento dell’ispezione', description: 'Verbali, diffide, prove: i passi citano solo i documenti della richiesta.' })
  @ApiCreatedResponse({ type: DocumentoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  caricaDocumento(@Param('id', uuid) id: string, @Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<DocumentoView> {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.richieste.caricaDocumento(id, meta.tipo, meta.nomeFile, file, actor, rid));
  }

  @Post(':id/accettazione')
  @HttpCode(200)
  @Roles('ispettore')
  @ApiOperation({ summary: 'Accetta l’incarico' })
  @ApiOkResponse({ type: RichiestaView })
  @ApiErrori(400, 404, 409, 422)
  accetta(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RichiestaView> {
    return this.richieste.applica(id, passiIspezione.accettazione, {}, actor, rid);
  }

  /** Abstention for a conflict: the case is drawn again without the abstainer (attempt + 1), all recorded. */
  @Post(':id/astensione')
  @HttpCode(200)
  @Roles('ispettore')
  @ApiOperation({ summary: 'Si astiene per conflitto', description: 'La richiesta è sorteggiata di nuovo senza chi si astiene.' })
  @ApiOkResponse({ type: RichiestaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  astieniti(@Param('id', uuid) id: string, @Body() dto: AstensioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RichiestaView> {
    return this.richieste.applica(id, passiIspezione.astensione, { ...dto }, actor, rid);
  }

  /** A manual reassignment: a reason now, a second person's (dirigente) approval next; counted apart. */
  @Post(':id/riassegnazione')
  @HttpCode(200)
  @Roles('dirigente', 'responsabile')
  @ApiOperation({
    summary: 'Propone una riassegnazione manuale',
    description: 'Con il motivo; vale quando un dirigente la approva. L’ispettore deve essere idoneo come in un sorteggio (422).',
  })
  @ApiOkResponse({ type: RichiestaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  riassegna(@Param('id', uuid) id: string, @Body() dto: RiassegnazioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RichiestaView> {
    return this.richieste.riassegna(id, { ...dto }, actor, rid);
  }

  @Post(':id/riassegnazione/decisione')
  @HttpCode(200)
  @Roles('dirigente')
  @ApiOperation({ summary: 'Decide la riassegnazione proposta', description: 'Un dirigente diverso da chi l’ha proposta (403).' })
  @ApiOkResponse({ type: RichiestaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  decidiRiassegnazione(
    @Param('id', uuid) id: string,
    @Body() dto: DecisioneRiassegnazioneDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<RichiestaView> {
    return this.richieste.decidiRiassegnazione(id, { ...dto }, actor, rid);
  }

  /** Asks for the next draw now while the case waits for one (it is tried again by itself too); an attempt already drawn is refused. */
  @Post(':id/sorteggi')
  @HttpCode(202)
  @Roles('dirigente')
  @ApiOperation({
    summary: 'Chiede subito il prossimo sorteggio',
    description: 'Mentre la richiesta attende un sorteggio (che comunque si ritenta da sé); un tentativo già sorteggiato è rifiutato (409).',
  })
  @ApiAcceptedResponse({ type: RichiestaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  sorteggia(@Param('id', uuid) id: string, @Body() dto: SorteggioDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RichiestaView> {
    return this.richieste.applica(id, sorteggioRichiestoUpdate, { ...dto }, actor, rid);
  }

  @Post(':id/primo-accesso')
  @HttpCode(200)
  @Roles('ispettore')
  @ApiOperation({ summary: 'Registra il primo accesso', description: 'Con il verbale di primo accesso, un documento caricato su questa richiesta.' })
  @ApiOkResponse({ type: RichiestaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  async registraPrimoAccesso(
    @Param('id', uuid) id: string,
    @Body() dto: PrimoAccessoDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<RichiestaView> {
    await this.richieste.controllaDocumento(id, dto.verbale, 'verbale', actor);
    return this.richieste.applica(id, passiIspezione.primoAccesso, { data: dto.data, verbale: { ...dto.verbale } }, actor, rid);
  }

  @Post(':id/diffida')
  @HttpCode(200)
  @Roles('ispettore')
  @ApiOperation({ summary: 'Registra la notifica della diffida' })
  @ApiOkResponse({ type: RichiestaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  diffida(@Param('id', uuid) id: string, @Body() dto: DiffidaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RichiestaView> {
    return this.richieste.applica(id, passiIspezione.diffida, { ...dto }, actor, rid);
  }

  @Post(':id/fine-accertamenti')
  @HttpCode(200)
  @Roles('ispettore')
  @ApiOperation({ summary: 'Registra la fine degli accertamenti' })
  @ApiOkResponse({ type: RichiestaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  chiudiAccertamenti(
    @Param('id', uuid) id: string,
    @Body() dto: FineAccertamentiDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<RichiestaView> {
    return this.richieste.applica(id, passiIspezione.fineAccertamenti, { ...dto }, actor, rid);
  }

  @Post(':id/chiusura')
  @HttpCode(200)
  @Roles('ispettore')
  @ApiOperation({ summary: 'Chiude l’ispezione', description: 'Con l’esito e il verbale unico, un documento caricato su questa richiesta.' })
  @ApiOkResponse({ type: RichiestaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  async chiudi(@Param('id', uuid) id: string, @Body() dto: ChiusuraDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RichiestaView> {
    await this.richieste.controllaDocumento(id, dto.verbaleUnico, 'verbaleUnico', actor);
    return this.richieste.applica(id, passiIspezione.chiusura, { esito: dto.esito, verbaleUnico: { ...dto.verbaleUnico } }, actor, rid);
  }
}
