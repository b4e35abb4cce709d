import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, EXTERNAL_ROLES, ROLES } from '@app/domain';
import { AuditTrail } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { ProblemException } from '../common/problem';
import { CurrentActor } from '../common/request-context';
import { RecapitoDto, TIPI, TipoVoce, VoceRubricaDto, VoceRubricaView } from './rubrica.dto';

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
  @ApiOperation({ summary: 'Elenca la rubrica dell’ufficio', description: 'Le caselle dei ruoli e delle strutture, gli utenti delle strutture, gli indirizzi di utenti e organizzazioni.' })
  @ApiOkResponse({ type: [VoceRubricaView] })
  async elenco(@CurrentActor() actor: Actor): Promise<VoceRubricaView[]> {
    const righe: Riga[] = await this.db.query('SELECT tipo, nome, email, utenti, aggiornato_da, aggiornato_il FROM rubrica WHERE ufficio = $1 ORDER BY tipo, nome', [actor.office]);
    return righe.map(vista);
  }

  /** The caller's own address (and, for an external user, their organisation's), as the notices use them. */
  @Get('mia')
  @Scoped('destinatario')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Legge il proprio indirizzo', description: 'E, per un utente esterno, quello della sua organizzazione.' })
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
  @ApiOperation({ summary: 'Imposta il proprio indirizzo' })
  @ApiOkResponse({ type: VoceRubricaView })
  @ApiErrori(400, 413, 415)
  impostaMia(@Body() dto: RecapitoDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    return this.scrivi(actor, 'utente', actor.sub, dto.email, undefined, 'indirizzo impostato dal titolare');
  }

  /** An external user sets the address (PEC) of the organisation it acts for: its notices go there. */
  @Put('organizzazione')
  @Scoped('ufficio', 'soggetto')
  @Roles(...EXTERNAL_ROLES)
  @ApiOperation({ summary: 'Imposta l’indirizzo della propria organizzazione', description: 'La PEC a cui vanno le notifiche dell’organizzazione per cui agisce un utente esterno.' })
  @ApiOkResponse({ type: VoceRubricaView })
  @ApiErrori(400, 413, 415)
  impostaOrganizzazione(@Body() dto: RecapitoDto, @CurrentActor() actor: Actor): Promise<VoceRubricaView> {
    if (!actor.soggetto) throw new ProblemException(403, 'soggetto-mancante', 'Operazione non consentita', "il token non indica l'organizzazione per cui si agisce");
    return this.scrivi(actor, 'soggetto', actor.soggetto.toUpperCase(), dto.email, undefined, "indirizzo impostato dall'organizzazione");
  }

  /** Sets an entry of the caller's office: a role's or a structure's mailbox and the structure's users, or any address. */
  @Put(':tipo/:nome')
  @Scoped('ufficio')
  @Roles('dirigente', 'amministratore')
  @ApiOperation({ summary: 'Imposta una voce della rubrica', description: 'La casella di un ruolo o di una struttura e gli utenti della struttura, o un indirizzo qualsiasi dell’ufficio.' })
  @ApiOkResponse({ type: VoceRubricaView })
  @ApiErrori(400, 413, 415, 422)
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
