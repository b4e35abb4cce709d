import type { Actor } from '../auth/roles';
import { dataItalianaBreve } from '../calendar/calendario';
import { Decision, RuleViolation, accept, refuse } from '../common/violation';
import { cpiODatore, istante, motivo, nonVuota, personaleCpi, statoAmmesso } from './offerta.guardie';
import {
  Adesione,
  ESITI_CANDIDATO,
  ESITI_CONGRUITA,
  EsitoRegistrato,
  InvioRosa,
  MOTIVO_MIN_OFFERTA,
  OffertaEvent,
  OffertaState,
  OffertaStato,
  OffertaStep,
  OffertaTransition,
  RUOLI_PUBBLICAZIONE_GRADUATORIA,
  RUOLI_RETTIFICA_ESITO,
  STATI_SLA,
  Segnalazione,
  slaDa,
} from './offerta.state';
import { adesioneDi, adesioniAttive, candidatiRosaSuccessiva } from './offerta.views';

const HASH = /^[0-9a-f]{64}$/;

// ---- the machine ----

/**
 * The offer's rules: given the state, an event and the time, either the next state and the transition to record,
 * or every rule the event breaks. Pure: the workflow calls it from its Update validators and handlers. The life cycle
 * is drawn on OFFERTA_STATI (offerta.state.ts); the request enters it by decideRichiesta (offerta.richiesta.ts).
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

    case 'esito': {
      const v = [
        ...statoAmmesso(state, statiEsiti(state), "la registrazione dell'esito"),
        ...cpiODatore(state.ufficio, { id: state.datoreId, codiceFiscale: state.datoreCodiceFiscale }, event.actor),
      ];
      const inRosa = state.rosa?.candidati.includes(event.iscrittoId) ?? false;
      if (!inRosa) v.push({ rule: 'non-in-rosa', field: 'iscrittoId', message: 'la persona non è nella rosa inviata', found: event.iscrittoId });
      if (state.esiti.some((e) => e.iscrittoId === event.iscrittoId)) {
        v.push({ rule: 'esito-duplicato', field: 'iscrittoId', message: "l'esito di questa persona è già registrato", found: event.iscrittoId });
      }
      if (!(ESITI_CANDIDATO as readonly string[]).includes(event.esito)) {
        v.push({ rule: 'esito-ammesso', field: 'esito', message: `esito: ${ESITI_CANDIDATO.join(', ')}`, found: event.esito, limit: ESITI_CANDIDATO });
      }
      const assunti = state.esiti.filter((e) => e.esito === 'assunto').length;
      if (event.esito === 'assunto' && assunti >= state.posti) {
        v.push({ rule: 'posti-esauriti', field: 'esito', message: 'tutti i posti sono già coperti', found: assunti, limit: state.posti });
      }
      let testo: string | undefined = event.motivo?.trim() || undefined;
      if (event.esito === 'non-idoneo') {
        const m = motivo(event.motivo, 'motivo');
        v.push(...m.violations);
        testo = m.motivo;
      }
      if (v.length) return refuse(...v);
      const esiti = [
        ...state.esiti,
        { iscrittoId: event.iscrittoId, esito: event.esito, ...(testo ? { motivo: testo } : {}), registratoDa: event.actor.sub, registratoIl: at },
      ];
      const segnalazione: Segnalazione | undefined =
        event.esito === 'rifiuto'
          ? { iscrittoId: event.iscrittoId, tipo: 'rifiuto-offerta-congrua', offertaId: state.offertaId, il: at, registrataDa: event.actor.sub }
          : undefined;
      return step(
        {
          ...conclusione({ ...state, esiti }, at),
          segnalazioni: segnalazione ? [...state.segnalazioni, segnalazione] : state.segnalazioni,
        },
        event.actor,
        { iscrittoId: event.iscrittoId, motivazione: testo ? `${event.esito}: ${testo}` : event.esito, ...(segnalazione ? { segnalazione } : {}) },
      );
    }

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

    case 'rettificaEsito': {
      // A second person corrects an outcome: a responsabile of the office who did not record it, with a reason.
      const v = [
        ...statoAmmesso(state, state.versione === 2 ? ['rosa-inviata', 'conclusa'] : [], "la rettifica dell'esito"),
        ...personaleCpi(state.ufficio, event.actor, RUOLI_RETTIFICA_ESITO),
      ];
      const prec = state.esiti.find((e) => e.iscrittoId === event.iscrittoId);
      if (!prec)
        v.push({
          rule: 'esito-inesistente',
          field: 'iscrittoId',
          message: 'non c’è un esito registrato da rettificare per questa persona',
          found: event.iscrittoId ?? null,
        });
      else if (prec.registratoDa === event.actor.sub) {
        v.push({
          rule: 'separazione-compiti',
          field: 'actor',
          message: "chi ha registrato l'esito non può rettificarlo: serve un'altra persona",
          found: event.actor.sub,
        });
      }
      if (!(ESITI_CANDIDATO as readonly string[]).includes(event.esito)) {
        v.push({ rule: 'esito-ammesso', field: 'esito', message: `esito: ${ESITI_CANDIDATO.join(', ')}`, found: event.esito, limit: ESITI_CANDIDATO });
      } else if (prec && prec.esito === event.esito) {
        v.push({ rule: 'esito-invariato', field: 'esito', message: `l'esito registrato è già ${event.esito}`, found: event.esito });
      }
      const assuntiAltri = state.esiti.filter((e) => e.esito === 'assunto' && e.iscrittoId !== event.iscrittoId).length;
      if (event.esito === 'assunto' && assuntiAltri >= state.posti) {
        v.push({ rule: 'posti-esauriti', field: 'esito', message: 'tutti i posti sono già coperti', found: assuntiAltri, limit: state.posti });
      }
      const m = motivo(event.motivo, 'motivo');
      v.push(...m.violations);
      if (v.length || !prec) return refuse(...v);
      const corretto: EsitoRegistrato = {
        iscrittoId: event.iscrittoId,
        esito: event.esito,
        ...(event.esito === 'non-idoneo' ? { motivo: m.motivo } : {}),
        registratoDa: event.actor.sub,
        registratoIl: at,
        rettificaDi: {
          esito: prec.esito,
          ...(prec.motivo ? { motivo: prec.motivo } : {}),
          registratoDa: prec.registratoDa,
          registratoIl: prec.registratoIl,
          motivoRettifica: m.motivo,
        },
      };
      const esiti = state.esiti.map((e) => (e.iscrittoId === event.iscrittoId ? corretto : e));
      const revocata = prec.esito === 'rifiuto';
      const segnalazione: Segnalazione | undefined =
        event.esito === 'rifiuto'
          ? { iscrittoId: event.iscrittoId, tipo: 'rifiuto-offerta-congrua', offertaId: state.offertaId, il: at, registrataDa: event.actor.sub }
          : undefined;
      const segnalazioni = [...state.segnalazioni.filter((x) => !(revocata && x.iscrittoId === event.iscrittoId)), ...(segnalazione ? [segnalazione] : [])];
      return step({ ...conclusione({ ...state, esiti }, at), segnalazioni }, event.actor, {
        iscrittoId: event.iscrittoId,
        motivazione: `rettifica ${prec.esito} → ${event.esito}: ${m.motivo}`,
        rettifica: { da: prec.esito, a: event.esito },
        ...(segnalazione ? { segnalazione } : {}),
        ...(revocata ? { segnalazioneRevocata: true } : {}),
      });
    }

    case 'rosaSuccessiva': {
      // After negative outcomes: the next candidates of the same graduatoria, never anyone already sent.
      const v = verificaRosaSuccessiva(state, event.actor);
      if (v.some((x) => x.rule === 'rosa-successiva-non-ammessa')) return refuse(...v);
      const quanti = candidatiRosaSuccessiva(state);
      const candidati = Array.isArray(event.candidati) ? event.candidati : [];
      const inviati = new Set(state.rosa?.candidati ?? []);
      if (candidati.length === 0)
        v.push({ rule: 'graduatoria-esaurita', field: 'candidati', message: 'in graduatoria non restano altri candidati idonei da inviare', found: 0 });
      if (candidati.length > quanti || candidati.some((c) => inviati.has(c)) || new Set(candidati).size !== candidati.length) {
        v.push({
          rule: 'rosa-non-conforme',
          field: 'candidati',
          message: `al più ${quanti} candidati, nessuno già inviato, ciascuno una volta`,
          found: candidati,
          limit: quanti,
        });
      }
      if (v.length) return refuse(...v);
      const invio: InvioRosa = {
        candidati: [...candidati],
        inviataDa: event.actor.sub,
        inviataIl: at,
        ...(event.saltati?.length ? { saltati: event.saltati } : {}),
      };
      const { conclusione: _fine, ...aperta } = state;
      return step(
        {
          ...aperta,
          stato: 'rosa-inviata',
          rosa: { ...(state.rosa as NonNullable<OffertaState['rosa']>), candidati: [...(state.rosa?.candidati ?? []), ...candidati] },
          rosaSuccessive: [...(state.rosaSuccessive ?? []), invio],
        },
        event.actor,
        { motivazione: `${candidati.length} candidati inviati (invio n. ${(state.rosaSuccessive?.length ?? 0) + 2})` },
      );
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

/** Where an outcome may be recorded: with the rosa out; for versione 2 also once concluded (the posts were filled first). */
function statiEsiti(state: OffertaState): OffertaStato[] {
  return state.versione === 2 ? ['rosa-inviata', 'conclusa'] : ['rosa-inviata'];
}

/**
 * The state after the outcomes changed: concluded when the posts are filled or everyone sent has an outcome, open
 * again (rosa-inviata) when a correction undid that. A conclusion that still holds keeps its date.
 */
function conclusione(state: OffertaState, at: string): OffertaState {
  const coperti = state.esiti.filter((e) => e.esito === 'assunto').length >= state.posti;
  const completi = (state.rosa?.candidati ?? []).every((c) => state.esiti.some((e) => e.iscrittoId === c));
  const { conclusione: prima, ...senza } = state;
  if (!coperti && !completi) return { ...senza, stato: 'rosa-inviata', ...(state.stato === 'conclusa' ? { riapertaIl: at } : {}) };
  const motivo = coperti ? ('posti-coperti' as const) : ('esiti-completi' as const);
  return { ...senza, stato: 'conclusa', conclusione: prima && prima.motivo === motivo ? prima : { il: at, motivo } };
}

/** Whether `actor` may ask for another sending now (CPI staff of the office; outcomes all in, posts open). */
export function verificaRosaSuccessiva(state: OffertaState, actor: Actor): RuleViolation[] {
  const v = personaleCpi(state.ufficio, actor);
  if (candidatiRosaSuccessiva(state) === 0) {
    v.push({
      rule: 'rosa-successiva-non-ammessa',
      field: 'stato',
      message: "un'altra rosa si invia quando tutti i candidati inviati hanno un esito e restano posti da coprire",
      found: { stato: state.stato, assunti: state.esiti.filter((e) => e.esito === 'assunto').length, posti: state.posti },
    });
  }
  return v;
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
