import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { IsDataCalendario } from '../common/date-validators';

const weight = () => [IsNumber({ maxDecimalPlaces: 2 }), Min(0.01), Max(100)];
const apply = (...ds: PropertyDecorator[]): PropertyDecorator => (t, k) => ds.forEach((d) => d(t, k));

export class CausaEsternaDto {
  @ApiProperty({ example: 'Ritardo del decreto regionale di attuazione' }) @IsString() @Length(5, 2000) giustificazione: string;
}

export class FaseDto {
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) numero: number;
  @ApiProperty() @IsString() @Length(1, 1000) descrizione: string;
  @ApiProperty() @IsString() @Length(1, 1000) outputAtteso: string;
  @ApiProperty({ example: '2026-01-01' }) @IsDataCalendario() inizioPrevisto: string;
  @ApiProperty({ example: '2026-06-30' }) @IsDataCalendario() finePrevista: string;
  @ApiProperty() @IsString() @Length(1, 200) strutturaResponsabile: string;
  @ApiProperty({ description: '% of the indicator; phases sum to 100', example: 25 }) @apply(...weight()) peso: number;
  @ApiPropertyOptional() @IsOptional() @IsDataCalendario() fineEffettiva?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 4000) notaMonitoraggio?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) fonteDati?: string;
  @ApiPropertyOptional({ type: CausaEsternaDto }) @IsOptional() @ValidateNested() @Type(() => CausaEsternaDto) causaEsterna?: CausaEsternaDto;
  @ApiPropertyOptional({ minimum: 0, maximum: 100 }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) autovalutazionePct?: number;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) ritardoStimatoGiorni?: number;
}

/** One shape for the three kinds of indicator; which fields apply depends on `tipo` (checked with the plan's rules). */
export class IndicatoreDto {
  @ApiProperty({ example: '1.1.a' }) @IsString() @Length(1, 40) codice: string;
  @ApiProperty() @IsString() @Length(1, 1000) descrizione: string;
  @ApiProperty({ description: '% of the objective; indicators sum to 100' }) @apply(...weight()) peso: number;
  @ApiProperty({ enum: ['procedurale', 'numerico', 'non-valutabile'] }) @IsIn(['procedurale', 'numerico', 'non-valutabile']) tipo: 'procedurale' | 'numerico' | 'non-valutabile';
  @ApiPropertyOptional({ type: [FaseDto], description: 'procedurale: the cronoprogramma' }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => FaseDto) fasi?: FaseDto[];
  @ApiPropertyOptional({ description: 'numerico' }) @IsOptional() @IsString() @Length(1, 1000) formula?: string;
  @ApiPropertyOptional({ description: 'numerico' }) @IsOptional() @IsNumber() baseline?: number;
  @ApiPropertyOptional({ description: 'numerico' }) @IsOptional() @IsNumber() target?: number;
  @ApiPropertyOptional({ description: 'numerico' }) @IsOptional() @IsNumber() raggiunto?: number;
  @ApiPropertyOptional({ description: 'numerico' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) autovalutazionePct?: number;
  @ApiPropertyOptional({ description: 'numerico' }) @IsOptional() @IsString() @Length(0, 4000) notaMonitoraggio?: string;
  @ApiPropertyOptional({ description: 'numerico' }) @IsOptional() @IsString() @Length(0, 500) fonteDati?: string;
  @ApiPropertyOptional({ type: CausaEsternaDto, description: 'numerico' }) @IsOptional() @ValidateNested() @Type(() => CausaEsternaDto) causaEsterna?: CausaEsternaDto;
  @ApiPropertyOptional({ description: 'non-valutabile: why' }) @IsOptional() @IsString() @Length(1, 2000) motivazione?: string;
}

export class ObiettivoDto {
  @ApiProperty({ example: '1.1' }) @IsString() @Length(1, 20) numero: string;
  @ApiProperty() @IsString() @Length(1, 2000) descrizione: string;
  @ApiProperty({ description: '% of the plan; objectives sum to 100' }) @apply(...weight()) peso: number;
  @ApiProperty() @IsString() @Length(1, 200) strutturaResponsabile: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) collegamentoProgramma?: string;
  @ApiProperty({ type: [IndicatoreDto] }) @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => IndicatoreDto) indicatori: IndicatoreDto[];
}

export class AreaStrategicaDto {
  @ApiProperty({ example: 'A' }) @IsString() @Length(1, 20) codice: string;
  @ApiProperty() @IsString() @Length(1, 500) titolo: string;
  @ApiProperty({ type: [ObiettivoDto] }) @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ObiettivoDto) obiettivi: ObiettivoDto[];
}

export class PoliticaScadenzeDto {
  @ApiPropertyOptional({ default: 5 }) @IsOptional() @IsInt() @Min(0) @Max(60) preavvisoGiorniLavorativi?: number;
  @ApiPropertyOptional({ default: 'P5D', description: 'ISO 8601 duration (days, hours, minutes, seconds)' })
  @IsOptional() @Matches(/^P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, { message: 'tolleranzaEscalation: una durata ISO 8601 come P5D o PT12H' })
  tolleranzaEscalation?: string;
  @ApiPropertyOptional({ default: true, description: 'Monday digest of open phases per responsible structure' }) @IsOptional() @IsBoolean() digestSettimanale?: boolean;
}

/** The whole plan as one JSON document: what POST/PUT take and GET .../documento returns. */
export class PianoDocumentoDto {
  @ApiProperty({ example: 'ARTI-FI' }) @IsString() @Length(1, 40) ufficio: string;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) anno: number;
  @ApiProperty() @IsString() @Length(3, 300) titolo: string;
  @ApiProperty({ example: '2026-12-31', description: 'close date: the plan is frozen for the final monitoring after it' }) @IsDataCalendario() chiusura: string;
  @ApiProperty({ type: [AreaStrategicaDto] }) @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => AreaStrategicaDto) aree: AreaStrategicaDto[];
  @ApiPropertyOptional({ type: PoliticaScadenzeDto }) @IsOptional() @ValidateNested() @Type(() => PoliticaScadenzeDto) scadenze?: PoliticaScadenzeDto;
}

export class MonitoraggioFaseDto {
  @ApiProperty({ example: '1.1.a' }) @IsString() indicatore: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) numero: number;
  @ApiPropertyOptional({ nullable: true, description: 'null clears it' }) @IsOptional() @IsDataCalendario() fineEffettiva?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(0, 4000) notaMonitoraggio?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(0, 500) fonteDati?: string | null;
  @ApiPropertyOptional({ type: CausaEsternaDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => CausaEsternaDto) causaEsterna?: CausaEsternaDto | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) autovalutazionePct?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) ritardoStimatoGiorni?: number | null;
}

export class MonitoraggioIndicatoreDto {
  @ApiProperty({ example: '1.2.a' }) @IsString() codice: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber() raggiunto?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) autovalutazionePct?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(0, 4000) notaMonitoraggio?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(0, 500) fonteDati?: string | null;
  @ApiPropertyOptional({ type: CausaEsternaDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => CausaEsternaDto) causaEsterna?: CausaEsternaDto | null;
}

export class MonitoraggioDto {
  @ApiPropertyOptional({ type: [MonitoraggioFaseDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => MonitoraggioFaseDto) fasi?: MonitoraggioFaseDto[];
  @ApiPropertyOptional({ type: [MonitoraggioIndicatoreDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => MonitoraggioIndicatoreDto) indicatori?: MonitoraggioIndicatoreDto[];
}

export class ApprovazioneDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) nota?: string;
}

export class RevisioneDto {
  @ApiProperty({ type: PianoDocumentoDto, description: 'the revised plan; monitoring already reported is kept' }) @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => PianoDocumentoDto) documento: PianoDocumentoDto;
  @ApiProperty({ minLength: 10, example: 'Rimodulazione a seguito della nuova delibera regionale' }) @IsString() @Length(10, 4000) motivo: string;
}

export class DecisioneRevisioneDto {
  @ApiProperty({ enum: ['approvata', 'respinta'] }) @IsIn(['approvata', 'respinta']) esito: 'approvata' | 'respinta';
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 4000) motivazione: string;
}

export class ValutazioneQuery {
  @ApiPropertyOptional({ description: 'valuation date (default today)', example: '2026-12-31' }) @IsOptional() @IsDataCalendario() alla?: string;
}

export class PianoView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() ufficio: string;
  @ApiProperty() anno: number;
  @ApiProperty() titolo: string;
  @ApiProperty({ enum: ['bozza', 'attivo', 'congelato'] }) stato: string;
  @ApiProperty({ description: 'number of the approved baseline the deadlines follow (0: draft)' }) baseline: number;
  @ApiProperty() versione: number;
  @ApiProperty() workflowId: string;
  @ApiProperty() creatoDa: string;
  @ApiProperty() creatoIl: string;
  @ApiProperty() aggiornatoIl: string;
  @ApiProperty({ type: PianoDocumentoDto }) documento: PianoDocumentoDto;
}

export class RevisioneView {
  @ApiProperty() numero: number;
  @ApiProperty({ enum: ['proposta', 'approvata', 'respinta'] }) stato: string;
  @ApiProperty() motivo: string;
  @ApiProperty() propostaDa: string;
  @ApiProperty() propostaIl: string;
  @ApiPropertyOptional({ nullable: true, type: String }) decisaDa: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decisaIl: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) motivazioneDecisione: string | null;
  @ApiProperty({ type: [String], description: 'what the revision changes in the planned data' }) differenze: string[];
  @ApiProperty({ type: PianoDocumentoDto }) documento: PianoDocumentoDto;
}

export class CopiaPianoDto {
  @ApiPropertyOptional({ description: 'the year of the copy (default: the next year)', example: 2027 })
  @IsOptional() @IsInt() @Min(2000) @Max(2100)
  anno?: number;
}

