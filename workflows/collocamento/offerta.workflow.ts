import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CollocamentoActivities } from '../../activities/collocamento.activities';
import type { OffertaEvent, OffertaState } from '../../libs/domain/src/collocamento/offerta.state';
import { decideOfferta, verificaRosaSuccessiva } from '../../libs/domain/src/collocamento/offerta.machine';
import { candidatiRosaSuccessiva } from '../../libs/domain/src/collocamento/offerta.views';
import { CODA_MS_PREDEFINITA, offertaAperta, offertaChiusa, verificaPubblicazione } from '../../libs/domain/src/collocamento/offerta.ciclo';
import { prossimoTimerOfferta, ultimoInvio } from '../../libs/domain/src/collocamento/offerta.timer';
import { refuse } from '../../libs/domain/src/common/violation';
import { Procedura } from '../common/procedura';
import { passiOfferta, pubblicazioneGraduatoriaUpdate, rosaSuccessivaUpdate, statoOffertaQuery } from './offerta.messages';
import type { GraduatoriaPronta, OffertaWorkflowInput } from './offerta.types';

const acts = proxyActivities<CollocamentoActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * An employer's request under L. 68/99: congruità, the candidature window, the ranking at its close (computed and
 * stored by an activity; the workflow keeps only its hash and head), publication, the rosa within the service level
 * (warning, breach and escalation), and the employer's outcomes, chased with reminders. Rules: `decideOfferta`.
 */
export async function offertaWorkflow(input: OffertaWorkflowInput): Promise<OffertaState> {
  let promemoria = 0;
  /** Reminders sent before the latest sending of candidates: the count restarts from each sending. */
  let promemoriaPrima = 0;
  let invio = ultimoInvio(input.state);
  /** The time for outcomes has ended: nothing more is accepted while the workflow finishes. */
  let fine = false;
  /** The ranking the close computed and stored: the only one that may be published. */
  let pronta: GraduatoriaPronta | undefined;
  const p = new Procedura({
    procedura: 'offerta',
    iniziale: input.state,
    decidi: (state, event: OffertaEvent) => {
      const v = [...offertaChiusa(state, fine), ...(!fine && event.type === 'graduatoriaPubblicata' ? verificaPubblicazione(pronta, event) : [])];
      return v.length ? refuse(...v) : decideOfferta(state, event, new Date());
    },
    salva: (step, { eventKey, requestId }) =>
      acts.salvaOfferta({ offertaId: input.offertaId, eventKey, transition: step.transition, state: step.state, requestId }),
    ricerca: (state: OffertaState) => ({ ufficio: state.ufficio, stato: state.stato }),
  });

  setHandler(statoOffertaQuery, () => p.state);
  p.passi(passiOfferta); // 'annullamento' and 'rettificaEsito' came after the first histories: no command changes
  p.passo(pubblicazioneGraduatoriaUpdate, (a) => ({
    type: 'graduatoriaPubblicata',
    actor: a.actor,
    hash: a.hash,
    versioneRegole: a.versioneRegole,
    ordine: a.ordine,
    esclusi: [],
    totali: a.totali,
  }));
  // Another sending: nobody names the candidates. Once the update is accepted (who, and whether one is allowed now),
  // its handler reads them (the stored graduatoria after everyone sent, still eligible on the list today) and applies
  // them; a step accepted meanwhile is judged again by applica. Added after the first histories were recorded.
  p.aggiornamento(
    rosaSuccessivaUpdate,
    async (a) => {
      await p.persistito(); // the outcomes are saved before the candidates are read
      const inviati = p.state.rosa?.candidati ?? [];
      const letti = await acts.prossimiCandidati({ offertaId: input.offertaId, inviati, quanti: candidatiRosaSuccessiva(p.state) });
      return p.applica({ type: 'rosaSuccessiva', actor: a.actor, candidati: letti.candidati, saltati: letti.saltati }, a.requestId);
    },
    (a) => [...offertaChiusa(p.state, fine), ...verificaRosaSuccessiva(p.state, a.actor)],
  );

  // Offers of versione 2 stay open after the conclusion (offers entered before keep ending at 'conclusa', so their
  // histories replay unchanged).
  while (offertaAperta(p.state, fine)) {
    if (ultimoInvio(p.state) !== invio) {
      invio = ultimoInvio(p.state);
      promemoriaPrima = promemoria;
    }
    if (p.state.stato === 'chiusa-adesioni' && !pronta) {
      await p.persistito(); // the close is saved (no application gets in after it) before the ranking reads the applications
      pronta = await acts.preparaGraduatoria({ offertaId: input.offertaId });
      continue;
    }
    const seen = p.versione;
    const next = prossimoTimerOfferta(p.state, input.promemoriaEsitiMs, promemoria - promemoriaPrima, input.codaMs ?? CODA_MS_PREDEFINITA);
    if (!next) {
      await condition(() => p.versione !== seen);
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(() => p.versione !== seen, wait))) continue;
    if (next.tipo === 'evento') {
      const d = p.decisione(next.evento);
      if (d.ok) await p.applica(next.evento);
      else await condition(() => p.versione !== seen, 1000);
    } else if (next.tipo === 'fine') {
      // Unless a step came in the same moment (it may have reopened the offer).
      if (p.versione === seen && p.state.stato === 'conclusa') fine = true;
    } else {
      const numero = promemoriaPrima + next.numero;
      await acts.promemoriaEsiti({ offertaId: input.offertaId, state: p.state, numero });
      promemoria = numero;
    }
  }
  await p.persistito();
  await condition(allHandlersFinished);
  return p.state;
}
