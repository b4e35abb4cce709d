import { allHandlersFinished, condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { ActivityMethods } from '../../activities/activities';
import type { IspezioniActivities } from '../../activities/ispezioni.activities';
import type { SorteggiActivities } from '../../activities/sorteggi.activities';
import type { IspezioneEvent, IspezioneState } from '../../libs/domain/src/ispezioni/ispezione.state';
import { initialIspezioneState } from '../../libs/domain/src/ispezioni/ispezione.state';
import { decideIspezione, verificaSorteggioRichiesto } from '../../libs/domain/src/ispezioni/ispezione.machine';
import { Procedura } from '../common/procedura';
import { PATCH_PASSI_LOCALI, passiIspezione, riprovaSorteggioSignal, sorteggioRichiestoUpdate, statoIspezioneQuery } from './ispezione.messages';
import type { IspezioneWorkflowInput } from './ispezione.types';

const acts = proxyActivities<ActivityMethods<IspezioniActivities> & ActivityMethods<SorteggiActivities>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/**
 * The same activities run by the worker inside the workflow task that asks for them (PATCH_PASSI_LOCALI): the
 * registration, the draw, the saves and the deadline questions only read and write the database (the draw waits for
 * a beacon round only where one is configured: it is retried until the round is out, as before), so the request is
 * drawn and saved in the workflow task that started it, without three task-queue round trips.
 */
const locali = proxyLocalActivities<ActivityMethods<IspezioniActivities> & ActivityMethods<SorteggiActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** A request waiting for its draw is tried again at least this often, even if no signal wakes it (a lost signal). */
const RIPROVA_MASSIMA_MS = 24 * 3_600_000;

/**
 * One intervention request from intake to closure: draw an inspector (again after an abstention, or apply an
 * approved manual reassignment), then chase the inspection's deadlines until the verbale unico closes it. The rules
 * are in `decideIspezione` and `scadenzeIspezione`; the draw and every side effect are activities.
 */
export async function ispezioneWorkflow(input: IspezioneWorkflowInput): Promise<IspezioneState> {
  // Decided once, at the start of the run: a run started before the patch keeps its task-queue activities throughout.
  const db = patched(PATCH_PASSI_LOCALI) ? locali : acts;
  let sorteggioRichiesto = false;
  let riprova = false;
  const p = new Procedura({
    procedura: 'ispezione',
    iniziale: initialIspezioneState(input),
    decidi: (state, event: IspezioneEvent) => decideIspezione(state, event, new Date()),
    salva: (step, { eventKey, requestId }) =>
      db.salvaIspezione({ richiestaId: input.richiestaId, eventKey, transition: step.transition, state: step.state, requestId }),
    ricerca: (state: IspezioneState) => ({ ufficio: state.ispettorato, stato: state.stato }),
  });

  setHandler(statoIspezioneQuery, () => p.state);
  p.passi(passiIspezione);
  // No step: the workflow draws again (see the loop) once a dirigente asks for the next attempt.
  p.aggiornamento(
    sorteggioRichiestoUpdate,
    () => {
      sorteggioRichiesto = true;
      p.sveglia();
      return p.state;
    },
    ({ tentativo, actor }) => verificaSorteggioRichiesto(p.state, actor, tentativo),
  );

  setHandler(riprovaSorteggioSignal, () => {
    riprova = true;
  });

  await db.registraRichiesta({ richiestaId: input.richiestaId });
  for (;;) {
    if (p.state.stato === 'chiusa') break;
    if (p.state.riassegnazione?.stato === 'approvata') {
      const proposta = p.state.riassegnazione;
      if (patched('assegnazione-manuale-trascritta')) {
        // Checked again against every eligibility rule, and recorded in the inspectorate's chain, before it applies.
        await p.persistito();
        const m = await db.assegnaManuale({
          richiestaId: input.richiestaId,
          tentativo: p.state.tentativo + 1,
          riassegnazione: proposta,
          astenuti: p.state.astenuti,
        });
        if (m.esito === 'assegnata')
          await p.applica({ type: 'assegnata', ispettoreId: proposta.ispettoreId, tentativo: p.state.tentativo + 1, via: 'riassegnazione' });
        else await p.applica({ type: 'riassegnazioneDecaduta', motivi: m.motivi });
      } else {
        await p.applica({ type: 'assegnata', ispettoreId: proposta.ispettoreId, tentativo: p.state.tentativo + 1, via: 'riassegnazione' });
      }
      continue;
    }
    if (p.state.stato === 'registrata') {
      await p.persistito(); // the step that led here (e.g. an abstention) is saved before the next draw reads the request
      // Reset before the draw, not after: a signal or a dirigente's request arriving while it runs asks for another try.
      riprova = false;
      sorteggioRichiesto = false;
      const ultimaAstensione = p.state.astensioni[p.state.astensioni.length - 1];
      const r = await db.assegna({
        richiestaId: input.richiestaId,
        tentativo: p.state.tentativo + 1,
        astenuti: p.state.astenuti,
        ...(p.state.tentativo > 0 && ultimaAstensione ? { dovutoDal: ultimaAstensione.il } : {}),
      });
      if (r.esito === 'assegnata') {
        await p.applica({ type: 'assegnata', ispettoreId: r.ispettoreId, tentativo: p.state.tentativo + 1, via: 'sorteggio' });
      } else if (patched('attesa-sorteggio')) {
        // Nobody to draw from, or no usable period: the request says why it waits. It is drawn again when a period
        // begins or an exclusion ends (riprovaIl), when a period is published or the registry changes (signal), when
        // a dirigente asks, or at the latest after a day; a manual reassignment may also settle it.
        const attesa = Math.min(RIPROVA_MASSIMA_MS, Math.max(0, r.riprovaIl ? Date.parse(r.riprovaIl) - Date.now() : RIPROVA_MASSIMA_MS));
        await condition(() => sorteggioRichiesto || riprova || p.state.riassegnazione?.stato === 'approvata' || p.state.stato !== 'registrata', attesa);
      } else {
        sorteggioRichiesto = false;
        await condition(() => sorteggioRichiesto || p.state.riassegnazione?.stato === 'approvata' || p.state.stato !== 'registrata');
      }
      continue;
    }
    // Taken before asking: a step accepted while the activity runs must wake the wait below, not be missed.
    const seen = p.versione;
    const next = await db.prossimaScadenzaIspezione({ richiestaId: input.richiestaId, state: p.state, now: new Date().toISOString() });
    if (p.versione !== seen) continue;
    const wait = next ? Date.parse(next.at) - Date.now() : undefined;
    if (next && wait !== undefined && wait <= 0) {
      await db.eseguiScadenzaIspezione({ richiestaId: input.richiestaId, state: p.state, scadenza: next });
      continue;
    }
    if (wait === undefined) {
      await condition(() => p.versione !== seen);
      continue;
    }
    if (!(await condition(() => p.versione !== seen, wait)) && next) {
      await db.eseguiScadenzaIspezione({ richiestaId: input.richiestaId, state: p.state, scadenza: next });
    }
  }
  await condition(allHandlersFinished);
  return p.state;
}
