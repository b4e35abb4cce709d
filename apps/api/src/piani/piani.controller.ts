import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { ganttSvg } from '@app/domain/cronoprogramma/gantt';
import { pianoPdf, pianoXlsx } from '@app/infrastructure/export/piano-export';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ProblemDetails } from '../common/problem';
import { CurrentActor, RequestId } from '../common/request-context';
import {
  ApprovazioneDto, CopiaPianoDto, DecisioneRevisioneDto, MonitoraggioDto, PianoDocumentoDto, PianoView, RevisioneDto, RevisioneView, ValutazioneQuery,
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
  @ApiCreatedResponse({ type: PianoView })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'weights, dates or references break the plan rules; every one is listed' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'the office already has a plan for that year' })
  create(@Body() dto: PianoDocumentoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.piani.create(dto, actor, rid);
  }

  /** "Copy last year's plan": a new draft for the next year (or `anno`), dates moved, monitoring cleared. */
  @Post(':id/copia')
  @Roles('dirigente', 'responsabile')
  @ApiCreatedResponse({ type: PianoView })
  @ApiConflictResponse({ type: ProblemDetails, description: 'the office already has a plan for that year' })
  copia(@Param('id', uuid) id: string, @Body() dto: CopiaPianoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.piani.copia(id, dto.anno, actor, rid);
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: [PianoView] })
  list(@CurrentActor() actor: Actor) {
    return this.piani.list(actor);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: PianoView })
  get(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.piani.get(id, actor);
  }

  /** The plan as the same JSON document it was created from (with the monitoring reported so far). */
  @Get(':id/documento')
  @Roles(...READERS)
  @ApiOkResponse({ type: PianoDocumentoDto })
  documento(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.piani.documento(id, actor);
  }

  @Put(':id')
  @Roles('dirigente', 'responsabile')
  @ApiBody({ type: PianoDocumentoDto })
  @ApiOkResponse({ type: PianoView })
  replace(@Param('id', uuid) id: string, @Body() dto: PianoDocumentoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.piani.replace(id, dto, actor, rid);
  }

  @Post(':id/approvazione')
  @HttpCode(200)
  @Roles('dirigente')
  @ApiOkResponse({ type: PianoView })
  approve(@Param('id', uuid) id: string, @Body() dto: ApprovazioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.piani.approve(id, dto, actor, rid);
  }

  /** Actual ends, notes, achieved values, external causes: reported during the year, no approval needed. */
  @Post(':id/monitoraggio')
  @HttpCode(200)
  @Roles('operatore', 'responsabile', 'dirigente')
  @ApiOkResponse({ type: PianoView })
  monitoraggio(@Param('id', uuid) id: string, @Body() dto: MonitoraggioDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.piani.monitoraggio(id, dto, actor, rid);
  }

  @Post(':id/revisioni')
  @Roles('dirigente', 'responsabile')
  @ApiCreatedResponse({ type: RevisioneView })
  proponi(@Param('id', uuid) id: string, @Body() dto: RevisioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.piani.proponiRevisione(id, dto, actor, rid);
  }

  @Get(':id/revisioni')
  @Roles(...READERS)
  @ApiOkResponse({ type: [RevisioneView], description: 'every baseline and proposal, oldest first: earlier baselines stay readable' })
  revisioni(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.piani.revisioni(id, actor);
  }

  @Get(':id/revisioni/:numero')
  @Roles(...READERS)
  @ApiOkResponse({ type: RevisioneView })
  revisione(@Param('id', uuid) id: string, @Param('numero', new IntParamPipe()) numero: number, @CurrentActor() actor: Actor) {
    return this.piani.revisione(id, numero, actor);
  }

  @Post(':id/revisioni/:numero/decisione')
  @HttpCode(200)
  @Roles('dirigente')
  @ApiOkResponse({ type: RevisioneView })
  decidi(@Param('id', uuid) id: string, @Param('numero', new IntParamPipe()) numero: number, @Body() dto: DecisioneRevisioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.piani.decidiRevisione(id, numero, dto, actor, rid);
  }

  /** The next deadline the plan's workflow is waiting for (reminder, overdue, escalation, digest or close). */
  @Get(':id/prossima-scadenza')
  @Roles(...READERS)
  async prossimaScadenza(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return { scadenza: await this.piani.prossimaScadenza(id, actor) };
  }

  /** Scores by DOMAIN §4: every phase, indicator, objective and the plan, each with its rule and numbers. */
  @Get(':id/valutazione')
  @Roles(...READERS)
  async valutazione(@Param('id', uuid) id: string, @Query() q: ValutazioneQuery, @CurrentActor() actor: Actor) {
    return (await this.piani.valutazione(id, actor, q.alla)).valutazione;
  }

  @Get(':id/gantt.svg')
  @Roles(...READERS)
  @ApiProduces('image/svg+xml')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async gantt(@Param('id', uuid) id: string, @Query() q: ValutazioneQuery, @CurrentActor() actor: Actor) {
    const { piano, valutazione } = await this.piani.valutazione(id, actor, q.alla);
    return ganttSvg(piano.documento, { oggi: valutazione.alla, valutazione });
  }

  @Get(':id/scheda.xlsx')
  @Roles(...READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(@Param('id', uuid) id: string, @Query() q: ValutazioneQuery, @CurrentActor() actor: Actor) {
    const { piano, valutazione } = await this.piani.valutazione(id, actor, q.alla);
    return new StreamableFile(await pianoXlsx(piano.documento, valutazione), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="monitoraggio-${piano.ufficio}-${piano.anno}.xlsx"`,
    });
  }

  @Get(':id/scheda.pdf')
  @Roles(...READERS)
  @ApiProduces('application/pdf')
  async pdf(@Param('id', uuid) id: string, @Query() q: ValutazioneQuery, @CurrentActor() actor: Actor) {
    const { piano, valutazione } = await this.piani.valutazione(id, actor, q.alla);
    return new StreamableFile(await pianoPdf(piano.documento, valutazione), {
      type: 'application/pdf',
      disposition: `attachment; filename="monitoraggio-${piano.ufficio}-${piano.anno}.pdf"`,
    });
  }
}
