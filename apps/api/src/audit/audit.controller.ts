import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Actor, seesEveryOffice } from '@app/domain';
import { AncoreAudit, AuditTrail } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { CurrentActor } from '../common/request-context';

export class AuditQuery {
  @ApiPropertyOptional({ description: 'entity as kind:id (e.g. pratica:<uuid>) or kind alone', example: 'pratica:2b0c…' })
  @IsOptional() @Matches(/^[a-z-]{1,40}(:[\w:./-]{1,200})?$/, { message: 'entity: tipo oppure tipo:id' })
  entity?: string;
}

class AuditRowView {
  @ApiProperty() id: number;
  @ApiProperty() registratoIl: string;
  @ApiProperty() attore: string;
  @ApiProperty() ruoli: string;
  @ApiProperty() ufficio: string;
  @ApiProperty() procedura: string;
  @ApiProperty() entita: string;
  @ApiProperty() entitaId: string;
  @ApiProperty() azione: string;
  @ApiPropertyOptional({ nullable: true, type: String }) motivazione: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) prima: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) dopo: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty() hash: string;
  @ApiProperty() prevHash: string;
}

class AncoreView {
  @ApiProperty() valido: boolean;
  @ApiProperty({ description: 'anchors checked' }) verificate: number;
  @ApiPropertyOptional({ nullable: true, type: Object }) ultima: { chiave: string; registrataIl: string; auditId: number | null } | null;
  @ApiProperty({ type: [String] }) problemi: string[];
}

class ChainCheckView {
  @ApiProperty({ description: 'the chain holds and agrees with every anchor' }) valid: boolean;
  @ApiProperty() checked: number;
  @ApiPropertyOptional() firstBrokenId?: number;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: AncoreView, description: 'the anchors in write-once storage, and what they say of the tables' }) ancore: AncoreView;
}


@ApiTags('audit')
@Scoped('ufficio')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditTrail, private readonly ancore: AncoreAudit) {}

  /** The audit trail of an entity (or of a kind), oldest first; scoped to the caller's office. */
  @Get()
  @Roles('responsabile', 'dirigente', 'amministratore')
  @ApiOkResponse({ type: [AuditRowView] })
  async list(@Query() q: AuditQuery, @CurrentActor() actor: Actor): Promise<AuditRowView[]> {
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
  @ApiOkResponse({ type: ChainCheckView })
  async verify(): Promise<ChainCheckView> {
    const [catena, ancore] = await Promise.all([this.audit.verify(), this.ancore.verifica()]);
    return { ...catena, valid: catena.valid && ancore.valido, ancore };
  }
}
