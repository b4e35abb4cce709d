import type { Actor } from '../auth/roles';
import { addDays } from '../calendar/calendario';
import { Decision, refuse } from '../common/violation';
import { comeFrazione, dataFineEffettiva, durataMassimaFine, giorniInclusi } from './durata';
import type { CausaSospensione, IsoDate } from './tirocini.types';
import { ContestoTirocinio, controlli, dataValida, motivazione, nonFutura, persona, statoAmmesso } from './tirocinio.guardie';
import {
  InterruzioneTirocinio,
  PARTI_INTERRUZIONE,
  ProrogaTirocinio,
  RUOLI_EVENTO_TIROCINIO,
  SospensioneTirocinio,
  TirocinioEvent,
  TirocinioState,
  TirocinioStep,
} from './tirocinio.state';

type EventoSvolgimento = Extract<
  TirocinioEvent,
  { type: 'comunicazioneObbligatoria' | 'avvio' | 'sospensione' | 'ripresa' | 'proroga' | 'interruzione' | 'conclusione' }
>;

/** Whether a closed suspension of `giorni` days counts for its cause (see the comment on STATI_TIROCINIO). */
function minimoSospensione(state: TirocinioState, causa: CausaSospensione): { giorni: number; frazione?: { num: number; den: number }; durata: number } {
  const regola = state.limiti.causeSospensione.find((c) => c.causa === causa);
  const durata = giorniInclusi(state.dataInizio, state.dataFinePrevista);
  return {
    giorni: regola?.minimoGiorni ?? 0,
    frazione: regola?.minimoFrazioneDurata !== undefined ? comeFrazione(regola.minimoFrazioneDurata) : undefined,
    durata,
  };
}

function chiudiSospensione(
  state: TirocinioState,
  al: IsoDate,
  actor: Actor,
  at: string,
): { sospensioni: SospensioneTirocinio[]; dettagli: Record<string, unknown> } {
  const i = state.sospensioni.length - 1;
  const aperta = state.sospensioni[i];
  const giorni = giorniInclusi(aperta.dal, al);
  const min = minimoSospensione(state, aperta.causa);
  const perFrazione = min.frazione ? giorni * min.frazione.den >= min.frazione.num * min.durata : true;
  const conteggiata = giorni >= min.giorni && perFrazione;
  const chiusa: SospensioneTirocinio = { ...aperta, al, conteggiata, ripresaRegistrataDa: actor.sub, ripresaRegistrataIl: at };
  return {
    sospensioni: [...state.sospensioni.slice(0, i), chiusa],
    dettagli: {
      causa: aperta.causa,
      dal: aperta.dal,
      al,
      giorni,
      conteggiata,
      minimoGiorni: min.giorni,
      ...(min.frazione ? { minimoFrazioneDurata: `${min.frazione.num}/${min.frazione.den}`, durataPrevistaGiorni: min.durata } : {}),
    },
  };
}

/** The traineeship's course: the CO and the start, suspensions, proroga, interruption and the end. */
export function decideSvolgimento(state: TirocinioState, event: EventoSvolgimento, { il, oggi, step }: ContestoTirocinio): Decision<TirocinioStep> {
  switch (event.type) {
    case 'comunicazioneObbligatoria': {
      const v = [
        ...statoAmmesso(state, ['attesa-comunicazione', 'avvio-bloccato'], 'la comunicazione obbligatoria'),
        ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.comunicazioneObbligatoria),
      ];
      if (state.comunicazione) {
        v.push({
          rule: 'comunicazione-gia-registrata',
          field: 'comunicazione',
          message: 'la comunicazione obbligatoria è già registrata',
          found: state.comunicazione.codice,
        });
      }
      const codice = (event.codice ?? '').trim();
      if (codice === '') v.push({ rule: 'codice-comunicazione-mancante', field: 'codice', message: 'serve il codice della comunicazione obbligatoria' });
      const dv = dataValida(event.data, 'data');
      v.push(...dv);
      if (!dv.length) {
        if (event.data > state.dataInizio) {
          v.push({
            rule: 'comunicazione-tardiva',
            field: 'data',
            message: "la comunicazione obbligatoria deve precedere l'avvio",
            found: event.data,
            limit: state.dataInizio,
          });
        }
        v.push(...nonFutura(event.data, oggi, 'data'));
      }
      if (v.length) return refuse(...v);
      const comunicazione = { codice, data: event.data, registrataDa: event.actor.sub, registrataIl: il };
      const attiva = state.stato === 'avvio-bloccato';
      return step({ ...state, comunicazione, ...(attiva ? { stato: 'attiva' as const, avviataIl: il } : {}) }, event.actor.sub, {
        dettagli: { codice, data: event.data },
      });
    }

    case 'avvio': {
      const v = statoAmmesso(state, ['attesa-comunicazione'], "l'avvio");
      if (!v.length && oggi < state.dataInizio) {
        v.push({ rule: 'avvio-non-raggiunto', field: 'dataInizio', message: 'la data di inizio non è ancora arrivata', found: oggi, limit: state.dataInizio });
      }
      if (v.length) return refuse(...v);
      if (state.comunicazione) return step({ ...state, stato: 'attiva', avviataIl: il }, null, { dettagli: { dataInizio: state.dataInizio } });
      return step({ ...state, stato: 'avvio-bloccato', bloccataIl: il }, null, {
        motivo: 'comunicazione obbligatoria non registrata alla data di inizio',
        dettagli: { dataInizio: state.dataInizio },
      });
    }

    case 'sospensione': {
      const v = [...statoAmmesso(state, ['attiva'], 'la sospensione'), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.sospensione)];
      const ammesse = state.limiti.causeSospensione.map((c) => c.causa);
      if (!ammesse.includes(event.causa)) {
        v.push({
          rule: 'causa-non-ammessa',
          field: 'causa',
          message: `cause di sospensione ammesse: ${ammesse.join(', ')}`,
          found: event.causa,
          limit: ammesse,
        });
      }
      const m = motivazione(event.motivo);
      v.push(...m.violations);
      const dv = dataValida(event.dal, 'dal');
      v.push(...dv);
      if (!dv.length) {
        const ultima = state.sospensioni[state.sospensioni.length - 1];
        if (event.dal < state.dataInizio) {
          v.push({
            rule: 'sospensione-prima-inizio',
            field: 'dal',
            message: 'la sospensione non può iniziare prima del tirocinio',
            found: event.dal,
            limit: state.dataInizio,
          });
        } else if (ultima?.al !== undefined && event.dal <= ultima.al) {
          v.push({
            rule: 'sospensione-sovrapposta',
            field: 'dal',
            message: 'la sospensione inizia prima della fine della precedente',
            found: event.dal,
            limit: addDays(ultima.al, 1),
          });
        }
        if (event.dal > state.dataFineEffettiva) {
          v.push({
            rule: 'sospensione-oltre-fine',
            field: 'dal',
            message: 'la sospensione inizia dopo la fine del tirocinio',
            found: event.dal,
            limit: state.dataFineEffettiva,
          });
        }
        v.push(...nonFutura(event.dal, oggi, 'dal'));
      }
      if (v.length) return refuse(...v);
      const sospensione: SospensioneTirocinio = { causa: event.causa, dal: event.dal, motivo: m.motivo, registrataDa: event.actor.sub, registrataIl: il };
      return step({ ...state, stato: 'sospesa', sospensioni: [...state.sospensioni, sospensione] }, event.actor.sub, {
        motivo: m.motivo,
        dettagli: { causa: event.causa, dal: event.dal },
      });
    }

    case 'ripresa': {
      const v = [...statoAmmesso(state, ['sospesa'], 'la ripresa'), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.ripresa)];
      const aperta = state.sospensioni[state.sospensioni.length - 1];
      const dv = dataValida(event.al, 'al');
      v.push(...dv);
      if (!dv.length) {
        if (aperta && state.stato === 'sospesa' && event.al < aperta.dal) {
          v.push({
            rule: 'ripresa-prima-sospensione',
            field: 'al',
            message: "l'ultimo giorno di sospensione non può precederne l'inizio",
            found: event.al,
            limit: aperta.dal,
          });
        }
        v.push(...nonFutura(event.al, oggi, 'al'));
      }
      if (v.length) return refuse(...v);
      const { sospensioni, dettagli } = chiudiSospensione(state, event.al, event.actor, il);
      const fine = dataFineEffettiva(state.dataFinePrevista, sospensioni);
      return step({ ...state, stato: 'attiva', sospensioni, dataFineEffettiva: fine }, event.actor.sub, { dettagli: { ...dettagli, dataFineEffettiva: fine } });
    }

    case 'proroga': {
      const v = [...statoAmmesso(state, ['attiva', 'sospesa'], 'la proroga'), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.proroga)];
      const m = motivazione(event.motivo);
      v.push(...m.violations);
      const dv = dataValida(event.nuovaDataFine, 'nuovaDataFine');
      v.push(...dv);
      if (!dv.length) {
        const massimo = durataMassimaFine(state.dataInizio, state.limiti.durataMassimaMesi);
        if (event.nuovaDataFine <= state.dataFinePrevista) {
          v.push({
            rule: 'proroga-non-estende',
            field: 'nuovaDataFine',
            message: 'la proroga deve spostare avanti la fine prevista',
            found: event.nuovaDataFine,
            limit: addDays(state.dataFinePrevista, 1),
          });
        }
        if (event.nuovaDataFine > massimo) {
          v.push({
            rule: 'proroga-oltre-massimo',
            field: 'nuovaDataFine',
            message: `con la proroga il tirocinio supererebbe la durata massima di ${state.limiti.durataMassimaMesi} mesi (sospensioni escluse)`,
            found: event.nuovaDataFine,
            limit: massimo,
          });
        }
      }
      if (v.length) return refuse(...v);
      const fine = dataFineEffettiva(event.nuovaDataFine, state.sospensioni);
      const proroga: ProrogaTirocinio = {
        daDataFine: state.dataFinePrevista,
        aDataFine: event.nuovaDataFine,
        motivo: m.motivo,
        registrataDa: event.actor.sub,
        registrataIl: il,
      };
      return step({ ...state, dataFinePrevista: event.nuovaDataFine, dataFineEffettiva: fine, proroghe: [...state.proroghe, proroga] }, event.actor.sub, {
        motivo: m.motivo,
        dettagli: { daDataFine: state.dataFinePrevista, aDataFine: event.nuovaDataFine, dataFineEffettiva: fine, ...controlli(event) },
      });
    }

    case 'interruzione': {
      const v = [
        ...statoAmmesso(state, ['attesa-comunicazione', 'avvio-bloccato', 'attiva', 'sospesa'], "l'interruzione"),
        ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.interruzione),
      ];
      if (!(PARTI_INTERRUZIONE as readonly string[]).includes(event.parte)) {
        v.push({
          rule: 'parte-non-ammessa',
          field: 'parte',
          message: `parte: una tra ${PARTI_INTERRUZIONE.join(', ')}`,
          found: event.parte,
          limit: PARTI_INTERRUZIONE,
        });
      }
      const m = motivazione(event.motivo);
      v.push(...m.violations);
      if (v.length) return refuse(...v);
      let next: TirocinioState = state;
      let chiusura: Record<string, unknown> = {};
      if (state.stato === 'sospesa') {
        const aperta = state.sospensioni[state.sospensioni.length - 1];
        const { sospensioni, dettagli } = chiudiSospensione(state, oggi < aperta.dal ? aperta.dal : oggi, event.actor, il);
        next = { ...state, sospensioni, dataFineEffettiva: dataFineEffettiva(state.dataFinePrevista, sospensioni) };
        chiusura = { sospensioneChiusa: dettagli };
      }
      const interruzione: InterruzioneTirocinio = { parte: event.parte, motivo: m.motivo, data: oggi, registrataDa: event.actor.sub, il };
      return step({ ...next, stato: 'interrotta', interruzione, conclusaIl: il }, event.actor.sub, {
        motivo: m.motivo,
        dettagli: { parte: event.parte, data: oggi, ...chiusura },
      });
    }

    case 'conclusione': {
      const v = statoAmmesso(state, ['attiva'], 'la conclusione');
      if (!v.length) {
        if (event.dataFine !== state.dataFineEffettiva) {
          v.push({
            rule: 'fine-non-corrente',
            field: 'dataFine',
            message: 'la data di fine non è quella attuale del tirocinio',
            found: event.dataFine,
            limit: state.dataFineEffettiva,
          });
        } else if (oggi <= state.dataFineEffettiva) {
          v.push({
            rule: 'fine-non-raggiunta',
            field: 'dataFine',
            message: 'il tirocinio non è ancora terminato',
            found: oggi,
            limit: addDays(state.dataFineEffettiva, 1),
          });
        }
      }
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'conclusa', conclusaIl: il }, null, { dettagli: { dataFineEffettiva: state.dataFineEffettiva } });
    }
  }
}
