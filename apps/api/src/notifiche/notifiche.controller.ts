import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { Actor, ROLES } from '@app/domain';
import { NotificationsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { notFound } from '../common/problem';
import { CurrentActor } from '../common/request-context';
import { UuidParamPipe } from '../common/pipes';

export class NotificheQuery {
  @ApiPropertyOptional({ description: 'only those addressed to this responsible structure' }) @IsOptional() @IsString() @Length(1, 200) struttura?: string;
  @ApiPropertyOptional({ example: 'cronoprogramma' }) @IsOptional() @IsString() @Length(1, 40) procedura?: string;
  @ApiPropertyOptional({ description: 'only those about this case or plan' }) @IsOptional() @IsString() @Length(1, 200) entita?: string;
}

@ApiTags('notifiche')
@Scoped('destinatario')
@Controller('notifiche')
export class NotificheController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's notifications: to them, to one of their roles in their office, or to a structure of their office. */
  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ description: 'newest first' })
  list(@Query() q: NotificheQuery, @CurrentActor() actor: Actor) {
    return this.notifications.listFor(actor, { struttura: q.struttura, procedura: q.procedura, entitaId: q.entita });
  }

  @Post(':id/letta')
  @HttpCode(204)
  @Roles(...ROLES)
  async read(@Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor): Promise<void> {
    if (!(await this.notifications.markRead(id, actor))) throw notFound(`notifica ${id}`);
  }
}
