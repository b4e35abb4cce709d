import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PaginaQuery } from '../common/paginazione';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { RegolaApplicata } from '@app/domain/cronoprogramma';
import { IsDataCalendario } from '../common/date-validators';
import { TESTO_O_NUMERO } from '../common/openapi';

const weight = () => [IsNumber({ maxDecimalPlaces: 2 }), Min(0.01), Max(100)];
const apply =
  (...ds: PropertyDecorator[]): PropertyDecorator =>
  (t, k) =>
    ds.forEach((d) => d(t, k));
/** What `weight()` checks, for the document (the plugin reads the validators, not a list of them). */
const PESO = { minimum: 0.01, maximum: 100 };

export class CausaEsternaDto {
  /** @example 'Ritardo del decreto regionale di attuazione' */
  @IsString() @Length(5, 2000) giustificazione: string;
}

export class FaseDto {
  /** @example 1 */
  @IsInt() @Min(1) numero: number;
  @IsString() @Length(1, 1000) descrizione: string;
  @IsString() @Length(1, 1000) outputAtteso: string;
  /** @example '2026-01-01' */
  @IsDataCalendario() inizioPrevisto: string;
  /** @example '2026-06-30' */
  @IsDataCalendario() finePrevista: string;
  @IsString() @Length(1, 200) strutturaResponsabile: string;
  /**
   * % dell'indicatore; le fasi sommano 100
   * @example 25
   */
  @ApiProperty(PESO) @apply(...weight()) peso: number;
  /** La data di fine effettiva (monitoraggio) */
  @IsOptional() @IsDataCalendario() fineEffettiva?: string;
  @IsOptional() @IsString() @Length(0, 4000) notaMonitoraggio?: string;
  @IsOptional() @IsString() @Length(0, 500) fonteDati?: string;
  /** Una causa esterna documentata: la fase esce dai pesi */
  @IsOptional() @ValidateNested() @Type(() => CausaEsternaDto) causaEsterna?: CausaEsternaDto;
  /** Il punteggio che la struttura si attribuisce: vale se è più basso di quello calcolato */
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) autovalutazionePct?: number;
  /** Il ritardo stimato di una fase non conclusa */
  @IsOptional() @IsInt() @Min(0) ritardoStimatoGiorni?: number;
}

/** One shape for the three kinds of indicator; which fields apply depends on `tipo` (checked with the plan's rules). */
export class IndicatoreDto {
  /** @example '1.1.a' */
  @IsString() @Length(1, 40) codice: string;
  @IsString() @Length(1, 1000) descrizione: string;
  /** % dell'obiettivo; gli indicatori sommano 100 */
  @ApiProperty(PESO) @apply(...weight()) peso: number;
  @IsIn(['procedurale', 'numerico', 'non-valutabile']) tipo: 'procedurale' | 'numerico' | 'non-valutabile';
  /** procedurale: il cronoprogramma */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => FaseDto) fasi?: FaseDto[];
  /** numerico */
  @IsOptional() @IsString() @Length(1, 1000) formula?: string;
  /** numerico */
  @IsOptional() @IsNumber() baseline?: number;
  /** numerico */
  @IsOptional() @IsNumber() target?: number;
  /** numerico: il valore raggiunto (monitoraggio) */
  @IsOptional() @IsNumber() raggiunto?: number;
  /** numerico */
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) autovalutazionePct?: number;
  /** numerico */
  @IsOptional() @IsString() @Length(0, 4000) notaMonitoraggio?: string;
  /** numerico */
  @IsOptional() @IsString() @Length(0, 500) fonteDati?: string;
  /** numerico */
  @IsOptional() @ValidateNested() @Type(() => CausaEsternaDto) causaEsterna?: CausaEsternaDto;
  /** non-valutabile: perché */
  @IsOptional() @IsString() @Length(1, 2000) motivazione?: string;
}

export class ObiettivoDto {
  /** @example '1.1' */
  @IsString() @Length(1, 20) numero: string;
  @IsString() @Length(1, 2000) descrizione: string;
  /** % del piano; gli obiettivi sommano 100 */
  @ApiProperty(PESO) @apply(...weight()) peso: number;
  @IsString() @Length(1, 200) strutturaResponsabile: string;
  @IsOptional() @IsString() @Length(0, 500) collegamentoProgramma?: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => IndicatoreDto) indicatori: IndicatoreDto[];
}

export class AreaStrategicaDto {
  /** @example 'A' */
  @IsString() @Length(1, 20) codice: string;
  @IsString() @Length(1, 500) titolo: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ObiettivoDto) obiettivi: ObiettivoDto[];
}

export class PoliticaScadenzeDto {
  /** Giorni lavorativi di preavviso prima della fine prevista di una fase (predefiniti 5) */
  @IsOptional() @IsInt() @Min(0) @Max(60) preavvisoGiorniLavorativi?: number;
  /**
   * Dopo quanto una fase scaduta va al dirigente: una durata ISO 8601 in giorni, ore, minuti, secondi (predefinita P5D)
   * @example 'P5D'
   */
  @IsOptional()
  @Matches(/^P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, { message: 'tolleranzaEscalation: una durata ISO 8601 come P5D o PT12H' })
  tolleranzaEscalation?: string;
  /** Il riepilogo del lunedì delle fasi aperte, per struttura responsabile (predefinito sì) */
  @IsOptional() @IsBoolean() digestSettimanale?: boolean;
}

/** The whole plan as one JSON document: what POST/PUT take and GET .../documento returns. */
export class PianoDocumentoDto {
  /** @example 'ARTI-FI' */
  @IsString() @Length(1, 40) ufficio: string;
  /** @example 2026 */
  @IsInt() @Min(2000) @Max(2100) anno: number;
  @IsString() @Length(3, 300) titolo: string;
  /**
   * La data di chiusura: dopo, il piano è congelato per il monitoraggio finale
   * @example '2026-12-31'
   */
  @IsDataCalendario() chiusura: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => AreaStrategicaDto) aree: AreaStrategicaDto[];
  @IsOptional() @ValidateNested() @Type(() => PoliticaScadenzeDto) scadenze?: PoliticaScadenzeDto;
}

export class MonitoraggioFaseDto {
  /** @example '1.1.a' */
  @IsString() indicatore: string;
  /** @example 1 */
  @IsInt() @Min(1) numero: number;
  /** null la cancella */
  @IsOptional() @IsDataCalendario() fineEffettiva?: string | null;
  @IsOptional() @IsString() @Length(0, 4000) notaMonitoraggio?: string | null;
  @IsOptional() @IsString() @Length(0, 500) fonteDati?: string | null;
  @IsOptional() @ValidateNested() @Type(() => CausaEsternaDto) causaEsterna?: CausaEsternaDto | null;
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) autovalutazionePct?: number | null;
  @IsOptional() @IsInt() @Min(0) ritardoStimatoGiorni?: number | null;
}

export class MonitoraggioIndicatoreDto {
  /** @example '1.2.a' */
  @IsString() codice: string;
  @IsOptional() @IsNumber() raggiunto?: number | null;
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) autovalutazionePct?: number | null;
  @IsOptional() @IsString() @Length(0, 4000) notaMonitoraggio?: string | null;
  @IsOptional() @IsString() @Length(0, 500) fonteDati?: string | null;
  @IsOptional() @ValidateNested() @Type(() => CausaEsternaDto) causaEsterna?: CausaEsternaDto | null;
}

export class MonitoraggioDto {
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => MonitoraggioFaseDto) fasi?: MonitoraggioFaseDto[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => MonitoraggioIndicatoreDto) indicatori?: MonitoraggioIndicatoreDto[];
}

export class ApprovazioneDto {
  @IsOptional() @IsString() @Length(1, 2000) nota?: string;
}

export class RevisioneDto {
  /** Il piano rivisto; il monitoraggio già riportato resta */
  @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => PianoDocumentoDto) documento: PianoDocumentoDto;
  /** @example 'Rimodulazione a seguito della nuova delibera regionale' */
  @IsString() @Length(10, 4000) motivo: string;
}

export class DecisioneRevisioneDto {
  @IsIn(['approvata', 'respinta']) esito: 'approvata' | 'respinta';
  @IsString() @Length(10, 4000) motivazione: string;
}

/** Dall'anno più recente, a pagine (vedi common/paginazione). */
export class ElencoPianiQuery extends PaginaQuery {}

export class ValutazioneQuery {
  /**
   * La data della valutazione (predefinita oggi)
   * @example '2026-12-31'
   */
  @IsOptional() @IsDataCalendario() alla?: string;
}

export class PianoView {
  id: string;
  ufficio: string;
  anno: number;
  titolo: string;
  stato: 'bozza' | 'attivo' | 'congelato';
  /** Il numero della baseline approvata che le scadenze seguono (0: bozza) */
  baseline: number;
  versione: number;
  workflowId: string;
  creatoDa: string;
  /** Istante ISO 8601 */
  creatoIl: string;
  /** Istante ISO 8601 */
  aggiornatoIl: string;
  documento: PianoDocumentoDto;
}

export class RevisioneView {
  numero: number;
  stato: 'proposta' | 'approvata' | 'respinta';
  motivo: string;
  propostaDa: string;
  /** Istante ISO 8601 */
  propostaIl: string;
  decisaDa: string | null;
  decisaIl: string | null;
  motivazioneDecisione: string | null;
  /** Che cosa la revisione cambia nei dati pianificati */
  differenze: string[];
  documento: PianoDocumentoDto;
}

export class CopiaPianoDto {
  /**
   * L'anno della copia (predefinito: l'anno dopo)
   * @example 2027
   */
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  anno?: number;
}

export class DestinatarioScadenzaView {
  tipo: 'struttura' | 'ruolo';
  nome: string;
}

export class ScadenzaView {
  tipo: 'promemoria' | 'scaduta' | 'escalation' | 'digest' | 'chiusura';
  /** Quando scade (istante ISO 8601) */
  at: string;
  /** Unica per piano e baseline */
  chiave: string;
  /** Chi viene avvisato */
  destinatario: DestinatarioScadenzaView;
  indicatore?: string;
  fase?: number;
  /** Le fasi di un riepilogo, come "codice#numero" */
  fasi?: string[];
}

export class ProssimaScadenzaView {
  /** null se il piano non è attivo o non attende nulla */
  scadenza: ScadenzaView | null;
}

export class ValutazioneVoceView {
  /** Il punteggio, in decimale come testo (es. "85.38"); null se escluso dai pesi */
  punteggio: string | null;
  /** La regola applicata */
  regola: RegolaApplicata;
  /** I numeri usati, con il loro nome, per rifare il conto a mano (es. giorniPrevisti, giorniEffettivi) */
  @ApiProperty({ type: 'object', additionalProperties: TESTO_O_NUMERO })
  calcolo: Record<string, number | string | null>;
  /** Il conto in parole, es. "181 / 212 = 85.38%" */
  spiegazione: string;
  /** Il peso dichiarato */
  peso: number;
  /** Il peso effettivo, tolte le voci neutralizzate */
  pesoEffettivo: string | null;
}

export class ValutazioneFaseView extends ValutazioneVoceView {
  numero: number;
}

export class ValutazioneIndicatoreView extends ValutazioneVoceView {
  codice: string;
  fasi?: ValutazioneFaseView[];
}

export class ValutazioneObiettivoView extends ValutazioneVoceView {
  numero: string;
  indicatori: ValutazioneIndicatoreView[];
}

export class ValutazionePianoView {
  /** La data della valutazione */
  alla: string;
  punteggio: string | null;
  regola: 'media-ponderata';
  spiegazione: string;
  obiettivi: ValutazioneObiettivoView[];
}
