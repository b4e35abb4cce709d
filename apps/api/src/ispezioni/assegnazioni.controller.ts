import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { Actor, canSeeOffice } from '@app/domain';
import { statisticheImparzialita } from '@app/domain/ispezioni/imparzialita';
import { verificaCatena, verificaSorteggio } from '@app/domain/ispezioni/sorteggio';
import { IspezioniRepository } from '@app/infrastructure';
import { Roles } from '../auth/auth.decorators';
import { ProblemException, notFound } from '../common/problem';
import { CurrentActor } from '../common/request-context';

export class StatisticheQuery {
  @ApiPropertyOptional({ description: 'default: the caller\'s inspectorate' }) @IsOptional() @IsString() @Length(1, 40) ispettorato?: string;
  @ApiPropertyOptional({ example: '2026-11' }) @IsString() @Length(1, 40) periodo: string;
  @ApiPropertyOptional({ default: 0.01, description: 'alert when the p-value is below this' }) @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(1) soglia?: number;
}

const READERS = ['dirigente', 'responsabile', 'ispettore', 'amministratore'] as const;

/** The draws: transcripts, their verification against the revealed secret, and impartiality statistics. */
@ApiTags('ispezioni: assegnazioni')
@Controller('assegnazioni')
export class AssegnazioniController {
  constructor(private readonly repo: IspezioniRepository) {}

  private async find(id: string, actor: Actor) {
    const s = await this.repo.sorteggioById(id);
    if (!s || !canSeeOffice(actor, s.ispettorato)) throw notFound(`assegnazione ${id}`);
    return s;
  }

  /** Observed vs expected assignments per inspector, chi-square and p-value; abstentions and manual reassignments apart. */
  @Get('statistiche')
  @Roles('dirigente', 'amministratore')
  async statistiche(@Query() q: StatisticheQuery, @CurrentActor() actor: Actor) {
    const ispettorato = q.ispettorato ?? actor.office;
    if (!canSeeOffice(actor, ispettorato)) throw notFound(`ispettorato ${ispettorato}`);
    const draws = await this.repo.sorteggiDelPeriodo(ispettorato, q.periodo);
    const stats = statisticheImparzialita(draws.map((d) => ({ candidati: d.trascrizione.candidati, scelto: d.ispettoreId })), q.soglia);
    const [{ astensioni, manuali }] = await this.repo.db.query(
      `SELECT (SELECT count(*) FROM audit_log a WHERE a.entita = 'richiesta-intervento' AND a.azione = 'astensione'
                AND a.entita_id IN (SELECT richiesta_id::text FROM sorteggi WHERE ispettorato = $1 AND periodo = $2)) AS astensioni,
              (SELECT count(*) FROM riassegnazioni_manuali x JOIN richieste_intervento r ON r.id = x.richiesta_id
                WHERE x.stato = 'approvata' AND r.ispettorato = $1
                  AND EXISTS (SELECT 1 FROM sorteggi s WHERE s.richiesta_id = r.id AND s.periodo = $2)) AS manuali`,
      [ispettorato, q.periodo],
    );
    return { ispettorato, periodo: q.periodo, ...stats, astensioni: Number(astensioni), riassegnazioniManuali: Number(manuali) };
  }

  @Get()
  @Roles(...READERS)
  async list(@Query('richiesta', new ParseUUIDPipe({ optional: true })) richiesta: string | undefined, @CurrentActor() actor: Actor) {
    if (!richiesta) throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'give ?richiesta=<id>', [{ field: 'richiesta', rule: 'obbligatorio', message: 'the request id is required' }]);
    const rows = (await this.repo.db.query('SELECT id, tentativo FROM sorteggi WHERE richiesta_id = $1 ORDER BY tentativo', [richiesta])) as Array<{ id: string }>;
    return Promise.all(rows.map((r) => this.get(r.id, actor)));
  }

  /** The transcript of a draw as recorded, its place in the chain, and the period's commitment (and secret once revealed). */
  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    const s = await this.find(id, actor);
    const periodo = await this.repo.periodo(s.ispettorato, s.periodo);
    return {
      id: s.id, richiestaId: s.richiestaId, tentativo: s.tentativo, ispettoreId: s.ispettoreId, registratoIl: s.registratoIl.toISOString(),
      trascrizione: s.trascrizione, prevHash: s.prevHash, hash: s.hash,
      periodo: periodo && { periodo: periodo.periodo, impegno: periodo.impegno, pubblicatoIl: periodo.pubblicatoIl, segreto: periodo.segreto, rivelatoIl: periodo.rivelatoIl },
    };
  }

  /**
   * Recomputes the draw from its transcript and the revealed secret, and checks the whole chain of transcripts.
   * Before the period closes the secret is not revealed: the answer says so and checks only the chain.
   */
  @Get(':id/verifica')
  @Roles(...READERS)
  async verifica(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    const s = await this.find(id, actor);
    const periodo = await this.repo.periodo(s.ispettorato, s.periodo);
    const catena = verificaCatena((await this.repo.tuttiISorteggi()).map((r) => ({ trascrizione: r.trascrizione, prevHash: r.prevHash, hash: r.hash })));
    if (!periodo?.segreto) {
      return { verificabile: false, motivo: 'the period secret is not revealed yet: the draw can be verified once the period has closed', catena };
    }
    const esito = verificaSorteggio(s.trascrizione, periodo.segreto, { impegnoPubblicato: periodo.impegno });
    const motivi = [...esito.motivi];
    if (esito.valido && s.ispettoreId !== s.trascrizione.estrazione.scelto) motivi.push('the recorded assignment differs from the transcript');
    return { verificabile: true, valido: esito.valido && motivi.length === 0 && catena.valido, motivi, ricalcolo: esito.ricalcolo, catena };
  }
}
