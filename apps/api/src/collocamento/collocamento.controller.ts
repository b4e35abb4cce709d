import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { linkSuccessivo } from '../common/paginazione';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto } from '../pratiche/pratiche.dto';
import { AdesioneDto, AnnullamentoDto, CercaDatoriQuery, CercaIscrittiQuery, CongruitaDto, ImpostazioniUfficioDto, EsitoDto, RettificaEsitoDto, ElencoOfferteQuery, IndicatoriQuery, OffertaDto, PaginaGraduatoriaQuery, TrasferimentoDto, UfficioQuery } from './collocamento.dto';
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
  constructor(private readonly service: RegistroCollocamentoService, private readonly documents: DocumentsService) {}

  /** CSV with a header row (columns in libs/domain/src/collocamento/import.ts): all rows or none. */
  @Post('import')
  @Roles(...CPI, 'amministratore')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto, description: 'tipo: iscritti or datori; file: the CSV' })
  importa(@Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return receiveUpload(req, 64 * 1024 * 1024, (file, meta) => this.service.importa(meta.tipo, file, actor, rid));
  }

  /** One person, as a record with the CSV's column names (same checks as the import). */
  @Post('iscritti')
  @Roles(...CPI)
  @ApiBody({ schema: { type: 'object', example: { codice_fiscale: 'RSSMRA85T10A562S', ufficio: 'CPI-TO', territorio: 'TO', categoria: 'art1', percentuale_invalidita: '67' } } })
  iscrivi(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.registra('iscritti', [Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v == null ? '' : String(v)]))], actor, rid);
  }

  /** People of the caller's office's list by registry id or codice fiscale, whole or its beginning; no health or economic data. */
  @Get('iscritti')
  @Roles(...CPI, 'dirigente', 'amministratore')
  cercaIscritti(@Query() q: CercaIscrittiQuery, @CurrentActor() actor: Actor) {
    return this.service.cercaIscritti(q.cerca, actor, q.ufficio);
  }

  /** A person's enrolment in the list of the caller's office (`ufficio`: another office's, for roles that see every office). */
  @Get('iscritti/:id')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiQuery({ name: 'ufficio', required: false })
  iscritto(@Param('id') id: string, @Query() q: UfficioQuery, @CurrentActor() actor: Actor) {
    return this.service.iscritto(id, actor, q.ufficio);
  }

  /** Moves the enrolment to another office's list (the person moved there): audited, with its reason. */
  @Post('iscritti/:id/trasferimento')
  @HttpCode(200)
  @Roles('responsabile')
  trasferisci(@Param('id') id: string, @Body() dto: TrasferimentoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.trasferisci(id, dto.ufficio, dto.motivazione, actor, rid);
  }

  @Post('iscritti/:id/relazione')
  @Roles(...CPI)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  relazione(@Param('id') id: string, @Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.service.caricaRelazione(id, meta.nomeFile, file, actor, rid));
  }

  @Scoped('regionale')
  @Post('datori')
  @Roles(...CPI)
  @ApiBody({ schema: { type: 'object', example: { codice_fiscale: '01234567897', denominazione: 'Alfa S.p.A.', dipendenti_computabili: '120' } } })
  registraDatore(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.registra('datori', [Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v == null ? '' : String(v)]))], actor, rid);
  }

  /** What the office decides for its offers: its region (ranking rules), the largest rosa, its patron days. */
  @Get('uffici/:ufficio/impostazioni')
  @Roles(...CPI, 'dirigente', 'amministratore')
  impostazioni(@Param('ufficio') ufficio: string, @CurrentActor() actor: Actor) {
    return this.service.impostazioni(ufficio, actor);
  }

  @Put('uffici/:ufficio/impostazioni')
  @Roles('responsabile', 'dirigente', 'amministratore')
  salvaImpostazioni(@Param('ufficio') ufficio: string, @Body() dto: ImpostazioniUfficioDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.salvaImpostazioni(ufficio, dto, actor, rid);
  }

  /** Employers the office registered or serves, by codice fiscale or a part of the name. */
  @Get('datori')
  @Roles(...CPI, 'dirigente', 'amministratore')
  cercaDatori(@Query() q: CercaDatoriQuery, @CurrentActor() actor: Actor) {
    return this.service.cercaDatori(q.cerca, actor);
  }

  /** An employer with its quota under L. 68/99 and its scopertura. */
  @Scoped('regionale', 'soggetto')
  @Get('datori/:id')
  @Roles(...CPI, DATORE, 'dirigente', 'amministratore')
  datore(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.service.datore(id, actor);
  }
}

/** Employers' requests (offerte) and their preselection procedure. */
@ApiTags('collocamento mirato: offerte')
@Scoped('ufficio', 'soggetto')
@Controller('offerte')
export class OfferteController {
  constructor(private readonly service: CollocamentoService, private readonly graduatorie: GraduatoriaService) {}

  @Post()
  @Roles(...CPI, DATORE)
  crea(@Body() dto: OffertaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.crea(dto, actor, rid);
  }

  @Get()
  @Roles(...CPI, DATORE, 'dirigente', 'amministratore')
  @ApiOkResponse({ description: 'newest first; when there are more, a Link header with rel="next" gives the next page' })
  async list(@Query() q: ElencoOfferteQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { offerte, successivo } = await this.service.list(actor, q);
    linkSuccessivo(res, '/api/v1/offerte', { stato: q.stato, datore: q.datore, limite: q.limite }, successivo);
    return offerte;
  }

  /** Indicators (Puglia C.3.x / G.1.x; Tuscany) as JSON, CSV or XLSX. */
  @Get('indicatori')
  @Roles('responsabile', 'dirigente', 'amministratore')
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
  get(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.service.get(id, actor);
  }

  @Post(':id/congruita')
  @HttpCode(200)
  @Roles(...CPI)
  congruita(@Param('id', uuid) id: string, @Body() dto: CongruitaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.congruita(id, dto, actor, rid);
  }

  /** The offer's applicants (withdrawn ones too, marked), oldest first, a page at a time: CPI staff only. */
  @Get(':id/adesioni')
  @Roles(...CPI, 'dirigente', 'amministratore')
  adesioni(@Param('id', uuid) id: string, @Query() q: PaginaGraduatoriaQuery, @CurrentActor() actor: Actor) {
    return this.service.adesioni(id, actor, q.limit ?? 100, q.offset ?? 0);
  }

  @Post(':id/adesioni')
  @Roles(...CPI)
  aderisci(@Param('id', uuid) id: string, @Body() dto: AdesioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.aderisci(id, dto.iscrittoId, actor, rid);
  }

  @Delete(':id/adesioni/:iscrittoId')
  @Roles(...CPI)
  ritira(@Param('id', uuid) id: string, @Param('iscrittoId') iscrittoId: string, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.ritira(id, iscrittoId, actor, rid);
  }

  /** The ranked list with each candidate's points by criterion and tie-break chain, and the exclusions with reasons. */
  @Get(':id/graduatoria')
  @Roles(...CPI, 'dirigente', 'amministratore')
  graduatoria(@Param('id', uuid) id: string, @Query() q: PaginaGraduatoriaQuery, @CurrentActor() actor: Actor) {
    return this.graduatorie.graduatoria(id, actor, q.limit ?? 100, q.offset ?? 0);
  }

  /** The ranking as it would be now, from the current applications (nothing stored): both lists a page at a time, the excluded with reasons. */
  @Get(':id/graduatoria/anteprima')
  @Roles(...CPI, 'dirigente', 'amministratore')
  anteprima(@Param('id', uuid) id: string, @Query() q: PaginaGraduatoriaQuery, @CurrentActor() actor: Actor) {
    return this.graduatorie.anteprima(id, actor, q.limit ?? 100, q.offset ?? 0);
  }

  /** The stored inputs of the graduatoria as canonical JSON, to recompute it elsewhere (docs/collocamento.md). */
  @Get(':id/graduatoria/dati')
  @Roles(...CPI, 'dirigente', 'amministratore')
  @ApiOkResponse({ description: 'application/json attachment: offertaId, regione, versioneRegole, regole, dataRiferimento, dataChiusura, offerta, candidati, hash' })
  async datiGraduatoria(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const { nome, json } = await this.graduatorie.datiGraduatoria(id, actor);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${nome}"`);
    res.send(json);
  }

  @Post(':id/graduatoria/pubblicazione')
  @HttpCode(200)
  @Roles('responsabile')
  pubblica(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.pubblica(id, actor, rid);
  }

  /** Recomputes the published list from its stored inputs and says whether its SHA-256 matches. */
  @Get(':id/graduatoria/verifica')
  @Roles(...CPI, DATORE, 'dirigente', 'amministratore')
  verifica(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.graduatorie.verifica(id, actor);
  }

  @Post(':id/rosa')
  @HttpCode(200)
  @Roles(...CPI)
  inviaRosa(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.inviaRosa(id, actor, rid);
  }

  /** After negative outcomes with posts still open: the next candidates of the same graduatoria. */
  @Post(':id/rosa/successiva')
  @HttpCode(200)
  @Roles(...CPI)
  inviaRosaSuccessiva(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.inviaRosaSuccessiva(id, actor, rid);
  }

  @Get(':id/rosa')
  @Roles(...CPI, DATORE)
  rosa(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.service.rosa(id, actor);
  }

  /** Cancels the offer before its end, with the reason (CPI staff, or the employer withdrawing its request). */
  @Post(':id/annullamento')
  @HttpCode(200)
  @Roles(...CPI, DATORE)
  annulla(@Param('id', uuid) id: string, @Body() dto: AnnullamentoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.annulla(id, dto.motivo, actor, rid);
  }

  @Post(':id/esiti')
  @HttpCode(200)
  @Roles(...CPI, DATORE)
  esito(@Param('id', uuid) id: string, @Body() dto: EsitoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.esito(id, dto, actor, rid);
  }

  /** A responsabile who did not record an outcome corrects it, with the reason; its effects on the person and the quota follow. */
  @Post(':id/esiti/rettifica')
  @HttpCode(200)
  @Roles('responsabile')
  rettificaEsito(@Param('id', uuid) id: string, @Body() dto: RettificaEsitoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.service.rettificaEsito(id, dto, actor, rid);
  }
}
