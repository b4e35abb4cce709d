import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { FONTI, PRIORITA } from '@app/domain/ispezioni/ispezioni.types';
import type { ImpostazioniIspettorato } from '@app/domain/ispezioni/politica';
import { IsDataCalendario } from '../common/date-validators';
import { ImpostazioniIspettoratoDto } from './ispezioni.viste.dto';

const CODICE = /^[A-Za-z0-9-]{1,40}$/;

export class IspettoratoDto {
  /** @example 'ITL-PA' */
  @Matches(CODICE, { message: 'codice: lettere, cifre e -, fino a 40' }) codice: string;
  /** @example 'Ispettorato territoriale del lavoro di Palermo' */
  @IsString() @Length(3, 200) nome: string;
  /** @example ['PA'] */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 40, { each: true }) territori: string[];
  /** Le impostazioni che differiscono da quelle predefinite (GET /ispettorati/{codice}/politica mostra la politica risultante) */
  @ApiProperty({ required: false, type: ImpostazioniIspettoratoDto })
  @IsOptional()
  @IsObject()
  politica?: ImpostazioniIspettorato;
}

export class IspettoreDto {
  /** @example 'Rosa Ferrara' */
  @IsString() @Length(3, 200) nome: string;
  /**
   * Il login dell'ispettore (sub del token), anche suo identificativo: chi può accettare, astenersi e riferire
   * @example 'rosa.ferrara'
   */
  @Matches(/^[A-Za-z0-9._@-]{2,200}$/, { message: 'id: il login, lettere, cifre e . _ @ -' }) id: string;
  /** @example ['PA'] */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 40, { each: true }) territori: string[];
  /** @example ['lavoro-nero', 'sicurezza'] */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 60, { each: true }) qualifiche: string[];
}

export class AssenzaDto {
  /** @example '2026-08-01' */
  @IsDataCalendario() dal: string;
  /** @example '2026-08-20' */
  @IsDataCalendario() al: string;
  /**
   * Visibile solo ai dirigenti
   * @example 'ferie'
   */
  @IsString() @Length(2, 300) motivo: string;
}

export class AziendaDto {
  /**
   * Codice fiscale o partita IVA
   * @example '01234567890'
   */
  @Matches(/^([0-9]{11}|[A-Z0-9]{16})$/, { message: 'codiceFiscale: una partita IVA di 11 cifre o un codice fiscale di 16 caratteri' }) codiceFiscale: string;
  /** @example "Edilizia Conca d'Oro S.r.l." */
  @IsString() @Length(2, 300) ragioneSociale: string;
  /** @example 'PA' */
  @IsString() @Length(1, 40) territorio: string;
}

export class ConflittoDto {
  /**
   * Un ispettore dichiara solo per sé; un dirigente per ogni ispettore dell'ufficio, indicando la fonte
   * @example 'rosa.ferrara'
   */
  @IsString() @Length(2, 200) ispettoreId: string;
  @IsUUID() aziendaId: string;
  /**
   * Personale: mostrato ai dirigenti e all'ispettore interessato, mai in una trascrizione
   * @example "Coniuge dipendente dell'azienda"
   */
  @IsString() @Length(5, 1000) motivo: string;
  /**
   * Obbligatoria quando la dichiara un dirigente: da dove è noto il conflitto
   * @example 'Segnalazione del legale rappresentante, prot. 1234 del 10/03/2026'
   */
  @IsOptional() @IsString() @Length(5, 1000) fonte?: string;
  /** @example '2026-01-01' */
  @IsDataCalendario() dal: string;
  /** @example '2026-12-31' */
  @IsOptional() @IsDataCalendario() al?: string;
}

export class RevocaConflittoDto {
  /** @example "Il coniuge non è più dipendente dell'azienda dal 1/11/2026" */
  @IsString() @Length(10, 1000) motivo: string;
}

export class ConflittiQuery {
  /** Predefinito: l'ispettorato del chiamante */
  @IsOptional() @Matches(CODICE, { message: 'ispettorato: lettere, cifre e -, fino a 40' }) ispettorato?: string;
  @IsOptional() @IsString() @Length(2, 200) ispettore?: string;
  @IsOptional() @IsUUID() azienda?: string;
}

/**
 * Publishing the next period by hand takes no parameters: its bounds and label follow from the inspectorate's policy
 * and its last period, exactly as the schedule would make them. Nobody chooses when a period begins or how long it lasts.
 */
export class PeriodoDto {}

export class RichiestaInterventoDto {
  @ApiProperty({ enum: FONTI }) @IsIn(FONTI) fonte: string;
  @IsUUID() aziendaId: string;
  /** @example 'Via Roma 1, Palermo' */
  @IsString() @Length(3, 300) sede: string;
  /** @example 'PA' */
  @IsString() @Length(1, 40) territorio: string;
  /** @example 'lavoro-nero' */
  @Matches(/^[a-z0-9-]{2,60}$/, { message: 'tipoPratica: lettere minuscole, cifre e -' }) tipoPratica: string;
  @ApiProperty({ enum: PRIORITA }) @IsIn(PRIORITA) priorita: string;
  @IsString() @Length(10, 8000) descrizione: string;
}

export class DecisioneRegistroDto {
  @IsIn(['confermata', 'respinta'], { message: 'esito deve essere confermata o respinta' }) esito: 'confermata' | 'respinta';
}

export class AssenzeQuery {
  @ApiProperty({ required: false, enum: ['in-vigore', 'da-confermare', 'respinta'] })
  @IsOptional()
  @IsIn(['in-vigore', 'da-confermare', 'respinta'], { message: 'stato: in-vigore, da-confermare o respinta' })
  stato?: string;
}
