import { ApplicationFailure, allHandlersFinished, condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { TirociniActivities } from '../../activities/tirocini.activities';
import type { Actor } from '../../libs/domain/src/auth/roles';
import type { RegoleStoriche, TirocinioEvent, TirocinioState } from '../../libs/domain/src/tirocini/tirocinio.machine';
import { GIORNI_REGISTRO_FINALE, decideTirocinio, fineTirocinio, mesiPresenzeMancanti } from '../../libs/domain/src/tirocini/tirocinio.machine';
import { addDays } from '../../libs/domain/src/calendar/calendario';
import { adessoLogico, inizioGiorno } from '../../libs/domain/src/tirocini/orologio';
import { RULE_VIOLATION } from '../pratica/pratica.messages';
import {
  PATCH_TETTO_PRESENZE, comunicazioneUpdate, decisioneUpdate, integrazioneUpdate, interruzioneUpdate, ritiroUpdate, presenzeUpdate, prorogaUpdate, ripresaUpdate,
  sospensioneUpdate, statoTirocinioQuery,
} from './tirocinio.messages';
import type { Controlli, IntegrazioneInput, ProrogaInput, RitiroInput, TirocinioWorkflowInput } from './tirocinio.types';

const acts = proxyActivities<TirociniActivities>({
  startToCloseTimeout: '1 minute', heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const FINALI = ['respinta', 'archiviata', 'ritirata'];

/**
 * One tirocinio from its submission to the attestazione finale: review (with integration rounds), the wait for the
 * comunicazione obbligatoria, the traineeship itself (attendance, suspensions, proroghe), and at its end the
 * attestazione or the reason it is not issued. The rules are in `decideTirocinio` and `scadenzeTirocinio`; every
 * side effect is an idempotent activity. The machine reads "today" from the procedure's clock (see orologio.ts).
 */
export async function tirocinioWorkflow(input: TirocinioWorkflowInput): Promise<TirocinioState> {
  let state = input.state;
  let version = 0;
  let seq = 0;
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const orologio = { unitaMs: input.unitaMs, origine: input.state.inviataIl ?? new Date().toISOString() };
  const adesso = () => adessoLogico(orologio, new Date());

  // While the attestazione is being decided from the attendance on record, that record cannot change.
  let chiusuraInCorso = false;
  let registroChiuso = false;
  const check = (event: TirocinioEvent, storiche: RegoleStoriche = {}) => {
    if (chiusuraInCorso && event.type === 'presenze') {
      const v = { rule: 'attestazione-in-preparazione', field: 'stato', message: "l'attestazione è in preparazione sulle presenze registrate", found: state.stato };
      throw ApplicationFailure.create({ type: RULE_VIOLATION, message: v.message, details: [v], nonRetryable: true });
    }
    const d = decideTirocinio(state, event, adesso(), storiche);
    if (!d.ok) throw ApplicationFailure.create({ type: RULE_VIOLATION, message: d.violations.map((v) => v.message).join('; '), details: d.violations, nonRetryable: true });
    return d.value;
  };
  const apply = async (event: TirocinioEvent, requestId?: string): Promise<TirocinioState> => {
    // The validators decide with today's rules: Temporal runs them only when an Update arrives, never on replay. This
    // handler runs again on every replay, so it decides a presenze with the rule it was accepted under: patched() is
    // false only while replaying a history recorded before the prorated cap (no marker there), true for any Update
    // accepted since, whose marker it records before the save.
    const step = check(event, event.type === 'presenze' && !patched(PATCH_TETTO_PRESENZE) ? { tettoPresenzeFisso: true } : {});
    state = step.state;
    version++;
    const eventKey = `${workflowInfo().workflowId}:${workflowInfo().runId}:${++seq}`;
    const ruoli = 'actor' in event && event.actor ? event.actor.roles : undefined;
    await serial(() => acts.salvaTirocinio({ tirocinioId: input.tirocinioId, eventKey, transition: step.transition, state: step.state, requestId, ...(ruoli ? { ruoli } : {}) }));
    return state;
  };
  const handle = <A extends { actor: Actor; requestId?: string }>(def: Parameters<typeof setHandler>[0], toEvent: (a: A) => TirocinioEvent) => {
    setHandler(def as never, ((a: A) => apply(toEvent(a), a.requestId)) as never, { validator: (a: A) => void check(toEvent(a)) } as never);
  };

  setHandler(statoTirocinioQuery, () => state);
  handle(decisioneUpdate, ({ actor, esito, motivo, scadenzaIntegrazioni }: { actor: Actor; esito: 'approvata' | 'respinta' | 'integrazioni'; motivo?: string; scadenzaIntegrazioni?: string }) =>
    ({ type: 'decisione', actor, esito, motivo, scadenzaIntegrazioni }));
  // What the API's checks read from the registry (controlloSede, controlloTirocinante) rides along into the step's
  // audit row. Updates of histories recorded before carry none, and the event is then what it was: no command of a
  // replay changes (test/replay/histories/tirocinio-integrazione.json, tirocinio-proroga.json).
  const controlli = ({ controlloSede, controlloTirocinante }: Controlli) => ({ ...(controlloSede ? { controlloSede } : {}), ...(controlloTirocinante ? { controlloTirocinante } : {}) });
  handle(integrazioneUpdate, (a: IntegrazioneInput) => ({ type: 'integrazione', actor: a.actor, note: a.note, documenti: a.documenti, editori: a.editori, ...controlli(a) }));
  handle(comunicazioneUpdate, ({ actor, codice, data }: { actor: Actor; codice: string; data: string }) => ({ type: 'comunicazioneObbligatoria', actor, codice, data }));
  handle(presenzeUpdate, ({ actor, mese, ore, rettifica }: { actor: Actor; mese: string; ore: number; rettifica?: boolean }) => ({ type: 'presenze', actor, mese, ore, rettifica }));
  handle(sospensioneUpdate, ({ actor, causa, dal, motivo }: { actor: Actor; causa: never; dal: string; motivo: string }) => ({ type: 'sospensione', actor, causa, dal, motivo }));
  handle(ripresaUpdate, ({ actor, al }: { actor: Actor; al: string }) => ({ type: 'ripresa', actor, al }));
  handle(prorogaUpdate, (a: ProrogaInput) => ({ type: 'proroga', actor: a.actor, nuovaDataFine: a.nuovaDataFine, motivo: a.motivo, ...controlli(a) }));
  handle(interruzioneUpdate, ({ actor, parte, motivo }: { actor: Actor; parte: 'tirocinante' | 'ospitante' | 'promotore'; motivo: string }) => ({ type: 'interruzione', actor, parte, motivo }));
  // Added after the first histories were recorded: a new handler adds no command to a running workflow's replay.
  handle(ritiroUpdate, ({ actor, motivo }: RitiroInput) => ({ type: 'ritiro', actor, motivo }));

  for (;;) {
    if (FINALI.includes(state.stato) || state.attestazione) break;
    if (state.stato === 'conclusa' || state.stato === 'interrotta') {
      // Months without attendance: the host has GIORNI_REGISTRO_FINALE days after the end to record them.
      if (!registroChiuso && mesiPresenzeMancanti(state).length) {
        const seen = version;
        const wait = inizioGiorno(orologio, addDays(fineTirocinio(state), GIORNI_REGISTRO_FINALE + 1)) - Date.now();
        if (wait > 0 && (await condition(() => version !== seen, wait))) continue;
        registroChiuso = true;
      }
      await tail; // the end is saved before the attestazione reads the practice
      chiusuraInCorso = true;
      const esito = await acts.chiudiTirocinio({ tirocinioId: input.tirocinioId, state });
      chiusuraInCorso = false;
      await apply({ type: 'esitoAttestazione', attestazione: esito.emessa ? { emessa: true, documentoId: esito.documentoId, sha256: esito.sha256 } : { emessa: false, motivo: esito.motivo } });
      continue;
    }
    // Taken before asking: a step accepted while the activity runs must wake the wait below, not be missed.
    const seen = version;
    const next = await acts.prossimaScadenzaTirocinio({ tirocinioId: input.tirocinioId, state, unitaMs: input.unitaMs, now: new Date().toISOString() });
    if (version !== seen) continue;
    if (!next) {
      await condition(() => version !== seen);
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(() => version !== seen, wait))) continue;
    if (next.evento) {
      // A timer's event is re-checked against the state of now: a step accepted meanwhile may have made it moot.
      const d = decideTirocinio(state, next.evento, adesso());
      if (d.ok) await apply(next.evento);
      else await condition(() => version !== seen, Math.max(input.unitaMs, 1000));
    } else {
      await acts.eseguiScadenzaTirocinio({ tirocinioId: input.tirocinioId, state, scadenza: next });
    }
  }
  await tail;
  await condition(allHandlersFinished);
  return state;
}
