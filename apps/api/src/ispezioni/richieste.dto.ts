import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ESITI_ISPEZIONE, ISPEZIONE_STATI } from '@app/domain/ispezioni/ispezione.machine';
import { PaginaQuery } from '../common/paginazione';
import { IsDataCalendario } from '../common/date-validators';

export class RiferimentoDocumentoDto {
  @ApiProperty({ format: 'uuid', description: 'a document uploaded to this request (POST .../documenti)' }) @IsUUID() documentoId: string;
  @ApiProperty({ description: 'its SHA-256 (hex), as returned by the upload' }) @Matches(/^[0-9a-f]{64}$/, { message: 'sha256: 64 cifre esadecimali minuscole' }) sha256: string;
}

export class AstensioneDto {
  @ApiProperty({ minLength: 10, example: 'Parente entro il secondo grado del legale rappresentante' }) @IsString() @Length(1, 2000) motivo: string;
}

export class RiassegnazioneDto {
  @ApiProperty({ example: 'rosa.ferrara', description: 'an inspector of the same inspectorate who passes the same eligibility as a draw' })
  @IsString() @Length(2, 200) ispettoreId: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(1, 2000) motivo: string;
  @ApiPropertyOptional({ minLength: 10, description: 'needed only when the inspector worked at the company within the rotation window: why rotation is set aside' })
  @IsOptional() @IsString() @Length(1, 2000) derogaRotazione?: string;
}

export class DecisioneRiassegnazioneDto {
  @ApiProperty({ enum: ['approvata', 'respinta'] }) @IsIn(['approvata', 'respinta']) esito: 'approvata' | 'respinta';
}

export class PrimoAccessoDto {
  @ApiProperty({ example: '2026-11-23' }) @IsDataCalendario() data: string;
  @ApiProperty({ type: RiferimentoDocumentoDto, description: 'the verbale di primo accesso' }) @IsDefined() @ValidateNested() @Type(() => RiferimentoDocumentoDto) verbale: RiferimentoDocumentoDto;
}

export class DiffidaDto {
  @ApiProperty({ example: '2026-11-23' }) @IsDataCalendario() notificataIl: string;
}

export class FineAccertamentiDto {
  @ApiProperty({ example: '2026-11-23' }) @IsDataCalendario() data: string;
}

export class ChiusuraDto {
  @ApiProperty({ enum: ESITI_ISPEZIONE }) @IsIn(ESITI_ISPEZIONE) esito: (typeof ESITI_ISPEZIONE)[number];
  @ApiProperty({ type: RiferimentoDocumentoDto, description: 'the verbale unico' }) @IsDefined() @ValidateNested() @Type(() => RiferimentoDocumentoDto) verbaleUnico: RiferimentoDocumentoDto;
}

export class SorteggioDto {
  @ApiProperty({ minimum: 1, description: 'the attempt to draw: the next one; an attempt already drawn is refused' }) @IsInt() @Min(1) @Max(1_000_000) tentativo: number;
}

export class ElencoRichiesteQuery extends PaginaQuery {
  @ApiPropertyOptional({ enum: ISPEZIONE_STATI }) @IsOptional() @IsIn(ISPEZIONE_STATI) stato?: string;
  @ApiPropertyOptional({ description: "the company's codice fiscale or partita IVA", example: '01234567890' })
  @IsOptional() @Matches(/^([0-9]{11}|[A-Za-z0-9]{16})$/, { message: 'azienda: partita IVA di 11 cifre o codice fiscale di 16 caratteri' })
  azienda?: string;
}

