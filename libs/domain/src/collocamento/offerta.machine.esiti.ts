import type { Actor } from '../auth/roles';
import { Decision, RuleViolation, refuse } from '../common/violation';
import { ContestoOfferta, cpiODatore, motivo, personaleCpi, statoAmmesso } from './offerta.guardie';
import {
  ESITI_CANDIDATO,
  EsitoRegistrato,
  InvioRosa,
  OffertaEvent,
  OffertaState,
  OffertaStato,
  OffertaStep,
  RUOLI_RETTIFICA_ESITO,
  Segnalazione,
} from './offerta.state';
import { candidatiRosaSuccessiva } from './offerta.views';

type EventoEsiti = Extract<OffertaEvent, { type: 'esito' | 'rettificaEsito' | 'rosaSuccessiva' }>;

/** After the rosa: each candidate's outcome, its correction by a second person, and the next sending while posts stay open. */
export function decideEsiti(state: OffertaState, event: EventoEsiti, { at, step }: ContestoOfferta): Decision<OffertaStep> {
  switch (event.type) {
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
