import type { Actor } from '../auth/roles';
import { parseIsoDate } from '../calendar/calendario';
import type { Decision, RuleViolation } from '../common/violation';
import { accept, refuse } from '../common/violation';
import { aggiungiMesi } from './durata';
import { decideTirocinio } from './tirocinio.machine';
import { TirocinioEvent, TirocinioState, initialTirocinioState } from './tirocinio.state';
import type { IsoDate, ProgettoFormativo, RegolePackTirocini } from './tirocini.types';

/**
 * An open traineeship brought over from an office's previous system (the migration import): what the old system
 * recorded of its review and start, replayed through decideTirocinio at the instants it happened, so the state is
 * exactly the one this service would have built and every rule of those steps is checked again (separation of duties
 * between who submitted and who approved, the CO before the start and not in the future, each month's hours within
 * its cap). Only traineeships under way are imported ('attiva': started, not yet past their end); suspensions and
 * proroghe still open in the old system are recorded afterwards through the ordinary steps.
 *
 * The first-level checks of the submission (documents, the site's and tutors' places) were the old system's: the
 * import records the traineeship as it is, with no documents attached; the import's audit row says so.
 */
export interface DatiMigrazioneTirocinio {
  /** The traineeship's key in the old system: one import per office and key. */
  codiceOrigine: string;
  /** Submission in the old system: when and by whom (an operatore or promotore there). */
  inviataIl: string;
  inviataDa: string;
  /** The approval: when and by whom (a responsabile, not whoever submitted). */
  approvataIl: string;
  approvataDa: string;
  /** The comunicazione obbligatoria (UNILAV), registered on or before the start. */
  comunicazione: { codice: string; data: IsoDate };
  /** The months already in the register, in any order. */
  presenze?: Array<{ mese: string; ore: number }>;
}

export interface ContestoMigrazione {
  tirocinioId: string;
  ufficio: string;
  progetto: Pick<ProgettoFormativo, 'dataInizio' | 'dataFine' | 'oreSettimanali' | 'svantaggiato'>;
  /** The rule pack in force on the submission day (durations, threshold and causes are copied from it). */
  regole: RegolePackTirocini;
  /** Who imports: the facts the old system recorded without a person (the CO, the register) are recorded as theirs. */
  importatoDa: string;
  /** The procedure's logical now (orologio.adessoLogico): the traineeship must be under way on its day. */
  now: Date;
}

const ISTANTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The state of a migrated traineeship, or every rule its record breaks (fields named as in the import's item). */
export function statoMigrato(d: DatiMigrazioneTirocinio, c: ContestoMigrazione): Decision<TirocinioState> {
  const v: RuleViolation[] = [];
  const istante = (field: 'inviataIl' | 'approvataIl') => {
    const x = d[field];
    if (typeof x !== 'string' || !ISTANTE.test(x) || Number.isNaN(Date.parse(x))) {
      v.push({ rule: 'data-non-valida', field, message: 'un istante ISO 8601 con il fuso (AAAA-MM-GGThh:mm:ssZ)', found: x });
      return undefined;
    }
    if (Date.parse(x) > c.now.getTime()) v.push({ rule: 'data-futura', field, message: 'non può essere nel futuro', found: x });
    return new Date(x);
  };
  const inviata = istante('inviataIl');
  const approvata = istante('approvataIl');
  if (inviata && approvata && approvata < inviata)
    v.push({ rule: 'date-invertite', field: 'approvataIl', message: "l'approvazione segue l'invio", found: d.approvataIl, limit: d.inviataIl });
  const oggi = c.now.toISOString().slice(0, 10);
  if (c.progetto.dataInizio > oggi || c.progetto.dataFine < oggi) {
    v.push({
      rule: 'migrazione-non-in-corso',
      field: c.progetto.dataInizio > oggi ? 'progetto.dataInizio' : 'progetto.dataFine',
      message: 'si importano solo tirocini in corso: iniziati e non ancora conclusi',
      found: c.progetto.dataInizio > oggi ? c.progetto.dataInizio : c.progetto.dataFine,
      limit: oggi,
    });
  }
  if (v.length || !inviata || !approvata) return refuse(...v);

  const attore = (sub: string, ruolo: 'operatore' | 'responsabile'): Actor => ({ sub, roles: [ruolo], office: c.ufficio });
  const registro = attore(c.importatoDa, 'operatore');
  let state = initialTirocinioState({
    tirocinioId: c.tirocinioId,
    ufficio: c.ufficio,
    progetto: c.progetto,
    regole: c.regole,
    creatoDa: d.inviataDa,
  });
  // Each step at the instant it happened; its refusals name the import's field it came from.
  const passo = (event: TirocinioEvent, il: Date, campo: (f?: string) => string): boolean => {
    const r = decideTirocinio(state, event, il);
    if (!r.ok) {
      v.push(...r.violations.map((x) => ({ ...x, field: campo(x.field) })));
      return false;
    }
    state = r.value.state;
    return true;
  };
  const inizio = new Date(parseIsoDate(c.progetto.dataInizio));
  const co = d.comunicazione;
  const coIl = new Date(Math.max(approvata.getTime(), parseIsoDate(co.data) || 0));
  const ok =
    passo({ type: 'invio', actor: attore(d.inviataDa, 'operatore'), versioneRegole: c.regole.versione, violazioni: [] }, inviata, (f) =>
      f === 'actor' ? 'inviataDa' : 'inviataIl',
    ) &&
    passo({ type: 'decisione', actor: attore(d.approvataDa, 'responsabile'), esito: 'approvata' }, approvata, (f) =>
      f === 'actor' ? 'approvataDa' : 'approvataIl',
    ) &&
    passo({ type: 'comunicazioneObbligatoria', actor: registro, codice: co.codice, data: co.data }, coIl, (f) => `comunicazione.${f ?? 'data'}`) &&
    passo({ type: 'avvio' }, new Date(Math.max(inizio.getTime(), coIl.getTime())), () => 'progetto.dataInizio');
  if (!ok) return refuse(...v);

  // The register, month by month, each recorded on the first day of the next month (or now, for the current one).
  const presenze = [...(d.presenze ?? [])].map((p, i) => ({ ...p, i })).sort((a, b) => (a.mese < b.mese ? -1 : a.mese > b.mese ? 1 : 0));
  for (const p of presenze) {
    const dopo = /^\d{4}-(0[1-9]|1[0-2])$/.test(p.mese) ? parseIsoDate(aggiungiMesi(`${p.mese}-01`, 1)) : c.now.getTime();
    passo({ type: 'presenze', actor: registro, mese: p.mese, ore: p.ore }, new Date(Math.min(dopo, c.now.getTime())), (f) =>
      f === 'ore' ? `presenze[${p.i}].ore` : `presenze[${p.i}].mese`,
    );
  }
  if (v.length) return refuse(...v);
  if (state.stato !== 'attiva') {
    return refuse({
      rule: 'migrazione-non-in-corso',
      field: 'progetto.dataFine',
      message: 'si importano solo tirocini in corso',
      found: state.stato,
      limit: 'attiva',
    });
  }
  return accept(state);
}
