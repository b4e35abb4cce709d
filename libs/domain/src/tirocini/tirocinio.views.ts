import { addDays } from '../calendar/calendario';
import { mesiDelPeriodo, oreProgrammate, percentualePresenze, presenzaSufficiente } from './durata';
import type { IsoDate } from './tirocini.types';
import { GIORNI_DECISIONE, GIORNI_REGISTRO_FINALE, STATI_FINALI_TIROCINIO, TirocinioState } from './tirocinio.state';

/** Nothing is left to do for the practice: a final state, or the attestazione decided (issued or not). */
export function tirocinioTerminato(state: Pick<TirocinioState, 'stato' | 'attestazione'>): boolean {
  return STATI_FINALI_TIROCINIO.includes(state.stato) || !!state.attestazione;
}

/** Attendance against the planned hours of the whole PFI (suspensions excluded). */
export function esitoPresenze(state: TirocinioState): {
  orePresenza: number;
  oreProgrammate: number;
  soglia: number;
  percentuale: number;
  sufficiente: boolean;
} {
  const centesimi = state.presenze.reduce((s, p) => s + Math.round(p.ore * 100), 0);
  const orePresenza = centesimi / 100;
  const prog = oreProgrammate(state.dataInizio, state.dataFineEffettiva, state.oreSettimanali, state.sospensioni);
  return {
    orePresenza,
    oreProgrammate: prog,
    soglia: state.limiti.sogliaPresenze,
    percentuale: percentualePresenze(orePresenza, prog),
    sufficiente: presenzaSufficiente(orePresenza, prog, state.limiti.sogliaPresenze),
  };
}

/** The day the traineeship ended: its effective end, or the interruption's date. */
export function fineTirocinio(state: TirocinioState): IsoDate {
  return state.stato === 'interrotta' ? (state.interruzione?.data ?? state.dataFineEffettiva) : state.dataFineEffettiva;
}

/** Months of the traineeship (from its start to its end) with no attendance recorded; none if it never started. */
export function mesiPresenzeMancanti(state: TirocinioState): string[] {
  if (!state.avviataIl) return [];
  const registrati = new Set(state.presenze.map((p) => p.mese));
  return mesiDelPeriodo(state.dataInizio, fineTirocinio(state)).filter((m) => !registrati.has(m));
}

/** The next expected action, who takes it (roles, or 'sistema') and its deadline, for the reading view. */
export function prossimaAzione(state: TirocinioState): { azione: string; chi: string; scadenza?: IsoDate } | undefined {
  switch (state.stato) {
    case 'bozza':
      return { azione: 'invio', chi: 'operatore o promotore' };
    case 'inviata':
    case 'integrata': {
      // The office's decision is due GIORNI_DECISIONE days after the submission or the latest integration.
      const risposta = state.integrazioni[state.integrazioni.length - 1]?.risposta?.il;
      const da = (state.stato === 'integrata' && risposta ? risposta : state.inviataIl)?.slice(0, 10);
      return { azione: 'decisione', chi: 'responsabile', ...(da ? { scadenza: addDays(da, GIORNI_DECISIONE) } : {}) };
    }
    case 'integrazioni-richieste': {
      const aperta = state.integrazioni[state.integrazioni.length - 1];
      return { azione: 'integrazione', chi: 'operatore o promotore', ...(aperta ? { scadenza: aperta.richiesta.scadenza } : {}) };
    }
    case 'attesa-comunicazione':
      return state.comunicazione
        ? { azione: 'avvio', chi: 'sistema', scadenza: state.dataInizio }
        : { azione: 'comunicazioneObbligatoria', chi: 'ospitante', scadenza: state.dataInizio };
    case 'avvio-bloccato':
      return { azione: 'comunicazioneObbligatoria', chi: 'ospitante', scadenza: state.dataInizio };
    case 'attiva':
      return { azione: 'conclusione', chi: 'sistema', scadenza: state.dataFineEffettiva };
    case 'sospesa':
      return { azione: 'ripresa', chi: 'promotore o operatore' };
    case 'conclusa':
    case 'interrotta': {
      if (state.attestazione) return undefined;
      return mesiPresenzeMancanti(state).length
        ? { azione: 'presenze', chi: 'ospitante', scadenza: addDays(fineTirocinio(state), GIORNI_REGISTRO_FINALE) }
        : { azione: 'esitoAttestazione', chi: 'promotore' };
    }
    case 'respinta':
    case 'archiviata':
    case 'ritirata':
      return undefined;
  }
}
