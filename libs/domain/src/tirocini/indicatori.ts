import { daysBetween, parseIsoDate } from '../calendar/calendario';
import { STATI_TIROCINIO } from './tirocinio.state';
import type { IsoDate } from './tirocini.types';

/**
 * Indicators of the tirocini procedure over a period (pure aggregation over one row per practice).
 *
 * Definitions (instants are reduced to their UTC date, as the procedure's clock does):
 * - `inviate`: practices first submitted in the period, counted by their CURRENT state, overall and by office.
 * - `decisioni`: practices decided (final decision) in the period: days from the submission date to the decision
 *   date (calendar days), their median, and how many took at most `standardGiorni` days.
 * - `avviati`: practices activated in the period (`avviataIl`); `conclusi`: ended in the period (`conclusaIl`,
 *   concluded or interrupted; `interrotti` counts the latter). Both by sex and age band, the age being the trainee's
 *   age in whole years on the start date (dataInizio); someone born on 29 February turns a year older on 1 March in
 *   common years. Ages under 15 fall outside the bands and are counted in `senzaFascia`.
 * Output order is fixed: states in STATI_TIROCINIO order (unknown ones after, alphabetically), offices
 * alphabetically, sexes F then M, bands in FASCE_ETA_TIROCINI order; every band and sex is listed, zeros included.
 */
export interface RigaIndicatoreTirocinio {
  stato: string;
  ufficio: string;
  inviataIl?: string;
  decisaIl?: string;
  esitoDecisione?: string;
  dataInizio: IsoDate;
  avviataIl?: string;
  conclusaIl?: string;
  sessoTirocinante: 'M' | 'F';
  dataNascitaTirocinante: IsoDate;
}

export const FASCE_ETA_TIROCINI = ['15-24', '25-29', '30-39', '40-54', '55+'] as const;
export type FasciaEtaTirocini = (typeof FASCE_ETA_TIROCINI)[number];
const SESSI = ['F', 'M'] as const;

export interface ConteggioPerSessoEta {
  totale: number;
  perSesso: Array<{ sesso: 'F' | 'M'; n: number }>;
  perFascia: Array<{ fascia: FasciaEtaTirocini; n: number }>;
  perSessoEFascia: Array<{ sesso: 'F' | 'M'; fascia: FasciaEtaTirocini; n: number }>;
  /** Trainees younger than 15 at the start (outside every band). */
  senzaFascia: number;
}

export interface IndicatoriTirocini {
  periodo: { dal: IsoDate; al: IsoDate };
  standardGiorni: number;
  inviate: {
    totale: number;
    perStato: Array<{ stato: string; n: number }>;
    perUfficio: Array<{ ufficio: string; totale: number; perStato: Array<{ stato: string; n: number }> }>;
  };
  decisioni: {
    totale: number;
    perEsito: Array<{ esito: string; n: number }>;
    /** Median days submission → decision; null without decisions. May end in .5. */
    medianaGiorni: number | null;
    entroStandard: number;
    /** entroStandard / totale in %, rounded to one decimal; null without decisions. */
    percentualeEntroStandard: number | null;
  };
  avviati: ConteggioPerSessoEta;
  conclusi: ConteggioPerSessoEta & { interrotti: number };
}

/** Age in whole years on `data` of someone born on `nascita`. */
export function etaAllaData(nascita: IsoDate, data: IsoDate): number {
  parseIsoDate(nascita);
  parseIsoDate(data);
  const anni = Number(data.slice(0, 4)) - Number(nascita.slice(0, 4));
  return data.slice(5) < nascita.slice(5) ? anni - 1 : anni;
}

export function fasciaEta(eta: number): FasciaEtaTirocini | undefined {
  if (eta < 15) return undefined;
  if (eta <= 24) return '15-24';
  if (eta <= 29) return '25-29';
  if (eta <= 39) return '30-39';
  if (eta <= 54) return '40-54';
  return '55+';
}

/** The UTC date of an instant, or undefined when absent or not an instant. */
function dataDi(istante: string | undefined): IsoDate | undefined {
  if (istante === undefined || istante === null) return undefined;
  const t = Date.parse(istante);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

const ORDINE_STATI = new Map<string, number>(STATI_TIROCINIO.map((s, i) => [s, i]));
function confrontaStati(a: string, b: string): number {
  const ia = ORDINE_STATI.get(a) ?? Infinity;
  const ib = ORDINE_STATI.get(b) ?? Infinity;
  if (ia !== ib) return ia < ib ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function conteggioPerStato(righe: readonly RigaIndicatoreTirocinio[], conZeri: boolean): Array<{ stato: string; n: number }> {
  const n = new Map<string, number>(conZeri ? STATI_TIROCINIO.map((s) => [s, 0]) : []);
  for (const r of righe) n.set(r.stato, (n.get(r.stato) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => confrontaStati(a[0], b[0])).map(([stato, k]) => ({ stato, n: k }));
}

function perSessoEta(righe: readonly RigaIndicatoreTirocinio[]): ConteggioPerSessoEta {
  const griglia = new Map<string, number>();
  let senzaFascia = 0;
  for (const r of righe) {
    const fascia = fasciaEta(etaAllaData(r.dataNascitaTirocinante, r.dataInizio));
    if (!fascia) {
      senzaFascia++;
      continue;
    }
    const k = `${r.sessoTirocinante}|${fascia}`;
    griglia.set(k, (griglia.get(k) ?? 0) + 1);
  }
  const perSessoEFascia = SESSI.flatMap((sesso) => FASCE_ETA_TIROCINI.map((fascia) => ({ sesso, fascia, n: griglia.get(`${sesso}|${fascia}`) ?? 0 })));
  return {
    totale: righe.length,
    perSesso: SESSI.map((sesso) => ({ sesso, n: righe.filter((r) => r.sessoTirocinante === sesso).length })),
    perFascia: FASCE_ETA_TIROCINI.map((fascia) => ({ fascia, n: perSessoEFascia.filter((x) => x.fascia === fascia).reduce((s, x) => s + x.n, 0) })),
    perSessoEFascia,
    senzaFascia,
  };
}

function mediana(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function calcolaIndicatoriTirocini(
  righe: readonly RigaIndicatoreTirocinio[],
  periodo: { dal: IsoDate; al: IsoDate },
  standardGiorni: number,
): IndicatoriTirocini {
  parseIsoDate(periodo.dal);
  parseIsoDate(periodo.al);
  if (periodo.al < periodo.dal) throw new RangeError(`indicatori tirocini: periodo dal ${periodo.dal} al ${periodo.al} non valido`);
  if (!Number.isInteger(standardGiorni) || standardGiorni < 0)
    throw new RangeError(`indicatori tirocini: standardGiorni deve essere un intero ≥ 0, trovato ${standardGiorni}`);
  const nelPeriodo = (istante: string | undefined) => {
    const d = dataDi(istante);
    return d !== undefined && d >= periodo.dal && d <= periodo.al;
  };

  const inviate = righe.filter((r) => nelPeriodo(r.inviataIl));
  const uffici = [...new Set(inviate.map((r) => r.ufficio))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const decise = righe.filter((r) => nelPeriodo(r.decisaIl) && dataDi(r.inviataIl) !== undefined);
  const giorni = decise.map((r) => daysBetween(dataDi(r.inviataIl) as IsoDate, dataDi(r.decisaIl) as IsoDate));
  const entroStandard = giorni.filter((g) => g <= standardGiorni).length;
  const esiti = new Map<string, number>();
  for (const r of decise) {
    const e = r.esitoDecisione ?? 'non-indicato';
    esiti.set(e, (esiti.get(e) ?? 0) + 1);
  }

  const conclusi = righe.filter((r) => nelPeriodo(r.conclusaIl));
  return {
    periodo: { dal: periodo.dal, al: periodo.al },
    standardGiorni,
    inviate: {
      totale: inviate.length,
      perStato: conteggioPerStato(inviate, true),
      perUfficio: uffici.map((ufficio) => {
        const proprie = inviate.filter((r) => r.ufficio === ufficio);
        return { ufficio, totale: proprie.length, perStato: conteggioPerStato(proprie, false) };
      }),
    },
    decisioni: {
      totale: decise.length,
      perEsito: [...esiti.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([esito, n]) => ({ esito, n })),
      medianaGiorni: mediana(giorni),
      entroStandard,
      percentualeEntroStandard: decise.length ? Math.round((entroStandard * 1000) / decise.length) / 10 : null,
    },
    avviati: perSessoEta(righe.filter((r) => nelPeriodo(r.avviataIl))),
    conclusi: { ...perSessoEta(conclusi), interrotti: conclusi.filter((r) => r.stato === 'interrotta').length },
  };
}
