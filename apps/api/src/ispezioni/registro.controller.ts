import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, canSeeOffice } from '@app/domain';
import { politicaIspezione } from '@app/domain/ispezioni/scadenze';
import { AuditTrail, IspezioniRepository } from '@app/infrastructure';
import { Roles } from '../auth/auth.decorators';
import { ProblemException, notFound } from '../common/problem';
import { CurrentActor, RequestId } from '../common/request-context';
import { AssenzaDto, AziendaDto, ConflittoDto, IspettoratoDto, IspettoreDto, PeriodoDto } from './registro.dto';

/** An inspectorate's staff act for it: their token's office is the inspectorate's code. */
export function assertInspectorate(actor: Actor, ispettorato: string): void {
  if (!canSeeOffice(actor, ispettorato)) throw notFound(`ispettorato ${ispettorato}`);
}

/** A period's bounds: given explicitly, or the calendar month its label names (UTC). */
function bounds(dto: PeriodoDto): { inizio: Date; fine: Date } | null {
  if (dto.inizio && dto.fine) return { inizio: new Date(dto.inizio), fine: new Date(dto.fine) };
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(dto.periodo);
  if (!m || dto.inizio || dto.fine) return null;
  return { inizio: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)), fine: new Date(Date.UTC(Number(m[1]), Number(m[2]), 1)) };
}

/** The inspectorates' registry: inspectors, absences, companies, declared conflicts, and commit-reveal periods. */
@ApiTags('ispezioni: registro')
@Controller()
export class RegistroController {
  constructor(
    private readonly repo: IspezioniRepository,
    private readonly audit: AuditTrail,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  private async record(actor: Actor, entita: string, entitaId: string, azione: string, dopo: Record<string, unknown>, requestId?: string) {
    await this.db.transaction((m) => this.audit.append(m, { actor, procedura: 'ispezioni', entita, entitaId, azione, dopo, requestId }));
  }

  @Post('ispettorati')
  @Roles('amministratore')
  @ApiCreatedResponse()
  async creaIspettorato(@Body() dto: IspettoratoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    if (await this.repo.ispettorato(dto.codice)) {
      throw new ProblemException(409, 'duplicato', 'Risorsa già esistente', `ispettorato ${dto.codice} exists`, [{ field: 'codice', rule: 'univoco', message: 'codice already used', found: dto.codice }]);
    }
    const { finestraRotazioneAnni, ...termini } = dto.politica ?? {};
    try {
      politicaIspezione(termini);
      if (finestraRotazioneAnni !== undefined && (!Number.isInteger(finestraRotazioneAnni) || finestraRotazioneAnni < 0)) throw new Error('finestraRotazioneAnni must be a non-negative integer');
    } catch (e) {
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', (e as Error).message, [{ field: 'politica', rule: 'politica-non-valida', message: (e as Error).message, found: dto.politica }]);
    }
    await this.repo.creaIspettorato(dto.codice, dto.nome, dto.territori, dto.politica ?? {});
    await this.record(actor, 'ispettorato', dto.codice, 'creato', { ...dto }, rid);
    return dto;
  }

  @Post('ispettorati/:codice/ispettori')
  @Roles('dirigente', 'amministratore')
  @ApiCreatedResponse()
  async creaIspettore(@Param('codice') codice: string, @Body() dto: IspettoreDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    assertInspectorate(actor, codice);
    if (!(await this.repo.ispettorato(codice))) throw notFound(`ispettorato ${codice}`);
    if (await this.repo.ispettore(dto.id)) {
      throw new ProblemException(409, 'duplicato', 'Risorsa già esistente', `inspector ${dto.id} exists`, [{ field: 'id', rule: 'univoco', message: 'one inspector per login', found: dto.id }]);
    }
    await this.repo.creaIspettore({ ispettorato: codice, ...dto });
    await this.record(actor, 'ispettore', dto.id, 'creato', { ispettorato: codice, ...dto }, rid);
    return { ispettorato: codice, ...dto };
  }

  @Get('ispettorati/:codice/ispettori')
  @Roles('dirigente', 'responsabile', 'ispettore', 'amministratore')
  @ApiOkResponse({ description: 'inspectors with their absences and open caseload' })
  async ispettori(@Param('codice') codice: string, @CurrentActor() actor: Actor) {
    assertInspectorate(actor, codice);
    return this.repo.ispettori(codice);
  }

  @Post('ispettori/:id/assenze')
  @HttpCode(201)
  @Roles('dirigente', 'amministratore')
  async assenza(@Param('id') id: string, @Body() dto: AssenzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    const i = await this.repo.ispettore(id);
    if (!i || !canSeeOffice(actor, i.ispettorato)) throw notFound(`ispettore ${id}`);
    if (dto.al < dto.dal) throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'al is before dal', [{ field: 'al', rule: 'date-invertite', message: 'al must not be before dal', found: dto.al, limit: dto.dal }]);
    await this.repo.aggiungiAssenza(id, dto);
    await this.record(actor, 'ispettore', id, 'assenza', { ...dto }, rid);
    return { ispettoreId: id, ...dto };
  }

  @Post('aziende')
  @Roles('dirigente', 'responsabile', 'amministratore')
  async azienda(@Body() dto: AziendaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    const id = await this.repo.creaAzienda(dto);
    await this.record(actor, 'azienda', id, 'creata', { ...dto }, rid);
    return { id, ...dto };
  }

  /** A declared conflict of interest: the inspector is then excluded from draws for that company in that period. */
  @Post('conflitti-interesse')
  @Roles('dirigente', 'ispettore', 'amministratore')
  async conflitto(@Body() dto: ConflittoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    const i = await this.repo.ispettore(dto.ispettoreId);
    if (!i || !canSeeOffice(actor, i.ispettorato)) throw notFound(`ispettore ${dto.ispettoreId}`);
    if (!(await this.repo.azienda(dto.aziendaId))) throw notFound(`azienda ${dto.aziendaId}`);
    const id = await this.repo.creaConflitto({ ...dto, dichiaratoDa: actor.sub });
    await this.record(actor, 'ispettore', dto.ispettoreId, 'conflitto-dichiarato', { ...dto }, rid);
    return { id, ...dto };
  }

  /** Publishes a period's commitment (SHA-256 of its secret). Draws of requests registered later use that secret. */
  @Post('ispettorati/:codice/periodi-sorteggio')
  @Roles('dirigente', 'amministratore')
  async periodo(@Param('codice') codice: string, @Body() dto: PeriodoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    assertInspectorate(actor, codice);
    if (await this.repo.periodo(codice, dto.periodo)) {
      throw new ProblemException(409, 'duplicato', 'Periodo già pubblicato', `period ${dto.periodo} already has a commitment: its secret cannot be replaced`, [{ field: 'periodo', rule: 'univoco', message: 'one commitment per period', found: dto.periodo }]);
    }
    const b = bounds(dto);
    if (!b || b.fine <= b.inizio) {
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'give a month YYYY-MM, or both inizio and fine with fine after inizio', [
        { field: 'periodo', rule: 'limiti-periodo', message: 'a month label or explicit inizio < fine', found: { periodo: dto.periodo, inizio: dto.inizio, fine: dto.fine } },
      ]);
    }
    const p = await this.repo.creaPeriodo(codice, dto.periodo, b.inizio, b.fine);
    await this.record(actor, 'periodo-sorteggio', `${codice}:${dto.periodo}`, 'impegno-pubblicato', { impegno: p.impegno }, rid);
    return { ...p, segreto: null };
  }

  /** Published commitments, and each secret once revealed: anyone entitled can then verify that period's draws. */
  @Get('ispettorati/:codice/periodi-sorteggio')
  @Roles('dirigente', 'responsabile', 'ispettore', 'amministratore')
  async periodi(@Param('codice') codice: string, @CurrentActor() actor: Actor) {
    assertInspectorate(actor, codice);
    return this.repo.periodi(codice);
  }

  /** Reveals a period's secret, only after the period has ended. */
  @Post('ispettorati/:codice/periodi-sorteggio/:periodo/rivelazione')
  @HttpCode(200)
  @Roles('dirigente', 'amministratore')
  async rivela(@Param('codice') codice: string, @Param('periodo') periodo: string, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    assertInspectorate(actor, codice);
    const p = await this.repo.periodo(codice, periodo);
    if (!p) throw notFound(`periodo ${periodo}`);
    const now = new Date();
    if (now < p.fine) {
      throw new ProblemException(409, 'regola-violata', 'Periodo non ancora chiuso', `the secret of ${periodo} can be revealed from ${p.fine.toISOString()}`, [
        { field: 'periodo', rule: 'periodo-aperto', message: 'a secret is revealed only when its period has closed', found: now.toISOString(), limit: p.fine.toISOString() },
      ]);
    }
    await this.repo.rivela(codice, periodo);
    await this.record(actor, 'periodo-sorteggio', `${codice}:${periodo}`, 'segreto-rivelato', {}, rid);
    return this.repo.periodo(codice, periodo);
  }
}
