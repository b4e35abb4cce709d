import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, seesEveryOffice } from '@app/domain';
import { AncoreAudit, AuditTrail } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { CurrentActor } from '../common/request-context';
import { AuditQuery, AuditRowView, ChainCheckView } from './audit.dto';

@ApiTags('registro di audit')
@Scoped('ufficio')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditTrail,
    private readonly ancore: AncoreAudit,
  ) {}

  /** The audit trail of an entity (or of a kind), oldest first; scoped to the caller's office. */
  @Get()
  @Roles('responsabile', 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Legge il registro di audit',
    description: 'Le righe di un’entità o di un tipo, dalla più vecchia (al più 500), dell’ufficio del chiamante.',
  })
  @ApiOkResponse({ type: [AuditRowView] })
  @ApiErrori(400)
  async elenco(@Query() q: AuditQuery, @CurrentActor() actor: Actor): Promise<AuditRowView[]> {
    const [entita, ...rest] = (q.entity ?? '').split(':');
    const crossOffice = seesEveryOffice(actor);
    const rows = await this.audit.list({ entita: entita || undefined, entitaId: rest.join(':') || undefined, ufficio: crossOffice ? undefined : actor.office });
    return rows.map((r) => ({ ...r, registratoIl: r.registratoIl.toISOString() }));
  }

  /**
   * Recomputes the whole hash chain and reports the first row that was edited or removed, then checks it against the
   * anchors kept in write-once storage: a re-hashed chain, a forged insert or a deleted tail up to the last anchor.
   */
  @Scoped('sistema')
  @Get('verifica')
  @Roles('dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Verifica la catena del registro',
    description: 'Ricalcola la catena di hash e la confronta con le ancore nell’archivio non modificabile.',
  })
  @ApiOkResponse({ type: ChainCheckView })
  async verifica(): Promise<ChainCheckView> {
    const [catena, ancore] = await Promise.all([this.audit.verify(), this.ancore.verifica()]);
    return { ...catena, valid: catena.valid && ancore.valido, ancore };
  }
}
