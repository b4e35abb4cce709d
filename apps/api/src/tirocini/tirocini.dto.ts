import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { FORMATO_CAP, FORMATO_CODICE_ISTAT, FORMATO_PROVINCIA } from '@app/domain/common/indirizzo';
import { CAUSE_SOSPENSIONE, CausaSospensione, REGIONI_TIROCINI } from '@app/domain/tirocini/tirocini.types';
import type { ParteInterruzione } from '@app/domain/tirocini/tirocinio.machine';
import { IsDataCalendario } from '../common/date-validators';

const CF = /^[A-Za-z0-9]{11,16}$/;
const cfMsg = { message: '$property: 11 cifre (partita IVA o codice fiscale numerico) o un codice fiscale di 16 caratteri' };
const REGIONI = REGIONI_TIROCINI.filter((r) => r !== 'nazionale');
/** Not only blanks: a length counts spaces too. */
const NON_VUOTO = /\S/;

/**
 * An Italian address (see libs/domain/src/common/indirizzo.ts): the formats are checked, not a list of comuni. A
 * message names its property; inside the body the path names it (`sedeLegale.cap`, `sedi.0.cap`).
 */
export class IndirizzoDto {
  @ApiProperty({ example: 'Via Roma 10' }) @IsString() @Length(3, 300) @Matches(NON_VUOTO, { message: '$property: non può essere vuoto' }) indirizzo: string;
  @ApiProperty({ example: '59100', description: 'CAP, 5 digits' }) @Matches(FORMATO_CAP, { message: '$property: il CAP, 5 cifre (es. 59100)' }) cap: string;
  @ApiProperty({ example: 'Prato' }) @IsString() @Length(2, 100) @Matches(NON_VUOTO, { message: '$property: non può essere vuoto' }) comune: string;
  @ApiProperty({ example: '100005', description: "the comune's ISTAT code, 6 digits" })
  @Matches(FORMATO_CODICE_ISTAT, { message: '$property: il codice ISTAT del comune, 6 cifre (es. 100005)' }) codiceIstat: string;
  @ApiProperty({ example: 'PO', description: "the province's two-letter sigla" }) @Matches(FORMATO_PROVINCIA, { message: '$property: la sigla della provincia, 2 lettere (es. PO)' }) provincia: string;
}

/** A site (sede operativa): its address in the same shape as a sede legale, its region and CPI, its head count. */
export class SedeDto extends IndirizzoDto {
  @ApiProperty({ example: 'Stabilimento di Prato' }) @IsString() @Length(2, 200) denominazione: string;
  @ApiProperty({ enum: REGIONI, description: 'region of the site: its rule pack governs traineeships there' }) @IsIn(REGIONI) regione: string;
  @ApiProperty({ example: 'CPI-PRATO', description: 'the CPI competent for the site: it reviews the traineeships there' }) @Matches(/^[A-Za-z0-9-]{1,40}$/) cpi: string;
  @ApiProperty({ example: 12, description: 'permanent (tempo indeterminato) employees at the site' }) @IsInt() @Min(0) @Max(1_000_000) dipendentiIndeterminato: number;
}

/** A site added to a registered soggetto: its head count holds from today; the reason goes to the audit trail. */
export class NuovaSedeDto extends SedeDto {
  @ApiProperty({ example: 'Apertura del nuovo magazzino di Prato', description: 'why the site is added (audit trail)' }) @IsString() @Length(10, 2000) motivo: string;
}

/** A site's new permanent-employee count, holding from `dal` until a later one; the earlier counts stay as they were. */
export class ConteggioDipendentiDto {
  @ApiProperty({ example: 25, description: 'permanent (tempo indeterminato) employees at the site' }) @IsInt() @Min(0) @Max(1_000_000) dipendentiIndeterminato: number;
  @ApiProperty({ example: '2027-03-01', description: 'the first day the count holds (it may be past: a check made since then keeps the count it used)' })
  @IsDataCalendario() dal: string;
  @ApiProperty({ example: 'Assunzione di 5 magazzinieri a tempo indeterminato', description: 'why the count changes (audit trail)' }) @IsString() @Length(10, 2000) motivo: string;
}

export class SoggettoDto {
  @ApiProperty({ enum: ['promotore', 'ospitante'] }) @IsIn(['promotore', 'ospitante']) ruolo: 'promotore' | 'ospitante';
  @ApiProperty({ example: 'Tessitura Pratese S.r.l.' }) @IsString() @Length(2, 300) denominazione: string;
  @ApiProperty({ example: '01234567897' }) @Matches(CF, cfMsg) codiceFiscale: string;
  @ApiPropertyOptional({ example: '01234567897' }) @IsOptional() @Matches(/^\d{11}$/, { message: 'partitaIva: 11 cifre' }) partitaIva?: string;
  @ApiPropertyOptional({ example: 'ente accreditato', description: 'for promoters: CPI, università, ente accreditato, ...' }) @IsOptional() @IsString() @Length(2, 60) tipologia?: string;
  @ApiProperty({ enum: REGIONI }) @IsIn(REGIONI) regione: string;
  @ApiProperty({ type: IndirizzoDto }) @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => IndirizzoDto) sedeLegale: IndirizzoDto;
  @ApiProperty({ type: [SedeDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => SedeDto) sedi: SedeDto[];
}

export class ElencoSoggettiQuery {
  @IsOptional() @IsIn(['promotore', 'ospitante'], { message: 'ruolo: promotore o ospitante' }) ruolo?: 'promotore' | 'ospitante';
  @IsOptional() @Matches(CF, cfMsg) codiceFiscale?: string;
  @ApiPropertyOptional({ description: 'codice fiscale or partita IVA (exact), or part of the denominazione', example: 'tessitura' })
  @IsOptional() @IsString() @Length(2, 100, { message: 'cerca: da 2 a 100 caratteri' }) cerca?: string;
}

export class CercaTirocinantiQuery {
  @ApiProperty({ description: 'codice fiscale (exact), or part of the surname and name in either order', example: 'rossi mario' })
  @IsString() @Length(2, 100, { message: 'cerca: da 2 a 100 caratteri' }) cerca: string;
}

export class TirocinanteDto {
  @ApiProperty({ example: 'BNCMRA01B43H501T' }) @Matches(/^[A-Za-z0-9]{16}$/, { message: 'codiceFiscale: 16 caratteri' }) codiceFiscale: string;
  @ApiProperty() @IsString() @Length(1, 100) nome: string;
  @ApiProperty() @IsString() @Length(1, 100) cognome: string;
  @ApiProperty({ example: '2001-02-03' }) @IsDataCalendario() dataNascita: string;
  @ApiProperty({ enum: ['M', 'F'] }) @IsIn(['M', 'F']) sesso: 'M' | 'F';
  @ApiPropertyOptional({ description: 'person with disabilities or disadvantaged: the longer maximum duration applies' }) @IsOptional() @IsBoolean() svantaggiato?: boolean;
}

/**
 * A correction of a registered trainee's identity: only the fields given change, and the person after it must pass
 * the registration's rules. `svantaggiato` is not corrected here (drafts copy it when saved: see docs/tirocini.md).
 */
export class RettificaTirocinanteDto {
  @ApiPropertyOptional({ example: 'BNCMRA01B43H501T' }) @IsOptional() @Matches(/^[A-Za-z0-9]{16}$/, { message: 'codiceFiscale: 16 caratteri' }) codiceFiscale?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) nome?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) cognome?: string;
  @ApiPropertyOptional({ example: '2001-02-03' }) @IsOptional() @IsDataCalendario() dataNascita?: string;
  @ApiPropertyOptional({ enum: ['M', 'F'] }) @IsOptional() @IsIn(['M', 'F']) sesso?: 'M' | 'F';
  @ApiProperty({ example: "Cognome trascritto male all'iscrizione: Rosi invece di Rossi", description: 'why the data are corrected (audit trail)' })
  @IsString() @Length(10, 2000) motivo: string;
}

export class TutorDto {
  @ApiProperty({ format: 'uuid', description: 'the promotore or ospitante the tutor belongs to' }) @IsUUID() soggettoId: string;
  @ApiProperty() @Matches(/^[A-Za-z0-9]{16}$/, { message: 'codiceFiscale: 16 caratteri' }) codiceFiscale: string;
  @ApiProperty() @IsString() @Length(1, 100) nome: string;
  @ApiProperty() @IsString() @Length(1, 100) cognome: string;
}

export class ConvenzioneDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() promotoreId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() ospitanteId: string;
  @ApiProperty({ example: '2026-01-01' }) @IsDataCalendario() validaDal: string;
  @ApiProperty({ example: '2028-12-31' }) @IsDataCalendario() validaAl: string;
}

export class DichiarazioniDto {
  @ApiProperty({ description: 'dismissals for the same role at the same site in the last 12 months (self-declared)' }) @IsBoolean() licenziamentiStessaMansione: boolean;
  @ApiProperty({ description: 'the trainee was employed by the host in the last 2 years (self-declared)' }) @IsBoolean() rapportoPrecedenteConTirocinante: boolean;
}

/** The progetto formativo of a draft: structure is validated here, the rules at submission. */
export class ProgettoDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() promotoreId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() ospitanteId: string;
  @ApiProperty({ format: 'uuid', description: "the host's site (sede operativa)" }) @IsUUID() sedeId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() tirocinanteId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() tutorOspitanteId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() tutorPromotoreId: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'a registered convenzione; otherwise attach the convenzione document' }) @IsOptional() @IsUUID() convenzioneId?: string;
  @ApiProperty({ example: '2027-01-11' }) @IsDataCalendario() dataInizio: string;
  @ApiProperty({ example: '2027-07-10' }) @IsDataCalendario() dataFine: string;
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(80) oreSettimanali: number;
  @ApiProperty() @IsString() @Length(0, 4000) obiettivi: string;
  @ApiProperty() @IsString() @Length(0, 4000) attivita: string;
  @ApiProperty({ example: 60000, description: 'gross monthly indemnity in euro cents' }) @IsInt() @Min(0) @Max(100_000_00) indennitaMensileCent: number;
  @ApiProperty({ type: DichiarazioniDto }) @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => DichiarazioniDto) dichiarazioni: DichiarazioniDto;
}

export class BozzaDto {
  @ApiProperty({ type: ProgettoDto }) @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => ProgettoDto) progetto: ProgettoDto;
}

export class DecisioneDto {
  @ApiProperty({ enum: ['approvata', 'respinta', 'integrazioni'] }) @IsIn(['approvata', 'respinta', 'integrazioni']) esito: 'approvata' | 'respinta' | 'integrazioni';
  @ApiPropertyOptional({ description: 'required for respinta and integrazioni' }) @IsOptional() @IsString() @Length(0, 4000) motivo?: string;
  @ApiPropertyOptional({ description: 'integrazioni: working days to answer (default: the rule pack\'s)', example: 10 }) @IsOptional() @IsInt() @Min(1) @Max(60) giorniLavorativi?: number;
}

export class IntegrazioneDto {
  @ApiProperty({ description: 'what was integrated' }) @IsString() @Length(3, 4000) note: string;
}

export class ComunicazioneDto {
  @ApiProperty({ example: 'UNILAV-2027-000123', description: 'code of the comunicazione obbligatoria (UNILAV)' }) @IsString() @Length(3, 60) codice: string;
  @ApiProperty({ example: '2027-01-05' }) @IsDataCalendario() data: string;
}

export class PresenzeDto {
  @ApiProperty({ example: '2027-02' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'mese: nella forma AAAA-MM' }) mese: string;
  @ApiProperty({ example: 120 }) @IsInt() @Min(0) @Max(400) ore: number;
  @ApiPropertyOptional({ description: 'replaces the hours already recorded for the month' }) @IsOptional() @IsBoolean() rettifica?: boolean;
}

export class SospensioneDto {
  @ApiProperty({ enum: CAUSE_SOSPENSIONE }) @IsIn(CAUSE_SOSPENSIONE) causa: CausaSospensione;
  @ApiProperty({ example: '2027-03-01' }) @IsDataCalendario() dal: string;
  @ApiProperty() @IsString() @Length(10, 2000) motivo: string;
}

export class RipresaDto {
  @ApiProperty({ example: '2027-03-20', description: 'last day of the suspension' }) @IsDataCalendario() al: string;
}

export class ProrogaDto {
  @ApiProperty({ example: '2027-10-10' }) @IsDataCalendario() nuovaDataFine: string;
  @ApiProperty() @IsString() @Length(10, 2000) motivo: string;
}

export class InterruzioneDto {
  @ApiProperty({ enum: ['tirocinante', 'ospitante', 'promotore'] }) @IsIn(['tirocinante', 'ospitante', 'promotore']) parte: ParteInterruzione;
  @ApiProperty() @IsString() @Length(10, 2000) motivo: string;
}

export class RitiroDto {
  @ApiProperty({ description: 'why the request is withdrawn (kept in the timeline)', example: 'Il tirocinante ha trovato un impiego' }) @IsString() @Length(10, 2000) motivo: string;
}

export class ElencoTirociniQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) stato?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9-]{1,40}$/) ufficio?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ospitante?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() promotore?: string;
  @ApiPropertyOptional({ description: 'next deadline on or before this date' }) @IsOptional() @IsDataCalendario() scadenzaEntro?: string;
  @ApiPropertyOptional({ description: "the trainee's codice fiscale", example: 'RSSMRA85T10A562S' })
  @IsOptional() @Matches(/^[A-Za-z0-9]{16}$/, { message: 'tirocinante: codice fiscale di 16 caratteri' }) tirocinante?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}

export class PeriodoQuery {
  @ApiProperty({ example: '2027-01-01' }) @IsDataCalendario() dal: string;
  @ApiProperty({ example: '2027-12-31' }) @IsDataCalendario() al: string;
  @ApiPropertyOptional({ description: 'standard days from submission to decision', default: 30 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(365) standardGiorni?: number;
}
