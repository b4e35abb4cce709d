import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, IsPositive, IsUUID, Matches, Max } from 'class-validator';
import { Actor } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/pipes';
import { IsIstante } from '../common/date-validators';
import { CurrentActor } from '../common/request-context';
import { AssegnazioniService } from './assegnazioni.service';

const CODICE = /^[A-Za-z0-9-]{1,40}$/;

export class StatisticheQuery {
  @ApiPropertyOptional({ description: "default: the caller's inspectorate" }) @IsOptional() @Matches(CODICE, { message: 'ispettorato: lettere, cifre e -, fino a 40' }) ispettorato?: string;
  @ApiPropertyOptional({ example: '2026-11', description: 'one period; otherwise the window dal–al (default: the policy\'s rolling window up to now)' })
  @IsOptional() @Matches(/^[A-Za-z0-9:-]{1,40}$/, { message: 'periodo: lettere, cifre, - e :, fino a 40' }) periodo?: string;
  @ApiPropertyOptional({ example: '2026-09-01T00:00:00Z' }) @IsOptional() @IsIstante() dal?: string;
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' }) @IsOptional() @IsIstante() al?: string;
  @ApiPropertyOptional({ description: "alert when the p-value is below this (default: the inspectorate's policy, 0.01)" })
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @IsPositive({ message: 'soglia deve essere un numero maggiore di 0' }) @Max(1) soglia?: number;
}

export class AssegnazioniQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsUUID(undefined, { message: 'richiesta deve essere un UUID' }) richiesta: string;
}

export class CatenaQuery {
  @ApiPropertyOptional({ description: "default: the caller's inspectorate" }) @IsOptional() @Matches(CODICE, { message: 'ispettorato: lettere, cifre e -, fino a 40' }) ispettorato?: string;
}

const READERS = ['dirigente', 'responsabile', 'ispettore', 'amministratore'] as const;

/** The assignments: transcripts, their verification against the revealed secret, the chains, and impartiality statistics. */
@ApiTags('ispezioni: assegnazioni')
@Scoped('ufficio')
@Controller('assegnazioni')
export class AssegnazioniController {
  constructor(private readonly assegnazioni: AssegnazioniService) {}

  /** Observed vs expected assignments per inspector, chi-square and p-value; abstentions, manual assignments and conflicts per inspector. */
  @Get('statistiche')
  @Roles('dirigente', 'amministratore')
  statistiche(@Query() q: StatisticheQuery, @CurrentActor() actor: Actor) {
    return this.assegnazioni.statistiche(q, actor);
  }

  /** Walks one inspectorate's chain: links, numbering, published heads, and every draw of a revealed period recomputed. */
  @Get('verifica')
  @Roles('dirigente', 'responsabile', 'amministratore')
  verificaCatena(@Query() q: CatenaQuery, @CurrentActor() actor: Actor) {
    return this.assegnazioni.verificaCatena(q.ispettorato ?? actor.office, actor);
  }

  /** Every assignment of a request (drawn or manual), in attempt order. */
  @Get()
  @Roles(...READERS)
  list(@Query() q: AssegnazioniQuery, @CurrentActor() actor: Actor) {
    return this.assegnazioni.perRichiesta(q.richiesta, actor);
  }

  /** The transcript as recorded, its place in the chain, and its period (commitment; secret and chain head once revealed). */
  @Get(':id')
  @Roles(...READERS)
  get(@Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.assegnazioni.get(id, actor);
  }

  /** Recomputes the draw with the revealed secret, checks the period's rules and the inspectorate's chain. */
  @Get(':id/verifica')
  @Roles(...READERS)
  verifica(@Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.assegnazioni.verifica(id, actor);
  }
}
