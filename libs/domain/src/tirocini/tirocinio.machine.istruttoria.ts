import { Decision, refuse } from '../common/violation';
import type { IsoDate } from './tirocini.types';
import { ContestoTirocinio, controlli, dataValida, motivazione, persona, statoAmmesso } from './tirocinio.guardie';
import { ESITI_DECISIONE_TIROCINIO, RUOLI_EVENTO_TIROCINIO, TirocinioEvent, TirocinioState, TirocinioStep } from './tirocinio.state';

type EventoIstruttoria = Extract<TirocinioEvent, { type: 'invio' | 'decisione' | 'integrazione' | 'scadenzaIntegrazioni' | 'ritiro' }>;

const aggiungi = (xs: readonly string[], x: string) => (xs.includes(x) ? [...xs] : [...xs, x]);

/** The practice before the start: its submission, the office's decision, the integrations and their deadline, the withdrawal. */
export function decideIstruttoria(state: TirocinioState, event: EventoIstruttoria, { il, oggi, step }: ContestoTirocinio): Decision<TirocinioStep> {
  switch (event.type) {
    case 'invio': {
      const v = [...statoAmmesso(state, ['bozza'], "l'invio"), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.invio)];
      if (event.versioneRegole !== state.versioneRegole) {
        v.push({
          rule: 'versione-regole',
          field: 'versioneRegole',
          message: 'i controlli sono stati fatti con regole diverse da quelle della pratica',
          found: event.versioneRegole,
          limit: state.versioneRegole,
        });
      }
      // The first-level checks' own violations are returned as they are.
      v.push(...(event.violazioni ?? []));
      if (v.length) return refuse(...v);
      return step(
        {
          ...state,
          stato: 'inviata',
          inviataDa: event.actor.sub,
          inviataIl: state.inviataIl ?? il,
          autori: [...(event.editori ?? []), event.actor.sub].reduce(aggiungi, state.autori),
          documenti: event.documenti ? event.documenti.map((d) => ({ ...d })) : state.documenti,
        },
        event.actor.sub,
        { dettagli: { versioneRegole: state.versioneRegole } },
      );
    }

    case 'decisione': {
      const v = [...statoAmmesso(state, ['inviata', 'integrata'], 'la decisione'), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.decisione)];
      if (state.autori.includes(event.actor.sub)) {
        v.push({
          rule: 'separazione-funzioni',
          field: 'actor',
          message: 'chi ha inserito, modificato, inviato o integrato la pratica non può deciderla',
          found: event.actor.sub,
          limit: state.autori,
        });
      }
      const esito = event.esito;
      if (!(ESITI_DECISIONE_TIROCINIO as readonly string[]).includes(esito)) {
        v.push({
          rule: 'esito-ammesso',
          field: 'esito',
          message: `esito: uno tra ${ESITI_DECISIONE_TIROCINIO.join(', ')}`,
          found: esito,
          limit: ESITI_DECISIONE_TIROCINIO,
        });
        return refuse(...v);
      }
      const m = esito === 'approvata' ? { motivo: (event.motivo ?? '').trim(), violations: [] } : motivazione(event.motivo);
      v.push(...m.violations);
      if (esito === 'integrazioni') {
        const s = event.scadenzaIntegrazioni;
        if (s === undefined || s === '') {
          v.push({ rule: 'scadenza-integrazioni-mancante', field: 'scadenzaIntegrazioni', message: 'la richiesta di integrazioni richiede una scadenza' });
        } else {
          const dv = dataValida(s, 'scadenzaIntegrazioni');
          v.push(...dv);
          if (!dv.length && s <= oggi) {
            v.push({
              rule: 'scadenza-non-futura',
              field: 'scadenzaIntegrazioni',
              message: 'la scadenza delle integrazioni deve essere successiva a oggi',
              found: s,
              limit: oggi,
            });
          }
        }
      }
      if (v.length) return refuse(...v);
      const motivo = m.motivo || undefined;
      if (esito === 'integrazioni') {
        const scadenza = event.scadenzaIntegrazioni as IsoDate;
        return step(
          {
            ...state,
            stato: 'integrazioni-richieste',
            integrazioni: [...state.integrazioni, { richiesta: { motivo: m.motivo, scadenza, richiestaDa: event.actor.sub, il } }],
          },
          event.actor.sub,
          { motivo, dettagli: { esito, scadenzaIntegrazioni: scadenza, richiesta: state.integrazioni.length + 1 } },
        );
      }
      return step(
        {
          ...state,
          stato: esito === 'approvata' ? 'attesa-comunicazione' : 'respinta',
          decisione: { esito, ...(motivo ? { motivo } : {}), decisaDa: event.actor.sub, il },
        },
        event.actor.sub,
        { motivo, dettagli: { esito } },
      );
    }

    case 'integrazione': {
      const v = [...statoAmmesso(state, ['integrazioni-richieste'], "l'integrazione"), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.integrazione)];
      const note = (event.note ?? '').trim();
      if (note === '') v.push({ rule: 'nota-mancante', field: 'note', message: "serve una nota che descriva l'integrazione" });
      const aperta = state.integrazioni[state.integrazioni.length - 1];
      if (state.stato === 'integrazioni-richieste' && aperta && oggi > aperta.richiesta.scadenza) {
        v.push({
          rule: 'integrazioni-scadute',
          field: 'stato',
          message: 'il termine per le integrazioni è scaduto',
          found: oggi,
          limit: aperta.richiesta.scadenza,
        });
      }
      if (v.length) return refuse(...v);
      const integrazioni = [...state.integrazioni.slice(0, -1), { ...aperta, risposta: { note, da: event.actor.sub, il } }];
      return step(
        {
          ...state,
          stato: 'integrata',
          integrazioni,
          ultimaModificaDa: event.actor.sub,
          autori: [...(event.editori ?? []), event.actor.sub].reduce(aggiungi, state.autori),
          documenti: event.documenti ? event.documenti.map((d) => ({ ...d })) : state.documenti,
        },
        event.actor.sub,
        { motivo: note, dettagli: { richiesta: state.integrazioni.length, ...controlli(event) } },
      );
    }

    case 'scadenzaIntegrazioni': {
      const v = statoAmmesso(state, ['integrazioni-richieste'], 'la scadenza delle integrazioni');
      const aperta = state.integrazioni[state.integrazioni.length - 1];
      if (!v.length && aperta) {
        if (event.scadenza !== aperta.richiesta.scadenza) {
          v.push({
            rule: 'scadenza-non-corrente',
            field: 'scadenza',
            message: 'la scadenza non è quella della richiesta in corso',
            found: event.scadenza,
            limit: aperta.richiesta.scadenza,
          });
        } else if (oggi <= aperta.richiesta.scadenza) {
          v.push({
            rule: 'scadenza-non-raggiunta',
            field: 'scadenza',
            message: 'il termine per le integrazioni non è ancora scaduto',
            found: oggi,
            limit: aperta.richiesta.scadenza,
          });
        }
      }
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'archiviata', archiviataIl: il }, null, {
        motivo: 'integrazioni non pervenute entro il termine',
        dettagli: { scadenza: event.scadenza },
      });
    }

    case 'ritiro': {
      // Before the start only: once started, the way out is the interruption (and its attestazione).
      const v = [
        ...statoAmmesso(state, ['inviata', 'integrazioni-richieste', 'integrata', 'attesa-comunicazione', 'avvio-bloccato'], 'il ritiro'),
        ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.ritiro),
      ];
      const m = motivazione(event.motivo);
      v.push(...m.violations);
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'ritirata', ritiro: { da: event.actor.sub, il, motivo: m.motivo } }, event.actor.sub, { motivo: m.motivo });
    }
  }
}
