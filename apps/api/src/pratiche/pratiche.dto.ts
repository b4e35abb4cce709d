import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PaginaQuery } from '../common/paginazione';
import { ESITI_DECISIONE, EsitoDecisione, MOTIVAZIONE_MIN, PRATICA_STATI, PraticaStato } from '@app/domain';

export class CreaPraticaDto {
  /**
   * Numero di protocollo, unico nell'ufficio del chiamante: la chiave della pratica
   * @example '2026/000123'
   */
  @Matches(/^[A-Za-z0-9/._-]{1,60}$/, { message: 'protocollo: da 1 a 60 caratteri tra lettere, cifre e / . _ -' })
  protocollo: string;

  /** @example 'Richiesta di contributo per adeguamento postazione' */
  @IsString()
  @Length(3, 500)
  oggetto: string;
}

export class ListaPraticheQuery extends PaginaQuery {
  @IsOptional()
  @IsIn(PRATICA_STATI)
  stato?: PraticaStato;

  /**
   * Solo la pratica con questo numero di protocollo (la sua chiave)
   * @example '2026/000123'
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9/._-]{1,60}$/, { message: 'protocollo: da 1 a 60 caratteri tra lettere, cifre e / . _ -' })
  protocollo?: string;
}

export class InvioDto {
  /** @example 'Documentazione completa' */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  nota?: string;
}

export class DecisioneDto {
  @IsIn(ESITI_DECISIONE)
  esito: EsitoDecisione;

  /**
   * Le ragioni della decisione
   * @example 'Requisiti verificati sui documenti allegati'
   */
  @ApiProperty({ minLength: MOTIVAZIONE_MIN })
  @IsString()
  @Length(1, 4000)
  motivazione: string;
}

export class DecisioneView {
  esito: EsitoDecisione;
  motivazione: string;
  /** Chi ha deciso (il suo login) */
  decisaDa: string;
  /** Quando (istante ISO 8601) */
  decisaIl: string;
}

export class PraticaView {
  id: string;
  /** Il processo (workflow) che la segue */
  workflowId: string;
  ufficio: string;
  protocollo: string;
  oggetto: string;
  stato: PraticaStato;
  creataDa: string;
  /** Istante ISO 8601 */
  creataIl: string;
  /** Istante ISO 8601 */
  aggiornataIl: string;
  /** Chi l'ha inviata, dopo l'invio */
  inviataDa: string | null;
  /** La decisione, quando c'è */
  decisione: DecisioneView | null;
}

/** Who declared a version signed or not, as recorded at its upload. */
export class DichiarazioneFirmaView {
  /** Se chi ha caricato il documento lo ha dichiarato firmato dalle parti che devono firmarlo */
  firmato: boolean;
  dichiaratoDa: string;
  /** I ruoli di chi lo ha dichiarato, separati da virgola */
  ruoli?: string;
  /** Istante ISO 8601 */
  il: string;
}

export class DocumentoView {
  id: string;
  /** Il tipo di documento indicato al caricamento */
  tipo: string;
  /** 1 al primo caricamento di un tipo, poi cresce di uno a ogni nuova versione */
  versione: number;
  nomeFile: string;
  /** Il tipo riconosciuto dai byte */
  contentType: string;
  /** Byte */
  dimensione: number;
  /** SHA-256 dei byte, esadecimale */
  sha256: string;
  caricatoDa: string;
  /** Istante ISO 8601 */
  caricatoIl: string;
  /** La dichiarazione di firma, per i documenti che la prevedono */
  firma?: DichiarazioneFirmaView;
}

export class CaricaDocumentoDto {
  /**
   * Il tipo di documento (da inviare prima della parte file)
   * @example 'istanza'
   */
  tipo: string;
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, PNG, JPEG o TIFF; il tipo è riconosciuto dai byte' })
  file: unknown;
}
