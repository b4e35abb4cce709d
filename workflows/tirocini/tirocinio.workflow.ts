import { allHandlersFinished, condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { TirociniActivities } from '../../activities/tirocini.activities';
import type { ScadenzaTirocinio } from '../../libs/domain/src/tirocini/scadenze';
import type { RegoleStoriche, TirocinioEvent } from '../../libs/domain/src/tirocini/tirocinio.state';
import { GIORNI_REGISTRO_FINALE } from '../../libs/domain/src/tirocini/tirocinio.state';
import { decideTirocinio } from '../../libs/domain/src/tirocini/tirocinio.machine';
import { fineTirocinio, mesiPresenzeMancanti, tirocinioTerminato } from '../../libs/domain/src/tirocini/tirocinio.views';
import type { TirocinioState } from '../../libs/domain/src/tirocini/tirocinio.state';
import { refuse } from '../../libs/domain/src/common/violation';
import { addDays } from '../../libs/domain/src/calendar/calendario';
import { adessoLogico, inizioGiorno } from '../../libs/domain/src/tirocini/orologio';
import { Procedura } from '../common/procedura';
import { PATCH_PASSI_LOCALI, PATCH_PROMEMORIA_COLLETTIVI, PATCH_TETTO_PRESENZE, passiTirocinio, statoTirocinioQuery } from './tirocinio.messages';
import type { TirocinioWorkflowInput } from './tirocinio.types';

const acts = proxyActivities<TirociniActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/**
 * The same activities run by the worker inside the workflow task that asks for them (PATCH_PASSI_LOCALI): the steps
 * that only read and write the database, each a few milliseconds, without the round trips of a task queue.
 */
const locali = proxyLocalActivities<TirociniActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * What a run of the tirocinio's workflow does as its type and its patches decide (see the two workflow types below).
 * Each question is asked where `tirocinioWorkflow` always asked it, so the histories it recorded replay as they are.
 */
interface VersioneTirocinio {
  /** Saves, notices and deadlines as local activities (PATCH_PASSI_LOCALI). Asked once, at the start. */
  rapidi(): boolean;
  /** The monthly register reminders left to the office-wide job (PATCH_PROMEMORIA_COLLETTIVI), asked only if rapidi. */
  collettivi(): boolean;
  /** An accepted presenze is decided with the fixed 5-week cap (before PATCH_TETTO_PRESENZE): asked at each one. */
  tettoFisso(): boolean;
  /** The run is started with its search attributes, and does not ask PATCH_ATTRIBUTI_RICERCA. */
  ricercaAllAvvio: boolean;
}

/**
 * One tirocinio from its submission to the attestazione finale: review (with integration rounds), the wait for the
 * comunicazione obbligatoria, the traineeship itself (attendance, suspensions, proroghe), and at its end the
 * attestazione or the reason it is not issued. The rules are in `decideTirocinio` and `scadenzeTirocinio`; every
 * side effect is an idempotent activity. The machine reads "today" from the procedure's clock (see orologio.ts).
 *
 * The runs started before `tirocinioV2Workflow` existed, and any a client still starts with this type: every change
 * since the first run is behind its patch, so each of those runs goes on as it began.
 */
export async function tirocinioWorkflow(input: TirocinioWorkflowInput): Promise<TirocinioState> {
  return tirocinio(input, {
    rapidi: () => patched(PATCH_PASSI_LOCALI),
    collettivi: () => patched(PATCH_PROMEMORIA_COLLETTIVI),
    tettoFisso: () => !patched(PATCH_TETTO_PRESENZE),
    ricercaAllAvvio: false,
  });
}

/**
 * The same procedure as `tirocinioWorkflow`, for the runs the API starts (avvioTirocinio): every patch taken as
 * applied, so a run asks none and its history records no marker, and the start carries the search attributes. Its
 * first task is the first timer alone (with `prossima`), where tirocinioWorkflow's recorded three patch markers and
 * four search-attribute upserts (one `TemporalChangeVersion` per patch) before it: at 100,000 imported traineeships,
 * work Temporal and the worker did 100,000 times for nothing. A new type rather than a patch: a patch adds its own
 * marker and upsert to every run it spares.
 */
export async function tirocinioV2Workflow(input: TirocinioWorkflowInput): Promise<TirocinioState> {
  return tirocinio(input, { rapidi: () => true, collettivi: () => true, tettoFisso: () => false, ricercaAllAvvio: true });
}

async function tirocinio(input: TirocinioWorkflowInput, versione: VersioneTirocinio): Promise<TirocinioState> {
  const orologio = { unitaMs: input.unitaMs, origine: input.state.inviataIl ?? new Date().toISOString() };
  const adesso = () => adessoLogico(orologio, new Date());
  // Decided once, at the start of the run: a run started before the patch keeps its task-queue activities throughout.
  const rapidi = versione.rapidi();
  const db = rapidi ? locali : acts;
  // The same, for the monthly register reminders: the office-wide job sends them (only with the saves that record
  // when the next one is due, hence only in a rapidi run).
  const collettivi = rapidi && versione.collettivi();
  // The next deadline of a saved state, as its save answered it (rapidi): the loop asks only for a state without one.
  let programma: { state: TirocinioState; prossima: ScadenzaTirocinio | null } | undefined;

  // While the attestazione is being decided from the attendance on record, that record cannot change.
  let chiusuraInCorso = false;
  let registroChiuso = false;
  const p = new Procedura({
    procedura: 'tirocinio',
    iniziale: input.state,
    decidi: (state, event: TirocinioEvent, fase) => {
      // The validators decide with today's rules: Temporal runs them only when an Update arrives, never on replay. The
      // handler runs again on every replay, so it decides a presenze with the rule it was accepted under: patched() is
      // false only while replaying a history recorded before the prorated cap (no marker there), true for any Update
      // accepted since, whose marker it records before the save.
      const storiche: RegoleStoriche = fase === 'gestore' && event.type === 'presenze' && versione.tettoFisso() ? { tettoPresenzeFisso: true } : {};
      if (chiusuraInCorso && event.type === 'presenze') {
        return refuse({
          rule: 'attestazione-in-preparazione',
          field: 'stato',
          message: "l'attestazione è in preparazione sulle presenze registrate",
          found: state.stato,
        });
      }
      return decideTirocinio(state, event, adesso(), storiche);
    },
    salva: (step, { event, eventKey, requestId }) => {
      // The roles of whoever made the step (none for timers and the system), for the audit trail.
      const ruoli = 'actor' in event && event.actor ? event.actor.roles : undefined;
      return db
        .salvaTirocinio({
          tirocinioId: input.tirocinioId,
          eventKey,
          transition: step.transition,
          state: step.state,
          requestId,
          ...(ruoli ? { ruoli } : {}),
          // The next deadline as the loop would ask it now, on the workflow's clock.
          ...(rapidi ? { programma: { unitaMs: input.unitaMs, now: new Date().toISOString(), ...(collettivi ? { promemoriaCollettivi: true } : {}) } } : {}),
        })
        .then((dopo) => {
          if (rapidi && dopo) programma = { state: step.state, prossima: dopo.prossima };
        });
    },
    ricerca: (state: TirocinioState) => ({ ufficio: state.ufficio, stato: state.stato }),
    ricercaAllAvvio: versione.ricercaAllAvvio,
  });

  // The starter's answer for the state the run starts in (TirocinioWorkflowInput.prossima), computed as the save would.
  if (collettivi && input.prossima !== undefined) programma = { state: p.state, prossima: input.prossima };

  setHandler(statoTirocinioQuery, () => p.state);
  // Each step's event is its Update's data. What the API's checks read from the registry (controlloSede,
  // controlloTirocinante) rides along into the integrazione and proroga steps' audit rows; Updates of histories
  // recorded before carry none, and the event is then what it was: no command of a replay changes
  // (test/replay/histories/tirocinio-integrazione.json, tirocinio-proroga.json). 'ritiro' was added after the first
  // histories were recorded: a new handler adds no command to a running workflow's replay.
  p.passi(passiTirocinio);

  for (;;) {
    if (tirocinioTerminato(p.state)) break;
    if (p.state.stato === 'conclusa' || p.state.stato === 'interrotta') {
      // Months without attendance: the host has GIORNI_REGISTRO_FINALE days after the end to record them.
      if (!registroChiuso && mesiPresenzeMancanti(p.state).length) {
        const seen = p.versione;
        const wait = inizioGiorno(orologio, addDays(fineTirocinio(p.state), GIORNI_REGISTRO_FINALE + 1)) - Date.now();
        if (wait > 0 && (await condition(() => p.versione !== seen, wait))) continue;
        registroChiuso = true;
      }
      await p.persistito(); // the end is saved before the attestazione reads the practice
      chiusuraInCorso = true;
      const esito = await acts.chiudiTirocinio({ tirocinioId: input.tirocinioId, state: p.state });
      chiusuraInCorso = false;
      await p.applica({
        type: 'esitoAttestazione',
        attestazione: esito.emessa ? { emessa: true, documentoId: esito.documentoId, sha256: esito.sha256 } : { emessa: false, motivo: esito.motivo },
      });
      continue;
    }
    // The save of the latest step answers its next deadline (rapidi): it is awaited rather than asked beside it.
    if (rapidi) await p.persistito();
    // Taken before asking: a step accepted while the activity runs must wake the wait below, not be missed.
    const seen = p.versione;
    const next =
      programma?.state === p.state
        ? programma.prossima
        : await db.prossimaScadenzaTirocinio({
            tirocinioId: input.tirocinioId,
            state: p.state,
            unitaMs: input.unitaMs,
            now: new Date().toISOString(),
            ...(collettivi ? { promemoriaCollettivi: true } : {}),
          });
    if (p.versione !== seen) continue;
    if (!next) {
      await condition(() => p.versione !== seen);
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(() => p.versione !== seen, wait))) continue;
    if (next.evento) {
      // A timer's event is re-checked against the state of now: a step accepted meanwhile may have made it moot.
      const d = p.decisione(next.evento);
      if (d.ok) await p.applica(next.evento);
      else await condition(() => p.versione !== seen, Math.max(input.unitaMs, 1000));
    } else {
      await db.eseguiScadenzaTirocinio({ tirocinioId: input.tirocinioId, state: p.state, scadenza: next });
      // The notice is sent: what comes next is asked again (the schedule may hold another one).
      programma = undefined;
    }
  }
  await p.persistito();
  await condition(allHandlersFinished);
  return p.state;
}
