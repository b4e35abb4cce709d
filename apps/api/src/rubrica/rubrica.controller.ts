import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { DataSource } from 'typeorm';
import { Actor, EXTERNAL_ROLES, ROLES } from '@app/domain';
import { AuditTrail } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem';
import { CurrentActor } from '../common/request-context';

const TIPI = ['utente', 'ruolo', 'struttura', 'soggetto'] as const;
type TipoVoce = (typeof TIPI)[number];

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

interface Riga {
  tipo: TipoVoce;
  nome: string;
  email: string | null;
  utenti: string[];
  aggiornato_da: string;
  aggiornato_il: Date;
}
const vista = (r: Riga): VoceRubricaView => ({ tipo: r.tipo, nome: r.nome, email: r.email, utenti: r.utenti, aggiornatoDa: r.aggiornato_da, aggiornatoIl: r.aggiornato_il.toISOString() });

/**
 * The office's directory for notices (docs/notifiche.md): where the e-mail of a notice goes. A user sets their own
 * address; an external user also their organisation's (its PEC); the dirigente and the amministratore set the
 * mailboxes of roles and structures and who in a structure receives its notices. Every change is in the audit trail.
 */
@ApiTags('notifiche')
@Controller('rubrica')
export class RubricaController {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly audit: AuditTrail) {}

  private async scrivi(actor: Actor, tipo: TipoVoce, nome: string, email: string | null, utenti: string[] | undefined, motivazione?: string): Promise<VoceRubricaView> {
    return this.db.transaction(async (m) => {
      const prima: Riga[] = await m.query('SELECT tipo, nome, email, utenti, aggiornato_da, aggiornato_il FROM rubrica WHERE ufficio = $1 AND tipo = $2 AND nome = $3 FOR UPDATE', [actor.office, tipo, nome]);
      const [riga]: Riga[] = await m.query(
        `INSERT INTO rubrica (ufficio, tipo, nome, email, utenti, aggiornato_da, aggiornato_ruoli, aggiornato_il)
         VALUES ($1, $2, $3, $4, COALESCE($5::text[], '{}'), $6, $7, now())
         ON CONFLICT (ufficio, tipo, nome) DO UPDATE SET email = EXCLUDED.email, utenti = COALESCE($5::text[], rubrica.utenti),
           aggiornato_da = EXCLUDED.aggiornato_da, aggiornato_ruoli = EXCLUDED.aggiornato_ruoli, aggiornato_il = now()
         RETURNING tipo, nome, email, utenti, aggiornato_da, aggiornato_il`,
        [actor.office, tipo, nome, email?.trim() ?? null, utenti ? [...new Set(utenti.map((u) => u.trim()))] : null, actor.sub, [...actor.roles].sort().join(',')],
      );
      await this.audit.append(m, {
        actor, procedura: 'notifiche', entita: 'rubrica', entitaId: `${tipo}:${nome}`, azione: prima.length ? 'modificata' : 'creata', motivazione,
        prima: prima[0] ? { email: prima[0].email, utenti: prima[0].utenti } : undefined, dopo: { email: riga.email, utenti: riga.utenti },
      });
      return vista(riga);
    });
  }

  /** The office's entries: roles' and structures' mailboxes, structures' users, users' and organisations' addresses. */
  @Get()
  @Scoped('ufficio')
  @Roles('dirigente', 'amministratore')
  @ApiOkResponse({ type: [VoceRubricaView] })
  async elenco(@CurrentActor() actor: Actor): Promise<VoceRubricaView[]> {
    const righe: Riga[] = await this.db.query('SELECT tipo, nome, email, utenti, aggiornato_da, aggiornato_il FROM rubrica WHERE ufficio = $1 ORDER BY tipo, nome', [actor.office]);
    return righe.map(vista);
  }

  /** The caller's own address (and, for an external user, their organisation's), as the notices use them. */
  @Get('mia')
  @Scoped('destinatario')
  @Roles(...ROLES)
  @ApiOkResponse({ type: [VoceRubricaView] })
  async mia(@CurrentActor() actor: Actor): Promise<VoceRubricaView[]> {
    const righe: Riga[] = await this.db.query(
      `SELECT tipo, nome, email, utenti, aggiornato_da, aggiornato_il FROM rubrica
        WHERE ufficio = $1 AND ((tipo = 'utente' AND nome = $2) OR (tipo = 'soggetto' AND nome = $3)) ORDER BY tipo`,
      [actor.office, actor.sub, actor.soggetto?.toUpperCase() ?? ''],
    );
    return righe.map(vista);
  }

  /** Sets the caller's own address: the notices addressed to them, and to a structure that names them, go there. */
  @Put('mia')
  @Scoped('destinatario')
  @Roles(...ROLES)
  @ApiOkResponse({ type: VoceRubricaView })
  impostaMia(@Body() dto: RecapitoDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    return this.scrivi(actor, 'utente', actor.sub, dto.email, undefined, 'indirizzo impostato dal titolare');
  }

  /** An external user sets the address (PEC) of the organisation it acts for: its notices go there. */
  @Put('organizzazione')
  @Scoped('ufficio', 'soggetto')
  @Roles(...EXTERNAL_ROLES)
  @ApiOkResponse({ type: VoceRubricaView })
  impostaOrganizzazione(@Body() dto: RecapitoDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    if (!actor.soggetto) throw new ProblemException(403, 'soggetto-mancante', 'Operazione non consentita', "il token non indica l'organizzazione per cui si agisce");
    return this.scrivi(actor, 'soggetto', actor.soggetto.toUpperCase(), dto.email, undefined, "indirizzo impostato dall'organizzazione");
  }

  /** Sets an entry of the caller's office: a role's or a structure's mailbox and the structure's users, or any address. */
  @Put(':tipo/:nome')
  @Scoped('ufficio')
  @Roles('dirigente', 'amministratore')
  @ApiOkResponse({ type: VoceRubricaView })
  imposta(@Param('tipo') tipo: string, @Param('nome') nome: string, @Body() dto: VoceRubricaDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    if (!(TIPI as readonly string[]).includes(tipo)) {
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', undefined, [{ field: 'tipo', rule: 'tipo-voce', message: `tipo: uno tra ${TIPI.join(', ')}`, found: tipo, limit: TIPI }]);
    }
    const n = nome.trim();
    if (n.length < 1 || n.length > 200 || /\p{Cc}/u.test(n)) {
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', undefined, [{ field: 'nome', rule: 'nome-voce', message: 'nome: da 1 a 200 caratteri, senza caratteri di controllo', found: nome.slice(0, 50) }]);
    }
    if (dto.utenti && tipo !== 'struttura') {
      throw new ProblemException(422, 'validazione', 'Richiesta non valida', undefined, [{ field: 'utenti', rule: 'utenti-solo-struttura', message: 'utenti: solo una struttura ha utenti nominati', found: tipo, limit: 'struttura' }]);
    }
    return this.scrivi(actor, tipo as TipoVoce, tipo === 'soggetto' ? n.toUpperCase() : n, dto.email, dto.utenti, dto.motivazione);
  }
}
