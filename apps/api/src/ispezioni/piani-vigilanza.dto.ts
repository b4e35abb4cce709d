import { OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsDataOIstante } from '../common/date-validators';
import { RichiestaInterventoDto } from './registro-ispezioni.dto';

/** A target of the plan: an intervention request, without its source (ex officio), and the date it is generated on. */
export class VoceVigilanzaDto extends OmitType(RichiestaInterventoDto, ['fonte'] as const) {
  /**
   * Quando la richiesta è generata: una data (alle 07:00 UTC di quel giorno) o un istante ISO 8601
   * @example '2027-03-15'
   */
  @IsDataOIstante() data: string;
}

export class PianoVigilanzaDto {
  /** @example 2027 */
  @IsInt() @Min(2000) @Max(2100) anno: number;
  @IsString() @Length(3, 2000) descrizione: string;
  @IsDefined() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20000) @ValidateNested({ each: true }) @Type(() => VoceVigilanzaDto) voci: VoceVigilanzaDto[];
}
