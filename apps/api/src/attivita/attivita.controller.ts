import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, ROLES } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { linkSuccessivo } from '../common/paginazione';
import { CurrentActor } from '../common/request-context';
import { AttivitaQuery, ElencoAttivitaView } from './attivita.dto';
import { AttivitaService } from './attivita.service';

/** "Le mie attività": what waits for the caller in every procedure, as one list (docs/attivita.md). */
@ApiTags('attività')
@Scoped('ufficio', 'soggetto')
@Controller('attivita')
export class AttivitaController {
  constructor(private readonly attivita: AttivitaService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'Le mie attività',
    description:
      'Ciò che attende chi chiama in ogni procedura, nel suo ufficio (per un utente esterno: della sua organizzazione), dalla scadenza più vicina; ' +
      'con l’azione da compiere, il termine, se è scaduto e il collegamento al record. I conteggi per procedura e delle scadute valgono per tutto l’elenco.',
  })
  @ApiOkResponse({
    type: ElencoAttivitaView,
    headers: { Link: { description: 'la pagina successiva, `<…&dopo=cursore>; rel="next"`; assente all’ultima pagina', schema: { type: 'string' } } },
  })
  @ApiErrori(400)
  async elenco(@CurrentActor() actor: Actor, @Query() q: AttivitaQuery, @Res({ passthrough: true }) res: Response): Promise<ElencoAttivitaView> {
    const vista = await this.attivita.elenco(actor, q);
    linkSuccessivo(res, '/api/v1/attivita', { procedura: q.procedura, limite: q.limite }, vista.successivo);
    return vista;
  }
}
