import type { RuleViolation } from '../common/violation';
import { durataMs } from '../cronoprogramma/scadenze';
import { PRIORITA, Priorita } from './ispezioni.types';
import { PoliticaIspezione, politicaIspezione } from './scadenze';

/**
 * An inspectorate's one policy: the terms of its inspections, its rotation rule, its commit-reveal periods and the
 * monitoring of its draws. The inspectorate stores only what it changes (`ImpostazioniIspettorato`, flat, as given
 * through the API); `politicaIspettorato` merges it with the defaults below and refuses anything malformed, naming
 * the setting. The API shows the merged policy, so everyone reads the same numbers the service applies.
 */

/** Rotation: an inspector who worked at the same company recently is left out of its draws. */
export interface PoliticaRotazione {
  /** How far back an earlier assignment at the same company counts, in months (0: no rotation). */
  finestraMesi: number;
  /** Whether assignments whose inspection is closed count too (otherwise only the inspector's open ones). */
  contaChiuse: boolean;
  /**
   * When rotation alone would leave nobody to draw, it steps aside for that draw: the inspectors it excluded are
   * drawn among (by workload, as usual) and the transcript records the waiver. Small offices need it: with two
   * inspectors, the third request about one company within the window would otherwise never be drawn.
   */
  derogaSeNessunIdoneo: boolean;
}

/** The commit-reveal periods, created ahead by the service (docs/assignment.md §3). */
export interface PoliticaPeriodi {
  /** 'P1M': calendar months in Italy (the usual case); or a fixed length, an ISO 8601 duration in whole seconds. */
  durata: string;
  /** The commitments are published this far ahead of their period (ms). */
  anticipoMs: number;
}

/** Continuous monitoring of the draws' impartiality (docs/assignment.md §13). */
export interface PoliticaMonitoraggio {
  /** The dirigente is told when the chi-square p-value falls below this. */
  soglia: number;
  /** The rolling window checked at each period's close, in days. */
  finestraGiorni: number;
}

export interface PoliticaIspettorato {
  termini: PoliticaIspezione;
  rotazione: PoliticaRotazione;
  periodi: PoliticaPeriodi;
  monitoraggio: PoliticaMonitoraggio;
}

/** What an inspectorate may set, as stored and as sent to the API (every member optional). */
export interface ImpostazioniIspettorato {
  primoAccessoGiorni?: Partial<Record<Priorita, number>>;
  accettazioneGiorniLavorativi?: number;
  verbaleUnicoGiorni?: number;
  preavvisoGiorni?: number;
  /** ISO 8601 durations: the length of one "day" of the terms (tests shrink it) and the escalation tolerance. */
  unita?: string;
  tolleranzaEscalation?: string;
  finestraRotazioneMesi?: number;
  /** Earlier form of the rotation window, in years; finestraRotazioneMesi wins when both are given. */
  finestraRotazioneAnni?: number;
  rotazioneContaChiuse?: boolean;
  rotazioneDerogaSeNessunIdoneo?: boolean;
  periodoSorteggio?: string;
  anticipoPubblicazione?: string;
  sogliaImparzialita?: number;
  finestraMonitoraggioGiorni?: number;
}

export const ROTAZIONE_PREDEFINITA: PoliticaRotazione = { finestraMesi: 12, contaChiuse: true, derogaSeNessunIdoneo: true };
export const PERIODI_PREDEFINITI: PoliticaPeriodi = { durata: 'P1M', anticipoMs: 7 * 86_400_000 };
export const MONITORAGGIO_PREDEFINITO: PoliticaMonitoraggio = { soglia: 0.01, finestraGiorni: 90 };

const ANTICIPO_MASSIMO_MS = 92 * 86_400_000;
const PERIODI_IN_ANTICIPO_MASSIMI = 100;

const CHIAVI: Record<keyof ImpostazioniIspettorato, 'intero' | 'durata' | 'booleano' | 'probabilita' | 'priorita' | 'periodo'> = {
  primoAccessoGiorni: 'priorita',
  accettazioneGiorniLavorativi: 'intero',
  verbaleUnicoGiorni: 'intero',
  preavvisoGiorni: 'intero',
  unita: 'durata',
  tolleranzaEscalation: 'durata',
  finestraRotazioneMesi: 'intero',
  finestraRotazioneAnni: 'intero',
  rotazioneContaChiuse: 'booleano',
  rotazioneDerogaSeNessunIdoneo: 'booleano',
  periodoSorteggio: 'periodo',
  anticipoPubblicazione: 'durata',
  sogliaImparzialita: 'probabilita',
  finestraMonitoraggioGiorni: 'intero',
};

const MAX_GIORNI = 3650;
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const intero = (x: unknown, min = 0, max = MAX_GIORNI) => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;

function durataValida(x: unknown, almenoUnSecondo = false): boolean {
  if (typeof x !== 'string' || x.length > 40) return false;
  try {
    const ms = durataMs(x);
    return almenoUnSecondo ? ms >= 1000 && ms % 1000 === 0 : ms > 0;
  } catch {
    return false;
  }
}

/**
 * The inspectorate's settings checked one by one (every problem listed, each naming its setting under `campo`),
 * then merged with the defaults. Unknown settings are refused, so a typo is not silently ignored.
 */
export function politicaIspettorato(
  impostazioni: unknown,
  campo = 'politica',
): { ok: true; value: PoliticaIspettorato } | { ok: false; violations: RuleViolation[] } {
  const v: RuleViolation[] = [];
  const raw = impostazioni ?? {};
  if (!isObj(raw)) return { ok: false, violations: [{ rule: 'politica-non-valida', field: campo, message: 'la politica deve essere un oggetto', found: raw }] };
  for (const [k, x] of Object.entries(raw)) {
    const tipo = CHIAVI[k as keyof ImpostazioniIspettorato];
    const field = `${campo}.${k}`;
    const err = (message: string, limit?: unknown) =>
      v.push({ rule: 'politica-non-valida', field, message, found: x, ...(limit !== undefined ? { limit } : {}) });
    if (!tipo) {
      err(`impostazione sconosciuta; quelle ammesse sono: ${Object.keys(CHIAVI).join(', ')}`);
      continue;
    }
    if (tipo === 'intero' && !intero(x)) err(`deve essere un numero intero da 0 a ${MAX_GIORNI}`, MAX_GIORNI);
    if (tipo === 'booleano' && typeof x !== 'boolean') err('deve essere true o false');
    if (tipo === 'probabilita' && !(typeof x === 'number' && Number.isFinite(x) && x > 0 && x < 1)) err('deve essere un numero tra 0 e 1 (esclusi)');
    if (tipo === 'durata' && !durataValida(x)) err('deve essere una durata ISO 8601 positiva in giorni, ore, minuti o secondi (es. P7D, PT1S)');
    if (tipo === 'periodo' && x !== 'P1M' && !durataValida(x, true))
      err("deve essere 'P1M' (mesi di calendario) o una durata ISO 8601 in secondi interi (es. PT30S, P7D)");
    if (tipo === 'priorita') {
      if (!isObj(x)) err('deve essere un oggetto { alta, media, bassa }');
      else {
        for (const [p, n] of Object.entries(x)) {
          if (!(PRIORITA as readonly string[]).includes(p))
            v.push({ rule: 'politica-non-valida', field: `${field}.${p}`, message: `priorità sconosciuta; ammesse: ${PRIORITA.join(', ')}`, found: p });
          else if (!intero(n))
            v.push({ rule: 'politica-non-valida', field: `${field}.${p}`, message: `deve essere un numero intero da 0 a ${MAX_GIORNI}`, found: n });
        }
      }
    }
  }
  if (v.length) return { ok: false, violations: v };
  const i = raw as ImpostazioniIspettorato;
  // Periods published ahead: at most three months' worth, and at most 100 periods (a few per schedule run).
  const anticipo = i.anticipoPubblicazione !== undefined ? durataMs(i.anticipoPubblicazione) : PERIODI_PREDEFINITI.anticipoMs;
  const durata = (i.periodoSorteggio ?? PERIODI_PREDEFINITI.durata) === 'P1M' ? 28 * 86_400_000 : durataMs(i.periodoSorteggio!);
  if (anticipo > ANTICIPO_MASSIMO_MS) {
    v.push({
      rule: 'politica-non-valida',
      field: `${campo}.anticipoPubblicazione`,
      message: 'i periodi si pubblicano al più 92 giorni prima',
      found: i.anticipoPubblicazione,
      limit: 'P92D',
    });
  } else if (anticipo / durata > PERIODI_IN_ANTICIPO_MASSIMI) {
    v.push({
      rule: 'politica-non-valida',
      field: `${campo}.anticipoPubblicazione`,
      found: i.anticipoPubblicazione,
      limit: PERIODI_IN_ANTICIPO_MASSIMI,
      message: `con periodi di ${i.periodoSorteggio} si pubblicherebbero più di ${PERIODI_IN_ANTICIPO_MASSIMI} periodi in anticipo: allungare i periodi o ridurre l'anticipo`,
    });
  }
  if (v.length) return { ok: false, violations: v };
  const termini = politicaIspezione({
    ...(i.primoAccessoGiorni ? { primoAccessoGiorni: i.primoAccessoGiorni } : {}),
    ...(i.accettazioneGiorniLavorativi !== undefined ? { accettazioneGiorniLavorativi: i.accettazioneGiorniLavorativi } : {}),
    ...(i.verbaleUnicoGiorni !== undefined ? { verbaleUnicoGiorni: i.verbaleUnicoGiorni } : {}),
    ...(i.preavvisoGiorni !== undefined ? { preavvisoGiorni: i.preavvisoGiorni } : {}),
    ...(i.unita !== undefined ? { unita: i.unita } : {}),
    ...(i.tolleranzaEscalation !== undefined ? { tolleranzaEscalation: i.tolleranzaEscalation } : {}),
  });
  const finestraMesi = i.finestraRotazioneMesi ?? (i.finestraRotazioneAnni !== undefined ? i.finestraRotazioneAnni * 12 : ROTAZIONE_PREDEFINITA.finestraMesi);
  return {
    ok: true,
    value: {
      termini,
      rotazione: {
        finestraMesi,
        contaChiuse: i.rotazioneContaChiuse ?? ROTAZIONE_PREDEFINITA.contaChiuse,
        derogaSeNessunIdoneo: i.rotazioneDerogaSeNessunIdoneo ?? ROTAZIONE_PREDEFINITA.derogaSeNessunIdoneo,
      },
      periodi: {
        durata: i.periodoSorteggio ?? PERIODI_PREDEFINITI.durata,
        anticipoMs: i.anticipoPubblicazione !== undefined ? durataMs(i.anticipoPubblicazione) : PERIODI_PREDEFINITI.anticipoMs,
      },
      monitoraggio: {
        soglia: i.sogliaImparzialita ?? MONITORAGGIO_PREDEFINITO.soglia,
        finestraGiorni: i.finestraMonitoraggioGiorni ?? MONITORAGGIO_PREDEFINITO.finestraGiorni,
      },
    },
  };
}

/** The merged policy of a stored (already validated) setting; a stored value that no longer validates is an error. */
export function politicaDi(impostazioni: unknown): PoliticaIspettorato {
  const p = politicaIspettorato(impostazioni);
  if (!p.ok) throw new Error(`politica dell'ispettorato non valida: ${p.violations.map((x) => `${x.field}: ${x.message}`).join('; ')}`);
  return p.value;
}
