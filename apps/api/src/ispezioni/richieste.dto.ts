import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ESITI_ISPEZIONE, ISPEZIONE_STATI } from '@app/domain/ispezioni/ispezione.state';
import { PaginaQuery } from '../common/paginazione';
import { IsDataCalendario } from '../common/date-validators';

export class RiferimentoDocumentoDto {
  /** Un documento caricato su questa richiesta (POST …/documenti) */
  @IsUUID() documentoId: string;
  /** Il suo SHA-256 (esadecimale), come restituito dal caricamento */
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256: 64 cifre esadecimali minuscole' }) sha256: string;
}

export class AstensioneDto {
  /** @example 'Parente entro il secondo grado del legale rappresentante' */
  @ApiProperty({ minLength: 10 }) @IsString() @Length(1, 2000) motivo: string;
}

export class RiassegnazioneDto {
  /**
   * Un ispettore dello stesso ispettorato che supera la stessa idoneità di un sorteggio
   * @example 'rosa.ferrara'
   */
  @IsString() @Length(2, 200) ispettoreId: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(1, 2000) motivo: string;
  /** Solo se l'ispettore ha lavorato presso l'azienda nella finestra di rotazione: perché la rotazione si mette da parte */
  @ApiProperty({ required: false, minLength: 10 }) @IsOptional() @IsString() @Length(1, 2000) derogaRotazione?: string;
}

export class DecisioneRiassegnazioneDto {
  @IsIn(['approvata', 'respinta']) esito: 'approvata' | 'respinta';
}

export class PrimoAccessoDto {
  /** @example '2026-11-23' */
  @IsDataCalendario() data: string;
  /** Il verbale di primo accesso */
  @IsDefined() @ValidateNested() @Type(() => RiferimentoDocumentoDto) verbale: RiferimentoDocumentoDto;
}

export class DiffidaDto {
  /** @example '2026-11-23' */
  @IsDataCalendario() notificataIl: string;
}

export class FineAccertamentiDto {
  /** @example '2026-11-23' */
  @IsDataCalendario() data: string;
}

export class ChiusuraDto {
  @ApiProperty({ enum: ESITI_ISPEZIONE }) @IsIn(ESITI_ISPEZIONE) esito: (typeof ESITI_ISPEZIONE)[number];
  /** Il verbale unico */
  @IsDefined() @ValidateNested() @Type(() => RiferimentoDocumentoDto) verbaleUnico: RiferimentoDocumentoDto;
}

export class SorteggioDto {
  /** Il tentativo da sorteggiare: il prossimo; uno già sorteggiato è rifiutato */
  @IsInt() @Min(1) @Max(1_000_000) tentativo: number;
}

export class ElencoRichiesteQuery extends PaginaQuery {
  @ApiProperty({ required: false, enum: ISPEZIONE_STATI }) @IsOptional() @IsIn(ISPEZIONE_STATI) stato?: string;
  /**
   * Il codice fiscale o la partita IVA dell'azienda
   * @example '01234567890'
   */
  @IsOptional()
  @Matches(/^([0-9]{11}|[A-Za-z0-9]{16})$/, { message: 'azienda: partita IVA di 11 cifre o codice fiscale di 16 caratteri' })
  azienda?: string;
}
