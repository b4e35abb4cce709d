import { isExternal, type Actor } from '../auth/roles';
import { addDays } from '../calendar/calendario';
import { linkAttivita, type VoceAttivita } from '../attivita/attivita';
import { mesiDelPeriodo, aggiungiMesi } from './durata';
import { Orologio, inizioGiorno, oggi } from './orologio';
import type { StatoTirocinio, TirocinioState } from './tirocinio.state';
import { fineTirocinio, mesiPresenzeMancanti, prossimaAzione } from './tirocinio.views';

/**
 * What a tirocinio asks of each user ("Le mie attività"), from its state:
 * - responsabile of the office: a practice submitted or integrated waits for the decision (due GIORNI_DECISIONE days
 *   after, as in the inbox), unless the user is one of its authors (they may not decide it);
 * - operatore: the practices they drafted (to submit) or submitted (to integrate when asked), and the comunicazione
 *   obbligatoria of any approved practice of the office still without it (before the start; overdue once blocked);
 * - promotore (its organisation's practices): drafts, integration requests with their deadline, the resumption of a
 *   suspended traineeship, attendance of elapsed months still missing (after the end, within the days the host has);
 * - ospitante (its organisation's practices): the comunicazione obbligatoria, and missing attendance as the promotore.
 * The attestazione is decided by the procedure itself once attendance is in, so it waits for nobody.
 */

/** States in which a decision is awaited: the responsabile's inbox (GET /tirocini/inbox) and their activities. */
export const STATI_IN_DECISIONE: readonly StatoTirocinio[] = ['inviata', 'integrata'];
const STATI_COMUNICAZIONE: readonly StatoTirocinio[] = ['attesa-comunicazione', 'avvio-bloccato'];
const STATI_PRESENZE: readonly StatoTirocinio[] = ['attiva', 'sospesa', 'conclusa', 'interrotta'];

/**
 * The states in which the caller may have something to do, as the repository selects the office's rows: `ufficio`
 * for any practice of the office, `propri` only for those the caller drafted or submitted (staff); `promotore`,
 * `ospitante` for the practices where the caller's organisation (an external user's) is that side.
 */
export interface StatiAttesaTirocini {
  ufficio: StatoTirocinio[];
  propri: StatoTirocinio[];
  promotore: StatoTirocinio[];
  ospitante: StatoTirocinio[];
}

export function statiAttesaTirocini(actor: Pick<Actor, 'roles'>): StatiAttesaTirocini {
  const ha = (r: string) => actor.roles.some((x) => x === r);
  if (isExternal(actor)) {
    return {
      ufficio: [],
      propri: [],
      promotore: ha('promotore') ? ['bozza', 'integrazioni-richieste', ...STATI_PRESENZE] : [],
      ospitante: ha('ospitante') ? [...STATI_COMUNICAZIONE, ...STATI_PRESENZE] : [],
    };
  }
  return {
    ufficio: [...(ha('responsabile') ? STATI_IN_DECISIONE : []), ...(ha('operatore') ? STATI_COMUNICAZIONE : [])],
    propri: ha('operatore') ? ['bozza', 'integrazioni-richieste'] : [],
    promotore: [],
    ospitante: [],
  };
}

/** A practice as the activities read it (one row of the office's practices in a waiting state). */
export interface RigaAttivitaTirocinio {
  id: string;
  stato: StatoTirocinio;
  /** Null while a draft. */
  statoProcedura: TirocinioState | null;
  creatoDa: string;
  inviataDa: string | null;
  /** ISO instants. */
  creatoIl: string;
  inviataIl: string | null;
  /** "Cognome Nome" of the trainee, the host's denominazione. */
  tirocinante: string | null;
  ospitante: string | null;
  /** The sides of the practice the caller's organisation is on (external users; empty for staff). */
  lati: Array<'promotore' | 'ospitante'>;
}

/** The procedure's clock of a practice, as the API shows its `oggi`: from its submission (or creation). */
export const orologioRiga = (r: Pick<RigaAttivitaTirocinio, 'inviataIl' | 'creatoIl'>, unitaMs: number): Orologio => ({
  unitaMs,
  origine: r.inviataIl ?? r.creatoIl,
});

/**
 * Months already ended on the procedure's clock (before today's month, up to the traineeship's end) without
 * attendance recorded: while it runs, each month's register is due once the month is over; after the end, every
 * month missing (mesiPresenzeMancanti).
 */
export function mesiPresenzeArretrati(state: TirocinioState, oggiProcedura: string): string[] {
  if (!state.avviataIl) return [];
  if (state.stato === 'conclusa' || state.stato === 'interrotta') return mesiPresenzeMancanti(state);
  const fineMesePrecedente = addDays(`${oggiProcedura.slice(0, 7)}-01`, -1);
  const fine = fineTirocinio(state);
  const ultimo = fine < fineMesePrecedente ? fine : fineMesePrecedente;
  if (ultimo < state.dataInizio) return [];
  const registrati = new Set(state.presenze.map((p) => p.mese));
  return mesiDelPeriodo(state.dataInizio, ultimo).filter((m) => !registrati.has(m));
}

/**
 * From which instant an active traineeship asks its sides for attendance (the start of the month after the earliest
 * month still missing, on the practice's clock), or null while nothing is missing: what the activities' query
 * compares with now (tirocini.presenze_dovute_il), so it reads only the active practices that ask something. Exactly
 * `mesiPresenzeArretrati(state, oggi(orologio, now)).length > 0` for any later now, while the state stays as it is.
 */
export function presenzeDovuteDal(state: TirocinioState, orologio: Orologio): string | null {
  if (state.stato !== 'attiva' || !state.avviataIl) return null;
  const registrati = new Set(state.presenze.map((p) => p.mese));
  const primo = mesiDelPeriodo(state.dataInizio, fineTirocinio(state)).find((m) => !registrati.has(m));
  return primo === undefined ? null : new Date(inizioGiorno(orologio, aggiungiMesi(`${primo}-01`, 1))).toISOString();
}

/** The step of an active (or ended) traineeship's register: the attendance of the months over without it. */
export const CODICE_PRESENZE = 'presenze';

/** The things the practice asks of `actor` now (none, one, or one per role the actor holds). */
export function attivitaTirocinio(r: RigaAttivitaTirocinio, actor: Actor, ctx: { unitaMs: number; now: Date }): VoceAttivita[] {
  const s = r.statoProcedura;
  const orologio = orologioRiga(r, ctx.unitaMs);
  /** The instant date `d` begins on the practice's clock; a term "by day d" lapses when d + 1 begins. */
  const inizio = (d: string) => new Date(inizioGiorno(orologio, d)).toISOString();
  const entro = (d: string) => inizio(addDays(d, 1));
  const voce = (codice: string, azione: string, scadenza: string | null, dal: string | undefined): VoceAttivita => ({
    procedura: 'tirocini',
    id: r.id,
    codice,
    riferimento: `${r.tirocinante ?? 'Tirocinante'} presso ${r.ospitante ?? 'ospitante'}`,
    stato: r.stato,
    azione,
    scadenza,
    dal: dal ?? r.inviataIl ?? r.creatoIl,
    link: linkAttivita('tirocini', r.id),
  });
  const esterno = isExternal(actor);
  const ha = (ruolo: string) => actor.roles.some((x) => x === ruolo);
  const come = (lato: 'promotore' | 'ospitante') => esterno && ha(lato) && r.lati.includes(lato);
  const staff = (ruolo: string) => !esterno && ha(ruolo);
  const out: VoceAttivita[] = [];

  const bozza = () => voce('invio', 'Completare e inviare la domanda', null, r.creatoIl);
  const integrazione = () => {
    const aperta = s?.integrazioni[s.integrazioni.length - 1];
    return voce('integrazione', 'Integrare i documenti richiesti', aperta ? entro(aperta.richiesta.scadenza) : null, aperta?.richiesta.il);
  };
  const comunicazione = () =>
    s && !s.comunicazione
      ? voce('comunicazioneObbligatoria', 'Inviare la comunicazione obbligatoria (UNILAV)', inizio(s.dataInizio), s.bloccataIl ?? s.decisione?.il)
      : undefined;
  const presenze = () => {
    if (!s || s.attestazione) return undefined;
    const mancanti = mesiPresenzeArretrati(s, oggi(orologio, ctx.now));
    if (!mancanti.length) return undefined;
    const finito = s.stato === 'conclusa' || s.stato === 'interrotta';
    // After the end the host has GIORNI_REGISTRO_FINALE days (prossimaAzione's deadline); while it runs, no term.
    const termine = finito ? prossimaAzione(s)?.scadenza : undefined;
    const dal = finito ? (s.conclusaIl ?? r.creatoIl) : inizio(aggiungiMesi(`${mancanti[0]}-01`, 1));
    return voce(CODICE_PRESENZE, `Registrare le presenze (${mancanti.join(', ')})`, termine ? entro(termine) : null, dal);
  };

  switch (r.stato) {
    case 'bozza':
      if ((staff('operatore') && r.creatoDa === actor.sub) || come('promotore')) out.push(bozza());
      break;
    case 'inviata':
    case 'integrata':
      if (staff('responsabile') && s && !s.autori.includes(actor.sub)) {
        const termine = prossimaAzione(s)?.scadenza;
        const risposta = s.integrazioni[s.integrazioni.length - 1]?.risposta?.il;
        out.push(voce('decisione', 'Decidere la domanda', termine ? entro(termine) : null, r.stato === 'integrata' && risposta ? risposta : s.inviataIl));
      }
      break;
    case 'integrazioni-richieste':
      if ((staff('operatore') && (r.creatoDa === actor.sub || r.inviataDa === actor.sub)) || come('promotore')) out.push(integrazione());
      break;
    case 'attesa-comunicazione':
    case 'avvio-bloccato': {
      const v = staff('operatore') || come('ospitante') ? comunicazione() : undefined;
      if (v) out.push(v);
      break;
    }
    case 'attiva':
    case 'sospesa':
    case 'conclusa':
    case 'interrotta': {
      if (r.stato === 'sospesa' && come('promotore') && s) {
        const aperta = s.sospensioni.find((x) => x.al === undefined);
        out.push(voce('ripresa', 'Registrare la ripresa del tirocinio', null, aperta?.registrataIl));
      }
      const v = come('promotore') || come('ospitante') ? presenze() : undefined;
      if (v) out.push(v);
      break;
    }
    default:
      break;
  }
  return out;
}
