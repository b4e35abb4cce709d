import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { ganttSvg } from '@app/domain/cronoprogramma/gantt';
import { pianoPdf, pianoXlsx } from '@app/infrastructure/export/piano-export';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori, ApiFile, ApiPagina } from '../common/openapi';
import { linkSuccessivo } from '../common/paginazione';
import { CurrentActor, RequestId } from '../common/request-context';
import {
  ApprovazioneDto,
  CopiaPianoDto,
  DecisioneRevisioneDto,
  ElencoPianiQuery,
  MonitoraggioDto,
  PianoDocumentoDto,
  PianoView,
  ProssimaScadenzaView,
  RevisioneDto,
  RevisioneView,
  ValutazionePianoView,
  ValutazioneQuery,
} from './piani.dto';
import { PianiService } from './piani.service';
import { UuidParamPipe, IntParamPipe } from '../common/pipes';
import { violationsToErrors } from '../common/problem.filter';
import { REGOLE_DOCUMENTO } from '../common/validation';
import { verificaPiano, type PianoDocumento } from '@app/domain/cronoprogramma';
import { dataItaliana } from '@app/domain/calendar/ora-italiana';

// A plan with a missing field is also checked against the plan rules, so one answer lists every problem.
REGOLE_DOCUMENTO.set(PianoDocumentoDto, (corpo) => violationsToErrors(verificaPiano(corpo as PianoDocumento, { oggi: dataItaliana(new Date()) })));

const uuid = new UuidParamPipe('4');
const READERS = ['operatore', 'responsabile', 'dirigente', 'amministratore'] as const;

/** Cronoprogramma plans: planning, baselines and revisions, monitoring, scoring, and the documents managers need. */
@ApiTags('piani')
@Scoped('ufficio')
@Controller('piani')
export class PianiController {
  constructor(private readonly piani: PianiService) {}

  @Post()
  @Roles('dirigente', 'responsabile')
  @ApiBody({ type: PianoDocumentoDto })
  @ApiOperation({
    summary: 'Crea un piano',
    description: 'Pesi, date e riferimenti che violano le regole del piano rispondono 422, elencati tutti; un piano dell’ufficio per lo stesso anno 409.',
  })
  @ApiCreatedResponse({ type: PianoView })
  @ApiErrori(400, 409, 413, 415, 422)
  crea(@Body() dto: PianoDocumentoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<PianoView> {
    return this.piani.crea(dto, actor, rid);
  }

  /** "Copy last year's plan": a new draft for the next year (or `anno`), dates moved, monitoring cleared. */
  @Post(':id/copia')
  @Roles('dirigente', 'responsabile')
  @ApiOperation({ summary: 'Copia un piano nell’anno successivo', description: 'Una nuova bozza con le date spostate e il monitoraggio azzerato.' })
  @ApiCreatedResponse({ type: PianoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  copia(@Param('id', uuid) id: string, @Body() dto: CopiaPianoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<PianoView> {
    return this.piani.copia(id, dto.anno, actor, rid);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Elenca i piani dell’ufficio' })
  @ApiPagina(PianoView, 'dall’anno più recente; se ce ne sono altri, l’intestazione Link indica la pagina successiva')
  @ApiErrori(400)
  async elenco(@CurrentActor() actor: Actor, @Query() q: ElencoPianiQuery, @Res({ passthrough: true }) res: Response): Promise<PianoView[]> {
    const { piani, successivo } = await this.piani.elenco(actor, q);
    linkSuccessivo(res, '/api/v1/piani', { limite: q.limite }, successivo);
    return piani;
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Legge un piano' })
  @ApiOkResponse({ type: PianoView })
  @ApiErrori(400, 404)
  dettaglio(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<PianoView> {
    return this.piani.dettaglio(id, actor);
  }

  /** The plan as the same JSON document it was created from (with the monitoring reported so far). */
  @Get(':id/documento')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Legge il documento del piano',
    description: 'Lo stesso documento JSON da cui è stato creato, con il monitoraggio riportato finora.',
  })
  @ApiOkResponse({ type: PianoDocumentoDto })
  @ApiErrori(400, 404)
  documento(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<PianoDocumentoDto> {
    return this.piani.documento(id, actor);
  }

  @Put(':id')
  @Roles('dirigente', 'responsabile')
  @ApiBody({ type: PianoDocumentoDto })
  @ApiOperation({ summary: 'Sostituisce la bozza del piano' })
  @ApiOkResponse({ type: PianoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  sostituisci(@Param('id', uuid) id: string, @Body() dto: PianoDocumentoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<PianoView> {
    return this.piani.sostituisci(id, dto, actor, rid);
  }

  @Post(':id/approvazione')
  @HttpCode(200)
  @Roles('dirigente')
  @ApiOperation({ summary: 'Approva il piano', description: 'La prima baseline: da qui il processo segue le scadenze.' })
  @ApiOkResponse({ type: PianoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  approva(@Param('id', uuid) id: string, @Body() dto: ApprovazioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<PianoView> {
    return this.piani.approva(id, dto, actor, rid);
  }

  /** Actual ends, notes, achieved values, external causes: reported during the year, no approval needed. */
  @Post(':id/monitoraggio')
  @HttpCode(200)
  @Roles('operatore', 'responsabile', 'dirigente')
  @ApiOperation({
    summary: 'Riporta il monitoraggio',
    description: 'Fini effettive, note, valori raggiunti, cause esterne: durante l’anno, senza approvazione.',
  })
  @ApiOkResponse({ type: PianoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  registraMonitoraggio(
    @Param('id', uuid) id: string,
    @Body() dto: MonitoraggioDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<PianoView> {
    return this.piani.registraMonitoraggio(id, dto, actor, rid);
  }

  @Post(':id/revisioni')
  @Roles('dirigente', 'responsabile')
  @ApiOperation({ summary: 'Propone una revisione del piano', description: 'Una nuova baseline, in vigore quando un secondo dirigente la approva.' })
  @ApiCreatedResponse({ type: RevisioneView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  proponiRevisione(@Param('id', uuid) id: string, @Body() dto: RevisioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<RevisioneView> {
    return this.piani.proponiRevisione(id, dto, actor, rid);
  }

  @Get(':id/revisioni')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Elenca le revisioni del piano',
    description: 'Ogni baseline e proposta, dalla più vecchia: le baseline precedenti restano leggibili.',
  })
  @ApiOkResponse({ type: [RevisioneView] })
  @ApiErrori(400, 404)
  revisioni(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<RevisioneView[]> {
    return this.piani.revisioni(id, actor);
  }

  @Get(':id/revisioni/:numero')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Legge una revisione del piano' })
  @ApiOkResponse({ type: RevisioneView })
  @ApiErrori(400, 404)
  revisione(@Param('id', uuid) id: string, @Param('numero', new IntParamPipe()) numero: number, @CurrentActor() actor: Actor): Promise<RevisioneView> {
    return this.piani.revisione(id, numero, actor);
  }

  @Post(':id/revisioni/:numero/decisione')
  @HttpCode(200)
  @Roles('dirigente')
  @ApiOperation({ summary: 'Decide una revisione del piano', description: 'Chi l’ha proposta non può deciderla (403).' })
  @ApiOkResponse({ type: RevisioneView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  decidiRevisione(
    @Param('id', uuid) id: string,
    @Param('numero', new IntParamPipe()) numero: number,
    @Body() dto: DecisioneRevisioneDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<RevisioneView> {
    return this.piani.decidiRevisione(id, numero, dto, actor, rid);
  }

  /** The next deadline the plan's workflow is waiting for (reminder, overdue, escalation, digest or close). */
  @Get(':id/prossima-scadenza')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Legge la prossima scadenza del piano',
    description: 'Promemoria, scadenza, escalation, riepilogo o chiusura che il processo attende.',
  })
  @ApiOkResponse({ type: ProssimaScadenzaView })
  @ApiErrori(400, 404)
  async prossimaScadenza(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<ProssimaScadenzaView> {
    return { scadenza: await this.piani.prossimaScadenza(id, actor) };
  }

  /** Scores by DOMAIN §4: every phase, indicator, objective and the plan, each with its rule and numbers. */
  @Get(':id/valutazione')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Valuta il piano', description: 'Ogni fase, indicatore, obiettivo e il piano, ciascuno con la regola applicata e i suoi numeri.' })
  @ApiOkResponse({ type: ValutazionePianoView })
  @ApiErrori(400, 404)
  async valutazione(@Param('id', uuid) id: string, @Query() q: ValutazioneQuery, @CurrentActor() actor: Actor): Promise<ValutazionePianoView> {
    return (await this.piani.valutazione(id, actor, q.alla)).valutazione;
  }

  @Get(':id/gantt.svg')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Diagramma di Gantt del piano (SVG)' })
  @ApiOkResponse({ description: 'il diagramma', content: { 'image/svg+xml': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrori(400, 404)
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async gantt(@Param('id', uuid) id: string, @Query() q: ValutazioneQuery, @CurrentActor() actor: Actor) {
    const { piano, valutazione } = await this.piani.valutazione(id, actor, q.alla);
    return ganttSvg(piano.documento, { oggi: valutazione.alla, valutazione });
  }

  @Get(':id/scheda.xlsx')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Scheda di monitoraggio del piano (XLSX)' })
  @ApiFile('la scheda', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiErrori(400, 404)
  async schedaXlsx(@Param('id', uuid) id: string, @Query() q: ValutazioneQuery, @CurrentActor() actor: Actor) {
    const { piano, valutazione } = await this.piani.valutazione(id, actor, q.alla);
    return new StreamableFile(await pianoXlsx(piano.documento, valutazione), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="monitoraggio-${piano.ufficio}-${piano.anno}.xlsx"`,
    });
  }

  @Get(':id/scheda.pdf')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Scheda di monitoraggio del piano (PDF)' })
  @ApiFile('la scheda', 'application/pdf')
  @ApiErrori(400, 404)
  async schedaPdf(@Param('id', uuid) id: string, @Query() q: ValutazioneQuery, @CurrentActor() actor: Actor) {
    const { piano, valutazione } = await this.piani.valutazione(id, actor, q.alla);
    return new StreamableFile(await pianoPdf(piano.documento, valutazione), {
      type: 'application/pdf',
      disposition: `attachment; filename="monitoraggio-${piano.ufficio}-${piano.anno}.pdf"`,
    });
  }
}
