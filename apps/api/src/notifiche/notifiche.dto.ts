import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PaginaQuery } from '../common/paginazione';

export class NotificheQuery extends PaginaQuery {
  /** Solo quelle indirizzate a questa struttura responsabile */
  @IsOptional() @IsString() @Length(1, 200) struttura?: string;
  /** @example 'cronoprogramma' */
  @IsOptional() @IsString() @Length(1, 40) procedura?: string;
  /** Solo quelle su questa pratica, piano o richiesta */
  @IsOptional() @IsString() @Length(1, 200) entita?: string;
}

export class NotificaView {
  id: string;
  /** La chiave che rende l'invio idempotente */
  chiave: string;
  ufficio: string;
  /** A chi è indirizzata: una persona, un ruolo dell'ufficio, una struttura o un'organizzazione */
  destinatarioTipo: 'utente' | 'ruolo' | 'struttura' | 'soggetto';
  /** Il login, il ruolo, la struttura o il codice fiscale dell'organizzazione */
  destinatario: string;
  procedura: string;
  /** La pratica, il piano o la richiesta di cui parla */
  entitaId: string;
  tipo: string;
  titolo: string;
  testo: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Dati della notifica, secondo il tipo (scadenze, fasi, collegamenti)',
  })
  dati: Record<string, unknown> | null;
  /** Istante ISO 8601 */
  creataIl: Date;
  /** Quando il chiamante l'ha segnata come letta */
  lettaIl: Date | null;
}
