import type { Actor } from '../auth/roles';
import { dataItalianaBreve } from '../calendar/calendario';
import { Decision, RuleViolation, accept, refuse } from '../common/violation';
import { cpiODatore, istante, motivo, nonVuota, personaleCpi, statoAmmesso } from './offerta.guardie';
import {
  Adesione,
  ESITI_CONGRUITA,
  MOTIVO_MIN_OFFERTA,
  OffertaEvent,
  OffertaState,
  OffertaStep,
  OffertaTransition,
  RUOLI_PUBBLICAZIONE_GRADUATORIA,
  STATI_SLA,
  slaDa,
} from './offerta.state';
import { decideEsiti } from './offerta.machine.esiti';
import { adesioneDi, adesioniAttive } from './offerta.views';

export { verificaRosaSuccessiva } from './offerta.machine.esiti';

const HASH = /^[0-9a-f]{64}$/;

// ---- the machine ----

/**
 * The offer's rules: given the state, an event and the time, either the next state and the transition to record,
 * or every rule the event breaks. Pure: the workflow calls it from its Update validators and handlers. The life cycle
 * is drawn on OFFERTA_STATI (offerta.state.ts); the request enters it by decideRichiesta (offerta.richiesta.ts); the
 * outcomes after the rosa are decided in offerta.machine.esiti.ts.
 */
export function decideOfferta(state: OffertaState, event: OffertaEvent, now: Date): Decision<OffertaStep> {
  const at = now.toISOString();
  const t = now.getTime();
  const step = (next: OffertaState, actor: Actor | null, extra: Partial<OffertaTransition> = {}): Decision<OffertaStep> =>
    accept({ state: next, transition: { azione: event.type, from: state.stato, to: next.stato, actor, at, ...extra } });

  switch (event.type) {
    case 'congruita': {
      const v = [...statoAmmesso(state, ['richiesta'], 'la valutazione di congruità'), ...personaleCpi(state.ufficio, event.actor)];
      if (event.actor.sub === state.richiesta.inseritaDa) {
        v.push({ rule: 'separazione-compiti', field: 'actor', message: 'chi ha inserito la richiesta non può valutarne la congruità', found: event.actor.sub });
      }
      if (event.esito === 'congrua') {
        const a = istante(event.finestra?.apertaIl);
        const c = istante(event.finestra?.chiudeIl);
        if (Number.isNaN(a) || Number.isNaN(c) || c <= a) {
          v.push({
            rule: 'finestra-non-valida',
            field: 'finestra',
            message: 'la finestra delle adesioni richiede apertaIl < chiudeIl (istanti ISO)',
            found: event.finestra ?? null,
          });
        }
        // The rosa goes out after the window closes: a window closing on or after the term makes the offer late by
        // design. Allowed (a rare profile may need a longer window), but only with a reason on record.
        let oltreSla: string | undefined;
        if (state.versione === 2 && state.sla && !state.sla.violata && !Number.isNaN(c) && c >= istante(state.sla.scadeIl)) {
          const m = (event.motivoOltreSla ?? '').trim();
          if (m.length < MOTIVO_MIN_OFFERTA) {
            v.push({
              rule: 'finestra-oltre-sla',
              field: 'motivoOltreSla',
              message: `la finestra chiude dopo il termine per inviare la rosa (${dataItalianaBreve(state.sla.scadenza)}): la rosa sarebbe in ritardo; accorciarla o indicare il motivo (almeno ${MOTIVO_MIN_OFFERTA} caratteri)`,
              found: event.finestra?.chiudeIl ?? null,
              limit: state.sla.scadeIl,
            });
          } else oltreSla = m;
        }
        if (v.length) return refuse(...v);
        const finestra = { apertaIl: new Date(a).toISOString(), chiudeIl: new Date(c).toISOString() };
        return step(
          {
            ...state,
            stato: 'pubblicata',
            congruita: { esito: 'congrua', valutataDa: event.actor.sub, valutataIl: at, ...(oltreSla ? { motivoOltreSla: oltreSla } : {}) },
            finestra,
          },
          event.actor,
          {
            motivazione: `congrua; adesioni dal ${finestra.apertaIl} al ${finestra.chiudeIl}${oltreSla ? `; oltre il termine della rosa (${dataItalianaBreve(state.sla?.scadenza ?? '')}): ${oltreSla}` : ''}`,
          },
        );
      }
      if (event.esito !== 'non-congrua') {
        v.push({ rule: 'esito-ammesso', field: 'esito', message: `esito: ${ESITI_CONGRUITA.join(' o ')}`, found: event.esito, limit: ESITI_CONGRUITA });
        return refuse(...v);
      }
      const m = motivo(event.motivo, 'motivo');
      v.push(...m.violations);
      if (v.length) return refuse(...v);
      return step(
        { ...state, stato: 'non-congrua', congruita: { esito: 'non-congrua', motivo: m.motivo, valutataDa: event.actor.sub, valutataIl: at } },
        event.actor,
        { motivazione: m.motivo },
      );
    }

    case 'adesione': {
      const v = [...statoAmmesso(state, ['pubblicata'], "l'adesione"), ...finestraAperta(state, t)];
      if (event.actor) v.push(...personaleCpi(state.ufficio, event.actor));
      if (!nonVuota(event.iscrittoId))
        v.push({ rule: 'iscritto-mancante', field: 'iscrittoId', message: 'iscrittoId è obbligatorio', found: event.iscrittoId ?? null });
      if (event.iscritto !== true) {
        v.push({
          rule: 'non-iscritto',
          field: 'iscrittoId',
          message: `la persona non è iscritta nell'elenco L. 68/99 dell'ufficio ${state.ufficio}`,
          found: event.iscrittoId,
        });
      }
      const prec = adesioneDi(state, event.iscrittoId);
      if (prec && prec.ritirataIl === undefined) {
        v.push({ rule: 'adesione-duplicata', field: 'iscrittoId', message: 'adesione già presente', found: event.iscrittoId, limit: prec.il });
      }
      if (v.length) return refuse(...v);
      const adesione: Adesione = { iscrittoId: event.iscrittoId, il: at, registrataDa: event.actor?.sub ?? null };
      return step({ ...state, adesioni: { ...state.adesioni, [event.iscrittoId]: adesione } }, event.actor, { iscrittoId: event.iscrittoId });
    }

    case 'ritiro': {
      const v = [...statoAmmesso(state, ['pubblicata'], 'il ritiro'), ...finestraAperta(state, t)];
      if (event.actor) v.push(...personaleCpi(state.ufficio, event.actor));
      const prec = adesioneDi(state, event.iscrittoId);
      if (!prec || prec.ritirataIl !== undefined) {
        v.push({ rule: 'adesione-inesistente', field: 'iscrittoId', message: 'nessuna adesione attiva da ritirare', found: event.iscrittoId });
      }
      if (v.length) return refuse(...v);
      const ritirata: Adesione = { ...(prec as Adesione), ritirataIl: at, ritirataDa: event.actor?.sub ?? null };
      return step({ ...state, adesioni: { ...state.adesioni, [event.iscrittoId]: ritirata } }, event.actor, { iscrittoId: event.iscrittoId });
    }

    case 'chiusuraAdesioni': {
      const v = statoAmmesso(state, ['pubblicata'], 'la chiusura delle adesioni');
      const chiude = istante(state.finestra?.chiudeIl);
      if (!v.length && t < chiude)
        v.push({
          rule: 'finestra-aperta',
          field: 'finestra',
          message: 'la finestra delle adesioni non è ancora chiusa',
          found: at,
          limit: state.finestra?.chiudeIl,
        });
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'chiusa-adesioni', chiusuraAdesioniIl: at, ...(event.sla ? { sla: slaDa(event.sla) } : {}) }, null, {
        motivazione: `${adesioniAttive(state).length} adesioni attive`,
      });
    }

    case 'graduatoriaPubblicata': {
      const v = [
        ...statoAmmesso(state, ['chiusa-adesioni'], 'la pubblicazione della graduatoria'),
        ...personaleCpi(state.ufficio, event.actor, RUOLI_PUBBLICAZIONE_GRADUATORIA),
      ];
      if (typeof event.hash !== 'string' || !HASH.test(event.hash))
        v.push({ rule: 'hash-non-valido', field: 'hash', message: 'SHA-256 esadecimale minuscolo (64 caratteri)', found: event.hash ?? null });
      if (!nonVuota(event.versioneRegole))
        v.push({ rule: 'versione-mancante', field: 'versioneRegole', message: 'la versione delle regole è obbligatoria', found: event.versioneRegole ?? null });
      v.push(...coerenzaGraduatoria(state, event.ordine, event.esclusi));
      if (v.length) return refuse(...v);
      return step(
        {
          ...state,
          stato: 'graduatoria-pubblicata',
          graduatoria: {
            hash: event.hash,
            versioneRegole: event.versioneRegole,
            ordine: [...event.ordine],
            esclusi: [...event.esclusi],
            pubblicataDa: event.actor.sub,
            pubblicataIl: at,
          },
        },
        event.actor,
        {
          motivazione: `graduatoria ${event.hash} (regole ${event.versioneRegole}): ${event.totali?.idonei ?? event.ordine.length} idonei, ${event.totali?.esclusi ?? event.esclusi.length} esclusi`,
        },
      );
    }

    case 'rosaInviata': {
      const v = [...statoAmmesso(state, ['graduatoria-pubblicata'], "l'invio della rosa"), ...personaleCpi(state.ufficio, event.actor)];
      const ordine = state.graduatoria?.ordine ?? [];
      const attesa = ordine.slice(0, state.posti * state.dimensioneRosa);
      const candidati = Array.isArray(event.candidati) ? event.candidati : [];
      if (candidati.length !== attesa.length || candidati.some((c, i) => c !== attesa[i])) {
        v.push({
          rule: 'rosa-non-conforme',
          field: 'candidati',
          message: `la rosa sono i primi ${attesa.length} della graduatoria, in ordine`,
          found: event.candidati ?? null,
          limit: attesa,
        });
      }
      if (v.length) return refuse(...v);
      const tardi = state.sla !== undefined && !state.sla.violata && t >= istante(state.sla.scadeIl);
      const sla = state.sla && tardi ? { ...state.sla, violata: true, violataIl: state.sla.scadeIl } : state.sla;
      const vuota = candidati.length === 0;
      return step(
        {
          ...state,
          stato: vuota ? 'conclusa' : 'rosa-inviata',
          rosa: { candidati: [...candidati], inviataDa: event.actor.sub, inviataIl: at },
          sla,
          ...(vuota ? { conclusione: { il: at, motivo: 'nessun-idoneo' as const } } : {}),
        },
        event.actor,
        { motivazione: vuota ? 'nessun candidato idoneo' : `${candidati.length} candidati inviati`, ...(tardi ? { slaViolata: true } : {}) },
      );
    }

    case 'esito':
    case 'rettificaEsito':
    case 'rosaSuccessiva':
      return decideEsiti(state, event, { at, step });

    case 'annullamento': {
      const v = [
        ...statoAmmesso(state, ['richiesta', 'pubblicata', 'chiusa-adesioni', 'graduatoria-pubblicata', 'rosa-inviata'], "l'annullamento"),
        ...cpiODatore(state.ufficio, { id: state.datoreId, codiceFiscale: state.datoreCodiceFiscale }, event.actor),
      ];
      const m = motivo(event.motivo, 'motivo');
      v.push(...m.violations);
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'annullata', annullamento: { da: event.actor.sub, il: at, motivo: m.motivo } }, event.actor, { motivazione: m.motivo });
    }

    case 'avvisoSla': {
      const v = statoAmmesso(state, STATI_SLA, "l'avviso di scadenza");
      const sla = state.sla;
      if (!sla) v.push({ rule: 'sla-assente', field: 'sla', message: 'il termine di servizio non è ancora iniziato' });
      else if (sla.avvisoInviato) v.push({ rule: 'avviso-gia-inviato', field: 'sla', message: "l'avviso è già stato inviato", found: sla.avvisoInviatoIl });
      else if (t < istante(sla.avvisoIl))
        v.push({ rule: 'avviso-prematuro', field: 'sla', message: "l'avviso non è ancora dovuto", found: at, limit: sla.avvisoIl });
      if (v.length || !sla) return refuse(...v);
      return step({ ...state, sla: { ...sla, avvisoInviato: true, avvisoInviatoIl: at } }, null, { motivazione: `rosa da inviare entro il ${sla.scadenza}` });
    }

    case 'slaScaduta': {
      const v = statoAmmesso(state, STATI_SLA, 'la scadenza del termine di servizio');
      const sla = state.sla;
      if (!sla) v.push({ rule: 'sla-assente', field: 'sla', message: 'il termine di servizio non è ancora iniziato' });
      else if (sla.violata) v.push({ rule: 'sla-gia-violata', field: 'sla', message: 'la violazione è già registrata', found: sla.violataIl });
      else if (t < istante(sla.scadeIl))
        v.push({ rule: 'sla-non-scaduta', field: 'sla', message: 'il termine non è ancora scaduto', found: at, limit: sla.scadeIl });
      if (v.length || !sla) return refuse(...v);
      return step({ ...state, sla: { ...sla, violata: true, violataIl: sla.scadeIl } }, null, {
        slaViolata: true,
        motivazione: `rosa non inviata entro il ${sla.scadenza}: escalation al responsabile`,
      });
    }
  }
}

function finestraAperta(state: OffertaState, t: number): RuleViolation[] {
  if (!state.finestra) return [];
  if (t < istante(state.finestra.apertaIl))
    return [{ rule: 'finestra-non-aperta', field: 'finestra', message: 'le adesioni non sono ancora aperte', limit: state.finestra.apertaIl }];
  if (t >= istante(state.finestra.chiudeIl))
    return [{ rule: 'finestra-chiusa', field: 'finestra', message: 'le adesioni sono chiuse', limit: state.finestra.chiudeIl }];
  return [];
}

/** The ranked and the excluded together are exactly the active applicants, each once. */
function coerenzaGraduatoria(state: OffertaState, ordine: unknown, esclusi: unknown): RuleViolation[] {
  if (!Array.isArray(ordine) || !Array.isArray(esclusi)) {
    return [{ rule: 'graduatoria-incoerente', field: 'ordine', message: 'ordine ed esclusi devono essere elenchi di iscrittoId' }];
  }
  if (state.adesioniEsterne) return [];
  const attive = new Set(adesioniAttive(state));
  const visti = new Set<string>();
  const estranei: string[] = [];
  const ripetuti: string[] = [];
  for (const id of [...ordine, ...esclusi] as string[]) {
    if (visti.has(id)) ripetuti.push(id);
    visti.add(id);
    if (!attive.has(id)) estranei.push(id);
  }
  const mancanti = [...attive].filter((id) => !visti.has(id));
  if (!estranei.length && !ripetuti.length && !mancanti.length) return [];
  return [
    {
      rule: 'graduatoria-incoerente',
      field: 'ordine',
      message: 'idonei ed esclusi devono essere esattamente gli aderenti attivi, ciascuno una volta',
      found: { estranei, ripetuti, mancanti },
    },
  ];
}
