import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, IsPositive, IsUUID, Matches, Max } from 'class-validator';
import { IsIstante } from '../common/date-validators';
import { PaginaQuery } from '../common/paginazione';

const CODICE = /^[A-Za-z0-9-]{1,40}$/;

export class StatisticheQuery {
  /** Predefinito: l'ispettorato del chiamante */
  @IsOptional() @Matches(CODICE, { message: 'ispettorato: lettere, cifre e -, fino a 40' }) ispettorato?: string;
  /**
   * Un periodo; altrimenti la finestra dal–al (predefinita: la finestra mobile della politica fino a ora)
   * @example '2026-11'
   */
  @IsOptional() @Matches(/^[A-Za-z0-9:-]{1,40}$/, { message: 'periodo: lettere, cifre, - e :, fino a 40' }) periodo?: string;
  /** @example '2026-09-01T00:00:00Z' */
  @IsOptional() @IsIstante() dal?: string;
  /** @example '2026-12-01T00:00:00Z' */
  @IsOptional() @IsIstante() al?: string;
  /** Allarme quando il p-value è sotto questa soglia (predefinita: quella della politica, 0.01) */
  // Said by hand: the Swagger plugin reads @IsPositive as a minimum of 1, which would leave only 1 admissible.
  @ApiPropertyOptional({ type: Number, minimum: 0, exclusiveMinimum: true, maximum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive({ message: 'soglia deve essere un numero maggiore di 0' })
  @Max(1)
  soglia?: number;
}

export class AssegnazioniQuery extends PaginaQuery {
  /** La richiesta di intervento */
  @IsUUID(undefined, { message: 'richiesta deve essere un UUID' }) richiesta: string;
}

export class CatenaQuery {
  /** Predefinito: l'ispettorato del chiamante */
  @IsOptional() @Matches(CODICE, { message: 'ispettorato: lettere, cifre e -, fino a 40' }) ispettorato?: string;
}
