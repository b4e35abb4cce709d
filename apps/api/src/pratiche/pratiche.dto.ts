import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PaginaQuery } from '../common/paginazione';
import { ESITI_DECISIONE, EsitoDecisione, MOTIVAZIONE_MIN, PRATICA_STATI, PraticaStato } from '@app/domain';

export class CreaPraticaDto {
  @ApiProperty({ description: "Protocol number, unique within the caller's office: the case's business key", example: '2026/000123' })
  @Matches(/^[A-Za-z0-9/._-]{1,60}$/, { message: 'protocollo: da 1 a 60 caratteri tra lettere, cifre e / . _ -' })
  protocollo: string;

  @ApiProperty({ example: 'Richiesta di contributo per adeguamento postazione' })
  @IsString() @Length(3, 500)
  oggetto: string;
}

export class ListaPraticheQuery extends PaginaQuery {
  @ApiPropertyOptional({ enum: PRATICA_STATI })
  @IsOptional() @IsIn(PRATICA_STATI)
  stato?: PraticaStato;

  @ApiPropertyOptional({ description: 'only the case with this protocol number (the business key)', example: '2026/000123' })
  @IsOptional() @Matches(/^[A-Za-z0-9/._-]{1,60}$/, { message: 'protocollo: da 1 a 60 caratteri tra lettere, cifre e / . _ -' })
  protocollo?: string;
}

export class InvioDto {
  @ApiPropertyOptional({ example: 'Documentazione completa' })
  @IsOptional() @IsString() @Length(1, 2000)
  nota?: string;
}

export class DecisioneDto {
  @ApiProperty({ enum: ESITI_DECISIONE })
  @IsIn(ESITI_DECISIONE)
  esito: EsitoDecisione;

  @ApiProperty({ minLength: MOTIVAZIONE_MIN, example: 'Requisiti verificati sui documenti allegati' })
  @IsString() @Length(1, 4000)
  motivazione: string;
}

export class DecisioneView {
  @ApiProperty({ enum: ESITI_DECISIONE }) esito: EsitoDecisione;
  @ApiProperty() motivazione: string;
  @ApiProperty() decisaDa: string;
  @ApiProperty() decisaIl: string;
}

export class PraticaView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() workflowId: string;
  @ApiProperty() ufficio: string;
  @ApiProperty() protocollo: string;
  @ApiProperty() oggetto: string;
  @ApiProperty({ enum: PRATICA_STATI }) stato: PraticaStato;
  @ApiProperty() creataDa: string;
  @ApiProperty() creataIl: string;
  @ApiProperty() aggiornataIl: string;
  @ApiPropertyOptional({ nullable: true, type: String }) inviataDa: string | null;
  @ApiPropertyOptional({ nullable: true, type: DecisioneView }) decisione: DecisioneView | null;
}

export class DocumentoView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() tipo: string;
  @ApiProperty() versione: number;
  @ApiProperty() nomeFile: string;
  @ApiProperty() contentType: string;
  @ApiProperty() dimensione: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256: string;
  @ApiProperty() caricatoDa: string;
  @ApiProperty() caricatoIl: string;
}

export class CaricaDocumentoDto {
  @ApiProperty({ description: 'Kind of document (sent before the file part)', example: 'istanza' })
  tipo: string;
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, PNG, JPEG or TIFF; the type is checked from the bytes' })
  file: unknown;
}
