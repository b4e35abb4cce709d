import { parseIsoDate } from '../calendar/calendario';
import { CAUSE_SOSPENSIONE, FasciaOspitante, IsoDate, REGIONI_TIROCINI, RegioneTirocini, RegolaSospensione, RegolePackTirocini } from './tirocini.types';

/**
 * The rule packs of the tirocinio extracurricolare, one per region and date (DOMAIN §1: values are configurable per
 * region, in a versioned policy, never literals in the rules). A practice uses the pack in force on its submission
 * date and records `versione`; a new pack never changes a decision already taken.
 *
 * `fonte` cites the act; values that could not be confirmed against the act are marked there as configured defaults
 * to be confirmed by the region's office before going live.
 */

/** Suspension causes of the 2017 guidelines (§ 8): maternity, illness or injury lasting ≥ 1/3 of the planned
 *  duration, the host's closure of at least 15 calendar days. */
const SOSPENSIONE_LINEE_GUIDA_2017: RegolaSospensione[] = [
  { causa: 'maternita', minimoGiorni: 0 },
  { causa: 'malattia-lunga', minimoGiorni: 0, minimoFrazioneDurata: 1 / 3 },
  { causa: 'infortunio-lungo', minimoGiorni: 0, minimoFrazioneDurata: 1 / 3 },
  { causa: 'chiusura-ospitante', minimoGiorni: 15 },
];

/** Accordo Stato-Regioni 25 May 2017 (§ 7): 0-5 permanent employees → 1, 6-20 → 2, over 20 → 10% rounded up. */
const FASCE_LINEE_GUIDA_2017: FasciaOspitante[] = [{ finoA: 5, massimo: 1 }, { finoA: 20, massimo: 2 }, { percentuale: 10 }];

const NAZIONALE_2017: RegolePackTirocini = {
  regione: 'nazionale',
  versione: 'nazionale-2017.1',
  validoDal: '2017-05-25',
  fonte:
    'Accordo Conferenza Stato-Regioni 25 maggio 2017, Linee guida in materia di tirocini formativi e di orientamento ' +
    '(durata 2-12 mesi, 24 per disabili; limiti numerici; tutor ospitante max 3; indennità minima 300 EUR lordi; ' +
    'presenza 70%; sospensioni; licenziamenti 12 mesi; rapporto precedente 2 anni). Valori predefiniti configurati, ' +
    'da confermare: tutor promotore max 20, ore settimanali max 40, integrazioni 10 giorni lavorativi, promemoria ' +
    "comunicazione obbligatoria 5 giorni lavorativi prima dell'inizio.",
  etaMinimaAnni: 16,
  durataMinimaMesi: 2,
  durataMassimaMesi: 12,
  durataMassimaMesiSvantaggiati: 24,
  fasceOspitante: FASCE_LINEE_GUIDA_2017,
  maxTirocinantiPerTutorOspitante: 3,
  maxTirocinantiPerTutorPromotore: 20,
  indennitaMinimaMensileCent: 30_000,
  oreSettimanaliMassime: 40,
  sogliaPresenze: 0.7,
  integrazioneGiorniLavorativi: 10,
  preavvisoComunicazioneGiorniLavorativi: 5,
  mesiSenzaLicenziamenti: 12,
  anniSenzaRapportoPrecedente: 2,
  causeSospensione: SOSPENSIONE_LINEE_GUIDA_2017,
};

/** Toscana before the transposition of the 2017 guidelines: L.R. 32/2002 as amended by L.R. 3/2012. */
const TOSCANA_2012: RegolePackTirocini = {
  ...NAZIONALE_2017,
  regione: 'toscana',
  versione: 'toscana-2012.1',
  validoDal: '2012-02-02',
  fonte:
    'L.R. Toscana 26 luglio 2002 n. 32 artt. 17 bis-17 sexies come modificata dalla L.R. 27 gennaio 2012 n. 3 ' +
    "(BURT n. 4 dell'1/2/2012) e Regolamento 47/R/2003 (mod. 11/R/2012, 39/R/2015): rimborso spese minimo 500 EUR " +
    'lordi mensili (confermato). Valori predefiniti configurati, da confermare: decorrenza 2/2/2012, durata massima ' +
    '6 mesi (tirocinio formativo e di orientamento; 12 per inserimento/reinserimento non modellato), 24 per disabili ' +
    'e svantaggiati, durata minima 1 mese, limiti numerici e tutor come le linee guida nazionali, altri valori come ' +
    'nazionale-2017.1.',
  etaMinimaAnni: 16,
  durataMinimaMesi: 1,
  durataMassimaMesi: 6,
  durataMassimaMesiSvantaggiati: 24,
  indennitaMinimaMensileCent: 50_000,
};

/** Toscana after transposing the 2017 guidelines (L.R. published in BURT n. 15 of 24 April 2018). */
const TOSCANA_2018: RegolePackTirocini = {
  ...TOSCANA_2012,
  versione: 'toscana-2018.1',
  validoDal: '2018-04-25',
  fonte:
    'L.R. Toscana pubblicata nel BURT n. 15 del 24 aprile 2018 (recepimento delle Linee guida 25 maggio 2017, modifiche ' +
    'alla L.R. 32/2002) e Regolamento 47/R/2003: rimborso spese minimo 500 EUR lordi mensili (confermato). Valori ' +
    'predefiniti configurati, da confermare: decorrenza 25/4/2018, durata minima 2 mesi (linee guida 2017), durata ' +
    'massima 6 mesi (tirocinio formativo e di orientamento), 24 per disabili e svantaggiati, altri valori come ' +
    'nazionale-2017.1.',
  etaMinimaAnni: 16,
  durataMinimaMesi: 2,
};

/** Sicilia: D.G.R. 292 of 19 July 2017 and the directive of 12 September 2017 transposing the 2017 guidelines. */
const SICILIA_2017: RegolePackTirocini = {
  ...NAZIONALE_2017,
  regione: 'sicilia',
  versione: 'sicilia-2017.1',
  validoDal: '2017-09-12',
  fonte:
    'Regione Siciliana, D.G.R. n. 292 del 19/7/2017 e direttiva prot. n. 34205 del 12/9/2017 (integra la direttiva ' +
    '43881/US1/2013): durata minima 2 mesi, limiti numerici 0-5 dipendenti → 2 tirocinanti, 6-20 → 4, oltre 20 → 20%, ' +
    'indennità minima 300 EUR lordi, presenza 70% (confermati). Valori predefiniti configurati, da confermare: ' +
    'durata massima 12 mesi (6 per neo-diplomati/laureati entro 12 mesi dal titolo, non modellato), 24 per disabili, ' +
    'altri valori come nazionale-2017.1.',
  fasceOspitante: [{ finoA: 5, massimo: 2 }, { finoA: 20, massimo: 4 }, { percentuale: 20 }],
};

/**
 * The shipped packs. Versions: Toscana has two (2012 and 2018: the minimum duration changed), so a practice submitted
 * before 25 April 2018 keeps the older values.
 */
export const REGOLE_TIROCINI: readonly RegolePackTirocini[] = Object.freeze([NAZIONALE_2017, TOSCANA_2012, TOSCANA_2018, SICILIA_2017].map(congela));

/** Deep-frozen, so no caller can change a shipped pack in place. */
function congela(p: RegolePackTirocini): RegolePackTirocini {
  p.fasceOspitante.forEach((f) => Object.freeze(f));
  p.causeSospensione.forEach((c) => Object.freeze(c));
  Object.freeze(p.fasceOspitante);
  Object.freeze(p.causeSospensione);
  return Object.freeze(p);
}

/**
 * The pack in force for `regione` on `data` (the submission date): the one with the latest `validoDal` not after
 * `data`. Throws if the region has no pack in force on that date (a configuration error, not a user error).
 */
export function regolePerData(regione: RegioneTirocini, data: IsoDate, packs: readonly RegolePackTirocini[] = REGOLE_TIROCINI): RegolePackTirocini {
  parseIsoDate(data);
  let scelto: RegolePackTirocini | undefined;
  for (const p of packs) {
    if (p.regione !== regione || p.validoDal > data) continue;
    if (!scelto || p.validoDal > scelto.validoDal) scelto = p;
    else if (p.validoDal === scelto.validoDal) {
      throw new Error(`regole tirocini: due pacchetti per ${regione} validi dal ${p.validoDal} (${scelto.versione}, ${p.versione})`);
    }
  }
  if (!scelto) {
    const date = packs
      .filter((p) => p.regione === regione)
      .map((p) => p.validoDal)
      .sort();
    throw new Error(
      date.length
        ? `regole tirocini: nessun pacchetto per ${regione} in vigore il ${data} (il primo vale dal ${date[0]})`
        : `regole tirocini: nessun pacchetto per la regione ${regione}`,
    );
  }
  return scelto;
}

/** The pack with that `versione` (to re-read the rules a recorded decision used). Throws if unknown. */
export function regolePerVersione(versione: string, packs: readonly RegolePackTirocini[] = REGOLE_TIROCINI): RegolePackTirocini {
  const p = packs.find((x) => x.versione === versione);
  if (!p) throw new Error(`regole tirocini: versione sconosciuta ${JSON.stringify(versione)}`);
  return p;
}

const intero = (n: unknown, min: number): boolean => typeof n === 'number' && Number.isInteger(n) && n >= min;

/**
 * Structural sanity of one pack: every problem as a message (empty when sound). Checks identity fields, integer
 * months ≥ 1 with min ≤ max ≤ max for svantaggiati, host bands (at least one; every band but the last with an integer
 * `finoA`, strictly increasing; the last open-ended; each with exactly one of `massimo` (integer ≥ 1) or
 * `percentuale` (integer 1-100, so the rounding is exact)), tutor limits ≥ 1, indemnity in whole cents ≥ 0, weekly
 * hours in (0, 48] (EU working-time ceiling), attendance share in (0, 1], day counts, and suspension causes.
 */
export function verificaRegolePack(p: RegolePackTirocini): string[] {
  const e: string[] = [];
  const id = p.versione || '(senza versione)';
  const err = (m: string) => e.push(`${id}: ${m}`);
  if (!(REGIONI_TIROCINI as readonly string[]).includes(p.regione)) err(`regione sconosciuta ${JSON.stringify(p.regione)}`);
  if (!p.versione || !p.versione.trim()) err('versione mancante');
  try {
    parseIsoDate(p.validoDal);
  } catch {
    err(`validoDal non è una data ISO: ${JSON.stringify(p.validoDal)}`);
  }
  if (!p.fonte || !p.fonte.trim()) err('fonte mancante');

  if (!intero(p.etaMinimaAnni, 14)) err(`etaMinimaAnni deve essere un intero ≥ 14, trovato ${p.etaMinimaAnni}`);
  if (!intero(p.durataMinimaMesi, 1)) err(`durataMinimaMesi deve essere un intero ≥ 1, trovato ${p.durataMinimaMesi}`);
  if (!intero(p.durataMassimaMesi, 1)) err(`durataMassimaMesi deve essere un intero ≥ 1, trovato ${p.durataMassimaMesi}`);
  if (!intero(p.durataMassimaMesiSvantaggiati, 1)) err(`durataMassimaMesiSvantaggiati deve essere un intero ≥ 1, trovato ${p.durataMassimaMesiSvantaggiati}`);
  if (p.durataMinimaMesi > p.durataMassimaMesi) err(`durataMinimaMesi (${p.durataMinimaMesi}) supera durataMassimaMesi (${p.durataMassimaMesi})`);
  if (p.durataMassimaMesi > p.durataMassimaMesiSvantaggiati) {
    err(`durataMassimaMesiSvantaggiati (${p.durataMassimaMesiSvantaggiati}) è inferiore a durataMassimaMesi (${p.durataMassimaMesi})`);
  }

  const fasce = p.fasceOspitante ?? [];
  if (fasce.length === 0) err('fasceOspitante vuote');
  fasce.forEach((f, i) => {
    const ultima = i === fasce.length - 1;
    if (ultima && f.finoA !== undefined) err(`fasceOspitante[${i}]: l'ultima fascia deve essere aperta (senza finoA)`);
    if (!ultima) {
      if (!intero(f.finoA, 0)) err(`fasceOspitante[${i}].finoA deve essere un intero ≥ 0, trovato ${f.finoA}`);
      else if (i > 0 && intero(fasce[i - 1].finoA, 0) && (f.finoA as number) <= (fasce[i - 1].finoA as number)) {
        err(`fasceOspitante[${i}].finoA (${f.finoA}) deve essere maggiore della fascia precedente (${fasce[i - 1].finoA})`);
      }
    }
    if ((f.massimo === undefined) === (f.percentuale === undefined)) err(`fasceOspitante[${i}]: indicare esattamente uno tra massimo e percentuale`);
    if (f.massimo !== undefined && !intero(f.massimo, 1)) err(`fasceOspitante[${i}].massimo deve essere un intero ≥ 1, trovato ${f.massimo}`);
    if (f.percentuale !== undefined && !(intero(f.percentuale, 1) && f.percentuale <= 100)) {
      err(`fasceOspitante[${i}].percentuale deve essere un intero tra 1 e 100, trovato ${f.percentuale}`);
    }
  });

  if (!intero(p.maxTirocinantiPerTutorOspitante, 1))
    err(`maxTirocinantiPerTutorOspitante deve essere un intero ≥ 1, trovato ${p.maxTirocinantiPerTutorOspitante}`);
  if (!intero(p.maxTirocinantiPerTutorPromotore, 1))
    err(`maxTirocinantiPerTutorPromotore deve essere un intero ≥ 1, trovato ${p.maxTirocinantiPerTutorPromotore}`);
  if (!intero(p.indennitaMinimaMensileCent, 0))
    err(`indennitaMinimaMensileCent deve essere un intero ≥ 0 (centesimi), trovato ${p.indennitaMinimaMensileCent}`);
  if (!(Number.isFinite(p.oreSettimanaliMassime) && p.oreSettimanaliMassime > 0 && p.oreSettimanaliMassime <= 48)) {
    err(`oreSettimanaliMassime deve essere in (0, 48], trovato ${p.oreSettimanaliMassime}`);
  }
  if (!(Number.isFinite(p.sogliaPresenze) && p.sogliaPresenze > 0 && p.sogliaPresenze <= 1))
    err(`sogliaPresenze deve essere in (0, 1], trovato ${p.sogliaPresenze}`);
  if (!intero(p.integrazioneGiorniLavorativi, 1)) err(`integrazioneGiorniLavorativi deve essere un intero ≥ 1, trovato ${p.integrazioneGiorniLavorativi}`);
  if (!intero(p.preavvisoComunicazioneGiorniLavorativi, 0)) {
    err(`preavvisoComunicazioneGiorniLavorativi deve essere un intero ≥ 0, trovato ${p.preavvisoComunicazioneGiorniLavorativi}`);
  }
  if (!intero(p.mesiSenzaLicenziamenti, 0)) err(`mesiSenzaLicenziamenti deve essere un intero ≥ 0, trovato ${p.mesiSenzaLicenziamenti}`);
  if (!intero(p.anniSenzaRapportoPrecedente, 0)) err(`anniSenzaRapportoPrecedente deve essere un intero ≥ 0, trovato ${p.anniSenzaRapportoPrecedente}`);

  const viste = new Set<string>();
  (p.causeSospensione ?? []).forEach((c, i) => {
    if (!(CAUSE_SOSPENSIONE as readonly string[]).includes(c.causa)) err(`causeSospensione[${i}]: causa sconosciuta ${JSON.stringify(c.causa)}`);
    if (viste.has(c.causa)) err(`causeSospensione[${i}]: causa ${c.causa} ripetuta`);
    viste.add(c.causa);
    if (!intero(c.minimoGiorni, 0)) err(`causeSospensione[${i}].minimoGiorni deve essere un intero ≥ 0, trovato ${c.minimoGiorni}`);
    if (c.minimoFrazioneDurata !== undefined && !(Number.isFinite(c.minimoFrazioneDurata) && c.minimoFrazioneDurata > 0 && c.minimoFrazioneDurata <= 1)) {
      err(`causeSospensione[${i}].minimoFrazioneDurata deve essere in (0, 1], trovato ${c.minimoFrazioneDurata}`);
    }
  });
  return e;
}

/**
 * Sanity of a set of packs: each sound (`verificaRegolePack`), versions unique, and no two packs of a region starting
 * the same day (which one applies would be ambiguous).
 */
export function verificaRegolePacks(packs: readonly RegolePackTirocini[] = REGOLE_TIROCINI): string[] {
  const e = packs.flatMap(verificaRegolePack);
  const versioni = new Set<string>();
  const inizi = new Set<string>();
  for (const p of packs) {
    if (versioni.has(p.versione)) e.push(`versione ripetuta: ${p.versione}`);
    versioni.add(p.versione);
    const k = `${p.regione}@${p.validoDal}`;
    if (inizi.has(k)) e.push(`due pacchetti per ${p.regione} validi dal ${p.validoDal}`);
    inizi.add(k);
  }
  return e;
}

/**
 * How many concurrent trainees a host site may have, given its permanent employees: the first band whose `finoA` is
 * at least `dipendenti` (or the open-ended last one); `massimo`, or `percentuale`% of the employees rounded up, in
 * integer arithmetic (21 employees at 10% → 3). Throws on a negative or fractional head count or a band-less pack.
 */
export function limiteOspitante(pack: RegolePackTirocini, dipendenti: number): number {
  if (!intero(dipendenti, 0)) throw new RangeError(`limite ospitante: dipendenti deve essere un intero ≥ 0, trovato ${dipendenti}`);
  const fascia = pack.fasceOspitante.find((f) => f.finoA === undefined || dipendenti <= f.finoA);
  if (!fascia) throw new Error(`regole ${pack.versione}: nessuna fascia per ${dipendenti} dipendenti (l'ultima deve essere aperta)`);
  if (fascia.percentuale !== undefined) return Math.floor((dipendenti * fascia.percentuale + 99) / 100);
  if (fascia.massimo === undefined) throw new Error(`regole ${pack.versione}: fascia senza massimo né percentuale`);
  return fascia.massimo;
}
