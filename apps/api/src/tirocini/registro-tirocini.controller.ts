import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto, DocumentoView } from '../pratiche/pratiche.dto';
import { RegistroTirociniService } from './registro-tirocini.service';
import { TirocinantiService } from './tirocinanti.service';
import {
  CercaTirocinantiQuery,
  ConteggioDipendentiDto,
  ConvenzioneDto,
  ElencoSoggettiQuery,
  NuovaSedeDto,
  RettificaTirocinanteDto,
  SoggettoDto,
  TirocinanteDto,
  TutorDto,
} from './tirocini.dto';
import { ConvenzioneView, SoggettoView, TirocinanteView, TutorView } from './tirocini.viste.dto';
import { UuidParamPipe } from '../common/pipes';

const uuid = new UuidParamPipe('4');
const WRITERS = ['operatore', 'responsabile', 'promotore', 'amministratore'] as const;
const READERS = [...WRITERS, 'ospitante', 'dirigente'] as const;
/** Who keeps the registry's records up to date (sites, head counts, corrections): the office's CPI staff. */
const MANUTENTORI = ['operatore', 'responsabile'] as const;

/** The tirocinio registry: soggetti promotori and ospitanti (with sites), trainees, tutors and convenzioni. */
@ApiTags('tirocini: registro')
@Scoped('ufficio', 'soggetto')
@Controller()
export class RegistroTirociniController {
  constructor(
    private readonly registro: RegistroTirociniService,
    private readonly tirocinantiService: TirocinantiService,
    private readonly documents: DocumentsService,
  ) {}

  @Scoped('regionale', 'soggetto')
  @Post('soggetti-tirocinio')
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Registra un soggetto promotore o ospitante',
    description: 'Con le sedi e i loro dipendenti; un codice fiscale già registrato risponde 409 con il soggetto esistente, se il chiamante può leggerlo.',
  })
  @ApiCreatedResponse({ type: SoggettoView })
  @ApiErrori(400, 409, 413, 415, 422)
  creaSoggetto(@Body() dto: SoggettoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<SoggettoView> {
    return this.registro.creaSoggetto(dto, actor, rid);
  }

  @Scoped('regionale', 'soggetto')
  @Get('soggetti-tirocinio')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Cerca soggetti promotori e ospitanti' })
  @ApiOkResponse({ type: [SoggettoView] })
  @ApiErrori(400)
  soggetti(@Query() q: ElencoSoggettiQuery, @CurrentActor() actor: Actor): Promise<SoggettoView[]> {
    return this.registro.soggetti(actor, q);
  }

  @Scoped('regionale', 'soggetto')
  @Get('soggetti-tirocinio/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Legge un soggetto', description: 'Con le sedi; i dipendenti di ogni sede solo al personale e all’organizzazione stessa.' })
  @ApiOkResponse({ type: SoggettoView })
  @ApiErrori(400, 404)
  soggetto(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<SoggettoView> {
    return this.registro.soggetto(id, actor);
  }

  /** A new site of a soggetto (staff of the office that registered it): its head count holds from today. */
  @Scoped('regionale')
  @Post('soggetti-tirocinio/:id/sedi')
  @Roles(...MANUTENTORI)
  @ApiOperation({
    summary: 'Aggiunge una sede a un soggetto',
    description: 'Il personale dell’ufficio che lo ha registrato; i dipendenti della sede valgono da oggi.',
  })
  @ApiCreatedResponse({ type: SoggettoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  aggiungiSede(@Param('id', uuid) id: string, @Body() dto: NuovaSedeDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<SoggettoView> {
    return this.registro.aggiungiSede(id, dto, actor, rid);
  }

  /** A site's new permanent-employee count from a date, with its reason; the earlier counts stay (the site's history). */
  @Scoped('regionale')
  @Post('soggetti-tirocinio/:id/sedi/:sedeId/dipendenti')
  @Roles(...MANUTENTORI)
  @ApiOperation({
    summary: 'Registra i dipendenti di una sede',
    description: 'Un nuovo conteggio da una data, con il motivo; i precedenti restano nello storico della sede.',
  })
  @ApiCreatedResponse({ type: SoggettoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  registraDipendenti(
    @Param('id', uuid) id: string,
    @Param('sedeId', uuid) sedeId: string,
    @Body() dto: ConteggioDipendentiDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<SoggettoView> {
    return this.registro.registraDipendenti(id, sedeId, dto, actor, rid);
  }

  @Post('tirocinanti')
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Registra un tirocinante',
    description: 'Nel registro dell’ufficio del chiamante; il codice fiscale deve concordare con data di nascita e sesso.',
  })
  @ApiCreatedResponse({ type: TirocinanteView })
  @ApiErrori(400, 409, 413, 415, 422)
  creaTirocinante(@Body() dto: TirocinanteDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TirocinanteView> {
    return this.tirocinantiService.creaTirocinante(dto, actor, rid);
  }

  /** Trainees by codice fiscale or by surname and name (a part, either order): at most 50, by surname. */
  @Get('tirocinanti')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Cerca tirocinanti',
    description: 'Per codice fiscale o per cognome e nome (anche in parte, in qualsiasi ordine): al più 50, per cognome.',
  })
  @ApiOkResponse({ type: [TirocinanteView] })
  @ApiErrori(400)
  tirocinanti(@Query() q: CercaTirocinantiQuery, @CurrentActor() actor: Actor): Promise<TirocinanteView[]> {
    return this.tirocinantiService.tirocinanti(q.cerca, actor);
  }

  @Get('tirocinanti/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Legge un tirocinante' })
  @ApiOkResponse({ type: TirocinanteView })
  @ApiErrori(400, 404)
  tirocinante(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<TirocinanteView> {
    return this.tirocinantiService.tirocinante(id, actor);
  }

  /** Corrects a trainee's identity (staff of the office whose registry holds them), with a reason; audited before/after. */
  @Scoped('ufficio')
  @Post('tirocinanti/:id/rettifica')
  @HttpCode(200)
  @Roles(...MANUTENTORI)
  @ApiOperation({
    summary: 'Rettifica i dati di un tirocinante',
    description: 'Il personale dell’ufficio che lo ha nel registro, con il motivo; prima e dopo nel registro di audit.',
  })
  @ApiOkResponse({ type: TirocinanteView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  rettificaTirocinante(
    @Param('id', uuid) id: string,
    @Body() dto: RettificaTirocinanteDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<TirocinanteView> {
    return this.tirocinantiService.rettificaTirocinante(id, dto, actor, rid);
  }

  @Post('tutor')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Registra un tutor', description: 'Del promotore o dell’ospitante indicato.' })
  @ApiCreatedResponse({ type: TutorView })
  @ApiErrori(400, 409, 413, 415, 422)
  creaTutor(@Body() dto: TutorDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<TutorView> {
    return this.registro.creaTutor(dto, actor, rid);
  }

  @Post('convenzioni')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Registra una convenzione', description: 'Tra un promotore e un ospitante, con la sua validità.' })
  @ApiCreatedResponse({ type: ConvenzioneView })
  @ApiErrori(400, 409, 413, 415, 422)
  creaConvenzione(@Body() dto: ConvenzioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<ConvenzioneView> {
    return this.registro.creaConvenzione(dto, actor, rid);
  }

  @Get('convenzioni/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Legge una convenzione' })
  @ApiOkResponse({ type: ConvenzioneView })
  @ApiErrori(400, 404)
  convenzione(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<ConvenzioneView> {
    return this.registro.convenzione(id, actor);
  }

  @Post('convenzioni/:id/documento')
  @Roles(...WRITERS)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  @ApiOperation({ summary: 'Carica il documento firmato della convenzione', description: 'Ogni caricamento resta; la convenzione indica il più recente.' })
  @ApiCreatedResponse({ type: DocumentoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  caricaDocumento(@Param('id', uuid) id: string, @Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<DocumentoView> {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.registro.caricaDocumentoConvenzione(id, meta.nomeFile, file, actor, rid));
  }
}
