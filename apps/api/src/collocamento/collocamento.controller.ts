import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori, ApiPagina } from '../common/openapi';
import { linkSuccessivo } from '../common/paginazione';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto, DocumentoView } from '../pratiche/pratiche.dto';
import {
  AdesioneDto,
  AnnullamentoDto,
  CercaDatoriQuery,
  CercaIscrittiQuery,
  CongruitaDto,
  DatoreDto,
  ImportazioneCsvDto,
  ImpostazioniUfficioDto,
  EsitoDto,
  IscrizioneDto,
  RettificaEsitoDto,
  ElencoOfferteQuery,
  IndicatoriQuery,
  OffertaDto,
  PaginaGraduatoriaQuery,
  TrasferimentoDto,
  UfficioQuery,
  erroreDelCorpo,
  rigaDatore,
  rigaIscrizione,
} from './collocamento.dto';
import {
  AdesioneView,
  AdesioniView,
  AnteprimaGraduatoriaView,
  DatiGraduatoriaView,
  DatoreInBreveView,
  DatoreView,
  GraduatoriaView,
  ImportazioneView,
  ImpostazioniUfficioView,
  IscrittoInBreveView,
  IscrittoView,
  OffertaInBreveView,
  OffertaView,
  RosaView,
  TabellaIndicatoriView,
  TrasferimentoView,
  VerificaGraduatoriaView,
} from './collocamento.viste.dto';
import { CollocamentoService } from './collocamento.service';
import { GraduatoriaService } from './graduatoria.service';
import { RegistroCollocamentoService } from './registro-collocamento.service';
import { UuidParamPipe } from '../common/pipes';

const uuid = new UuidParamPipe('4');
const CPI = ['operatore', 'responsabile'] as const;
/** The employer acts with the 'datore' role, its token subject being its registry id. */
const DATORE = 'datore' as const;

/** The L. 68/99 registry: people enrolled in the collocamento mirato lists and employers, with bulk CSV import. */
@ApiTags('collocamento mirato: registro')
@Scoped('ufficio')
@Controller('collocamento')
export class RegistroCollocamentoController {
  constructor(
    private readonly service: RegistroCollocamentoService,
    private readonly documents: DocumentsService,
  ) {}

  /** CSV with a header row (columns in libs/domain/src/collocamento/import.ts): all rows or none. */
  @Post('import')
  @Roles(...CPI, 'amministratore')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportazioneCsvDto })
  @ApiOperation({
    summary: 'Importa iscritti o datori da CSV',
    description: 'Ogni riga è controllata prima: con un errore qualsiasi nulla è importato e la risposta (422) elenca ogni errore per riga e colonna.',
  })
  @ApiCreatedResponse({ type: ImportazioneView })
  @ApiErrori(400, 409, 413, 415, 422)
  importa(@Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<ImportazioneView> {
    return receiveUpload(req, 64 * 1024 * 1024, (file, meta) => this.service.importa(meta.tipo, file, actor, rid));
  }

  /** One person, as a record with the CSV's column names (same checks as the import). */
  @Post('iscritti')
  @Roles(...CPI)
  @ApiOperation({ summary: 'Iscrive una persona nell’elenco', description: 'Con gli stessi controlli di una riga dell’importazione CSV.' })
  @ApiCreatedResponse({ type: ImportazioneView })
  @ApiErrori(400, 409, 413, 415, 422)
  iscrivi(@Body() dto: IscrizioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<ImportazioneView> {
    return this.service.registra('iscritti', [rigaIscrizione(dto)], actor, rid, erroreDelCorpo);
  }

  /** People of the caller's office's list by registry id or codice fiscale, whole or its beginning; no health or economic data. */
  @Get('iscritti')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Cerca persone nell’elenco',
    description: 'Per identificativo o codice fiscale, interi o il loro inizio; senza dati sanitari né economici.',
  })
  @ApiOkResponse({ type: [IscrittoInBreveView] })
  @ApiErrori(400)
  iscritti(@Query() q: CercaIscrittiQuery, @CurrentActor() actor: Actor): Promise<IscrittoInBreveView[]> {
    return this.service.iscritti(q.cerca, actor, q.ufficio);
  }

  /** A person's enrolment in the list of the caller's office (`ufficio`: another office's, for roles that see every office). */
  @Get('iscritti/:id')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Legge l’iscrizione di una persona',
    description: 'Dati sanitari, economici e familiari solo agli operatori e ai responsabili dell’ufficio.',
  })
  @ApiOkResponse({ type: IscrittoView })
  @ApiErrori(400, 404)
  iscritto(@Param('id') id: string, @Query() q: UfficioQuery, @CurrentActor() actor: Actor): Promise<IscrittoView> {
    return this.service.iscritto(id, actor, q.ufficio);
  }

  /** Moves the enrolment to another office's list (the person moved there): audited, with its reason. */
  @Post('iscritti/:id/trasferimento')
  @HttpCode(200)
  @Roles('responsabile')
  @ApiOperation({
    summary: 'Trasferisce l’iscrizione a un altro ufficio',
    description: 'Con il motivo, nel registro di audit; rifiutato (409) se la persona ha adesioni a offerte non ancora graduate.',
  })
  @ApiOkResponse({ type: TrasferimentoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  trasferisci(@Param('id') id: string, @Body() dto: TrasferimentoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TrasferimentoView> {
    return this.service.trasferisci(id, dto.ufficio, dto.motivazione, actor, rid);
  }

  @Post('iscritti/:id/relazione')
  @Roles(...CPI)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  @ApiOperation({
    summary: 'Carica la relazione conclusiva',
    description: 'Il documento del comitato tecnico (dato sanitario); le note di compatibilità restano dati dell’iscrizione.',
  })
  @ApiCreatedResponse({ type: DocumentoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  caricaRelazione(@Param('id') id: string, @Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<DocumentoView> {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.service.caricaRelazione(id, meta.nomeFile, file, actor, rid));
  }

  @Scoped('regionale')
  @Post('datori')
  @Roles(...CPI)
  @ApiOperation({ summary: 'Registra un datore di lavoro', description: 'Nel registro regionale, con gli stessi controlli di una riga dell’importazione CSV.' })
  @ApiCreatedResponse({ type: ImportazioneView })
  @ApiErrori(400, 409, 413, 415, 422)
  registraDatore(@Body() dto: DatoreDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<ImportazioneView> {
    return this.service.registra('datori', [rigaDatore(dto)], actor, rid, erroreDelCorpo);
  }

  /** What the office decides for its offers: its region (ranking rules), the largest rosa, its patron days. */
  @Get('uffici/:ufficio/impostazioni')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Legge le impostazioni dell’ufficio',
    description: 'La regione (regole di graduatoria), la rosa più ampia, i santi patroni; quelle predefinite se l’ufficio non ne ha.',
  })
  @ApiOkResponse({ type: ImpostazioniUfficioView })
  @ApiErrori(404)
  impostazioni(@Param('ufficio') ufficio: string, @CurrentActor() actor: Actor): Promise<ImpostazioniUfficioView> {
    return this.service.impostazioni(ufficio, actor);
  }

  @Put('uffici/:ufficio/impostazioni')
  @Roles('responsabile', 'dirigente', 'amministratore')
  @ApiOperation({ summary: 'Imposta le impostazioni dell’ufficio', description: 'Con la motivazione, nel registro di audit.' })
  @ApiOkResponse({ type: ImpostazioniUfficioView })
  @ApiErrori(400, 404, 413, 415, 422)
  salvaImpostazioni(
    @Param('ufficio') ufficio: string,
    @Body() dto: ImpostazioniUfficioDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<ImpostazioniUfficioView> {
    return this.service.salvaImpostazioni(ufficio, dto, actor, rid);
  }

  /** Employers the office registered or serves, by codice fiscale or a part of the name. */
  @Get('datori')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Cerca datori di lavoro',
    description: 'Per codice fiscale o parte della denominazione: quelli registrati o serviti dall’ufficio (tutti per i ruoli regionali).',
  })
  @ApiOkResponse({ type: [DatoreInBreveView] })
  @ApiErrori(400)
  datori(@Query() q: CercaDatoriQuery, @CurrentActor() actor: Actor): Promise<DatoreInBreveView[]> {
    return this.service.datori(q.cerca, actor);
  }

  /** An employer with its quota under L. 68/99 and its scopertura. */
  @Scoped('regionale', 'soggetto')
  @Get('datori/:id')
  @Roles(...CPI, DATORE, 'dirigente', 'amministratore')
  @ApiOperation({ summary: 'Legge un datore di lavoro', description: 'Con la quota d’obbligo (L. 68/99) e la scopertura.' })
  @ApiOkResponse({ type: DatoreView })
  @ApiErrori(404)
  datore(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<DatoreView> {
    return this.service.datore(id, actor);
  }
}

/** Employers' requests (offerte) and their preselection procedure. */
@ApiTags('collocamento mirato: offerte')
@Scoped('ufficio', 'soggetto')
@Controller('offerte')
export class OfferteController {
  constructor(
    private readonly service: CollocamentoService,
    private readonly graduatorie: GraduatoriaService,
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
    return this.service.adesioni(id, actor, q.limit ?? 100, q.offset ?? 0);
  }

  @Post(':id/adesioni')
  @Roles(...CPI)
  @ApiOperation({ summary: 'Registra un’adesione all’offerta', description: 'Per una persona iscritta all’elenco dell’ufficio, a finestra aperta.' })
  @ApiCreatedResponse({ type: AdesioneView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  aderisci(@Param('id', uuid) id: string, @Body() dto: AdesioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<AdesioneView> {
    return this.service.aderisci(id, dto.iscrittoId, actor, rid);
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
    return this.service.ritira(id, iscrittoId, actor, rid);
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
