import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori, ApiPagina } from '../common/openapi';
import { linkSuccessivo } from '../common/paginazione';
import { CurrentActor } from '../common/request-context';
import { AuditQuery, AuditRowView, ChainCheckView, VerificaQuery } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('registro di audit')
@Scoped('ufficio')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail of an entity (or of a kind), oldest first, a page at a time; scoped to the caller's office. */
  @Get()
  @Roles('responsabile', 'dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Legge il registro di audit',
    description: 'Le righe di un’entità o di un tipo, dalla più vecchia, a pagine (al più 500), dell’ufficio del chiamante.',
  })
  @ApiPagina(AuditRowView, 'dalla riga più vecchia; se ce ne sono altre, l’intestazione Link indica la pagina successiva')
  @ApiErrori(400)
  async elenco(@Query() q: AuditQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<AuditRowView[]> {
    const { righe, successivo } = await this.audit.elenco(q, actor);
    linkSuccessivo(res, '/api/v1/audit', { entity: q.entity, limite: q.limite }, successivo);
    return righe;
  }

  /**
   * Checks the anchors kept in write-once storage against the table (a re-hashed chain, a forged insert or a deleted
   * tail up to the last anchor), then recomputes the hash chain after the last anchor that still agrees, or with
   * `completa=true` the whole chain, and reports the first row that was edited or removed.
   */
  @Scoped('sistema')
  @Get('verifica')
  @Roles('dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Verifica la catena del registro',
    description:
      'Confronta le ancore nell’archivio non modificabile con il registro, poi ricalcola la catena di hash dopo l’ultima ancora che concorda; ' +
      'con `completa=true` la ricalcola tutta, dalla prima riga (trova anche una riga modificata lasciandone lo hash com’era, prima di quell’ancora).',
  })
  @ApiOkResponse({ type: ChainCheckView })
  @ApiErrori(400)
  verifica(@Query() q: VerificaQuery): Promise<ChainCheckView> {
    return this.audit.verifica(q.completa === 'true');
  }
}
