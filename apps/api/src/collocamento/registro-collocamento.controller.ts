import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto, DocumentoView } from '../pratiche/pratiche.dto';
import {
  CercaDatoriQuery,
  CercaIscrittiQuery,
  DatoreDto,
  ImportazioneCsvDto,
  ImpostazioniUfficioDto,
  IscrizioneDto,
  TrasferimentoDto,
  UfficioQuery,
  erroreDelCorpo,
  rigaDatore,
  rigaIscrizione,
} from './collocamento.dto';
import {
  DatoreInBreveView,
  DatoreView,
  ImportazioneView,
  ImpostazioniUfficioView,
  IscrittoInBreveView,
  IscrittoView,
  TrasferimentoView,
} from './collocamento.viste.dto';
import { RegistroCollocamentoService } from './registro-collocamento.service';

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
