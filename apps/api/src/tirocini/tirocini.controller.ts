import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { linkSuccessivo } from '../common/paginazione';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto, DocumentoView } from '../pratiche/pratiche.dto';
import {
  BozzaDto,
  ComunicazioneDto,
  DecisioneDto,
  ElencoTirociniQuery,
  IntegrazioneDto,
  InterruzioneDto,
  MigrazioneTirociniDto,
  PeriodoQuery,
  PresenzeDto,
  ProrogaDto,
  RipresaDto,
  RitiroDto,
  SospensioneDto,
} from './tirocini.dto';
import { ProceduraTirociniService } from './procedura-tirocini.service';
import { TirociniService } from './tirocini.service';
import { ElencoTirociniView, EsitoMigrazioneView, IndicatoriTirociniView, TirocinioInBreveView, TirocinioView } from './tirocini.viste.dto';
import { MigrazioneTirociniService } from './migrazione-tirocini.service';
import { UuidParamPipe } from '../common/pipes';
import { passiTirocinio } from '../../../../workflows/tirocini/tirocinio.messages';

const uuid = new UuidParamPipe('4');
const SUBMITTERS = ['operatore', 'promotore'] as const;
const READERS = ['operatore', 'responsabile', 'promotore', 'ospitante', 'dirigente', 'amministratore'] as const;

/** Tirocini extracurricolari: drafts, submission with the first-level checks, review, and the life cycle. */
@ApiTags('tirocini')
@Scoped('ufficio', 'soggetto')
@Controller('tirocini')
export class TirociniController {
  constructor(
    private readonly tirocini: TirociniService,
    private readonly procedura: ProceduraTirociniService,
    private readonly documents: DocumentsService,
    private readonly migrazione: MigrazioneTirociniService,
  ) {}

  @Post()
  @Roles(...SUBMITTERS)
  @ApiOperation({
    summary: 'Crea la bozza di un tirocinio',
    description:
      'I riferimenti (promotore, ospitante, sede, tirocinante, tutor, convenzione) devono esistere ed essere accessibili; le regole si controllano all’invio.',
  })
  @ApiCreatedResponse({ type: TirocinioView })
  @ApiErrori(400, 409, 413, 415, 422)
  crea(@Body() dto: BozzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.tirocini.creaBozza(dto, actor, rid);
  }

  @Post('migrazione')
  @HttpCode(200)
  @Roles('operatore', 'amministratore')
  @ApiOperation({
    summary: 'Importa i tirocini in corso dal sistema di provenienza',
    description:
      'Per la migrazione di un ufficio: fino a 200 tirocini attivi per richiesta, con i riferimenti del registro (come per una bozza, nel proprio ufficio), ' +
      'l’invio, l’approvazione, la comunicazione obbligatoria e il registro presenze già tenuti, ricontrollati con le regole dei passi del servizio. ' +
      'La richiesta è accettata o rifiutata per intero (422 con ogni violazione e il suo tirocinio). Una sola importazione per ufficio e codiceOrigine: ' +
      'ripetere la richiesta non duplica nulla e avvia ciò che un tentativo precedente ha registrato senza avviarlo.',
  })
  @ApiOkResponse({ type: EsitoMigrazioneView })
  @ApiErrori(400, 409, 413, 415, 422)
  importa(@Body() dto: MigrazioneTirociniDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<EsitoMigrazioneView> {
    return this.migrazione.importa(dto.tirocini, actor, rid);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Elenca i tirocini',
    description:
      'Quelli dell’ufficio del chiamante, o per un utente esterno quelli di cui la sua organizzazione è parte; dal più recente, a pagine di `limit`: ' +
      'la successiva con il cursore `successivo` come `dopo` (anche nell’intestazione Link).',
  })
  @ApiOkResponse({
    type: ElencoTirociniView,
    headers: { Link: { description: 'la pagina successiva, `<…&dopo=cursore>; rel="next"`; assente all’ultima pagina', schema: { type: 'string' } } },
  })
  @ApiErrori(400)
  async elenco(@Query() q: ElencoTirociniQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<ElencoTirociniView> {
    const vista = await this.tirocini.elenco(q, actor);
    const { offset: _offset, ...filtri } = q;
    linkSuccessivo(res, '/api/v1/tirocini', filtri, vista.successivo ?? undefined);
    return vista;
  }

  /** Practices waiting for a decision of the caller's office, oldest deadline first. */
  @Get('inbox')
  @Roles('responsabile')
  @ApiOperation({ summary: 'Tirocini da decidere', description: 'Le pratiche dell’ufficio in attesa di decisione, dalla scadenza più vicina.' })
  @ApiOkResponse({ type: [TirocinioInBreveView] })
  daDecidere(@CurrentActor() actor: Actor): Promise<TirocinioInBreveView[]> {
    return this.tirocini.daDecidere(actor);
  }

  @Get('indicatori')
  @Roles('responsabile', 'dirigente', 'amministratore')
  @ApiOperation({ summary: 'Indicatori dei tirocini', description: 'Inviati, decisi (con i tempi), avviati e conclusi nel periodo, per sesso e fascia d’età.' })
  @ApiOkResponse({ type: IndicatoriTirociniView })
  @ApiErrori(400)
  indicatori(@Query() q: PeriodoQuery, @CurrentActor() actor: Actor): Promise<IndicatoriTirociniView> {
    return this.tirocini.indicatori(q, actor);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Legge un tirocinio',
    description: 'Con i documenti, lo stato della procedura e la cronologia; a un ospitante senza i dati di svantaggio.',
  })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404)
  dettaglio(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<TirocinioView> {
    return this.tirocini.dettaglio(id, actor);
  }

  /** Replaces the draft's project (in bozza, or while integrations are requested). */
  @Put(':id')
  @Roles(...SUBMITTERS)
  @ApiOperation({ summary: 'Modifica il progetto della bozza', description: 'In bozza, o durante le integrazioni (senza cambiare parti, date e ore).' })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  aggiorna(@Param('id', uuid) id: string, @Body() dto: BozzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.tirocini.aggiornaBozza(id, dto, actor, rid);
  }

  @Post(':id/documenti')
  @Roles(...SUBMITTERS, 'ospitante')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  @ApiQuery({ name: 'firmato', required: false, type: Boolean, description: 'chi carica dichiara il documento firmato dalle parti che devono firmarlo' })
  @ApiOperation({
    summary: 'Carica un documento del tirocinio',
    description: 'Il progetto, la convenzione e gli altri allegati in bozza o durante le integrazioni; il registro presenze anche durante il tirocinio.',
  })
  @ApiCreatedResponse({ type: DocumentoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  caricaDocumento(
    @Param('id', uuid) id: string,
    @Req() req: Request,
    @CurrentActor() actor: Actor,
    @Query('firmato') firmato?: string,
    @RequestId() rid?: string,
  ): Promise<DocumentoView> {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) =>
      this.tirocini.caricaDocumento(id, meta.tipo, firmato === 'true', meta.nomeFile, file, actor, rid),
    );
  }

  @Post(':id/invio')
  @HttpCode(200)
  @Roles(...SUBMITTERS)
  @ApiOperation({
    summary: 'Invia il tirocinio',
    description: 'I controlli di primo livello rispondono 422 con ogni violazione; superati, la pratica prende il suo posto e il processo parte.',
  })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 422)
  invia(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.procedura.invia(id, actor, rid);
  }

  @Post(':id/decisione')
  @HttpCode(200)
  @Roles('responsabile')
  @ApiOperation({
    summary: 'Decide il tirocinio',
    description: 'Approva, respinge o chiede integrazioni; chi ha scritto la pratica o rettificato il tirocinante non può deciderla (403).',
  })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  decidi(@Param('id', uuid) id: string, @Body() dto: DecisioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.procedura.decidi(id, dto, actor, rid);
  }

  @Post(':id/integrazione')
  @HttpCode(200)
  @Roles(...SUBMITTERS)
  @ApiOperation({ summary: 'Invia le integrazioni', description: 'La bozza modificata ripassa i controlli, poi torna in esame.' })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  integra(@Param('id', uuid) id: string, @Body() dto: IntegrazioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.procedura.integra(id, dto.note, actor, rid);
  }

  @Post(':id/comunicazione-obbligatoria')
  @HttpCode(200)
  @Roles('ospitante', 'operatore', 'promotore')
  @ApiOperation({ summary: 'Registra la comunicazione obbligatoria', description: 'Il codice UNILAV e la data: il tirocinio può avviarsi.' })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  registraComunicazione(
    @Param('id', uuid) id: string,
    @Body() dto: ComunicazioneDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<TirocinioView> {
    return this.procedura.applica(id, passiTirocinio.comunicazioneObbligatoria, { ...dto }, actor, rid);
  }

  @Post(':id/presenze')
  @HttpCode(200)
  @Roles('ospitante', 'operatore', 'promotore')
  @ApiOperation({ summary: 'Registra le presenze del mese' })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  registraPresenze(@Param('id', uuid) id: string, @Body() dto: PresenzeDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.procedura.applica(id, passiTirocinio.presenze, { ...dto }, actor, rid);
  }

  @Post(':id/sospensione')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  @ApiOperation({ summary: 'Sospende il tirocinio' })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  sospendi(@Param('id', uuid) id: string, @Body() dto: SospensioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.procedura.applica(id, passiTirocinio.sospensione, { ...dto }, actor, rid);
  }

  @Post(':id/ripresa')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  @ApiOperation({ summary: 'Riprende il tirocinio sospeso' })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  riprendi(@Param('id', uuid) id: string, @Body() dto: RipresaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.procedura.applica(id, passiTirocinio.ripresa, { ...dto }, actor, rid);
  }

  @Post(':id/proroga')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  @ApiOperation({
    summary: 'Proroga il tirocinio',
    description: 'I limiti della sede, dei tutor e del tirocinante si contano sui giorni aggiunti (422 se non bastano).',
  })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  proroga(@Param('id', uuid) id: string, @Body() dto: ProrogaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.procedura.proroga(id, dto, actor, rid);
  }

  /** Deletes a draft never submitted, with its documents (the audit trail keeps that it existed). */
  @Delete(':id')
  @HttpCode(204)
  @Roles('operatore', 'promotore')
  @ApiOperation({
    summary: 'Elimina una bozza',
    description: 'Solo una bozza mai inviata, con i suoi documenti; il registro di audit conserva che è esistita.',
  })
  @ApiNoContentResponse({ description: 'eliminata' })
  @ApiErrori(400, 404, 409)
  elimina(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<void> {
    return this.tirocini.eliminaBozza(id, actor, rid);
  }

  /** The promotore withdraws a submitted request before its start (with the reason): its place is free at once. */
  @Post(':id/ritiro')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  @ApiOperation({ summary: 'Ritira la richiesta', description: 'Prima dell’avvio, con il motivo: il posto si libera subito.' })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  ritira(@Param('id', uuid) id: string, @Body() dto: RitiroDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.procedura.applica(id, passiTirocinio.ritiro, { ...dto }, actor, rid);
  }

  @Post(':id/interruzione')
  @HttpCode(200)
  @Roles('operatore', 'promotore')
  @ApiOperation({ summary: 'Interrompe il tirocinio' })
  @ApiOkResponse({ type: TirocinioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  interrompi(@Param('id', uuid) id: string, @Body() dto: InterruzioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinioView> {
    return this.procedura.applica(id, passiTirocinio.interruzione, { ...dto }, actor, rid);
  }
}
