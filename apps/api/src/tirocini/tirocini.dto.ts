import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { FORMATO_CAP, FORMATO_CODICE_ISTAT, FORMATO_PROVINCIA } from '@app/domain/common/indirizzo';
import { CAUSE_SOSPENSIONE, CausaSospensione, REGIONI_TIROCINI } from '@app/domain/tirocini/tirocini.types';
import type { ParteInterruzione } from '@app/domain/tirocini/tirocinio.state';
import { IsDataCalendario, IsIstante } from '../common/date-validators';

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
  /** @example 'Via Roma 10' */
  @IsString() @Length(3, 300) @Matches(NON_VUOTO, { message: '$property: non può essere vuoto' }) indirizzo: string;
  /**
   * Il CAP, 5 cifre
   * @example '59100'
   */
  @Matches(FORMATO_CAP, { message: '$property: il CAP, 5 cifre (es. 59100)' }) cap: string;
  /** @example 'Prato' */
  @IsString() @Length(2, 100) @Matches(NON_VUOTO, { message: '$property: non può essere vuoto' }) comune: string;
  /**
   * Il codice ISTAT del comune, 6 cifre
   * @example '100005'
   */
  @Matches(FORMATO_CODICE_ISTAT, { message: '$property: il codice ISTAT del comune, 6 cifre (es. 100005)' }) codiceIstat: string;
  /**
   * La sigla della provincia, 2 lettere
   * @example 'PO'
   */
  @Matches(FORMATO_PROVINCIA, { message: '$property: la sigla della provincia, 2 lettere (es. PO)' }) provincia: string;
}

/** A site (sede operativa): its address in the same shape as a sede legale, its region and CPI, its head count. */
export class SedeDto extends IndirizzoDto {
  /** @example 'Stabilimento di Prato' */
  @IsString() @Length(2, 200) denominazione: string;
  /** La regione della sede: le sue regole valgono per i tirocini che vi si svolgono */
  @ApiProperty({ enum: REGIONI }) @IsIn(REGIONI) regione: string;
  /**
   * Il CPI competente per la sede: esamina i tirocini che vi si svolgono
   * @example 'CPI-PRATO'
   */
  @Matches(/^[A-Za-z0-9-]{1,40}$/) cpi: string;
  /**
   * I dipendenti a tempo indeterminato della sede
   * @example 12
   */
  @IsInt() @Min(0) @Max(1_000_000) dipendentiIndeterminato: number;
}

/** A site added to a registered soggetto: its head count holds from today; the reason goes to the audit trail. */
export class NuovaSedeDto extends SedeDto {
  /**
   * Perché la sede è aggiunta (registro di audit)
   * @example 'Apertura del nuovo magazzino di Prato'
   */
  @IsString() @Length(10, 2000) motivo: string;
}

/** A site's new permanent-employee count, holding from `dal` until a later one; the earlier counts stay as they were. */
export class ConteggioDipendentiDto {
  /**
   * I dipendenti a tempo indeterminato della sede
   * @example 25
   */
  @IsInt() @Min(0) @Max(1_000_000) dipendentiIndeterminato: number;
  /**
   * Il primo giorno in cui il conteggio vale (anche passato: un controllo fatto da allora tiene il conteggio che ha usato)
   * @example '2027-03-01'
   */
  @IsDataCalendario() dal: string;
  /**
   * Perché il conteggio cambia (registro di audit)
   * @example 'Assunzione di 5 magazzinieri a tempo indeterminato'
   */
  @IsString() @Length(10, 2000) motivo: string;
}

export class SoggettoDto {
  @IsIn(['promotore', 'ospitante']) ruolo: 'promotore' | 'ospitante';
  /** @example 'Tessitura Pratese S.r.l.' */
  @IsString() @Length(2, 300) denominazione: string;
  /** @example '01234567897' */
  @Matches(CF, cfMsg) codiceFiscale: string;
  /** @example '01234567897' */
  @IsOptional() @Matches(/^\d{11}$/, { message: 'partitaIva: 11 cifre' }) partitaIva?: string;
  /**
   * Per i promotori: CPI, università, ente accreditato, …
   * @example 'ente accreditato'
   */
  @IsOptional() @IsString() @Length(2, 60) tipologia?: string;
  @ApiProperty({ enum: REGIONI }) @IsIn(REGIONI) regione: string;
  @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => IndirizzoDto) sedeLegale: IndirizzoDto;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => SedeDto) sedi: SedeDto[];
}

export class ElencoSoggettiQuery {
  @IsOptional() @IsIn(['promotore', 'ospitante'], { message: 'ruolo: promotore o ospitante' }) ruolo?: 'promotore' | 'ospitante';
  /** Il codice fiscale esatto del soggetto */
  @IsOptional() @Matches(CF, cfMsg) codiceFiscale?: string;
  /**
   * Codice fiscale o partita IVA (esatti), o parte della denominazione
   * @example 'tessitura'
   */
  @IsOptional() @IsString() @Length(2, 100, { message: 'cerca: da 2 a 100 caratteri' }) cerca?: string;
}

export class CercaTirocinantiQuery {
  /**
   * Codice fiscale (esatto), o parte del cognome e del nome in qualsiasi ordine
   * @example 'rossi mario'
   */
  @IsString() @Length(2, 100, { message: 'cerca: da 2 a 100 caratteri' }) cerca: string;
}

export class TirocinanteDto {
  /** @example 'BNCMRA01B43H501T' */
  @Matches(/^[A-Za-z0-9]{16}$/, { message: 'codiceFiscale: 16 caratteri' }) codiceFiscale: string;
  @IsString() @Length(1, 100) nome: string;
  @IsString() @Length(1, 100) cognome: string;
  /** @example '2001-02-03' */
  @IsDataCalendario() dataNascita: string;
  @IsIn(['M', 'F']) sesso: 'M' | 'F';
  /** Persona con disabilità o svantaggiata: vale la durata massima più lunga */
  @IsOptional() @IsBoolean() svantaggiato?: boolean;
}

/**
 * A correction of a registered trainee's identity: only the fields given change, and the person after it must pass
 * the registration's rules. `svantaggiato` is not corrected here (drafts copy it when saved: see docs/tirocini.md).
 */
export class RettificaTirocinanteDto {
  /** @example 'BNCMRA01B43H501T' */
  @IsOptional() @Matches(/^[A-Za-z0-9]{16}$/, { message: 'codiceFiscale: 16 caratteri' }) codiceFiscale?: string;
  @IsOptional() @IsString() @Length(1, 100) nome?: string;
  @IsOptional() @IsString() @Length(1, 100) cognome?: string;
  /** @example '2001-02-03' */
  @IsOptional() @IsDataCalendario() dataNascita?: string;
  @IsOptional() @IsIn(['M', 'F']) sesso?: 'M' | 'F';
  /**
   * Perché i dati sono rettificati (registro di audit)
   * @example "Cognome trascritto male all'iscrizione: Rosi invece di Rossi"
   */
  @IsString() @Length(10, 2000) motivo: string;
}

export class TutorDto {
  /** Il promotore o l'ospitante a cui appartiene il tutor */
  @IsUUID() soggettoId: string;
  @Matches(/^[A-Za-z0-9]{16}$/, { message: 'codiceFiscale: 16 caratteri' }) codiceFiscale: string;
  @IsString() @Length(1, 100) nome: string;
  @IsString() @Length(1, 100) cognome: string;
}

export class ConvenzioneDto {
  @IsUUID() promotoreId: string;
  @IsUUID() ospitanteId: string;
  /** @example '2026-01-01' */
  @IsDataCalendario() validaDal: string;
  /** @example '2028-12-31' */
  @IsDataCalendario() validaAl: string;
}

export class DichiarazioniDto {
  /** Licenziamenti per la stessa mansione nella stessa sede negli ultimi 12 mesi (autodichiarazione) */
  @IsBoolean() licenziamentiStessaMansione: boolean;
  /** Il tirocinante è stato dipendente dell'ospitante negli ultimi 2 anni (autodichiarazione) */
  @IsBoolean() rapportoPrecedenteConTirocinante: boolean;
}

/** The progetto formativo of a draft: structure is validated here, the rules at submission. */
export class ProgettoDto {
  @IsUUID() promotoreId: string;
  @IsUUID() ospitanteId: string;
  /** La sede (operativa) dell'ospitante */
  @IsUUID() sedeId: string;
  @IsUUID() tirocinanteId: string;
  @IsUUID() tutorOspitanteId: string;
  @IsUUID() tutorPromotoreId: string;
  /** Una convenzione registrata; altrimenti si allega il documento della convenzione */
  @IsOptional() @IsUUID() convenzioneId?: string;
  /** @example '2027-01-11' */
  @IsDataCalendario() dataInizio: string;
  /** @example '2027-07-10' */
  @IsDataCalendario() dataFine: string;
  /** @example 30 */
  @IsInt() @Min(0) @Max(80) oreSettimanali: number;
  @IsString() @Length(0, 4000) obiettivi: string;
  @IsString() @Length(0, 4000) attivita: string;
  /**
   * Indennità mensile lorda in centesimi di euro
   * @example 60000
   */
  @IsInt() @Min(0) @Max(100_000_00) indennitaMensileCent: number;
  @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => DichiarazioniDto) dichiarazioni: DichiarazioniDto;
}

export class BozzaDto {
  @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => ProgettoDto) progetto: ProgettoDto;
}

/** Named apart in the document: the pratiche have a DecisioneDto of their own. */
@ApiSchema({ name: 'DecisioneTirocinioDto' })
export class DecisioneDto {
  @IsIn(['approvata', 'respinta', 'integrazioni']) esito: 'approvata' | 'respinta' | 'integrazioni';
  /** Obbligatorio per respinta e integrazioni */
  @IsOptional() @IsString() @Length(0, 4000) motivo?: string;
  /**
   * integrazioni: i giorni lavorativi per rispondere (predefiniti: quelli delle regole)
   * @example 10
   */
  @IsOptional() @IsInt() @Min(1) @Max(60) giorniLavorativi?: number;
}

export class IntegrazioneDto {
  /** Che cosa è stato integrato */
  @IsString() @Length(3, 4000) note: string;
}

export class ComunicazioneDto {
  /**
   * Il codice della comunicazione obbligatoria (UNILAV)
   * @example 'UNILAV-2027-000123'
   */
  @IsString() @Length(3, 60) codice: string;
  /** @example '2027-01-05' */
  @IsDataCalendario() data: string;
}

export class PresenzeDto {
  /** @example '2027-02' */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'mese: anno e mese, AAAA-MM' }) mese: string;
  /** @example 120 */
  @IsInt() @Min(0) @Max(400) ore: number;
  /** Sostituisce le ore già registrate per il mese */
  @IsOptional() @IsBoolean() rettifica?: boolean;
}

export class SospensioneDto {
  @ApiProperty({ enum: CAUSE_SOSPENSIONE }) @IsIn(CAUSE_SOSPENSIONE) causa: CausaSospensione;
  /** @example '2027-03-01' */
  @IsDataCalendario() dal: string;
  @IsString() @Length(10, 2000) motivo: string;
}

export class RipresaDto {
  /**
   * L'ultimo giorno della sospensione
   * @example '2027-03-20'
   */
  @IsDataCalendario() al: string;
}

export class ProrogaDto {
  /** @example '2027-10-10' */
  @IsDataCalendario() nuovaDataFine: string;
  @IsString() @Length(10, 2000) motivo: string;
}

export class InterruzioneDto {
  @ApiProperty({ enum: ['tirocinante', 'ospitante', 'promotore'] }) @IsIn(['tirocinante', 'ospitante', 'promotore']) parte: ParteInterruzione;
  @IsString() @Length(10, 2000) motivo: string;
}

export class RitiroDto {
  /**
   * Perché la richiesta è ritirata (resta nella cronologia)
   * @example 'Il tirocinante ha trovato un impiego'
   */
  @IsString() @Length(10, 2000) motivo: string;
}

export class ElencoTirociniQuery {
  @IsOptional() @IsString() @Length(1, 40) stato?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9-]{1,40}$/) ufficio?: string;
  /** Solo i tirocini di questo ospitante */
  @IsOptional() @IsUUID() ospitante?: string;
  /** Solo i tirocini di questo promotore */
  @IsOptional() @IsUUID() promotore?: string;
  /** La prossima scadenza cade entro questa data */
  @IsOptional() @IsDataCalendario() scadenzaEntro?: string;
  /**
   * Il codice fiscale del tirocinante
   * @example 'RSSMRA85T10A562S'
   */
  @IsOptional() @Matches(/^[A-Za-z0-9]{16}$/, { message: 'tirocinante: codice fiscale di 16 caratteri' }) tirocinante?: string;
  @ApiProperty({ required: false, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  /**
   * La pagina successiva: il cursore `successivo` della risposta precedente (o nell'intestazione Link). Ogni pagina
   * costa lo stesso, per quanto lontana
   */
  @IsOptional() @IsString() @Length(1, 200) dopo?: string;
  @ApiProperty({
    required: false,
    default: 0,
    description: 'quanti saltarne (in alternativa a `dopo`, che è da preferire: con molti tirocini una pagina lontana costa quanto quelle che salta)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class PeriodoQuery {
  /** @example '2027-01-01' */
  @IsDataCalendario() dal: string;
  /** @example '2027-12-31' */
  @IsDataCalendario() al: string;
  /** I giorni standard dall'invio alla decisione (predefiniti 30) */
  @ApiProperty({ required: false, default: 30 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(365) standardGiorni?: number;
}

/** Un mese del registro presenze già tenuto nel sistema di provenienza. */
export class PresenzeMigrateDto {
  /** @example '2027-02' */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'mese: anno e mese, AAAA-MM' }) mese: string;
  /**
   * Ore di presenza, fino a due decimali
   * @example 120
   */
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'ore: un numero con al più due decimali' }) @Min(0) @Max(400) ore: number;
}

export class ComunicazioneMigrataDto {
  /** @example 'UNILAV-2027-000123' */
  @IsString() @Length(3, 60) codice: string;
  /** @example '2027-01-05' */
  @IsDataCalendario() data: string;
}

/** Un tirocinio in corso nel sistema di provenienza dell'ufficio. */
export class TirocinioMigratoDto {
  /**
   * La chiave del tirocinio nel sistema di provenienza: una sola importazione per ufficio e chiave
   * @example 'SIL/2026/000123'
   */
  @Matches(/^[A-Za-z0-9/._-]{1,64}$/, { message: 'codiceOrigine: da 1 a 64 fra lettere, cifre e / . _ -' }) codiceOrigine: string;
  @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => ProgettoDto) progetto: ProgettoDto;
  /** @example '2026-10-01T09:00:00Z' */
  @IsIstante() inviataIl: string;
  /** Chi ha inviato la pratica nel sistema di provenienza */
  @IsString() @Length(1, 200) inviataDa: string;
  /** @example '2026-10-08T11:00:00Z' */
  @IsIstante() approvataIl: string;
  /** Chi l'ha approvata (un responsabile, non chi l'ha inviata) */
  @IsString() @Length(1, 200) approvataDa: string;
  @IsObject({ message: '$property: un oggetto' }) @ValidateNested() @Type(() => ComunicazioneMigrataDto) comunicazione: ComunicazioneMigrataDto;
  @IsOptional() @IsArray() @ArrayMaxSize(24) @ValidateNested({ each: true }) @Type(() => PresenzeMigrateDto) presenze?: PresenzeMigrateDto[];
}

export class MigrazioneTirociniDto {
  /** Fino a 200 tirocini per richiesta */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => TirocinioMigratoDto) tirocini: TirocinioMigratoDto[];
}
