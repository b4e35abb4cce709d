import { Injectable } from '@nestjs/common';
import { Actor } from '@app/domain';
import { OffertaState } from '@app/domain/collocamento/offerta.state';
import { decideOfferta } from '@app/domain/collocamento/offerta.machine';
import { AuditTrail, IscrittiRepository, OfferteRepository } from '@app/infrastructure';
import { notFound } from '../common/problem';
import { rifiuto } from '../common/rifiuto';
import { CollocamentoService, isStaff } from './collocamento.service';

/**
 * The applications to an offer: registered and withdrawn by CPI staff under the offer machine's rules, and listed for
 * them. The offer itself and its other steps are CollocamentoService's.
 */
@Injectable()
export class AdesioniService {
  constructor(
    private readonly repo: OfferteRepository,
    private readonly iscrittiRepo: IscrittiRepository,
    private readonly audit: AuditTrail,
    private readonly offerte: CollocamentoService,
  ) {}

  /**
   * An application, registered by CPI staff for an enrolled person. The rules (state, open window, enrolment,
   * duplicates) are the offer machine's, checked against the stored state and this person's application; the row
   * lock on the offer orders it against the close, so no application slips in after the ranking read them.
   */
  async aderisci(id: string, iscrittoId: string, actor: Actor, requestId?: string) {
    await this.offerte.trova(id, actor);
    return this.repo.transazione(async (m) => {
      const state = await this.repo.statoCondiviso(m, id);
      const iscritto = await this.iscrittiRepo.iscritto(state.ufficio, iscrittoId, m);
      const prec = await this.repo.adesione(m, id, iscrittoId);
      const proiezione: OffertaState = {
        ...state,
        adesioni: prec
          ? {
              [iscrittoId]: {
                iscrittoId,
                il: prec.aderitoIl.toISOString(),
                registrataDa: null,
                ...(prec.ritirataIl ? { ritirataIl: prec.ritirataIl.toISOString() } : {}),
              },
            }
          : {},
      };
      const enrolled = !!iscritto && !iscritto.trasferitoIl;
      const d = decideOfferta(proiezione, { type: 'adesione', actor, iscrittoId, iscritto: enrolled }, new Date());
      if (!d.ok) {
        const violations = d.violations.map((v) =>
          v.rule === 'non-iscritto' && !iscritto
            ? { ...v, message: `${iscrittoId} non è iscritto all'elenco L. 68/99 (collocamento mirato) di ${state.ufficio}: iscriverlo prima` }
            : v,
        );
        throw rifiuto('Adesione non ammessa', violations);
      }
      if (!(await this.repo.aderisci(m, id, iscrittoId, actor.sub)))
        throw rifiuto('Adesione non ammessa', [{ rule: 'adesione-duplicata', field: 'iscrittoId', message: 'adesione già presente', found: iscrittoId }]);
      await this.audit.append(m, { actor, procedura: 'collocamento', entita: 'offerta', entitaId: id, azione: 'adesione', requestId, dopo: { iscrittoId } });
      return { offertaId: id, iscrittoId, stato: 'attiva' };
    });
  }

  async ritira(id: string, iscrittoId: string, actor: Actor, requestId?: string) {
    await this.offerte.trova(id, actor);
    return this.repo.transazione(async (m) => {
      const state = await this.repo.statoCondiviso(m, id);
      const prec = await this.repo.adesione(m, id, iscrittoId);
      const proiezione: OffertaState = {
        ...state,
        adesioni: prec && !prec.ritirataIl ? { [iscrittoId]: { iscrittoId, il: prec.aderitoIl.toISOString(), registrataDa: null } } : {},
      };
      const d = decideOfferta(proiezione, { type: 'ritiro', actor, iscrittoId }, new Date());
      if (!d.ok) {
        // Withdrawing what is not there: the application is a resource, and a missing one is 404.
        if (d.violations.some((v) => v.rule === 'adesione-inesistente')) throw notFound(`adesione di ${iscrittoId}`);
        throw rifiuto('Ritiro non ammesso', d.violations);
      }
      await this.repo.ritira(m, id, iscrittoId);
      await this.audit.append(m, { actor, procedura: 'collocamento', entita: 'offerta', entitaId: id, azione: 'ritiro', requestId, dopo: { iscrittoId } });
      return { offertaId: id, iscrittoId, stato: 'ritirata' };
    });
  }

  /** Who applied: the person (codice fiscale), their category, territory and employment status, when, by whom, and a withdrawal. */
  async adesioni(id: string, actor: Actor, limit = 100, offset = 0) {
    const o = await this.offerte.trova(id, actor);
    if (!isStaff(actor)) throw notFound(`adesioni dell’offerta ${id}`);
    return this.repo.elencoAdesioni(o.id, limit, offset);
  }
}
