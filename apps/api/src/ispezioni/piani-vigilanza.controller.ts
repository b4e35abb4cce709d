import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori } from '../common/openapi';
import { UuidParamPipe } from '../common/pipes';
import { CurrentActor, RequestId } from '../common/request-context';
import { PianoVigilanzaView } from './ispezioni.viste.dto';
import { PianoVigilanzaDto } from './piani-vigilanza.dto';
import { PianiVigilanzaService } from './piani-vigilanza.service';

/** Ex-officio planning: a yearly list of targets that become intervention requests on the dates set. */
@ApiTags('ispezioni: piani di vigilanza')
@Scoped('ufficio')
@Controller('ispettorati/:codice/piani-vigilanza')
export class PianiVigilanzaController {
  constructor(private readonly piani: PianiVigilanzaService) {}

  @Post()
  @Roles('dirigente')
  @ApiOperation({
    summary: 'Carica un piano di vigilanza',
    description: 'Le voci diventano richieste di intervento alle date fissate; ogni voce che viola le regole è elencata (422).',
  })
  @ApiCreatedResponse({ type: PianoVigilanzaView })
  @ApiErrori(400, 404, 409, 413, 415, 422)
  async crea(
    @Param('codice') codice: string,
    @Body() dto: PianoVigilanzaDto,
    @CurrentActor() actor: Actor,
    @RequestId() rid?: string,
  ): Promise<PianoVigilanzaView> {
    return this.piani.crea(codice, dto, actor, rid);
  }

  @Get(':id')
  @Roles('dirigente', 'responsabile', 'amministratore')
  @ApiOperation({ summary: 'Legge un piano di vigilanza', description: 'Con le voci e le richieste già generate.' })
  @ApiOkResponse({ type: PianoVigilanzaView })
  @ApiErrori(400, 404)
  async dettaglio(@Param('codice') codice: string, @Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor): Promise<PianoVigilanzaView> {
    return this.piani.dettaglio(codice, id, actor);
  }
}
