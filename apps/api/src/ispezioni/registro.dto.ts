import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { FONTI, PRIORITA } from '@app/domain/ispezioni/ispezioni.types';
import type { PoliticaIspettorato } from '@app/infrastructure';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMsg = { message: '$property must be a date YYYY-MM-DD' };
const CODICE = /^[A-Za-z0-9-]{1,40}$/;

export class IspettoratoDto {
  @ApiProperty({ example: 'ITL-PA' }) @Matches(CODICE, { message: 'codice: letters, digits and -, up to 40' }) codice: string;
  @ApiProperty({ example: 'Ispettorato territoriale del lavoro di Palermo' }) @IsString() @Length(3, 200) nome: string;
  @ApiProperty({ example: ['PA'] }) @IsArray() @ArrayMinSize(1) @IsString({ each: true }) @Length(1, 40, { each: true }) territori: string[];
  @ApiPropertyOptional({ type: Object, description: 'overrides: finestraRotazioneAnni (default 3), primoAccessoGiorni {alta, media, bassa}, accettazioneGiorniLavorativi, verbaleUnicoGiorni, preavvisoGiorni, unita and tolleranzaEscalation (ISO 8601 durations)' })
  @IsOptional() @IsObject() politica?: PoliticaIspettorato;
}

export class IspettoreDto {
  @ApiProperty({ example: 'Rosa Ferrara' }) @IsString() @Length(3, 200) nome: string;
  @ApiProperty({ description: "the inspector's login (token sub), also their id: who may accept, abstain and report", example: 'rosa.ferrara' })
  @Matches(/^[A-Za-z0-9._@-]{2,200}$/, { message: 'id: the login, letters, digits and . _ @ -' }) id: string;
  @ApiProperty({ example: ['PA'] }) @IsArray() @ArrayMinSize(1) @IsString({ each: true }) territori: string[];
  @ApiProperty({ example: ['lavoro-nero', 'sicurezza'] }) @IsArray() @ArrayMinSize(1) @IsString({ each: true }) qualifiche: string[];
}

export class AssenzaDto {
  @ApiProperty({ example: '2026-08-01' }) @Matches(DATE, dateMsg) dal: string;
  @ApiProperty({ example: '2026-08-20' }) @Matches(DATE, dateMsg) al: string;
  @ApiProperty({ example: 'ferie' }) @IsString() @Length(2, 300) motivo: string;
}

export class AziendaDto {
  @ApiProperty({ description: 'codice fiscale or partita IVA', example: '01234567890' }) @Matches(/^([0-9]{11}|[A-Z0-9]{16})$/, { message: 'codiceFiscale must be an 11-digit partita IVA or a 16-character codice fiscale' }) codiceFiscale: string;
  @ApiProperty({ example: 'Edilizia Conca d\'Oro S.r.l.' }) @IsString() @Length(2, 300) ragioneSociale: string;
  @ApiProperty({ example: 'PA' }) @IsString() @Length(1, 40) territorio: string;
}

export class ConflittoDto {
  @ApiProperty({ example: 'rosa.ferrara' }) @IsString() @Length(2, 200) ispettoreId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() aziendaId: string;
  @ApiProperty({ example: 'Coniuge dipendente dell\'azienda' }) @IsString() @Length(5, 1000) motivo: string;
  @ApiProperty({ example: '2026-01-01' }) @Matches(DATE, dateMsg) dal: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @Matches(DATE, dateMsg) al?: string;
}

export class PeriodoDto {
  @ApiProperty({ example: '2026-12', description: 'label; a month YYYY-MM covers that calendar month unless inizio/fine are given' })
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'periodo: letters, digits and -, up to 40' }) periodo: string;
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) inizio?: string;
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) fine?: string;
}

export class RichiestaInterventoDto {
  @ApiProperty({ enum: FONTI }) @IsIn(FONTI as unknown as string[]) fonte: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() aziendaId: string;
  @ApiProperty({ example: 'Via Roma 1, Palermo' }) @IsString() @Length(3, 300) sede: string;
  @ApiProperty({ example: 'PA' }) @IsString() @Length(1, 40) territorio: string;
  @ApiProperty({ example: 'lavoro-nero' }) @Matches(/^[a-z0-9-]{2,60}$/, { message: 'tipoPratica: lowercase letters, digits and -' }) tipoPratica: string;
  @ApiProperty({ enum: PRIORITA }) @IsIn(PRIORITA as unknown as string[]) priorita: string;
  @ApiProperty() @IsString() @Length(10, 8000) descrizione: string;
}
