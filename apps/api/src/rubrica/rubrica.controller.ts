import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, EXTERNAL_ROLES, ROLES } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { CurrentActor } from '../common/request-context';
import { RecapitoDto, VoceRubricaDto, VoceRubricaView } from './rubrica.dto';
import { RubricaService } from './rubrica.service';

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
  @ApiOperation({
    summary: 'Elenca la rubrica dell’ufficio',
    description: 'Le caselle dei ruoli e delle strutture, gli utenti delle strutture, gli indirizzi di utenti e organizzazioni.',
  })
  @ApiOkResponse({ type: [VoceRubricaView] })
  async elenco(@CurrentActor() actor: Actor): Promise<VoceRubricaView[]> {
    return this.rubrica.elenco(actor);
  }

  /** The caller's own address (and, for an external user, their organisation's), as the notices use them. */
  @Get('mia')
  @Scoped('destinatario')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Legge il proprio indirizzo', description: 'E, per un utente esterno, quello della sua organizzazione.' })
  @ApiOkResponse({ type: [VoceRubricaView] })
  async mia(@CurrentActor() actor: Actor): Promise<VoceRubricaView[]> {
    return this.rubrica.mia(actor);
  }

  /** Sets the caller's own address: the notices addressed to them, and to a structure that names them, go there. */
  @Put('mia')
  @Scoped('destinatario')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Imposta il proprio indirizzo' })
  @ApiOkResponse({ type: VoceRubricaView })
  @ApiErrori(400, 413, 415)
  impostaMia(@Body() dto: RecapitoDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    return this.rubrica.impostaMia(actor, dto.email);
  }

  /** An external user sets the address (PEC) of the organisation it acts for: its notices go there. */
  @Put('organizzazione')
  @Scoped('ufficio', 'soggetto')
  @Roles(...EXTERNAL_ROLES)
  @ApiOperation({
    summary: 'Imposta l’indirizzo della propria organizzazione',
    description: 'La PEC a cui vanno le notifiche dell’organizzazione per cui agisce un utente esterno.',
  })
  @ApiOkResponse({ type: VoceRubricaView })
  @ApiErrori(400, 413, 415)
  impostaOrganizzazione(@Body() dto: RecapitoDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    return this.rubrica.impostaOrganizzazione(actor, dto.email);
  }

  /** Sets an entry of the caller's office: a role's or a structure's mailbox and the structure's users, or any address. */
  @Put(':tipo/:nome')
  @Scoped('ufficio')
  @Roles('dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Imposta una voce della rubrica',
    description: 'La casella di un ruolo o di una struttura e gli utenti della struttura, o un indirizzo qualsiasi dell’ufficio.',
  })
  @ApiOkResponse({ type: VoceRubricaView })
  @ApiErrori(400, 413, 415, 422)
  imposta(@Param('tipo') tipo: string, @Param('nome') nome: string, @Body() dto: VoceRubricaDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    return this.rubrica.imposta(actor, tipo, nome, dto);
  }
}
