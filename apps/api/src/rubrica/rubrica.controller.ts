import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { Actor, EXTERNAL_ROLES, ROLES } from '@app/domain';
import { TIPI_VOCE_RUBRICA as TIPI, TipoVoceRubrica as TipoVoce } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { CurrentActor } from '../common/request-context';
import { RubricaService } from './rubrica.service';

/** An address as the notices' e-mails need it: one mailbox, at most 254 characters (RFC 5321). */
const Email = () => IsEmail({ allow_display_name: false, allow_ip_domain: false, require_tld: false }, { message: "email: un indirizzo di posta elettronica valido (es. nome@ente.it)" });

export class RecapitoDto {
  @ApiProperty({ nullable: true, type: String, description: 'the mailbox (a PEC box for an organisation); null removes it', example: 'servizi.lavoro@pec.regione.toscana.it' })
  @ValidateIf((_, v) => v !== null) @IsString() @Length(3, 254) @Email() email: string | null;
}

export class VoceRubricaDto extends RecapitoDto {
  @ApiPropertyOptional({ type: [String], description: 'for a structure: the users (token subjects) who receive its notices at their own address', example: ['anna.bianchi'] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 200, { each: true }) @Type(() => String) utenti?: string[];
  @ApiProperty({ description: 'why the entry is set or changed (kept in the audit trail)', example: 'Nuova casella del settore' })
  @IsString() @Length(3, 500) motivazione: string;
}

class VoceRubricaView {
  @ApiProperty({ enum: TIPI }) tipo: TipoVoce;
  @ApiProperty() nome: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ type: [String] }) utenti: string[];
  @ApiProperty() aggiornatoDa: string;
  @ApiProperty() aggiornatoIl: string;
}

/**
 * The office's directory for notices (docs/notifiche.md): where the e-mail of a notice goes. A user sets their own
 * address; an external user also their organisation's (its PEC); the dirigente and the amministratore set the
 * mailboxes of roles and structures and who in a structure receives its notices. Every change is in the audit trail.
 */
@ApiTags('notifiche')
@Controller('rubrica')
export class RubricaController {
  constructor(private readonly rubrica: RubricaService) {}

  /** The office's entries: roles' and structures' mailboxes, structures' users, users' and organisations' addresses. */
  @Get()
  @Scoped('ufficio')
  @Roles('dirigente', 'amministratore')
  @ApiOkResponse({ type: [VoceRubricaView] })
  async elenco(@CurrentActor() actor: Actor): Promise<VoceRubricaView[]> {
    return this.rubrica.elenco(actor);
  }

  /** The caller's own address (and, for an external user, their organisation's), as the notices use them. */
  @Get('mia')
  @Scoped('destinatario')
  @Roles(...ROLES)
  @ApiOkResponse({ type: [VoceRubricaView] })
  async mia(@CurrentActor() actor: Actor): Promise<VoceRubricaView[]> {
    return this.rubrica.mia(actor);
  }

  /** Sets the caller's own address: the notices addressed to them, and to a structure that names them, go there. */
  @Put('mia')
  @Scoped('destinatario')
  @Roles(...ROLES)
  @ApiOkResponse({ type: VoceRubricaView })
  impostaMia(@Body() dto: RecapitoDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    return this.rubrica.impostaMia(actor, dto.email);
  }

  /** An external user sets the address (PEC) of the organisation it acts for: its notices go there. */
  @Put('organizzazione')
  @Scoped('ufficio', 'soggetto')
  @Roles(...EXTERNAL_ROLES)
  @ApiOkResponse({ type: VoceRubricaView })
  impostaOrganizzazione(@Body() dto: RecapitoDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    return this.rubrica.impostaOrganizzazione(actor, dto.email);
  }

  /** Sets an entry of the caller's office: a role's or a structure's mailbox and the structure's users, or any address. */
  @Put(':tipo/:nome')
  @Scoped('ufficio')
  @Roles('dirigente', 'amministratore')
  @ApiOkResponse({ type: VoceRubricaView })
  imposta(@Param('tipo') tipo: string, @Param('nome') nome: string, @Body() dto: VoceRubricaDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    return this.rubrica.imposta(actor, tipo, nome, dto);
  }
}
