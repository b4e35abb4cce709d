import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { TIPI_VOCE_RUBRICA as TIPI, TipoVoceRubrica as TipoVoce } from '@app/infrastructure';

/** An address as the notices' e-mails need it: one mailbox, at most 254 characters (RFC 5321). */
const Email = () =>
  IsEmail(
    { allow_display_name: false, allow_ip_domain: false, require_tld: false },
    { message: 'email: un indirizzo di posta elettronica valido (es. nome@ente.it)' },
  );

export class RecapitoDto {
  /**
   * La casella (una PEC per un'organizzazione); null la toglie
   * @example 'servizi.lavoro@pec.regione.toscana.it'
   */
  @ValidateIf((_, v) => v !== null) @IsString() @Length(3, 254) @Email() email: string | null;
}

export class VoceRubricaDto extends RecapitoDto {
  /**
   * Per una struttura: gli utenti (il loro login) che ricevono le sue notifiche al proprio indirizzo
   * @example ['anna.bianchi']
   */
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 200, { each: true }) @Type(() => String) utenti?: string[];
  /**
   * Perché la voce è impostata o cambiata (resta nel registro di audit)
   * @example 'Nuova casella del settore'
   */
  @IsString() @Length(3, 500) motivazione: string;
}

export class VoceRubricaView {
  @ApiProperty({ enum: TIPI }) tipo: TipoVoce;
  /** Il login, il ruolo, la struttura o il codice fiscale dell'organizzazione */
  nome: string;
  email: string | null;
  /** Per una struttura: chi riceve le sue notifiche */
  utenti: string[];
  aggiornatoDa: string;
  /** Istante ISO 8601 */
  aggiornatoIl: string;
}
