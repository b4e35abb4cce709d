import { allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { PraticheActivities } from '../../activities/pratiche.activities';
import { decidePratica, initialPraticaState } from '../../libs/domain/src/pratiche/pratica.machine';
import type { PraticaEvent, PraticaState } from '../../libs/domain/src/pratiche/pratica.state';
import { PRATICA_STATI_FINALI } from '../../libs/domain/src/pratiche/pratica.state';
import { Procedura } from '../common/procedura';
import { SA_STATO } from '../search-attributes';
import { documentoCaricatoSignal, documentoUpdate, passiPratica, statoQuery } from './pratica.messages';
import type { DocumentoInput, PraticaWorkflowInput, PraticaWorkflowResult } from './pratica.types';

const acts = proxyActivities<PraticheActivities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * The platform's example procedure: a document-bearing case that an operatore submits and a responsabile decides.
 * Every rule lives in `decidePratica`; this function only feeds it events and persists what it returns.
 */
export async function praticaWorkflow(input: PraticaWorkflowInput): Promise<PraticaWorkflowResult> {
  let registered = false;
  const p = new Procedura({
    procedura: 'pratica',
    iniziale: initialPraticaState({ praticaId: input.praticaId, ufficio: input.ufficio, creataDa: input.creataDa.sub }),
    decidi: (state, event: PraticaEvent) => decidePratica(state, event, new Date()),
    // Nothing is persisted before the case's own row.
    pronta: () => condition(() => registered),
    salva: async (step, { event, eventKey, requestId }) => {
      await acts.registraTransizione({ praticaId: input.praticaId, eventKey, transition: step.transition, state: step.state, requestId });
      if (event.type === 'decisione' && step.state.decisione) {
        await acts.emettiRicevuta({
          praticaId: input.praticaId,
          ufficio: input.ufficio,
          protocollo: input.protocollo,
          eventKey,
          decisione: step.state.decisione,
          actor: event.actor,
        });
      }
    },
    ricerca: (state: PraticaState) => ({ ufficio: state.ufficio, stato: state.stato }),
    // Started with its search attributes, the case set only its state at each change before the patch.
    ricercaStorica: (state) => upsertSearchAttributes({ [SA_STATO.name]: [state.stato] }),
  });

  setHandler(statoQuery, () => p.state);
  setHandler(documentoCaricatoSignal, async ({ actor, documento, requestId }) => {
    // A refused document (case under review or closed) is left stored but not attached; the API checks first.
    if (p.decisione({ type: 'documentoCaricato', actor, documento }).ok) await p.applica({ type: 'documentoCaricato', actor, documento }, requestId);
  });
  // The document is attached at once (a submission that follows includes it), and its row is written by the
  // procedure's own activity before the transition: accepted means attached and listed; refused, neither.
  const caricato = (d: DocumentoInput): PraticaEvent => ({
    type: 'documentoCaricato',
    actor: d.actor,
    documento: {
      documentoId: d.documentoId,
      tipo: d.tipo,
      sha256: d.sha256,
      versione: p.state.documenti.filter((x) => x.tipo === d.tipo && x.documentoId !== d.documentoId).length + 1,
    },
  });
  p.aggiornamento(
    documentoUpdate,
    async (d) => {
      let registrato: Awaited<ReturnType<typeof acts.registraDocumento>> | undefined;
      await p.applica(caricato(d), d.requestId, async () => {
        registrato = await acts.registraDocumento({ praticaId: input.praticaId, ufficio: input.ufficio, documento: d });
      });
      return registrato!;
    },
    (d) => p.violazioni(caricato(d)),
  );
  p.passi(passiPratica);

  await acts.registraPratica(input);
  registered = true;

  await condition(() => PRATICA_STATI_FINALI.includes(p.state.stato) && allHandlersFinished());
  return { stato: p.state.stato, decisione: p.state.decisione };
}
