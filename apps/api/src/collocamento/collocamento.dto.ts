import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CATEGORIE, Categoria, SESSI, STATI_OCCUPAZIONALI, Sesso, StatoOccupazionale, TIPI_CONTRATTO } from '@app/domain/collocamento/collocamento.types';
import type { ErroreImport } from '@app/domain/collocamento/import';
import { ESITI_CANDIDATO, ESITI_CONGRUITA, OFFERTA_STATI } from '@app/domain/collocamento/offerta.state';
import { PaginaQuery } from '../common/paginazione';
import type { ProblemFieldError } from '../common/problem';
import { IsDataCalendario, IsIstante } from '../common/date-validators';

const CODICE = /^[a-z0-9][a-z0-9._-]{0,59}$/i;
/** An office code as every office is named. */
export const UFFICIO = /^[A-Za-z0-9-]{1,40}$/;
const UFFICIO_MSG = { message: 'ufficio: codice di ufficio (lettere, cifre, trattini; al più 40)' };
/** An employer's codice fiscale: the 11 digits of a partita IVA, or a person's 16 characters. */
const CF_DATORE = /^([0-9]{11}|[A-Za-z0-9]{16})$/;

export class CompetenzaDto {
  /** @example 'excel' */
  @Matches(CODICE, { message: 'codice: lettere, cifre e . _ -' }) codice: string;
  /**
   * Il peso nel criterio delle competenze (predefinito 1)
   * @example 2
   */
  @IsOptional() @IsInt() @Min(1) @Max(100) peso?: number;
}

/** An employer's request for candidates. The office is the caller's; the service level counts from now. */
export class OffertaDto {
  /** @example '01234567897' */
  @IsString() @Length(1, 60) datoreId: string;
  /**
   * La provincia nel cui elenco L. 68/99 i candidati devono essere iscritti
   * @example 'TO'
   */
  @IsString() @Length(1, 40) territorio: string;
  /** @example 'Impiegato amministrativo' */
  @IsString() @Length(2, 300) profilo: string;
  /**
   * I codici delle mansioni: ciascuna deve essere compatibile con la relazione conclusiva del candidato
   * @example ['videoterminale', 'archivio']
   */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @Matches(CODICE, { each: true, message: 'mansioni: codici di lettere, cifre . _ -' }) mansioni: string[];
  /** @example 'Torino, Via Roma 1' */
  @IsString() @Length(2, 300) luogo: string;
  @ApiProperty({ enum: TIPI_CONTRATTO }) @IsIn(TIPI_CONTRATTO) contratto: string;
  /** @example 12 */
  @IsOptional() @IsInt() @Min(1) @Max(120) durataMesi?: number;
  /** @example 30 */
  @IsInt() @Min(1) @Max(48) oreSettimanali: number;
  /** @example 1 */
  @IsInt() @Min(1) @Max(100) posti: number;
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => CompetenzaDto) competenzeRichieste: CompetenzaDto[];
  @ApiProperty({ enum: CATEGORIE }) @IsIn(CATEGORIE) categoria: string;
  /**
   * I candidati per posto nella rosa (predefiniti 3)
   * @example 3
   */
  @IsOptional() @IsInt() @Min(1) @Max(20) dimensioneRosa?: number;
  /**
   * La regione le cui regole di graduatoria valgono (predefinita piemonte; le impostazioni dell'ufficio prevalgono)
   * @example 'piemonte'
   */
  @ApiProperty({ required: false, enum: ['piemonte', 'nazionale'] }) @IsOptional() @IsIn(['piemonte', 'nazionale']) regione?: string;
}

export class CongruitaDto {
  @IsIn(ESITI_CONGRUITA) esito: 'congrua' | 'non-congrua';
  /** Obbligatorio se non congrua */
  @IsOptional() @IsString() @Length(0, 2000) motivo?: string;
  /**
   * Congrua: quando si chiudono le adesioni (si aprono subito)
   * @example '2027-03-11T18:00:00Z'
   */
  @IsOptional() @IsIstante() chiusuraAdesioni?: string;
  /** Congrua: perché si accetta una finestra che chiude dopo il termine per la rosa (obbligatorio allora: la rosa sarà in ritardo) */
  @IsOptional() @IsString() @Length(0, 2000) motivoOltreSla?: string;
}

export class AdesioneDto {
  /**
   * La persona iscritta (il suo identificativo nel registro)
   * @example 'RSSMRA85T10A562S'
   */
  @IsString() @Length(1, 60) iscrittoId: string;
}

export class EsitoDto {
  /** La persona: il personale del CPI indica l'identificativo nel registro, il datore il riferimento del candidato nella sua rosa (C-…) */
  @IsString() @Length(1, 60) iscrittoId: string;
  @IsIn(ESITI_CANDIDATO) esito: 'assunto' | 'non-idoneo' | 'non-presentato' | 'rifiuto';
  /** Obbligatorio per non-idoneo */
  @IsOptional() @IsString() @Length(0, 2000) motivo?: string;
}

export class RettificaEsitoDto {
  /**
   * La persona (identificativo nel registro) il cui esito registrato si corregge
   * @example 'RSSMRA85T10A562S'
   */
  @IsString() @Length(1, 60) iscrittoId: string;
  /** L'esito giusto */
  @IsIn(ESITI_CANDIDATO) esito: 'assunto' | 'non-idoneo' | 'non-presentato' | 'rifiuto';
  /** Perché l'esito registrato era sbagliato (almeno 10 caratteri) */
  @IsString() @Length(1, 2000) motivo: string;
}

export class PaginaGraduatoriaQuery {
  @ApiProperty({ required: false, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
  @ApiProperty({ required: false, default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}

export class IndicatoriQuery {
  /** @example '2027-01-01' */
  @IsOptional() @IsDataCalendario() dal?: string;
  /** @example '2027-12-31' */
  @IsOptional() @IsDataCalendario() al?: string;
  /**
   * Raggruppamento: ufficio, periodo, sesso, fascia-eta separati da virgola (vuoto: una sola riga di totale)
   * @example 'ufficio,sesso'
   */
  @IsOptional()
  @Matches(/^((ufficio|periodo|sesso|fascia-eta)(,(ufficio|periodo|sesso|fascia-eta))*)?$/, {
    message: 'raggruppa: ufficio, periodo, sesso, fascia-eta separati da virgola',
  })
  raggruppa?: string;
  @IsOptional() @IsIn(['mese', 'trimestre', 'anno']) periodo?: 'mese' | 'trimestre' | 'anno';
  /** json (predefinito), csv o xlsx */
  @IsOptional() @IsIn(['json', 'csv', 'xlsx']) formato?: 'json' | 'csv' | 'xlsx';
}

export class CercaIscrittiQuery {
  /**
   * Identificativo nel registro o codice fiscale, intero o il suo inizio (l'elenco non contiene nomi)
   * @example 'RSSMRA'
   */
  @IsString() @Length(2, 100, { message: 'cerca: da 2 a 100 caratteri' }) cerca: string;
  /**
   * L'elenco di un altro ufficio (ruoli che vedono tutti gli uffici)
   * @example 'CPI-TO'
   */
  @IsOptional() @Matches(UFFICIO, UFFICIO_MSG) ufficio?: string;
}

export class CercaDatoriQuery {
  /**
   * Codice fiscale o partita IVA (esatti), o parte della denominazione
   * @example 'alfa spa'
   */
  @IsString() @Length(2, 100, { message: 'cerca: da 2 a 100 caratteri' }) cerca: string;
}

export class UfficioQuery {
  /**
   * L'elenco di un altro ufficio (ruoli che vedono tutti gli uffici)
   * @example 'CPI-TO'
   */
  @IsOptional() @Matches(UFFICIO, UFFICIO_MSG) ufficio?: string;
}

export class TrasferimentoDto {
  /**
   * L'ufficio nel cui elenco la persona passa
   * @example 'CPI-PRATO'
   */
  @Matches(UFFICIO, UFFICIO_MSG) ufficio: string;
  /**
   * Perché (resta nel registro di audit)
   * @example 'Trasferimento di residenza'
   */
  @IsString() @Length(5, 2000) motivazione: string;
}

export class ElencoOfferteQuery extends PaginaQuery {
  @ApiProperty({ required: false, enum: OFFERTA_STATI }) @IsOptional() @IsIn(OFFERTA_STATI) stato?: string;
  /**
   * Il codice fiscale o la partita IVA del datore (la sua chiave); l'utente di un datore vede comunque solo le proprie
   * @example '01234567890'
   */
  @IsOptional()
  @Matches(CF_DATORE, { message: 'datore: partita IVA di 11 cifre o codice fiscale di 16 caratteri' })
  datore?: string;
}

export class ImpostazioniUfficioDto {
  /** La regione dell'ufficio: le sue regole di graduatoria valgono per ogni offerta dell'ufficio */
  @ApiProperty({ enum: ['piemonte', 'nazionale'] }) @IsIn(['piemonte', 'nazionale'], { message: 'regione: piemonte o nazionale' }) regione: string;
  /**
   * Il massimo di candidati per posto che un'offerta dell'ufficio può chiedere
   * @example 3
   */
  @IsInt() @Min(1) @Max(20) dimensioneRosaMassima: number;
  /**
   * I giorni dei santi patroni dell'ufficio (MM-GG): non lavorativi per il termine della rosa
   * @example ['06-24']
   */
  @IsArray() @ArrayMaxSize(10) @Matches(/^\d{2}-\d{2}$/, { each: true, message: 'patroni: giorni MM-GG (es. 06-24)' }) patroni: string[];
  /** @example 'Delibera di giunta 12/2027' */
  @IsString() @Length(5, 500) motivazione: string;
}

export class AnnullamentoDto {
  /**
   * Perché l'offerta è annullata (resta nella cronologia, inviato al datore)
   * @example "Il datore ha coperto il posto con una convenzione art. 11"
   */
  @IsString() @Length(10, 2000) motivo: string;
}

/**
 * One person for the L. 68/99 list, as JSON: the fields of a row of the CSV import (libs/domain/src/collocamento/
 * import.ts) in camelCase and typed. The import's own rules (codice fiscale, its agreement with sex and birth date,
 * duplicates, the caller's office) still run on it, after these checks of form.
 */
export class IscrizioneDto {
  /** L'identificativo nel registro (predefinito: il codice fiscale) */
  @IsOptional() @IsString() @Length(1, 60) id?: string;
  /** @example 'RSSMRA85T10A562S' */
  @Matches(/^[A-Za-z0-9]{16}$/, { message: 'codiceFiscale: 16 caratteri' }) codiceFiscale: string;
  /**
   * Il CPI nel cui elenco la persona si iscrive: quello del chiamante
   * @example 'CPI-TO'
   */
  @Matches(UFFICIO, UFFICIO_MSG) ufficio: string;
  /**
   * La provincia dell'elenco
   * @example 'TO'
   */
  @IsString() @Length(1, 40) territorio: string;
  @IsIn(CATEGORIE) categoria: Categoria;
  /**
   * Il grado di invalidità, intero da 0 a 100: obbligatorio per art1, assente per art18
   * @example 67
   */
  @IsOptional() @IsInt() @Min(0) @Max(100) percentualeInvalidita?: number;
  /** @example '2024-01-15' */
  @IsDataCalendario() dataIscrizione: string;
  @IsIn(STATI_OCCUPAZIONALI) statoOccupazionale: StatoOccupazionale;
  /**
   * L'ISEE in euro, al più 2 decimali; assente se non presentato
   * @example 9000
   */
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(1_000_000_000) isee?: number;
  /** I familiari a carico (predefiniti 0) */
  @IsOptional() @IsInt() @Min(0) @Max(100) familiariACarico?: number;
  /**
   * I codici delle competenze
   * @example ['excel', 'contabilita']
   */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(CODICE, { each: true, message: 'competenze: codici di lettere, cifre . _ -' }) competenze?: string[];
  /**
   * Le mansioni compatibili secondo la relazione conclusiva
   * @example ['videoterminale', 'archivio']
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CODICE, { each: true, message: 'mansioniCompatibili: codici di lettere, cifre . _ -' })
  mansioniCompatibili?: string[];
  /**
   * Le mansioni incompatibili secondo la relazione conclusiva
   * @example ['carichi-pesanti']
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CODICE, { each: true, message: 'mansioniIncompatibili: codici di lettere, cifre . _ -' })
  mansioniIncompatibili?: string[];
  /** Le note di compatibilità della relazione conclusiva */
  @IsOptional() @IsString() @Length(0, 4000) noteCompatibilita?: string;
  @IsIn(SESSI) sesso: Sesso;
  /** @example '1985-12-10' */
  @IsDataCalendario() dataNascita: string;
}

/** One employer for the regional registry, as JSON: the fields of a row of the CSV import, in camelCase and typed. */
export class DatoreDto {
  /** L'identificativo nel registro (predefinito: il codice fiscale) */
  @IsOptional() @IsString() @Length(1, 60) id?: string;
  /**
   * La partita IVA (11 cifre) o il codice fiscale di una persona (16 caratteri)
   * @example '01234567897'
   */
  @Matches(CF_DATORE, { message: 'codiceFiscale: partita IVA di 11 cifre o codice fiscale di 16 caratteri' }) codiceFiscale: string;
  /** @example 'Alfa S.p.A.' */
  @IsOptional() @IsString() @Length(1, 300) denominazione?: string;
  /**
   * I dipendenti computabili (L. 68/99 art. 4)
   * @example 120
   */
  @IsInt() @Min(0) @Max(10_000_000) dipendentiComputabili: number;
  /** I lavoratori art. 1 già in servizio e computati nella quota (predefiniti 0) */
  @IsOptional() @IsInt() @Min(0) @Max(10_000_000) coperturaArt1?: number;
  /** I lavoratori art. 18 già in servizio e computati nella quota (predefiniti 0) */
  @IsOptional() @IsInt() @Min(0) @Max(10_000_000) coperturaArt18?: number;
}

const testo = (x: string | number | undefined) => (x === undefined ? '' : String(x));

/** The person as a row of the CSV import (its column names: see import.ts), for the import's rules. */
export const rigaIscrizione = (d: IscrizioneDto): Record<string, string> => ({
  id: testo(d.id),
  codice_fiscale: d.codiceFiscale,
  ufficio: d.ufficio,
  territorio: d.territorio,
  categoria: d.categoria,
  percentuale_invalidita: testo(d.percentualeInvalidita),
  data_iscrizione: d.dataIscrizione,
  stato_occupazionale: d.statoOccupazionale,
  isee: d.isee === undefined ? '' : d.isee.toFixed(2),
  familiari_a_carico: testo(d.familiariACarico),
  competenze: (d.competenze ?? []).join('|'),
  mansioni_compatibili: (d.mansioniCompatibili ?? []).join('|'),
  mansioni_incompatibili: (d.mansioniIncompatibili ?? []).join('|'),
  note_compatibilita: d.noteCompatibilita ?? '',
  sesso: d.sesso,
  data_nascita: d.dataNascita,
});

/** The employer as a row of the CSV import. */
export const rigaDatore = (d: DatoreDto): Record<string, string> => ({
  id: testo(d.id),
  codice_fiscale: d.codiceFiscale,
  denominazione: d.denominazione ?? '',
  dipendenti_computabili: String(d.dipendentiComputabili),
  copertura_art1: testo(d.coperturaArt1),
  copertura_art18: testo(d.coperturaArt18),
});

/** A CSV column as the JSON body names it: codice_fiscale → codiceFiscale. */
const campo = (colonna: string) => colonna.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** An error of the import's rules on a JSON body: it names the body's field, not a CSV row and column. */
export const erroreDelCorpo = (e: ErroreImport): ProblemFieldError => ({
  field: campo(e.campo),
  rule: e.regola,
  message: e.messaggio.replaceAll(e.campo, campo(e.campo)),
});

/** The multipart body of the CSV import. */
export class ImportazioneCsvDto {
  /** Che cosa si importa */
  @ApiProperty({ enum: ['iscritti', 'datori'] }) tipo: string;
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      "Il file CSV (UTF-8, con o senza BOM, o Windows-1252; separatore ';' o ','), con la riga di intestazione: le colonne sono i nomi dei campi di IscrizioneDto o DatoreDto in snake_case (codice_fiscale, data_iscrizione, …); competenze e mansioni separate da '|'. Tutte le righe o nessuna",
  })
  file: unknown;
}
