import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, ROLES } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori, ApiPagina } from '../common/openapi';
import { linkSuccessivo } from '../common/paginazione';
import { CurrentActor } from '../common/request-context';
import { UuidParamPipe } from '../common/pipes';
import { NotificaView, NotificheQuery } from './notifiche.dto';
import { NotificheService } from './notifiche.service';

@ApiTags('notifiche')
@Scoped('destinatario')
@Controller('notifiche')
export class NotificheController {
  constructor(private readonly notifiche: NotificheService) {}

  /** The caller's notifications: to them, to one of their roles in their office, or to a structure of their office. */
  @Get()
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'Elenca le notifiche del chiamante',
    description: 'Indirizzate a lui, a un suo ruolo nel suo ufficio o a una struttura del suo ufficio; dalla più recente, a pagine (al più 200).',
  })
  @ApiPagina(NotificaView, 'dalla più recente; se ce ne sono altre, l’intestazione Link indica la pagina successiva')
  @ApiErrori(400)
  async elenco(@Query() q: NotificheQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<NotificaView[]> {
    const { notifiche, successivo } = await this.notifiche.elenco(actor, q);
    const { dopo: _dopo, ...filtri } = q;
    linkSuccessivo(res, '/api/v1/notifiche', filtri, successivo);
    return notifiche;
  }

  @Post(':id/letta')
  @HttpCode(204)
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Segna una notifica come letta', description: 'Solo per il chiamante.' })
  @ApiNoContentResponse({ description: 'segnata come letta' })
  @ApiErrori(400, 404, 409, 422)
  segnaLetta(@Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor): Promise<void> {
    return this.notifiche.segnaLetta(id, actor);
  }
}
