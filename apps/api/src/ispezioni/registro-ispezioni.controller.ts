import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { UuidParamPipe } from '../common/pipes';
import { CurrentActor, RequestId } from '../common/request-context';
import {
  AssenzaDto,
  AssenzeQuery,
  AziendaDto,
  ConflittiQuery,
  ConflittoDto,
  DecisioneRegistroDto,
  IspettoratoDto,
  IspettoreDto,
  PeriodoDto,
  RevocaConflittoDto,
} from './registro-ispezioni.dto';
import {
  AssenzaView,
  AziendaView,
  ConflittoView,
  IspettoratoView,
  IspettoreCreatoView,
  IspettoreView,
  PeriodoSorteggioView,
  PoliticaView,
  RichiestaInCodaView,
} from './ispezioni.viste.dto';
import { PeriodiSorteggioService } from './periodi-sorteggio.service';
import { RegistroIspezioniService } from './registro-ispezioni.service';

export { assertInspectorate } from './registro-ispezioni.service';

/** The inspectorates' registry: inspectors, absences, companies, declared conflicts, commit-reveal periods, the queue. */
@ApiTags('ispezioni: registro')
@Scoped('ufficio')
@Controller()
export class RegistroIspezioniController {
  constructor(
    private readonly registro: RegistroIspezioniService,
    private readonly periodiSorteggio: PeriodiSorteggioService,
  ) {}

  @Post('ispettorati')
  @Roles('amministratore')
  @ApiOperation({ summary: 'Registra un ispettorato', description: 'Con i territori di competenza e le impostazioni che differiscono da quelle predefinite.' })
  @ApiCreatedResponse({ type: IspettoratoView })
  @ApiErrori(400, 409, 413, 415, 422)
  creaIspettorato(@Body() dto: IspettoratoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<IspettoratoView> {
    return this.registro.creaIspettorato(dto, actor, rid);
  }

  /** The inspectorate's policy: what it set and the merged values (terms, rotation, periods, monitoring). */
  @Get('ispettorati/:codice/politica')
  @Roles('dirigente', 'responsabile', 'operatore', 'ispettore', 'amministratore')
  @ApiOperation({
    summary: 'Legge la politica dell’ispettorato',
    description: 'Ciò che ha impostato e i valori applicati (termini, rotazione, periodi, monitoraggio).',
  })
  @ApiOkResponse({ type: PoliticaView })
  @ApiErrori(404)
  politica(@Param('codice') codice: string, @CurrentActor() actor: Actor): Promise<PoliticaView> {
    return this.registro.politica(codice, actor);
  }

  @Post('ispettorati/:codice/ispettori')
  @Roles('dirigente', 'amministratore')
  @ApiOperation({ summary: 'Registra un ispettore' })
  @ApiCreatedResponse({ type: IspettoreCreatoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  creaIspettore(
    @Param('codice') codice: string,
    @Body() dto: IspettoreDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<IspettoreCreatoView> {
    return this.registro.creaIspettore(codice, dto, actor, rid);
  }

  @Get('ispettorati/:codice/ispettori')
  @Roles('dirigente', 'responsabile', 'ispettore', 'amministratore')
  @ApiOperation({
    summary: 'Elenca gli ispettori',
    description: 'Con il carico di ispezioni aperte e le assenze (il motivo di un’assenza solo a un dirigente).',
  })
  @ApiOkResponse({ type: [IspettoreView] })
  @ApiErrori(404)
  ispettori(@Param('codice') codice: string, @CurrentActor() actor: Actor): Promise<IspettoreView[]> {
    return this.registro.ispettori(codice, actor);
  }

  /** An absence: the inspector's own is in force at once; one entered for someone else once a second dirigente confirms it. */
  @Post('ispettori/:id/assenze')
  @HttpCode(201)
  @Roles('dirigente', 'amministratore', 'ispettore')
  @ApiOperation({
    summary: 'Registra un’assenza',
    description: 'Quella dell’ispettore stesso vale subito; una inserita per altri quando un secondo dirigente la conferma.',
  })
  @ApiCreatedResponse({ type: AssenzaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  registraAssenza(@Param('id') id: string, @Body() dto: AssenzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<AssenzaView> {
    return this.registro.registraAssenza(id, dto, actor, rid);
  }

  /** The inspectorate's absences, e.g. those awaiting a second dirigente's confirmation (`?stato=da-confermare`). */
  @Get('ispettorati/:codice/assenze')
  @Roles('dirigente', 'amministratore')
  @ApiOperation({ summary: 'Elenca le assenze dell’ispettorato', description: 'Per esempio quelle da confermare (`?stato=da-confermare`).' })
  @ApiOkResponse({ type: [AssenzaView] })
  @ApiErrori(400, 404)
  assenze(@Param('codice') codice: string, @Query() q: AssenzeQuery, @CurrentActor() actor: Actor): Promise<AssenzaView[]> {
    return this.registro.assenze(codice, q.stato, actor);
  }

  @Post('ispettori/:id/assenze/:assenzaId/decisione')
  @HttpCode(200)
  @Roles('dirigente')
  @ApiOperation({ summary: 'Conferma o respinge un’assenza', description: 'Un secondo dirigente, mai chi l’ha inserita (403).' })
  @ApiOkResponse({ type: AssenzaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  decidiAssenza(
    @Param('id') id: string,
    @Param('assenzaId', new UuidParamPipe()) assenzaId: string,
    @Body() dto: DecisioneRegistroDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<AssenzaView> {
    return this.registro.decidiAssenza(id, assenzaId, dto.esito, actor, rid);
  }

  @Post('aziende')
  @Roles('dirigente', 'responsabile', 'amministratore')
  @ApiOperation({ summary: 'Registra un’azienda' })
  @ApiCreatedResponse({ type: AziendaView })
  @ApiErrori(400, 409, 413, 415, 422)
  registraAzienda(@Body() dto: AziendaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<AziendaView> {
    return this.registro.registraAzienda(dto, actor, rid);
  }

  /** A conflict of interest: declared by the inspector concerned for themselves, or by a dirigente with its source. */
  @Post('conflitti-interesse')
  @Roles('dirigente', 'ispettore')
  @ApiOperation({
    summary: 'Dichiara un conflitto di interessi',
    description: 'L’ispettore per sé (vale subito), o un dirigente per un ispettore con la fonte (vale quando un secondo dirigente conferma).',
  })
  @ApiCreatedResponse({ type: ConflittoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  dichiaraConflitto(@Body() dto: ConflittoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string): Promise<ConflittoView> {
    return this.registro.dichiaraConflitto(dto, actor, rid);
  }

  /** Declarations with who declared them and when: a dirigente sees the office's, an inspector their own. */
  @Get('conflitti-interesse')
  @Roles('dirigente', 'ispettore')
  @ApiOperation({ summary: 'Elenca le dichiarazioni di conflitto', description: 'Un dirigente quelle dell’ufficio, un ispettore le proprie.' })
  @ApiOkResponse({ type: [ConflittoView] })
  @ApiErrori(400, 404)
  conflitti(@Query() q: ConflittiQuery, @CurrentActor() actor: Actor): Promise<ConflittoView[]> {
    return this.registro.conflitti(q, actor);
  }

  /** A second dirigente confirms (or refuses) a dirigente's declaration for an inspector: only then it counts in draws. */
  @Post('conflitti-interesse/:id/decisione')
  @HttpCode(200)
  @Roles('dirigente')
  @ApiOperation({
    summary: 'Conferma o respinge una dichiarazione di conflitto',
    description: 'Un secondo dirigente, né chi l’ha fatta né l’ispettore interessato (403).',
  })
  @ApiOkResponse({ type: ConflittoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  decidiConflitto(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() dto: DecisioneRegistroDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<ConflittoView> {
    return this.registro.decidiConflitto(id, dto.esito, actor, rid);
  }

  @Post('conflitti-interesse/:id/revoca')
  @HttpCode(200)
  @Roles('dirigente', 'ispettore')
  @ApiOperation({
    summary: 'Revoca una dichiarazione di conflitto',
    description: 'Con il motivo: un dirigente qualsiasi, l’ispettore solo quelle che ha dichiarato lui.',
  })
  @ApiOkResponse({ type: ConflittoView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  revocaConflitto(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() dto: RevocaConflittoDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<ConflittoView> {
    return this.registro.revocaConflitto(id, dto, actor, rid);
  }

  /** Publishes now the next period's commitment, bounds and length from the policy (the service creates them ahead by itself). */
  @Post('ispettorati/:codice/periodi-sorteggio')
  @Roles('dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Pubblica il prossimo periodo di sorteggio',
    description: 'Impegno, limiti e durata dalla politica, come farebbe da sé il servizio.',
  })
  @ApiCreatedResponse({ type: PeriodoSorteggioView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  creaPeriodo(
    @Param('codice') codice: string,
    @Body() dto: PeriodoDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<PeriodoSorteggioView> {
    return this.periodiSorteggio.creaPeriodo(codice, dto, actor, rid);
  }

  /** Published commitments, and each secret and chain head once revealed: anyone entitled can then verify that period's draws. */
  @Get('ispettorati/:codice/periodi-sorteggio')
  @Roles('dirigente', 'responsabile', 'ispettore', 'amministratore')
  @ApiOperation({ summary: 'Elenca i periodi di sorteggio', description: 'Gli impegni pubblicati, e il segreto e la testa della catena di quelli rivelati.' })
  @ApiOkResponse({ type: [PeriodoSorteggioView] })
  @ApiErrori(404)
  periodi(@Param('codice') codice: string, @CurrentActor() actor: Actor): Promise<PeriodoSorteggioView[]> {
    return this.periodiSorteggio.periodi(codice, actor);
  }

  /** Reveals a period's secret, only after the period has ended. */
  @Post('ispettorati/:codice/periodi-sorteggio/:periodo/rivelazione')
  @HttpCode(200)
  @Roles('dirigente', 'amministratore')
  @ApiOperation({ summary: 'Rivela il segreto di un periodo', description: 'Solo a periodo chiuso (altrimenti 409).' })
  @ApiOkResponse({ type: PeriodoSorteggioView })
  @ApiErrori(404, 409, 422)
  rivela(
    @Param('codice') codice: string,
    @Param('periodo') periodo: string,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<PeriodoSorteggioView> {
    return this.periodiSorteggio.rivela(codice, periodo, actor, rid);
  }

  /** The requests assigned to nobody, with why each waits (for "no eligible inspector": every inspector's reasons). */
  @Get('ispettorati/:codice/coda')
  @Roles('dirigente', 'amministratore')
  @ApiOperation({
    summary: 'La coda delle richieste non assegnate',
    description: 'Dalla più vecchia, ciascuna con il perché attende (per nessun idoneo: i motivi di ogni ispettore).',
  })
  @ApiOkResponse({ type: [RichiestaInCodaView] })
  @ApiErrori(404)
  coda(@Param('codice') codice: string, @CurrentActor() actor: Actor): Promise<RichiestaInCodaView[]> {
    return this.registro.coda(codice, actor);
  }
}
