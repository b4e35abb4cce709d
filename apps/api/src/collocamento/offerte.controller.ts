import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori, ApiPagina } from '../common/openapi';
import { linkSuccessivo } from '../common/paginazione';
import { UuidParamPipe } from '../common/pipes';
import { CurrentActor, RequestId } from '../common/request-context';
import {
  AdesioneDto,
  AnnullamentoDto,
  CongruitaDto,
  EsitoDto,
  RettificaEsitoDto,
  ElencoOfferteQuery,
  IndicatoriQuery,
  OffertaDto,
  PaginaGraduatoriaQuery,
} from './collocamento.dto';
import {
  AdesioneView,
  AdesioniView,
  AnteprimaGraduatoriaView,
  DatiGraduatoriaView,
  GraduatoriaView,
  OffertaInBreveView,
  OffertaView,
  RosaView,
  TabellaIndicatoriView,
  VerificaGraduatoriaView,
} from './collocamento.viste.dto';
import { AdesioniService } from './adesioni.service';
import { CollocamentoService } from './collocamento.service';
import { GraduatoriaService } from './graduatoria.service';

const uuid = new UuidParamPipe('4');
const CPI = ['operatore', 'responsabile'] as const;
/** The employer acts with the 'datore' role, its token subject being its registry id. */
const DATORE = 'datore' as const;

/** Employers' requests (offerte) and their preselection procedure. */
@ApiTags('collocamento mirato: offerte')
@Scoped('ufficio', 'soggetto')
@Controller('offerte')
export class OfferteController {
  constructor(
    private readonly service: CollocamentoService,
    private readonly graduatorie: GraduatoriaService,
    private readonly adesioniService: AdesioniService,
  ) {}

  @Post()
  @Roles(...CPI, DATORE)
  @ApiOperation({
    summary: 'Registra la richiesta di un datore',
    description: 'Controllata e registrata, avvia la sua procedura; il termine per la rosa decorre da ora.',
  })
  @ApiCreatedResponse({ type: OffertaView })
  @ApiErrori(400, 409, 413, 415, 422)
  crea(@Body() dto: OffertaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<OffertaView> {
    return this.service.crea(dto, actor, rid);
  }

  @Get()
  @Roles(...CPI, DATORE, 'dirigente', 'amministratore')
  @ApiOperation({ summary: 'Elenca le offerte', description: 'Dell’ufficio del chiamante; l’utente di un datore solo le proprie.' })
  @ApiPagina(OffertaInBreveView)
  @ApiErrori(400)
  async elenco(@Query() q: ElencoOfferteQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<OffertaInBreveView[]> {
    const { offerte, successivo } = await this.service.elenco(actor, q);
    linkSuccessivo(res, '/api/v1/offerte', { stato: q.stato, datore: q.datore, limite: q.limite }, successivo);
    return offerte;
  }

  /** Indicators (Puglia C.3.x / G.1.x; Tuscany) as JSON, CSV or XLSX. */
  @Get('indicatori')
  @Roles('responsabile', 'dirigente', 'amministratore')
  @ApiOperation({ summary: 'Indicatori del collocamento mirato', description: 'Come JSON, CSV o XLSX (`formato`).' })
  @ApiExtraModels(TabellaIndicatoriView)
  @ApiOkResponse({
    description: 'la tabella: JSON, o un file CSV o XLSX da scaricare',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(TabellaIndicatoriView) } },
      'text/csv': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrori(400)
  async indicatori(@Query() q: IndicatoriQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const out = await this.service.indicatori(q, actor);
    if ('contentType' in out && 'body' in out) {
      const file = out as { contentType: string; body: string | Buffer; filename?: string };
      res.setHeader('content-type', file.contentType);
      if (file.filename) res.setHeader('content-disposition', `attachment; filename="${file.filename}"`);
      res.send(file.body);
      return undefined;
    }
    return out;
  }

  @Get(':id')
  @Roles(...CPI, DATORE, 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Legge un’offerta',
    description: 'Il personale del CPI con la procedura e la cronologia; il datore con la rosa e gli esiti per riferimento del candidato.',
  })
  @ApiOkResponse({ type: OffertaView })
  @ApiErrori(400, 404)
  dettaglio(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<OffertaView> {
    return this.service.dettaglio(id, actor);
  }

  @Post(':id/congruita')
  @HttpCode(200)
  @Roles(...CPI)
  @ApiOperation({ summary: 'Valuta la congruità dell’offerta', description: 'Congrua: si apre la finestra delle adesioni; non congrua: con il motivo.' })
  @ApiOkResponse({ type: OffertaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  valutaCongruita(@Param('id', uuid) id: string, @Body() dto: CongruitaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<OffertaView> {
    return this.service.valutaCongruita(id, dto, actor, rid);
  }

  /** The offer's applicants (withdrawn ones too, marked), oldest first, a page at a time: CPI staff only. */
  @Get(':id/adesioni')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Elenca le adesioni all’offerta',
    description: 'Anche quelle ritirate (segnate), dalla più vecchia, a pagine con limit e offset: solo al personale del CPI.',
  })
  @ApiOkResponse({ type: AdesioniView })
  @ApiErrori(400, 404)
  adesioni(@Param('id', uuid) id: string, @Query() q: PaginaGraduatoriaQuery, @CurrentActor() actor: Actor): Promise<AdesioniView> {
    return this.adesioniService.adesioni(id, actor, q.limit ?? 100, q.offset ?? 0);
  }

  @Post(':id/adesioni')
  @Roles(...CPI)
  @ApiOperation({ summary: 'Registra un’adesione all’offerta', description: 'Per una persona iscritta all’elenco dell’ufficio, a finestra aperta.' })
  @ApiCreatedResponse({ type: AdesioneView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  aderisci(@Param('id', uuid) id: string, @Body() dto: AdesioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<AdesioneView> {
    return this.adesioniService.aderisci(id, dto.iscrittoId, actor, rid);
  }

  @Delete(':id/adesioni/:iscrittoId')
  @Roles(...CPI)
  @ApiOperation({ summary: 'Ritira un’adesione all’offerta' })
  @ApiOkResponse({ type: AdesioneView })
  @ApiErrori(400, 404, 409)
  ritira(
    @Param('id', uuid) id: string,
    @Param('iscrittoId') iscrittoId: string,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<AdesioneView> {
    return this.adesioniService.ritira(id, iscrittoId, actor, rid);
  }

  /** The ranked list with each candidate's points by criterion and tie-break chain, and the exclusions with reasons. */
  @Get(':id/graduatoria')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Legge la graduatoria',
    description: 'Ogni candidato con i punti per criterio e la catena di spareggio, e gli esclusi con i motivi, a pagine con limit e offset.',
  })
  @ApiOkResponse({ type: GraduatoriaView })
  @ApiErrori(400, 404, 409)
  graduatoria(@Param('id', uuid) id: string, @Query() q: PaginaGraduatoriaQuery, @CurrentActor() actor: Actor): Promise<GraduatoriaView> {
    return this.graduatorie.graduatoria(id, actor, q.limit ?? 100, q.offset ?? 0);
  }

  /** The ranking as it would be now, from the current applications (nothing stored): both lists a page at a time, the excluded with reasons. */
  @Get(':id/graduatoria/anteprima')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiOperation({ summary: 'Anteprima della graduatoria', description: 'Come sarebbe ora, dalle adesioni attuali (nulla è registrato).' })
  @ApiOkResponse({ type: AnteprimaGraduatoriaView })
  @ApiErrori(400, 404, 409)
  anteprima(@Param('id', uuid) id: string, @Query() q: PaginaGraduatoriaQuery, @CurrentActor() actor: Actor): Promise<AnteprimaGraduatoriaView> {
    return this.graduatorie.anteprima(id, actor, q.limit ?? 100, q.offset ?? 0);
  }

  /** The stored inputs of the graduatoria as canonical JSON, to recompute it elsewhere (docs/collocamento.md). */
  @Get(':id/graduatoria/dati')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Scarica i dati della graduatoria',
    description: 'I dati conservati come JSON canonico (chiavi ordinate, senza spazi), per ricalcolarla altrove: allegato `graduatoria-<id>-dati.json`.',
  })
  @ApiOkResponse({
    type: DatiGraduatoriaView,
    headers: { 'Content-Disposition': { description: 'attachment, con il nome del file', schema: { type: 'string' } } },
  })
  @ApiErrori(400, 404, 409)
  async datiGraduatoria(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const { nome, json } = await this.graduatorie.datiGraduatoria(id, actor);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${nome}"`);
    res.send(json);
  }

  @Post(':id/graduatoria/pubblicazione')
  @HttpCode(200)
  @Roles('responsabile')
  @ApiOperation({ summary: 'Pubblica la graduatoria' })
  @ApiOkResponse({ type: OffertaView })
  @ApiErrori(400, 404, 409, 422)
  pubblica(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<OffertaView> {
    return this.service.pubblica(id, actor, rid);
  }

  /** Recomputes the published list from its stored inputs and says whether its SHA-256 matches. */
  @Get(':id/graduatoria/verifica')
  @Roles(...CPI, DATORE, 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Verifica la graduatoria pubblicata',
    description: 'La ricalcola dai dati conservati e confronta il suo SHA-256 con quello pubblicato.',
  })
  @ApiOkResponse({ type: VerificaGraduatoriaView })
  @ApiErrori(400, 404, 409)
  verifica(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<VerificaGraduatoriaView> {
    return this.graduatorie.verifica(id, actor);
  }

  @Post(':id/rosa')
  @HttpCode(200)
  @Roles(...CPI)
  @ApiOperation({ summary: 'Invia la rosa al datore', description: 'I primi candidati della graduatoria pubblicata.' })
  @ApiOkResponse({ type: RosaView })
  @ApiErrori(400, 404, 409, 422)
  inviaRosa(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RosaView> {
    return this.service.inviaRosa(id, actor, rid);
  }

  /** After negative outcomes with posts still open: the next candidates of the same graduatoria. */
  @Post(':id/rosa/successiva')
  @HttpCode(200)
  @Roles(...CPI)
  @ApiOperation({
    summary: 'Invia i candidati successivi',
    description: 'Dopo esiti negativi con posti ancora scoperti: i candidati successivi della stessa graduatoria, ancora idonei.',
  })
  @ApiOkResponse({ type: RosaView })
  @ApiErrori(400, 404, 409, 422)
  inviaRosaSuccessiva(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RosaView> {
    return this.service.inviaRosaSuccessiva(id, actor, rid);
  }

  @Get(':id/rosa')
  @Roles(...CPI, DATORE)
  @ApiOperation({
    summary: 'Legge la rosa',
    description: 'Posizione, compatibilità e competenze richieste possedute; al datore senza dati sanitari e con il riferimento del candidato.',
  })
  @ApiOkResponse({ type: RosaView })
  @ApiErrori(400, 404, 409)
  rosa(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<RosaView> {
    return this.service.rosa(id, actor);
  }

  /** Cancels the offer before its end, with the reason (CPI staff, or the employer withdrawing its request). */
  @Post(':id/annullamento')
  @HttpCode(200)
  @Roles(...CPI, DATORE)
  @ApiOperation({
    summary: 'Annulla l’offerta',
    description: 'Prima della sua conclusione, con il motivo (il personale del CPI, o il datore che ritira la richiesta).',
  })
  @ApiOkResponse({ type: OffertaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  annulla(@Param('id', uuid) id: string, @Body() dto: AnnullamentoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<OffertaView> {
    return this.service.annulla(id, dto.motivo, actor, rid);
  }

  @Post(':id/esiti')
  @HttpCode(200)
  @Roles(...CPI, DATORE)
  @ApiOperation({ summary: 'Registra l’esito di un candidato' })
  @ApiOkResponse({ type: OffertaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  registraEsito(@Param('id', uuid) id: string, @Body() dto: EsitoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<OffertaView> {
    return this.service.registraEsito(id, dto, actor, rid);
  }

  /** A responsabile who did not record an outcome corrects it, with the reason; its effects on the person and the quota follow. */
  @Post(':id/esiti/rettifica')
  @HttpCode(200)
  @Roles('responsabile')
  @ApiOperation({
    summary: 'Rettifica l’esito di un candidato',
    description: 'Un responsabile che non lo ha registrato, con il motivo; gli effetti sulla persona e sulla quota seguono.',
  })
  @ApiOkResponse({ type: OffertaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  rettificaEsito(@Param('id', uuid) id: string, @Body() dto: RettificaEsitoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<OffertaView> {
    return this.service.rettificaEsito(id, dto, actor, rid);
  }
}
