import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@app/domain';
import { Roles, Scoped } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/pipes';
import { ApiErrori, ApiPagina } from '../common/openapi';
import { linkSuccessivo } from '../common/paginazione';
import { CurrentActor } from '../common/request-context';
import { AssegnazioniQuery, CatenaQuery, StatisticheQuery } from './assegnazioni.dto';
import { AssegnazioniService } from './assegnazioni.service';
import { AssegnazioneView, StatisticheView, VerificaAssegnazioneView, VerificaCatenaView } from './ispezioni.viste.dto';

const READERS = ['dirigente', 'responsabile', 'ispettore', 'amministratore'] as const;

/** The assignments: transcripts, their verification against the revealed secret, the chains, and impartiality statistics. */
@ApiTags('ispezioni: assegnazioni')
@Scoped('ufficio')
@Controller('assegnazioni')
export class AssegnazioniController {
  constructor(private readonly assegnazioni: AssegnazioniService) {}

  /** Observed vs expected assignments per inspector, chi-square and p-value; abstentions, manual assignments and conflicts per inspector. */
  @Get('statistiche')
  @Roles('dirigente', 'amministratore')
  @ApiOperation({
    summary: 'Statistiche di imparzialità dei sorteggi',
    description: 'Assegnazioni osservate e attese per ispettore, chi quadro e p-value; astensioni, assegnazioni manuali e conflitti per ispettore.',
  })
  @ApiOkResponse({ type: StatisticheView })
  @ApiErrori(400, 404)
  statistiche(@Query() q: StatisticheQuery, @CurrentActor() actor: Actor): Promise<StatisticheView> {
    return this.assegnazioni.statistiche(q, actor);
  }

  /** Walks one inspectorate's chain: links, numbering, published heads, and every draw of a revealed period recomputed. */
  @Get('verifica')
  @Roles('dirigente', 'responsabile', 'amministratore')
  @ApiOperation({
    summary: 'Verifica la catena dei sorteggi',
    description: 'Collegamenti, numerazione, teste pubblicate, e ogni sorteggio di un periodo rivelato ricalcolato.',
  })
  @ApiOkResponse({ type: VerificaCatenaView })
  @ApiErrori(400, 404)
  verificaCatena(@Query() q: CatenaQuery, @CurrentActor() actor: Actor): Promise<VerificaCatenaView> {
    return this.assegnazioni.verificaCatena(q.ispettorato ?? actor.office, actor);
  }

  /** Every assignment of a request (drawn or manual), in attempt order. */
  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Elenca le assegnazioni di una richiesta', description: 'Sorteggiate o manuali, nell’ordine dei tentativi.' })
  @ApiPagina(AssegnazioneView, 'dal primo tentativo; se ce ne sono altri, l’intestazione Link indica la pagina successiva')
  @ApiErrori(400)
  async elenco(@Query() q: AssegnazioniQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<AssegnazioneView[]> {
    const { assegnazioni, successivo } = await this.assegnazioni.perRichiesta(q.richiesta, actor, q);
    linkSuccessivo(res, '/api/v1/assegnazioni', { richiesta: q.richiesta, limite: q.limite }, successivo);
    return assegnazioni;
  }

  /** The transcript as recorded, its place in the chain, and its period (commitment; secret and chain head once revealed). */
  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Legge un’assegnazione', description: 'La trascrizione come registrata, il suo posto nella catena e il suo periodo.' })
  @ApiOkResponse({ type: AssegnazioneView })
  @ApiErrori(400, 404)
  dettaglio(@Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor): Promise<AssegnazioneView> {
    return this.assegnazioni.dettaglio(id, actor);
  }

  /** Recomputes the draw with the revealed secret, checks the period's rules and the inspectorate's chain. */
  @Get(':id/verifica')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Verifica un’assegnazione',
    description: 'Ricalcola il sorteggio con il segreto rivelato, controlla le regole del periodo e la catena dell’ispettorato.',
  })
  @ApiOkResponse({ type: VerificaAssegnazioneView })
  @ApiErrori(400, 404)
  verifica(@Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor): Promise<VerificaAssegnazioneView> {
    return this.assegnazioni.verifica(id, actor);
  }
}
