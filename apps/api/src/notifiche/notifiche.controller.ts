import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ROLES } from '@app/domain';
import { NotificationsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { notFound } from '../common/problem';
import { CurrentActor } from '../common/request-context';
import { UuidParamPipe } from '../common/pipes';
import { NotificaView, NotificheQuery } from './notifiche.dto';

@ApiTags('notifiche')
@Scoped('destinatario')
@Controller('notifiche')
export class NotificheController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's notifications: to them, to one of their roles in their office, or to a structure of their office. */
  @Get()
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'Elenca le notifiche del chiamante',
    description: 'Indirizzate a lui, a un suo ruolo nel suo ufficio o a una struttura del suo ufficio; dalla più recente, al più 200.',
  })
  @ApiOkResponse({ type: [NotificaView] })
  @ApiErrori(400)
  elenco(@Query() q: NotificheQuery, @CurrentActor() actor: Actor): Promise<NotificaView[]> {
    return this.notifications.listFor(actor, { struttura: q.struttura, procedura: q.procedura, entitaId: q.entita });
  }

  @Post(':id/letta')
  @HttpCode(204)
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Segna una notifica come letta', description: 'Solo per il chiamante.' })
  @ApiNoContentResponse({ description: 'segnata come letta' })
  @ApiErrori(400, 404, 409, 422)
  async segnaLetta(@Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor): Promise<void> {
    if (!(await this.notifications.markRead(id, actor))) throw notFound(`notifica ${id}`);
  }
}
