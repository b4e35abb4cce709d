import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { PraticaActivities } from '../../activities/pratica.activities';
import { decidePratica, initialPraticaState } from '../../libs/domain/src/pratica/pratica.machine';
import type { PraticaEvent, PraticaState } from '../../libs/domain/src/pratica/pratica.state';
import { PRATICA_STATI_FINALI } from '../../libs/domain/src/pratica/pratica.state';
import { SA_STATO } from '../search-attributes';
import { RULE_VIOLATION, decisioneUpdate, documentoCaricatoSignal, documentoUpdate, invioUpdate, statoQuery } from './pratica.messages';
import type { DocumentoInput, PraticaWorkflowInput, PraticaWorkflowResult } from './pratica.types';

const acts = proxyActivities<PraticaActivities>({
  startToCloseTimeout: '30 seconds', heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * The platform's example procedure: a document-bearing case that an operatore submits and a responsabile decides.
 * Every rule lives in `decidePratica`; this function only feeds it events and persists what it returns.
 */
export async function praticaWorkflow(input: PraticaWorkflowInput): Promise<PraticaWorkflowResult> {
  let state: PraticaState = initialPraticaState({ praticaId: input.praticaId, ufficio: input.ufficio, creataDa: input.creataDa.sub });
  let seq = 0;
  let registered = false;
  // Transitions are persisted one at a time, in the order they were accepted.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const check = (event: PraticaEvent) => {
    const d = decidePratica(state, event, new Date());
    if (!d.ok) {
      throw ApplicationFailure.create({ type: RULE_VIOLATION, message: d.violations.map((v) => v.message).join('; '), details: d.violations, nonRetryable: true });
    }
    return d.value;
  };

  /** `prima`: what must be persisted before the transition (a document's row), in the same serial order. */
  const apply = async (event: PraticaEvent, requestId?: string, prima?: () => Promise<unknown>): Promise<PraticaState> => {
    const step = check(event);
    state = step.state;
    const eventKey = `${workflowInfo().workflowId}:${workflowInfo().runId}:${++seq}`;
    await serial(async () => {
      await condition(() => registered);
      if (prima) await prima();
      await acts.registraTransizione({ praticaId: input.praticaId, eventKey, transition: step.transition, state, requestId });
      if (event.type === 'decisione' && step.state.decisione) {
        await acts.emettiRicevuta({
          praticaId: input.praticaId, ufficio: input.ufficio, protocollo: input.protocollo, eventKey,
          decisione: step.state.decisione, actor: event.actor,
        });
      }
    });
    upsertSearchAttributes({ [SA_STATO.name]: [state.stato] });
    return state;
  };

  setHandler(statoQuery, () => state);
  setHandler(documentoCaricatoSignal, async ({ actor, documento, requestId }) => {
    // A refused document (case under review or closed) is left stored but not attached; the API checks first.
    const d = decidePratica(state, { type: 'documentoCaricato', actor, documento }, new Date());
    if (d.ok) await apply({ type: 'documentoCaricato', actor, documento }, requestId);
  });
  // The document is attached at once (a submission that follows includes it), and its row is written by the
  // procedure's own activity before the transition: accepted means attached and listed; refused, neither.
  const riferimento = (d: DocumentoInput) => ({
    documentoId: d.documentoId, tipo: d.tipo, sha256: d.sha256,
    versione: state.documenti.filter((x) => x.tipo === d.tipo && x.documentoId !== d.documentoId).length + 1,
  });
  setHandler(documentoUpdate, async (d) => {
    let registrato: Awaited<ReturnType<typeof acts.registraDocumento>> | undefined;
    await apply({ type: 'documentoCaricato', actor: d.actor, documento: riferimento(d) }, d.requestId, async () => {
      registrato = await acts.registraDocumento({ praticaId: input.praticaId, ufficio: input.ufficio, documento: d });
    });
    return registrato!;
  }, {
    validator: (d) => void check({ type: 'documentoCaricato', actor: d.actor, documento: riferimento(d) }),
  });
  setHandler(invioUpdate, ({ actor, nota, requestId }) => apply({ type: 'invio', actor, nota }, requestId), {
    validator: ({ actor, nota }) => void check({ type: 'invio', actor, nota }),
  });
  setHandler(decisioneUpdate, ({ actor, esito, motivazione, requestId }) => apply({ type: 'decisione', actor, esito, motivazione }, requestId), {
    validator: ({ actor, esito, motivazione }) => void check({ type: 'decisione', actor, esito, motivazione }),
  });

  await acts.registraPratica(input);
  registered = true;

  await condition(() => PRATICA_STATI_FINALI.includes(state.stato) && allHandlersFinished());
  return { stato: state.stato, decisione: state.decisione };
}
