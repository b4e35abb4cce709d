import { Actor } from '../auth/roles';
import { guardiaMotivo, guardiaUfficio } from '../common/guardie';
import { Decision, RuleViolation, accept, refuse } from '../common/violation';
import { ESITI_DECISIONE, PRATICA_STATI_FINALI, PraticaEvent, PraticaState, PraticaTransition } from './pratica.state';

export const MOTIVAZIONE_MIN = 10;

export interface PraticaStep {
  state: PraticaState;
  transition: PraticaTransition;
}

export function initialPraticaState(input: { praticaId: string; ufficio: string; creataDa: string }): PraticaState {
  return {
    praticaId: input.praticaId,
    ufficio: input.ufficio,
    stato: 'aperta',
    creataDa: input.creataDa,
    autoriModifiche: [input.creataDa],
    documenti: [],
  };
}

const sameOffice = (state: PraticaState, actor: Actor) =>
  guardiaUfficio(actor, state.ufficio, `la pratica è di competenza dell'ufficio ${state.ufficio}`, 'ufficio');

function closed(state: PraticaState): RuleViolation[] {
  return PRATICA_STATI_FINALI.includes(state.stato)
    ? [{ rule: 'pratica-chiusa', field: 'stato', message: `la pratica è già ${state.stato}`, found: state.stato }]
    : [];
}

/**
 * The rules of the example procedure: given the current state, an event and the time, either the next state and
 * the transition to record, or every rule the event breaks. Pure: the workflow calls it from its Update validators
 * (to refuse) and from its handlers (to apply).
 */
export function decidePratica(state: PraticaState, event: PraticaEvent, now: Date): Decision<PraticaStep> {
  const at = now.toISOString();
  switch (event.type) {
    case 'documentoCaricato': {
      const violations = [...closed(state)];
      if (state.stato === 'inviata') {
        violations.push({
          rule: 'pratica-in-esame',
          field: 'stato',
          message: 'i documenti non si possono modificare mentre la pratica è in esame',
          found: state.stato,
        });
      }
      if (violations.length) return refuse(...violations);
      const documenti = [...state.documenti.filter((d) => d.documentoId !== event.documento.documentoId), event.documento];
      return accept({
        state: { ...state, documenti, autoriModifiche: addAuthor(state, event.actor) },
        transition: { azione: 'documentoCaricato', from: state.stato, to: state.stato, actor: event.actor, at },
      });
    }
    case 'invio': {
      const violations = [...sameOffice(state, event.actor), ...closed(state)];
      if (state.stato === 'inviata') {
        violations.push({ rule: 'gia-inviata', field: 'stato', message: 'la pratica è già stata inviata', found: state.stato });
      }
      if (state.documenti.length === 0) {
        violations.push({ rule: 'documenti-richiesti', field: 'documenti', message: "per l'invio serve almeno un documento", found: 0, limit: 1 });
      }
      if (violations.length) return refuse(...violations);
      return accept({
        state: { ...state, stato: 'inviata', autoriModifiche: addAuthor(state, event.actor) },
        transition: { azione: 'invio', from: state.stato, to: 'inviata', actor: event.actor, motivazione: event.nota, at },
      });
    }
    case 'decisione': {
      const violations = [...sameOffice(state, event.actor), ...closed(state)];
      if (state.stato === 'aperta') {
        violations.push({ rule: 'non-inviata', field: 'stato', message: 'si può decidere solo una pratica inviata', found: state.stato, limit: 'inviata' });
      }
      if (!event.actor.roles.includes('responsabile')) {
        violations.push({ rule: 'ruolo-responsabile', field: 'roles', message: 'può decidere solo il responsabile', found: event.actor.roles });
      }
      if (state.autoriModifiche.includes(event.actor.sub)) {
        violations.push({
          rule: 'separazione-compiti',
          field: 'actor',
          message: 'chi ha creato, inviato o modificato la pratica non può deciderla',
          found: event.actor.sub,
        });
      }
      if (!(ESITI_DECISIONE as readonly string[]).includes(event.esito)) {
        violations.push({
          rule: 'esito-ammesso',
          field: 'esito',
          message: `esito: uno tra ${ESITI_DECISIONE.join(', ')}`,
          found: event.esito,
          limit: ESITI_DECISIONE,
        });
      }
      const { motivo: motivazione, violations: senzaMotivo } = guardiaMotivo(event.motivazione, 'motivazione', MOTIVAZIONE_MIN);
      violations.push(...senzaMotivo);
      if (violations.length) return refuse(...violations);
      return accept({
        state: { ...state, stato: event.esito, decisione: { esito: event.esito, motivazione, decisaDa: event.actor.sub, decisaIl: at } },
        transition: { azione: 'decisione', from: state.stato, to: event.esito, actor: event.actor, motivazione, at },
      });
    }
  }
}

function addAuthor(state: PraticaState, actor: Actor): string[] {
  return state.autoriModifiche.includes(actor.sub) ? state.autoriModifiche : [...state.autoriModifiche, actor.sub];
}
