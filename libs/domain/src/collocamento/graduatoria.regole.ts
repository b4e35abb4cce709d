import type { IsoDate } from '../calendar/calendario';
import { giornoNumero } from './collocamento.date';

/**
 * Versioned ranking rule packs (DOMAIN §2, step 3): one per region and period of validity. Every number the scoring
 * uses is here, none in the scoring code, and a published graduatoria names the pack's `versione`, so it can be
 * recomputed years later with the same rules. Packs are frozen.
 *
 * Points are integer hundredths of a point (`CentPunti`: 1 point = 100), money integer euro cents: totals are
 * exact and reproducible on any machine.
 */
export type CentPunti = number;

/** Tie-breaks a pack may use, in its order; the last resort, always applied, is iscrittoId ascending. */
export const SPAREGGI = ['iscrizione-meno-recente', 'piu-giovane', 'isee-inferiore', 'piu-familiari'] as const;
export type Spareggio = (typeof SPAREGGI)[number];

/** The criteria, in the order the breakdown lists them. */
export const CRITERI = ['invalidita', 'anzianita', 'isee', 'carico-familiare', 'competenze'] as const;
export type Criterio = (typeof CRITERI)[number];

/** Degree of invalidity: `puntiPerPunto` per percentage point, at most `tetto`. Art. 18 (no percentage): 0. */
export interface RegolaInvalidita {
  puntiPerPunto: CentPunti;
  tetto: CentPunti;
  fonte: string;
}

/**
 * Enrolment seniority: `puntiPerMese` per whole month on the list, at most `tetto`; with `oltre`, more than
 * `oltre.mesi` months (whole months and any further day) scores `oltre.punti` instead.
 */
export interface RegolaAnzianita {
  puntiPerMese: CentPunti;
  tetto: CentPunti;
  oltre?: { mesi: number; punti: CentPunti };
  fonte: string;
}

/**
 * Economic condition, decreasing with the ISEE:
 * - 'decrescente': puntiMassimi − decremento × floor(iseeCent / passoCent), never below 0;
 * - 'fasce': the points of the first band whose `finoACent` (inclusive) is ≥ the ISEE; the last band has
 *   `finoACent: null` (no upper bound). Bands ascending.
 * `senzaIsee`: the points of a person who has not filed an ISEE.
 */
export type RegolaIsee =
  | { tipo: 'decrescente'; puntiMassimi: CentPunti; decremento: CentPunti; passoCent: number; senzaIsee: CentPunti; fonte: string }
  | { tipo: 'fasce'; fasce: Array<{ finoACent: number | null; punti: CentPunti }>; senzaIsee: CentPunti; fonte: string };

/** Family burden: `puntiPerFamiliare` per dependant, counting at most `massimoFamiliari` dependants. */
export interface RegolaCaricoFamiliare {
  puntiPerFamiliare: CentPunti;
  massimoFamiliari: number;
  fonte: string;
}

/**
 * Fit to the offer: floor(puntiMassimi × Σ weights of the required skills the person holds / Σ weights of all the
 * required skills), i.e. rounded down to the hundredth of a point. An offer with no required skills: 0 for everyone.
 */
export interface RegolaCompetenze {
  puntiMassimi: CentPunti;
  fonte: string;
}

/** What eligibility does with an offer task the relazione conclusiva does not mention: see valutaIdoneita. */
export const MANSIONI_NON_VALUTATE = ['escludi', 'ammetti'] as const;
export type PoliticaMansioniNonValutate = (typeof MANSIONI_NON_VALUTATE)[number];

export interface RegoleGraduatoria {
  /** Lower-case region id ('piemonte', 'puglia', …; 'nazionale' for a scheme not tied to a region). */
  regione: string;
  /** Unique across all packs; recorded with every graduatoria. */
  versione: string;
  /** First day the pack applies (by the graduatoria's reference date). */
  validoDal: IsoDate;
  /** The act the pack implements, or 'configured example' where a value is not confirmed from a source. */
  citazione: string;
  criteri: {
    invalidita: RegolaInvalidita;
    anzianita: RegolaAnzianita;
    isee: RegolaIsee;
    caricoFamiliare: RegolaCaricoFamiliare;
    competenze: RegolaCompetenze;
  };
  /** Tie-breaks after the total, in order; iscrittoId ascending always closes the chain. */
  spareggi: Spareggio[];
  idoneita: { mansioniNonValutate: PoliticaMansioniNonValutate };
}

const APL_PIEMONTE =
  'DGR Piemonte n. 7-6435 del 23/01/2023 (criteri per le graduatorie del collocamento mirato, L. 68/99 artt. 1 e 18), ' +
  'come sintetizzata da Agenzia Piemonte Lavoro il 6/3/2023';

/**
 * Piemonte, DGR 7-6435 of 23 January 2023, as Agenzia Piemonte Lavoro summarises it: invalidity % as points (max
 * 100); 2 points per month of enrolment up to 48, and 50 points for more than 24 months; ISEE 0 → 50 points, minus
 * 0.5 per €500 (read here as per complete €500) down to 0; ties: longer enrolment, then younger. The summary lists no
 * family-burden criterion (0 points here) and no skills fit: the 20-point skills fit is a configured example.
 */
export const REGOLE_PIEMONTE_2023: RegoleGraduatoria = {
  regione: 'piemonte',
  versione: 'piemonte-dgr-7-6435-2023/1',
  validoDal: '2023-01-23',
  citazione: `${APL_PIEMONTE}; carico familiare non previsto (0 punti); adeguatezza alle competenze richieste: configured example`,
  criteri: {
    invalidita: { puntiPerPunto: 100, tetto: 10_000, fonte: APL_PIEMONTE },
    anzianita: { puntiPerMese: 200, tetto: 4_800, oltre: { mesi: 24, punti: 5_000 }, fonte: APL_PIEMONTE },
    isee: {
      tipo: 'decrescente',
      puntiMassimi: 5_000,
      decremento: 50,
      passoCent: 50_000,
      senzaIsee: 0,
      fonte: `${APL_PIEMONTE}; senza ISEE: 0 punti (configured example)`,
    },
    caricoFamiliare: { puntiPerFamiliare: 0, massimoFamiliari: 0, fonte: 'non previsto dalla DGR 7-6435/2023' },
    competenze: { puntiMassimi: 2_000, fonte: 'configured example' },
  },
  spareggi: ['iscrizione-meno-recente', 'piu-giovane'],
  idoneita: { mansioniNonValutate: 'escludi' },
};

const DPR_333 = 'criteri di DPR 333/2000 art. 9 (anzianità di iscrizione, condizione economica, carico familiare, grado di invalidità)';

/**
 * A scheme on the national criteria (DPR 333/2000 art. 9: seniority, economic condition, family burden, degree of
 * invalidity) with weights of our choosing: a configured example, not a regional act. ISEE in bands.
 */
export const REGOLE_NAZIONALE_ESEMPIO: RegoleGraduatoria = {
  regione: 'nazionale',
  versione: 'nazionale-dpr-333-2000-esempio/1',
  validoDal: '2000-11-18',
  citazione: `${DPR_333}; pesi: configured example`,
  criteri: {
    invalidita: { puntiPerPunto: 50, tetto: 5_000, fonte: `${DPR_333}; configured example` },
    anzianita: { puntiPerMese: 100, tetto: 6_000, fonte: `${DPR_333}; configured example` },
    isee: {
      tipo: 'fasce',
      fasce: [
        { finoACent: 500_000, punti: 3_000 },
        { finoACent: 1_000_000, punti: 2_000 },
        { finoACent: 2_000_000, punti: 1_000 },
        { finoACent: null, punti: 0 },
      ],
      senzaIsee: 0,
      fonte: `${DPR_333}; configured example`,
    },
    caricoFamiliare: { puntiPerFamiliare: 500, massimoFamiliari: 4, fonte: `${DPR_333}; configured example` },
    competenze: { puntiMassimi: 3_000, fonte: 'configured example' },
  },
  spareggi: ['iscrizione-meno-recente', 'isee-inferiore', 'piu-giovane'],
  idoneita: { mansioniNonValutate: 'escludi' },
};

function congela<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) congela(v);
  }
  return o;
}

/** Every pack known to the code, frozen. Callers may pass their own catalogue (e.g. loaded from configuration). */
export const CATALOGO_REGOLE_GRADUATORIA: readonly RegoleGraduatoria[] = congela([REGOLE_PIEMONTE_2023, REGOLE_NAZIONALE_ESEMPIO]);

/**
 * The pack of `regione` in force on `data`: the one with the latest `validoDal` ≤ data; undefined when the region
 * has none yet (never another region's pack). Throws on a malformed date or two packs of a region starting the same day.
 */
export function regoleGraduatoriaPerData(
  regione: string,
  data: IsoDate,
  catalogo: readonly RegoleGraduatoria[] = CATALOGO_REGOLE_GRADUATORIA,
): RegoleGraduatoria | undefined {
  if (Number.isNaN(giornoNumero(data))) throw new Error(`regole graduatoria: data non valida ${JSON.stringify(data)}`);
  let scelta: RegoleGraduatoria | undefined;
  for (const r of catalogo) {
    if (r.regione !== regione || r.validoDal > data) continue;
    if (scelta && r.validoDal === scelta.validoDal) throw new Error(`regole graduatoria: due versioni per ${regione} dal ${r.validoDal}`);
    if (!scelta || r.validoDal > scelta.validoDal) scelta = r;
  }
  return scelta;
}

/** The pack with this `versione`, or undefined. */
export function regoleGraduatoriaPerVersione(
  versione: string,
  catalogo: readonly RegoleGraduatoria[] = CATALOGO_REGOLE_GRADUATORIA,
): RegoleGraduatoria | undefined {
  return catalogo.find((r) => r.versione === versione);
}

const interoNonNegativo = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Every problem of a pack (e.g. one loaded from configuration), as Italian messages; [] when usable. */
export function verificaRegole(r: RegoleGraduatoria): string[] {
  const out: string[] = [];
  const intero = (nome: string, v: unknown, positivo = false) => {
    if (!interoNonNegativo(v) || (positivo && v === 0)) out.push(`${nome} deve essere un intero ${positivo ? '> 0' : '≥ 0'} (trovato ${JSON.stringify(v)})`);
  };
  if (!r || typeof r !== 'object') return ['le regole devono essere un oggetto'];
  if (typeof r.regione !== 'string' || r.regione.trim() === '') out.push('regione mancante');
  if (typeof r.versione !== 'string' || r.versione.trim() === '') out.push('versione mancante');
  if (Number.isNaN(giornoNumero(r.validoDal))) out.push(`validoDal non è una data (trovato ${JSON.stringify(r.validoDal)})`);
  if (typeof r.citazione !== 'string' || r.citazione.trim() === '') out.push('citazione mancante');
  const c = r.criteri;
  if (!c) return [...out, 'criteri mancanti'];
  intero('invalidita.puntiPerPunto', c.invalidita?.puntiPerPunto);
  intero('invalidita.tetto', c.invalidita?.tetto);
  intero('anzianita.puntiPerMese', c.anzianita?.puntiPerMese);
  intero('anzianita.tetto', c.anzianita?.tetto);
  if (c.anzianita?.oltre !== undefined) {
    intero('anzianita.oltre.mesi', c.anzianita.oltre.mesi);
    intero('anzianita.oltre.punti', c.anzianita.oltre.punti);
  }
  const isee = c.isee;
  if (isee?.tipo === 'decrescente') {
    intero('isee.puntiMassimi', isee.puntiMassimi);
    intero('isee.decremento', isee.decremento);
    intero('isee.passoCent', isee.passoCent, true);
    intero('isee.senzaIsee', isee.senzaIsee);
  } else if (isee?.tipo === 'fasce') {
    intero('isee.senzaIsee', isee.senzaIsee);
    const f = isee.fasce;
    if (!Array.isArray(f) || f.length === 0) out.push('isee.fasce deve avere almeno una fascia');
    else {
      f.forEach((x, i) => {
        intero(`isee.fasce[${i}].punti`, x.punti);
        const ultima = i === f.length - 1;
        if (ultima && x.finoACent !== null) out.push('isee.fasce: l’ultima fascia deve avere finoACent null (nessun limite)');
        if (!ultima) {
          intero(`isee.fasce[${i}].finoACent`, x.finoACent);
          const prec = i > 0 ? f[i - 1].finoACent : null;
          if (prec !== null && typeof x.finoACent === 'number' && x.finoACent <= prec) out.push('isee.fasce: i limiti devono essere crescenti');
        }
      });
    }
  } else out.push(`isee.tipo deve essere 'decrescente' o 'fasce' (trovato ${JSON.stringify((isee as { tipo?: unknown } | undefined)?.tipo)})`);
  intero('caricoFamiliare.puntiPerFamiliare', c.caricoFamiliare?.puntiPerFamiliare);
  intero('caricoFamiliare.massimoFamiliari', c.caricoFamiliare?.massimoFamiliari);
  intero('competenze.puntiMassimi', c.competenze?.puntiMassimi);
  for (const k of ['invalidita', 'anzianita', 'isee', 'caricoFamiliare', 'competenze'] as const) {
    if (typeof c[k]?.fonte !== 'string' || c[k].fonte.trim() === '') out.push(`${k}.fonte mancante`);
  }
  if (!Array.isArray(r.spareggi)) out.push('spareggi deve essere un elenco');
  else {
    for (const s of r.spareggi) if (!(SPAREGGI as readonly string[]).includes(s)) out.push(`spareggio sconosciuto ${JSON.stringify(s)}`);
    if (new Set(r.spareggi).size !== r.spareggi.length) out.push('spareggi ripetuti');
  }
  if (!(MANSIONI_NON_VALUTATE as readonly string[]).includes(r.idoneita?.mansioniNonValutate)) {
    out.push(`idoneita.mansioniNonValutate deve essere ${MANSIONI_NON_VALUTATE.join(' o ')}`);
  }
  return out;
}
