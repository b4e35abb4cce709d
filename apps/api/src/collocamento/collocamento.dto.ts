import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CATEGORIE, TIPI_CONTRATTO } from '@app/domain/collocamento/collocamento.types';
import { ESITI_CANDIDATO, ESITI_CONGRUITA, OFFERTA_STATI } from '@app/domain/collocamento/offerta.machine';
import { PaginaQuery } from '../common/paginazione';
import { IsDataCalendario, IsIstante } from '../common/date-validators';

const CODICE = /^[a-z0-9][a-z0-9._-]{0,59}$/i;

export class CompetenzaDto {
  @ApiProperty({ example: 'excel' }) @Matches(CODICE, { message: 'codice: letters, digits . _ -' }) codice: string;
  @ApiPropertyOptional({ example: 2, description: 'weight in the skills-fit criterion (default 1)' }) @IsOptional() @IsInt() @Min(1) @Max(100) peso?: number;
}

/** An employer's request for candidates. The office is the caller's; the service level counts from now. */
export class OffertaDto {
  @ApiProperty({ example: '01234567897' }) @IsString() @Length(1, 60) datoreId: string;
  @ApiProperty({ example: 'TO', description: "province whose L. 68/99 list the candidates must be enrolled in" }) @IsString() @Length(1, 40) territorio: string;
  @ApiProperty({ example: 'Impiegato amministrativo' }) @IsString() @Length(2, 300) profilo: string;
  @ApiProperty({ example: ['videoterminale', 'archivio'], description: 'task codes: each must be compatible with the relazione conclusiva' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @Matches(CODICE, { each: true, message: 'mansioni: codici di lettere, cifre . _ -' }) mansioni: string[];
  @ApiProperty({ example: 'Torino, Via Roma 1' }) @IsString() @Length(2, 300) luogo: string;
  @ApiProperty({ enum: TIPI_CONTRATTO }) @IsIn(TIPI_CONTRATTO) contratto: string;
  @ApiPropertyOptional({ example: 12 }) @IsOptional() @IsInt() @Min(1) @Max(120) durataMesi?: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(1) @Max(48) oreSettimanali: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(100) posti: number;
  @ApiProperty({ type: [CompetenzaDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => CompetenzaDto) competenzeRichieste: CompetenzaDto[];
  @ApiProperty({ enum: CATEGORIE }) @IsIn(CATEGORIE) categoria: string;
  @ApiPropertyOptional({ example: 3, description: 'candidates per post in the rosa (default 3)' }) @IsOptional() @IsInt() @Min(1) @Max(20) dimensioneRosa?: number;
  @ApiPropertyOptional({ example: 'piemonte', enum: ['piemonte', 'nazionale'], description: 'the region whose ranking rule pack applies (default piemonte)' })
  @IsOptional() @IsIn(['piemonte', 'nazionale']) regione?: string;
}

export class CongruitaDto {
  @ApiProperty({ enum: ESITI_CONGRUITA }) @IsIn(ESITI_CONGRUITA) esito: 'congrua' | 'non-congrua';
  @ApiPropertyOptional({ description: 'required when non congrua' }) @IsOptional() @IsString() @Length(0, 2000) motivo?: string;
  @ApiPropertyOptional({ example: '2027-03-11T18:00:00Z', description: 'congrua: when the candidature window closes (it opens now)' })
  @IsOptional() @IsIstante() chiusuraAdesioni?: string;
  @ApiPropertyOptional({ description: 'congrua: why a window that closes after the term for the rosa is accepted (required then: the rosa will be late)' })
  @IsOptional() @IsString() @Length(0, 2000) motivoOltreSla?: string;
}

export class AdesioneDto {
  @ApiProperty({ example: 'RSSMRA85T10A562S', description: 'the enrolled person (registry id)' }) @IsString() @Length(1, 60) iscrittoId: string;
}

export class EsitoDto {
  @ApiProperty({ description: "the person: CPI staff give the registry id; the employer the candidate's reference shown in its rosa (C-…)" })
  @IsString() @Length(1, 60) iscrittoId: string;
  @ApiProperty({ enum: ESITI_CANDIDATO }) @IsIn(ESITI_CANDIDATO) esito: 'assunto' | 'non-idoneo' | 'non-presentato' | 'rifiuto';
  @ApiPropertyOptional({ description: 'required for non-idoneo' }) @IsOptional() @IsString() @Length(0, 2000) motivo?: string;
}

export class RettificaEsitoDto {
  @ApiProperty({ example: 'RSSMRA85T10A562S', description: 'the person (registry id) whose recorded outcome is corrected' }) @IsString() @Length(1, 60) iscrittoId: string;
  @ApiProperty({ enum: ESITI_CANDIDATO, description: 'the right outcome' }) @IsIn(ESITI_CANDIDATO) esito: 'assunto' | 'non-idoneo' | 'non-presentato' | 'rifiuto';
  @ApiProperty({ description: 'why the recorded outcome was wrong (10+ characters)' }) @IsString() @Length(1, 2000) motivo: string;
}

export class PaginaGraduatoriaQuery {
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}

export class IndicatoriQuery {
  @ApiPropertyOptional({ example: '2027-01-01' }) @IsOptional() @IsDataCalendario() dal?: string;
  @ApiPropertyOptional({ example: '2027-12-31' }) @IsOptional() @IsDataCalendario() al?: string;
  @ApiPropertyOptional({ example: 'ufficio,sesso', description: 'grouping: ufficio, periodo, sesso, fascia-eta (comma-separated; empty: one total row)' })
  @IsOptional() @Matches(/^((ufficio|periodo|sesso|fascia-eta)(,(ufficio|periodo|sesso|fascia-eta))*)?$/, { message: 'raggruppa: ufficio, periodo, sesso, fascia-eta separated by commas' }) raggruppa?: string;
  @ApiPropertyOptional({ enum: ['mese', 'trimestre', 'anno'] }) @IsOptional() @IsIn(['mese', 'trimestre', 'anno']) periodo?: 'mese' | 'trimestre' | 'anno';
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] }) @IsOptional() @IsIn(['json', 'csv', 'xlsx']) formato?: 'json' | 'csv' | 'xlsx';
}

/** An office code as every office is named. */
export const UFFICIO = /^[A-Za-z0-9-]{1,40}$/;

export class CercaIscrittiQuery {
  @ApiProperty({ description: 'registry id or codice fiscale, whole or its beginning (the list holds no names)', example: 'RSSMRA' })
  @IsString() @Length(2, 100, { message: 'cerca: da 2 a 100 caratteri' }) cerca: string;
  @ApiPropertyOptional({ example: 'CPI-TO', description: "another office's list (roles that see every office)" })
  @IsOptional() @Matches(UFFICIO, { message: 'ufficio: codice di ufficio (lettere, cifre, trattini; al più 40)' }) ufficio?: string;
}

export class CercaDatoriQuery {
  @ApiProperty({ description: 'codice fiscale / partita IVA (exact) or part of the name', example: 'alfa spa' })
  @IsString() @Length(2, 100, { message: 'cerca: da 2 a 100 caratteri' }) cerca: string;
}

export class UfficioQuery {
  @ApiPropertyOptional({ example: 'CPI-TO', description: "another office's list (roles that see every office)" })
  @IsOptional() @Matches(UFFICIO, { message: 'ufficio: codice di ufficio (lettere, cifre, trattini; al più 40)' }) ufficio?: string;
}

export class TrasferimentoDto {
  @ApiProperty({ example: 'CPI-PRATO', description: 'the office whose list the person moves to' })
  @Matches(UFFICIO, { message: 'ufficio: codice di ufficio (lettere, cifre, trattini; al più 40)' }) ufficio: string;
  @ApiProperty({ example: 'Trasferimento di residenza', description: 'why (recorded in the audit trail)' }) @IsString() @Length(5, 2000) motivazione: string;
}

export class ElencoOfferteQuery extends PaginaQuery {
  @ApiPropertyOptional({ enum: OFFERTA_STATI }) @IsOptional() @IsIn(OFFERTA_STATI) stato?: string;
  @ApiPropertyOptional({ description: "the employer's codice fiscale or partita IVA (its business key); an employer's own user sees only its own anyway", example: '01234567890' })
  @IsOptional() @Matches(/^([0-9]{11}|[A-Za-z0-9]{16})$/, { message: 'datore: partita IVA di 11 cifre o codice fiscale di 16 caratteri' })
  datore?: string;
}

export class ImpostazioniUfficioDto {
  @ApiProperty({ enum: ['piemonte', 'nazionale'], description: "the office's region: its graduatoria rule pack applies to every offer of the office" })
  @IsIn(['piemonte', 'nazionale'], { message: 'regione: piemonte o nazionale' }) regione: string;
  @ApiProperty({ example: 3, description: 'the most candidates per post an offer of this office may ask for' }) @IsInt() @Min(1) @Max(20) dimensioneRosaMassima: number;
  @ApiProperty({ type: [String], example: ['06-24'], description: "the office's patron-saint days (MM-DD): not working days for the service level" })
  @IsArray() @ArrayMaxSize(10) @Matches(/^\d{2}-\d{2}$/, { each: true, message: 'patroni: giorni MM-GG (es. 06-24)' }) patroni: string[];
  @ApiProperty({ example: 'Delibera di giunta 12/2027' }) @IsString() @Length(5, 500) motivazione: string;
}

export class AnnullamentoDto {
  @ApiProperty({ description: 'why the offer is cancelled (kept in the timeline, sent to the employer)', example: "Il datore ha coperto il posto con una convenzione art. 11" })
  @IsString() @Length(10, 2000) motivo: string;
}
