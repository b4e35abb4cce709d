import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CollocamentoActivities } from '../../activities/collocamento.activities';
import type { Actor } from '../../libs/domain/src/auth/roles';
import type { RuleViolation } from '../../libs/domain/src/common/violation';
import type { OffertaEvent, OffertaState } from '../../libs/domain/src/collocamento/offerta.machine';
import { candidatiRosaSuccessiva, decideOfferta, verificaRosaSuccessiva } from '../../libs/domain/src/collocamento/offerta.machine';
import { prossimoTimerOfferta, ultimoInvio } from '../../libs/domain/src/collocamento/offerta.timer';
import { RULE_VIOLATION } from '../pratica/pratica.messages';
import { annullamentoUpdate, congruitaUpdate, esitoUpdate, pubblicazioneGraduatoriaUpdate, rettificaEsitoUpdate, rosaSuccessivaUpdate, rosaUpdate, statoOffertaQuery } from './offerta.messages';
import type { AnnullamentoInput, CongruitaInput, EsitoInput, GraduatoriaPronta, OffertaWorkflowInput, PubblicazioneInput, RettificaEsitoInput, RosaInput } from './offerta.types';

const acts = proxyActivities<CollocamentoActivities>({
  startToCloseTimeout: '2 minutes', heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const FINALI = ['conclusa', 'non-congrua', 'annullata'];
/** Versione 2 stays open in 'conclusa' for CODA_MS_PREDEFINITA (or the input's codaMs) after the conclusion. */
const FINALI_V2 = ['non-congrua', 'annullata'];
const CODA_MS_PREDEFINITA = 30 * 86_400_000;

/**
 * An employer's request under L. 68/99: congruità, the candidature window, the ranking at its close (computed and
 * stored by an activity; the workflow keeps only its hash and head), publication, the rosa within the service level
 * (warning, breach and escalation), and the employer's outcomes, chased with reminders. Rules: `decideOfferta`.
 */
export async function offertaWorkflow(input: OffertaWorkflowInput): Promise<OffertaState> {
  let state = input.state;
  let version = 0;
  let seq = 0;
  let promemoria = 0;
  /** Reminders sent before the latest sending of candidates: the count restarts from each sending. */
  let promemoriaPrima = 0;
  let invio = ultimoInvio(state);
  let fine = false;
  /** The ranking the close computed and stored: the only one that may be published. */
  let pronta: GraduatoriaPronta | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
  /** Once the time for outcomes has ended, nothing more is accepted while the workflow finishes. */
  const chiusa = (): RuleViolation[] => (fine ? [{ rule: 'procedura-conclusa', field: 'stato', message: "l'offerta è chiusa: il tempo per esiti e rettifiche è finito", found: state.stato }] : []);
  const check = (event: OffertaEvent) => {
    if (fine) throw ApplicationFailure.create({ type: RULE_VIOLATION, message: chiusa()[0].message, details: chiusa(), nonRetryable: true });
    if (event.type === 'graduatoriaPubblicata') {
      const v = [];
      if (!pronta) v.push({ rule: 'graduatoria-non-pronta', field: 'hash', message: 'la graduatoria non è ancora stata calcolata' });
      else if (event.hash !== pronta.hash || event.versioneRegole !== pronta.versioneRegole || event.ordine.join('\n') !== pronta.testa.join('\n')) {
        v.push({ rule: 'graduatoria-diversa', field: 'hash', message: 'si pubblica solo la graduatoria calcolata alla chiusura', found: event.hash, limit: pronta.hash });
      }
      if (v.length) throw ApplicationFailure.create({ type: RULE_VIOLATION, message: v.map((x) => x.message).join('; '), details: v, nonRetryable: true });
    }
    const d = decideOfferta(state, event, new Date());
    if (!d.ok) throw ApplicationFailure.create({ type: RULE_VIOLATION, message: d.violations.map((v) => v.message).join('; '), details: d.violations, nonRetryable: true });
    return d.value;
  };
  const apply = async (event: OffertaEvent, requestId?: string): Promise<OffertaState> => {
    const step = check(event);
    state = step.state;
    version++;
    const eventKey = `${workflowInfo().workflowId}:${workflowInfo().runId}:${++seq}`;
    await serial(() => acts.salvaOfferta({ offertaId: input.offertaId, eventKey, transition: step.transition, state: step.state, requestId }));
    return state;
  };
  const handle = <A extends { actor: Actor; requestId?: string }>(def: Parameters<typeof setHandler>[0], toEvent: (a: A) => OffertaEvent) => {
    setHandler(def as never, ((a: A) => apply(toEvent(a), a.requestId)) as never, { validator: (a: A) => void check(toEvent(a)) } as never);
  };

  setHandler(statoOffertaQuery, () => state);
  handle(congruitaUpdate, (a: CongruitaInput) => ({ type: 'congruita', actor: a.actor, esito: a.esito, motivo: a.motivo, finestra: a.finestra, motivoOltreSla: a.motivoOltreSla }));
  handle(pubblicazioneGraduatoriaUpdate, (a: PubblicazioneInput) => ({ type: 'graduatoriaPubblicata', actor: a.actor, hash: a.hash, versioneRegole: a.versioneRegole, ordine: a.ordine, esclusi: [], totali: a.totali }));
  handle(rosaUpdate, (a: RosaInput) => ({ type: 'rosaInviata', actor: a.actor, candidati: a.candidati }));
  handle(esitoUpdate, (a: EsitoInput) => ({ type: 'esito', actor: a.actor, iscrittoId: a.iscrittoId, esito: a.esito, motivo: a.motivo }));
  // Added after the first histories were recorded: a new handler adds no command to a running workflow's replay.
  handle(annullamentoUpdate, (a: AnnullamentoInput) => ({ type: 'annullamento', actor: a.actor, motivo: a.motivo }));
  handle(rettificaEsitoUpdate, (a: RettificaEsitoInput) => ({ type: 'rettificaEsito', actor: a.actor, iscrittoId: a.iscrittoId, esito: a.esito, motivo: a.motivo }));
  // Another sending: nobody names the candidates. Once the update is accepted (who, and whether one is allowed now),
  // its handler reads them (the stored graduatoria after everyone sent, still eligible on the list today) and applies
  // them; a step accepted meanwhile is judged again by apply. Added after the first histories were recorded.
  setHandler(
    rosaSuccessivaUpdate,
    async (a: { actor: Actor; requestId?: string }) => {
      await tail; // the outcomes are saved before the candidates are read
      const inviati = state.rosa?.candidati ?? [];
      const letti = await acts.prossimiCandidati({ offertaId: input.offertaId, inviati, quanti: candidatiRosaSuccessiva(state) });
      return apply({ type: 'rosaSuccessiva', actor: a.actor, candidati: letti.candidati, saltati: letti.saltati }, a.requestId);
    },
    {
      validator: (a: { actor: Actor }) => {
        const v = [...chiusa(), ...verificaRosaSuccessiva(state, a.actor)];
        if (v.length) throw ApplicationFailure.create({ type: RULE_VIOLATION, message: v.map((x) => x.message).join('; '), details: v, nonRetryable: true });
      },
    },
  );

  // Offers of versione 2 stay open after the conclusion (their state says so from the request on: offers entered
  // before keep ending at 'conclusa', so their histories replay unchanged).
  const aperta = () => !fine && !(state.versione === 2 ? FINALI_V2 : FINALI).includes(state.stato);
  while (aperta()) {
    if (ultimoInvio(state) !== invio) {
      invio = ultimoInvio(state);
      promemoriaPrima = promemoria;
    }
    if (state.stato === 'chiusa-adesioni' && !pronta) {
      await tail; // the close is saved (no application gets in after it) before the ranking reads the applications
      pronta = await acts.preparaGraduatoria({ offertaId: input.offertaId });
      continue;
    }
    const seen = version;
    const next = prossimoTimerOfferta(state, input.promemoriaEsitiMs, promemoria - promemoriaPrima, input.codaMs ?? CODA_MS_PREDEFINITA);
    if (!next) {
      await condition(() => version !== seen);
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(() => version !== seen, wait))) continue;
    if (next.tipo === 'evento') {
      const d = decideOfferta(state, next.evento, new Date());
      if (d.ok) await apply(next.evento);
      else await condition(() => version !== seen, 1000);
    } else if (next.tipo === 'fine') {
      // Unless a step came in the same moment (it may have reopened the offer).
      if (version === seen && state.stato === 'conclusa') fine = true;
    } else {
      const numero = promemoriaPrima + next.numero;
      await acts.promemoriaEsiti({ offertaId: input.offertaId, state, numero });
      promemoria = numero;
    }
  }
  await tail;
  await condition(allHandlersFinished);
  return state;
}
