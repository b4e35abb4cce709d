import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { FONTI, PRIORITA } from '@app/domain/ispezioni/ispezioni.types';
import type { ImpostazioniIspettorato } from '@app/domain/ispezioni/politica';
import { IsDataCalendario } from '../common/date-validators';

const CODICE = /^[A-Za-z0-9-]{1,40}$/;

export class IspettoratoDto {
  @ApiProperty({ example: 'ITL-PA' }) @Matches(CODICE, { message: 'codice: lettere, cifre e -, fino a 40' }) codice: string;
  @ApiProperty({ example: 'Ispettorato territoriale del lavoro di Palermo' }) @IsString() @Length(3, 200) nome: string;
  @ApiProperty({ example: ['PA'] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 40, { each: true }) territori: string[];
  @ApiPropertyOptional({
    type: Object,
    description:
      'the settings that differ from the defaults (GET /ispettorati/{codice}/politica shows the merged policy): primoAccessoGiorni {alta, media, bassa}, ' +
      'accettazioneGiorniLavorativi, verbaleUnicoGiorni, preavvisoGiorni, unita and tolleranzaEscalation (ISO 8601 durations); finestraRotazioneMesi ' +
      '(default 12), rotazioneContaChiuse (default true), rotazioneDerogaSeNessunIdoneo (default true); periodoSorteggio (P1M or a duration in whole ' +
      'seconds), anticipoPubblicazione (default P7D); sogliaImparzialita (default 0.01), finestraMonitoraggioGiorni (default 90)',
  })
  @IsOptional() @IsObject() politica?: ImpostazioniIspettorato;
}

export class IspettoreDto {
  @ApiProperty({ example: 'Rosa Ferrara' }) @IsString() @Length(3, 200) nome: string;
  @ApiProperty({ description: "the inspector's login (token sub), also their id: who may accept, abstain and report", example: 'rosa.ferrara' })
  @Matches(/^[A-Za-z0-9._@-]{2,200}$/, { message: 'id: il login, lettere, cifre e . _ @ -' }) id: string;
  @ApiProperty({ example: ['PA'] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 40, { each: true }) territori: string[];
  @ApiProperty({ example: ['lavoro-nero', 'sicurezza'] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 60, { each: true }) qualifiche: string[];
}

export class AssenzaDto {
  @ApiProperty({ example: '2026-08-01' }) @IsDataCalendario() dal: string;
  @ApiProperty({ example: '2026-08-20' }) @IsDataCalendario() al: string;
  @ApiProperty({ example: 'ferie', description: 'visible to dirigenti only' }) @IsString() @Length(2, 300) motivo: string;
}

export class AziendaDto {
  @ApiProperty({ description: 'codice fiscale or partita IVA', example: '01234567890' }) @Matches(/^([0-9]{11}|[A-Z0-9]{16})$/, { message: 'codiceFiscale: una partita IVA di 11 cifre o un codice fiscale di 16 caratteri' }) codiceFiscale: string;
  @ApiProperty({ example: 'Edilizia Conca d\'Oro S.r.l.' }) @IsString() @Length(2, 300) ragioneSociale: string;
  @ApiProperty({ example: 'PA' }) @IsString() @Length(1, 40) territorio: string;
}

export class ConflittoDto {
  @ApiProperty({ example: 'rosa.ferrara', description: 'an inspector declares for themselves only; a dirigente for any inspector of the office, stating the source' })
  @IsString() @Length(2, 200) ispettoreId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() aziendaId: string;
  @ApiProperty({ example: 'Coniuge dipendente dell\'azienda', description: 'personal: shown to dirigenti and the inspector concerned, never in a transcript' })
  @IsString() @Length(5, 1000) motivo: string;
  @ApiPropertyOptional({ example: 'Segnalazione del legale rappresentante, prot. 1234 del 10/03/2026', description: 'required when a dirigente declares it: where the conflict is known from' })
  @IsOptional() @IsString() @Length(5, 1000) fonte?: string;
  @ApiProperty({ example: '2026-01-01' }) @IsDataCalendario() dal: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @IsDataCalendario() al?: string;
}

export class RevocaConflittoDto {
  @ApiProperty({ example: 'Il coniuge non è più dipendente dell\'azienda dal 1/11/2026', minLength: 10 }) @IsString() @Length(10, 1000) motivo: string;
}

export class ConflittiQuery {
  @ApiPropertyOptional({ description: "default: the caller's inspectorate" }) @IsOptional() @Matches(CODICE, { message: 'ispettorato: lettere, cifre e -, fino a 40' }) ispettorato?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 200) ispettore?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() azienda?: string;
}

/**
 * Publishing the next period by hand takes no parameters: its bounds and label follow from the inspectorate's policy
 * and its last period, exactly as the schedule would make them. Nobody chooses when a period begins or how long it lasts.
 */
export class PeriodoDto {}

export class RichiestaInterventoDto {
  @ApiProperty({ enum: FONTI }) @IsIn(FONTI) fonte: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() aziendaId: string;
  @ApiProperty({ example: 'Via Roma 1, Palermo' }) @IsString() @Length(3, 300) sede: string;
  @ApiProperty({ example: 'PA' }) @IsString() @Length(1, 40) territorio: string;
  @ApiProperty({ example: 'lavoro-nero' }) @Matches(/^[a-z0-9-]{2,60}$/, { message: 'tipoPratica: lowercase letters, digits and -' }) tipoPratica: string;
  @ApiProperty({ enum: PRIORITA }) @IsIn(PRIORITA) priorita: string;
  @ApiProperty() @IsString() @Length(10, 8000) descrizione: string;
}

export class DecisioneRegistroDto {
  @ApiProperty({ enum: ['confermata', 'respinta'] }) @IsIn(['confermata', 'respinta'], { message: 'esito deve essere confermata o respinta' }) esito: 'confermata' | 'respinta';
}

export class AssenzeQuery {
  @ApiPropertyOptional({ enum: ['in-vigore', 'da-confermare', 'respinta'] }) @IsOptional() @IsIn(['in-vigore', 'da-confermare', 'respinta'], { message: 'stato: in-vigore, da-confermare o respinta' }) stato?: string;
}
