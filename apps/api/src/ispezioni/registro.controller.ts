import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/pipes';
import { CurrentActor, RequestId } from '../common/request-context';
import { AssenzaDto, AssenzeQuery, AziendaDto, ConflittiQuery, ConflittoDto, DecisioneRegistroDto, IspettoratoDto, IspettoreDto, PeriodoDto, RevocaConflittoDto } from './registro.dto';
import { RegistroIspezioniService } from './registro.service';

export { assertInspectorate } from './registro.service';

/** The inspectorates' registry: inspectors, absences, companies, declared conflicts, commit-reveal periods, the queue. */
@ApiTags('ispezioni: registro')
@Scoped('ufficio')
@Controller()
export class RegistroController {
  constructor(private readonly registro: RegistroIspezioniService) {}

  @Post('ispettorati')
  @Roles('amministratore')
  @ApiCreatedResponse()
  creaIspettorato(@Body() dto: IspettoratoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.creaIspettorato(dto, actor, rid);
  }

  /** The inspectorate's policy: what it set and the merged values (terms, rotation, periods, monitoring). */
  @Get('ispettorati/:codice/politica')
  @Roles('dirigente', 'responsabile', 'operatore', 'ispettore', 'amministratore')
  politica(@Param('codice') codice: string, @CurrentActor() actor: Actor) {
    return this.registro.politica(codice, actor);
  }

  @Post('ispettorati/:codice/ispettori')
  @Roles('dirigente', 'amministratore')
  @ApiCreatedResponse()
  creaIspettore(@Param('codice') codice: string, @Body() dto: IspettoreDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.creaIspettore(codice, dto, actor, rid);
  }

  @Get('ispettorati/:codice/ispettori')
  @Roles('dirigente', 'responsabile', 'ispettore', 'amministratore')
  @ApiOkResponse({ description: 'inspectors with their open caseload and absences (the reason of an absence only to a dirigente)' })
  ispettori(@Param('codice') codice: string, @CurrentActor() actor: Actor) {
    return this.registro.ispettori(codice, actor);
  }

  /** An absence: the inspector's own is in force at once; one entered for someone else once a second dirigente confirms it. */
  @Post('ispettori/:id/assenze')
  @HttpCode(201)
  @Roles('dirigente', 'amministratore', 'ispettore')
  assenza(@Param('id') id: string, @Body() dto: AssenzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.assenza(id, dto, actor, rid);
  }

  /** The inspectorate's absences, e.g. those awaiting a second dirigente's confirmation (`?stato=da-confermare`). */
  @Get('ispettorati/:codice/assenze')
  @Roles('dirigente', 'amministratore')
  assenze(@Param('codice') codice: string, @Query() q: AssenzeQuery, @CurrentActor() actor: Actor) {
    return this.registro.assenze(codice, q.stato, actor);
  }

  @Post('ispettori/:id/assenze/:assenzaId/decisione')
  @HttpCode(200)
  @Roles('dirigente')
  decidiAssenza(
    @Param('id') id: string, @Param('assenzaId', new UuidParamPipe()) assenzaId: string, @Body() dto: DecisioneRegistroDto, @CurrentActor() actor: Actor, @RequestId() rid?: string,
  ) {
    return this.registro.decidiAssenza(id, assenzaId, dto.esito, actor, rid);
  }

  @Post('aziende')
  @Roles('dirigente', 'responsabile', 'amministratore')
  azienda(@Body() dto: AziendaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.azienda(dto, actor, rid);
  }

  /** A conflict of interest: declared by the inspector concerned for themselves, or by a dirigente with its source. */
  @Post('conflitti-interesse')
  @Roles('dirigente', 'ispettore')
  conflitto(@Body() dto: ConflittoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.dichiaraConflitto(dto, actor, rid);
  }

  /** Declarations with who declared them and when: a dirigente sees the office's, an inspector their own. */
  @Get('conflitti-interesse')
  @Roles('dirigente', 'ispettore')
  conflitti(@Query() q: ConflittiQuery, @CurrentActor() actor: Actor) {
    return this.registro.conflitti(q, actor);
  }

  /** A second dirigente confirms (or refuses) a dirigente's declaration for an inspector: only then it counts in draws. */
  @Post('conflitti-interesse/:id/decisione')
  @HttpCode(200)
  @Roles('dirigente')
  decidiConflitto(@Param('id', new UuidParamPipe()) id: string, @Body() dto: DecisioneRegistroDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.decidiConflitto(id, dto.esito, actor, rid);
  }

  @Post('conflitti-interesse/:id/revoca')
  @HttpCode(200)
  @Roles('dirigente', 'ispettore')
  revoca(@Param('id', new UuidParamPipe()) id: string, @Body() dto: RevocaConflittoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.revocaConflitto(id, dto, actor, rid);
  }

  /** Publishes now the next period's commitment, bounds and length from the policy (the service creates them ahead by itself). */
  @Post('ispettorati/:codice/periodi-sorteggio')
  @Roles('dirigente', 'amministratore')
  periodo(@Param('codice') codice: string, @Body() dto: PeriodoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.creaPeriodo(codice, dto, actor, rid);
  }

  /** Published commitments, and each secret and chain head once revealed: anyone entitled can then verify that period's draws. */
  @Get('ispettorati/:codice/periodi-sorteggio')
  @Roles('dirigente', 'responsabile', 'ispettore', 'amministratore')
  periodi(@Param('codice') codice: string, @CurrentActor() actor: Actor) {
    return this.registro.periodi(codice, actor);
  }

  /** Reveals a period's secret, only after the period has ended. */
  @Post('ispettorati/:codice/periodi-sorteggio/:periodo/rivelazione')
  @HttpCode(200)
  @Roles('dirigente', 'amministratore')
  rivela(@Param('codice') codice: string, @Param('periodo') periodo: string, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.rivela(codice, periodo, actor, rid);
  }

  /** The requests assigned to nobody, with why each waits (for "no eligible inspector": every inspector's reasons). */
  @Get('ispettorati/:codice/coda')
  @Roles('dirigente', 'amministratore')
  coda(@Param('codice') codice: string, @CurrentActor() actor: Actor) {
    return this.registro.coda(codice, actor);
  }
}
