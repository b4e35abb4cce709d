import { ApplicationFailure, allHandlersFinished, condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IspezioniActivities } from '../../activities/ispezioni.activities';
import type { Actor } from '../../libs/domain/src/auth/roles';
import type { IspezioneEvent, IspezioneState} from '../../libs/domain/src/ispezioni/ispezione.machine';
import { decideIspezione, initialIspezioneState } from '../../libs/domain/src/ispezioni/ispezione.machine';
import { RULE_VIOLATION } from '../pratica/pratica.messages';
import {
  accettazioneUpdate, astensioneUpdate, chiusuraUpdate, decisioneRiassegnazioneUpdate, diffidaUpdate, fineAccertamentiUpdate,
  primoAccessoUpdate, riassegnazioneUpdate, riprovaSorteggioSignal, sorteggioRichiestoUpdate, statoIspezioneQuery,
} from './ispezione.messages';
import type { IspezioneWorkflowInput } from './ispezione.types';

const acts = proxyActivities<IspezioniActivities>({
  startToCloseTimeout: '1 minute', heartbeatTimeout: '20 seconds',
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
  let state = initialIspezioneState(input);
  let version = 0;
  let seq = 0;
  let sorteggioRichiesto = false;
  let riprova = false;
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const refuse = (violations: unknown[], message: string) =>
    ApplicationFailure.create({ type: RULE_VIOLATION, message, details: violations, nonRetryable: true });
  const check = (event: IspezioneEvent) => {
    const d = decideIspezione(state, event, new Date());
    if (!d.ok) throw refuse(d.violations, d.violations.map((v) => v.message).join('; '));
    return d.value;
  };
  const apply = async (event: IspezioneEvent, requestId?: string): Promise<IspezioneState> => {
    const step = check(event);
    state = step.state;
    version++;
    const eventKey = `${workflowInfo().workflowId}:${workflowInfo().runId}:${++seq}`;
    await serial(() => acts.salvaIspezione({ richiestaId: input.richiestaId, eventKey, transition: step.transition, state: step.state, requestId }));
    return state;
  };
  const on = <A extends { actor: Actor; requestId?: string }>(toEvent: (a: A) => IspezioneEvent) => ({
    handler: (a: A) => apply(toEvent(a), a.requestId),
    validator: (a: A) => void check(toEvent(a)),
  });
  const handle = <A extends { actor: Actor; requestId?: string }>(def: Parameters<typeof setHandler>[0], toEvent: (a: A) => IspezioneEvent) => {
    const h = on(toEvent);
    setHandler(def as never, h.handler as never, { validator: h.validator } as never);
  };

  setHandler(statoIspezioneQuery, () => state);
  handle(accettazioneUpdate, ({ actor }) => ({ type: 'accettazione', actor }));
  handle(astensioneUpdate, ({ actor, motivo }: { actor: Actor; motivo: string }) => ({ type: 'astensione', actor, motivo }));
  handle(riassegnazioneUpdate, ({ actor, ispettoreId, motivo, derogaRotazione }: { actor: Actor; ispettoreId: string; motivo: string; derogaRotazione?: string }) =>
    ({ type: 'riassegnazioneProposta', actor, ispettoreId, motivo, ...(derogaRotazione ? { derogaRotazione } : {}) }));
  handle(decisioneRiassegnazioneUpdate, ({ actor, esito }: { actor: Actor; esito: 'approvata' | 'respinta' }) => ({ type: 'riassegnazioneDecisa', actor, esito }));
  handle(primoAccessoUpdate, ({ actor, data, verbale }: { actor: Actor; data: string; verbale: { documentoId: string; sha256: string } }) => ({ type: 'primoAccesso', actor, data, verbale }));
  handle(diffidaUpdate, ({ actor, notificataIl }: { actor: Actor; notificataIl: string }) => ({ type: 'diffida', actor, notificataIl }));
  handle(fineAccertamentiUpdate, ({ actor, data }: { actor: Actor; data: string }) => ({ type: 'fineAccertamenti', actor, data }));
  handle(chiusuraUpdate, ({ actor, esito, verbaleUnico }: { actor: Actor; esito: 'regolare'; verbaleUnico: { documentoId: string; sha256: string } }) => ({ type: 'chiusura', actor, esito, verbaleUnico }));
  setHandler(
    sorteggioRichiestoUpdate,
    () => {
      sorteggioRichiesto = true;
      version++;
      return state;
    },
    {
      // Each attempt is drawn once: asking again for an attempt already drawn is refused, so nobody can redraw
      // until a wished outcome comes up.
      validator: ({ tentativo, actor }) => {
        const violations = [];
        if (!actor.roles.includes('dirigente')) violations.push({ rule: 'ruolo-non-ammesso', field: 'roles', message: 'solo il dirigente può chiedere il sorteggio', found: actor.roles });
        if (tentativo <= state.tentativo) violations.push({ rule: 'tentativo-gia-sorteggiato', field: 'tentativo', message: `il tentativo ${tentativo} è già stato sorteggiato`, found: tentativo, limit: state.tentativo + 1 });
        else if (tentativo !== state.tentativo + 1) violations.push({ rule: 'tentativo-atteso', field: 'tentativo', message: `il prossimo tentativo è il ${state.tentativo + 1}`, found: tentativo, limit: state.tentativo + 1 });
        if (state.stato !== 'registrata') violations.push({ rule: 'stato-non-ammesso', field: 'stato', message: 'il sorteggio è possibile solo mentre la richiesta attende un ispettore', found: state.stato });
        if (violations.length) throw refuse(violations, violations.map((v) => v.message).join('; '));
      },
    },
  );

  setHandler(riprovaSorteggioSignal, () => {
    riprova = true;
  });

  await acts.registraRichiesta({ richiestaId: input.richiestaId });
  for (;;) {
    if (state.stato === 'chiusa') break;
    if (state.riassegnazione?.stato === 'approvata') {
      const proposta = state.riassegnazione;
      if (patched('assegnazione-manuale-trascritta')) {
        // Checked again against every eligibility rule, and recorded in the inspectorate's chain, before it applies.
        await tail;
        const m = await acts.assegnaManuale({ richiestaId: input.richiestaId, tentativo: state.tentativo + 1, riassegnazione: proposta, astenuti: state.astenuti });
        if (m.esito === 'assegnata') await apply({ type: 'assegnata', ispettoreId: proposta.ispettoreId, tentativo: state.tentativo + 1, via: 'riassegnazione' });
        else await apply({ type: 'riassegnazioneDecaduta', motivi: m.motivi });
      } else {
        await apply({ type: 'assegnata', ispettoreId: proposta.ispettoreId, tentativo: state.tentativo + 1, via: 'riassegnazione' });
      }
      continue;
    }
    if (state.stato === 'registrata') {
      await tail; // the step that led here (e.g. an abstention) is saved before the next draw reads the request
      // Reset before the draw, not after: a signal or a dirigente's request arriving while it runs asks for another try.
      riprova = false;
      sorteggioRichiesto = false;
      const ultimaAstensione = state.astensioni[state.astensioni.length - 1];
      const r = await acts.assegna({
        richiestaId: input.richiestaId, tentativo: state.tentativo + 1, astenuti: state.astenuti,
        ...(state.tentativo > 0 && ultimaAstensione ? { dovutoDal: ultimaAstensione.il } : {}),
      });
      if (r.esito === 'assegnata') {
        await apply({ type: 'assegnata', ispettoreId: r.ispettoreId, tentativo: state.tentativo + 1, via: 'sorteggio' });
      } else if (patched('attesa-sorteggio')) {
        // Nobody to draw from, or no usable period: the request says why it waits. It is drawn again when a period
        // begins or an exclusion ends (riprovaIl), when a period is published or the registry changes (signal), when
        // a dirigente asks, or at the latest after a day; a manual reassignment may also settle it.
        const attesa = Math.min(RIPROVA_MASSIMA_MS, Math.max(0, r.riprovaIl ? Date.parse(r.riprovaIl) - Date.now() : RIPROVA_MASSIMA_MS));
        await condition(() => sorteggioRichiesto || riprova || state.riassegnazione?.stato === 'approvata' || state.stato !== 'registrata', attesa);
      } else {
        sorteggioRichiesto = false;
        await condition(() => sorteggioRichiesto || state.riassegnazione?.stato === 'approvata' || state.stato !== 'registrata');
      }
      continue;
    }
    // Taken before asking: a step accepted while the activity runs must wake the wait below, not be missed.
    const seen = version;
    const next = await acts.prossimaScadenzaIspezione({ richiestaId: input.richiestaId, state, now: new Date().toISOString() });
    if (version !== seen) continue;
    const wait = next ? Date.parse(next.at) - Date.now() : undefined;
    if (next && wait !== undefined && wait <= 0) {
      await acts.eseguiScadenzaIspezione({ richiestaId: input.richiestaId, state, scadenza: next });
      continue;
    }
    if (wait === undefined) {
      await condition(() => version !== seen);
      continue;
    }
    if (!(await condition(() => version !== seen, wait)) && next) {
      await acts.eseguiScadenzaIspezione({ richiestaId: input.richiestaId, state, scadenza: next });
    }
  }
  await condition(allHandlersFinished);
  return state;
}
