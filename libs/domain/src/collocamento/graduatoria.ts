import type { IsoDate } from '../calendar/calendario';
import { giornoNumero, mesiInteri } from './collocamento.date';
import type { Iscritto, Offerta } from './collocamento.types';
import {
  CentPunti,
  Criterio,
  RegolaAnzianita,
  RegolaCaricoFamiliare,
  RegolaCompetenze,
  RegolaInvalidita,
  RegolaIsee,
  RegoleGraduatoria,
  Spareggio,
  verificaRegole,
} from './graduatoria.regole';
import { MotivoNonIdoneita, motiviNonIdoneita } from './idoneita';

export { formaCanonica, hashGraduatoria } from './graduatoria.canonica';

/**
 * The graduatoria (DOMAIN §2, step 3): eligible applicants ranked by the region's rule pack plus the fit to the
 * offer's skills, with every criterion's input and points, the tie-break values, and the published formula.
 *
 * Order (a strict total order, so the result does not depend on the applicants' order): total points descending;
 * then the pack's tie-breaks in order; then, as the last resort, iscrittoId ascending (JavaScript string order,
 * i.e. UTF-16 code units; for ASCII ids the usual order). Integer arithmetic throughout.
 */

export interface DettaglioCriterio {
  criterio: Criterio;
  /**
   * The person's input the criterion scores: invalidita → percentage (null for art. 18); anzianita → dataIscrizione;
   * isee → iseeCent (null if not filed); carico-familiare → dependants; competenze → 'held/total' skill weights.
   */
  valore: number | string | null;
  punti: CentPunti;
}

export interface ValoreSpareggio {
  criterio: Spareggio | 'iscrittoId';
  /** iscrizione-meno-recente → dataIscrizione; piu-giovane → dataNascita; isee-inferiore → iseeCent or null (last); piu-familiari → dependants. */
  valore: number | string | null;
}

export interface VoceGraduatoria {
  /** 1-based rank. */
  posizione: number;
  iscrittoId: string;
  /** Total, in hundredths of a point. */
  punteggio: CentPunti;
  /** One entry per criterion, in CRITERI order. */
  dettaglio: DettaglioCriterio[];
  /** The tie-break chain's values, in the order applied; iscrittoId last. */
  spareggi: ValoreSpareggio[];
  /** The offer's required skill codes the person holds (in the offer's order). */
  competenzeSoddisfatte: string[];
}

export interface EsclusoGraduatoria {
  iscrittoId: string;
  motivi: MotivoNonIdoneita[];
}

export interface Graduatoria {
  offertaId: string;
  regione: string;
  versioneRegole: string;
  /** The date seniority is counted to. */
  dataRiferimento: IsoDate;
  /** The closing date eligibility was checked against. */
  dataChiusura: IsoDate;
  /** Ranked; posizione = index + 1. */
  idonei: VoceGraduatoria[];
  /** Not eligible, by iscrittoId ascending. */
  esclusi: EsclusoGraduatoria[];
  /** The published description of the formula and the tie-break, generated from the pack. */
  formula: string;
}

export interface InputGraduatoria {
  offerta: Offerta;
  /** The applicants (active adesioni). Each id at most once. */
  candidati: Iscritto[];
  regole: RegoleGraduatoria;
  /** Seniority is counted to this date; eligibility too unless dataChiusura is given. */
  dataRiferimento: IsoDate;
  /** Applications' closing date for the eligibility check; defaults to dataRiferimento. */
  dataChiusura?: IsoDate;
}

// ---- Criteria ----

export function puntiInvalidita(r: RegolaInvalidita, percentuale: number | undefined): CentPunti {
  return percentuale === undefined ? 0 : Math.min(r.tetto, percentuale * r.puntiPerPunto);
}

/** From whole months on the list and whether the period goes beyond them (see mesiInteri). */
export function puntiAnzianita(r: RegolaAnzianita, mesi: number, oltreMesiInteri: boolean): CentPunti {
  if (r.oltre && (mesi > r.oltre.mesi || (mesi === r.oltre.mesi && oltreMesiInteri))) return r.oltre.punti;
  return Math.min(r.tetto, mesi * r.puntiPerMese);
}

export function puntiIsee(r: RegolaIsee, iseeCent: number | undefined): CentPunti {
  if (iseeCent === undefined) return r.senzaIsee;
  if (r.tipo === 'decrescente') return Math.max(0, r.puntiMassimi - r.decremento * Math.floor(iseeCent / r.passoCent));
  for (const f of r.fasce) if (f.finoACent === null || iseeCent <= f.finoACent) return f.punti;
  return 0;
}

export function puntiCaricoFamiliare(r: RegolaCaricoFamiliare, familiari: number): CentPunti {
  return Math.min(familiari, r.massimoFamiliari) * r.puntiPerFamiliare;
}

/** floor(puntiMassimi × pesoPosseduto / pesoTotale); 0 when nothing is required. */
export function puntiCompetenze(r: RegolaCompetenze, pesoPosseduto: number, pesoTotale: number): CentPunti {
  return pesoTotale === 0 ? 0 : Math.floor((r.puntiMassimi * pesoPosseduto) / pesoTotale);
}

// ---- Input checks (bad data is an error, never a silent score) ----

const interoIn = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

function controllaOfferta(o: Offerta): number {
  let totale = 0;
  for (const c of o.competenzeRichieste) {
    const peso = c.peso ?? 1;
    if (!interoIn(peso, 1)) throw new Error(`graduatoria: peso della competenza ${c.codice} deve essere un intero ≥ 1, trovato ${String(peso)}`);
    totale += peso;
  }
  return totale;
}

/** Checks the fields the points use; returns the birth date as yyyymmdd. */
function controllaIscritto(i: Iscritto): number {
  const errore = (campo: string, v: unknown) => new Error(`graduatoria: ${campo} non valido per l'iscritto ${i.id}: ${JSON.stringify(v)}`);
  if (typeof i.id !== 'string' || i.id === '') throw errore('id', i.id);
  if (i.percentualeInvalidita !== undefined && !interoIn(i.percentualeInvalidita, 0, 100)) throw errore('percentualeInvalidita', i.percentualeInvalidita);
  if (i.iseeCent !== undefined && !interoIn(i.iseeCent, 0)) throw errore('iseeCent', i.iseeCent);
  if (!interoIn(i.familiariACarico, 0)) throw errore('familiariACarico', i.familiariACarico);
  if (!Array.isArray(i.competenze)) throw errore('competenze', i.competenze);
  const nascita = giornoNumero(i.dataNascita);
  if (Number.isNaN(nascita)) throw errore('dataNascita', i.dataNascita);
  return nascita;
}

// ---- Scoring one person ----

export interface PunteggioIscritto {
  punteggio: CentPunti;
  dettaglio: DettaglioCriterio[];
  competenzeSoddisfatte: string[];
}

/** The points of one person for an offer under a pack, counted to `dataRiferimento` (eligibility not checked). */
export function punteggioIscritto(iscritto: Iscritto, offerta: Offerta, regole: RegoleGraduatoria, dataRiferimento: IsoDate): PunteggioIscritto {
  const rif = giornoNumero(dataRiferimento);
  if (Number.isNaN(rif)) throw new Error(`graduatoria: dataRiferimento non valida ${JSON.stringify(dataRiferimento)}`);
  return punteggio(iscritto, offerta, regole, rif, dataIscrizione(iscritto), controllaOfferta(offerta));
}

function dataIscrizione(i: Iscritto): number {
  const n = giornoNumero(i.dataIscrizione);
  if (Number.isNaN(n)) throw new Error(`graduatoria: dataIscrizione non valida per l'iscritto ${i.id}: ${JSON.stringify(i.dataIscrizione)}`);
  return n;
}

function punteggio(i: Iscritto, o: Offerta, regole: RegoleGraduatoria, rif: number, iscr: number, pesoTotale: number): PunteggioIscritto {
  const c = regole.criteri;
  const anz = mesiInteri(iscr, rif);
  let pesoPosseduto = 0;
  const competenzeSoddisfatte: string[] = [];
  for (const req of o.competenzeRichieste) {
    if (i.competenze.includes(req.codice)) {
      pesoPosseduto += req.peso ?? 1;
      competenzeSoddisfatte.push(req.codice);
    }
  }
  const pInv = puntiInvalidita(c.invalidita, i.percentualeInvalidita);
  const pAnz = puntiAnzianita(c.anzianita, anz.mesi, anz.oltre);
  const pIsee = puntiIsee(c.isee, i.iseeCent);
  const pFam = puntiCaricoFamiliare(c.caricoFamiliare, i.familiariACarico);
  const pComp = puntiCompetenze(c.competenze, pesoPosseduto, pesoTotale);
  return {
    punteggio: pInv + pAnz + pIsee + pFam + pComp,
    dettaglio: [
      { criterio: 'invalidita', valore: i.percentualeInvalidita ?? null, punti: pInv },
      { criterio: 'anzianita', valore: i.dataIscrizione, punti: pAnz },
      { criterio: 'isee', valore: i.iseeCent ?? null, punti: pIsee },
      { criterio: 'carico-familiare', valore: i.familiariACarico, punti: pFam },
      { criterio: 'competenze', valore: `${pesoPosseduto}/${pesoTotale}`, punti: pComp },
    ],
    competenzeSoddisfatte,
  };
}

// ---- The ranking ----

/**
 * Checks every applicant's eligibility (valutaIdoneita, with the pack's policy on tasks the report does not
 * mention), scores the eligible and ranks them. Throws on an unusable pack, a duplicate applicant id or malformed
 * data. Allocation per applicant is constant; the sort compares precomputed numeric keys (no allocation per
 * comparison): 20,000 applicants rank in a few tens of milliseconds.
 */
export function calcolaGraduatoria(input: InputGraduatoria): Graduatoria {
  const { offerta, candidati, regole, dataRiferimento } = input;
  const dataChiusura = input.dataChiusura ?? dataRiferimento;
  const problemi = verificaRegole(regole);
  if (problemi.length) throw new Error(`graduatoria: regole ${regole?.versione} non utilizzabili: ${problemi.join('; ')}`);
  const rif = giornoNumero(dataRiferimento);
  if (Number.isNaN(rif)) throw new Error(`graduatoria: dataRiferimento non valida ${JSON.stringify(dataRiferimento)}`);
  const chiusura = giornoNumero(dataChiusura);
  if (Number.isNaN(chiusura)) throw new Error(`graduatoria: dataChiusura non valida ${JSON.stringify(dataChiusura)}`);
  const pesoTotale = controllaOfferta(offerta);
  const opzioni = regole.idoneita;
  const spareggi = regole.spareggi;
  const k = 1 + spareggi.length;

  // One pass: checks, eligibility, points and the numeric sort keys (all ascending: −total, then each tie-break).
  const visti = new Set<string>();
  const esclusi: EsclusoGraduatoria[] = [];
  const idonei: Iscritto[] = [];
  const punteggi: PunteggioIscritto[] = [];
  const chiavi = new Float64Array(candidati.length * k);
  for (const i of candidati) {
    const nascita = controllaIscritto(i);
    if (visti.has(i.id)) throw new Error(`graduatoria: iscritto ${i.id} presente due volte`);
    visti.add(i.id);
    const iscr = dataIscrizione(i);
    const motivi = motiviNonIdoneita(i, offerta, iscr, chiusura, dataChiusura, opzioni);
    if (motivi) {
      esclusi.push({ iscrittoId: i.id, motivi });
      continue;
    }
    const p = punteggio(i, offerta, regole, rif, iscr, pesoTotale);
    const base = idonei.length * k;
    chiavi[base] = -p.punteggio;
    for (let s = 0; s < spareggi.length; s++) {
      const sp = spareggi[s];
      chiavi[base + 1 + s] =
        sp === 'iscrizione-meno-recente'
          ? iscr
          : sp === 'piu-giovane'
            ? -nascita
            : sp === 'isee-inferiore'
              ? (i.iseeCent ?? Number.POSITIVE_INFINITY)
              : -i.familiariACarico;
    }
    idonei.push(i);
    punteggi.push(p);
  }

  const n = idonei.length;
  const ids = idonei.map((i) => i.id);
  const ordine = new Int32Array(n);
  for (let x = 0; x < n; x++) ordine[x] = x;
  ordine.sort((a, b) => {
    const ba = a * k;
    const bb = b * k;
    for (let j = 0; j < k; j++) {
      const ca = chiavi[ba + j];
      const cb = chiavi[bb + j];
      if (ca !== cb) return ca < cb ? -1 : 1;
    }
    const ia = ids[a];
    const ib = ids[b];
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });

  const voci: VoceGraduatoria[] = new Array(n);
  for (let p = 0; p < n; p++) {
    const x = ordine[p];
    const i = idonei[x];
    const s = punteggi[x];
    voci[p] = {
      posizione: p + 1,
      iscrittoId: i.id,
      punteggio: s.punteggio,
      dettaglio: s.dettaglio,
      spareggi: [...spareggi.map((sp) => ({ criterio: sp, valore: valoreSpareggio(sp, i) })), { criterio: 'iscrittoId' as const, valore: i.id }],
      competenzeSoddisfatte: s.competenzeSoddisfatte,
    };
  }
  esclusi.sort((a, b) => (a.iscrittoId < b.iscrittoId ? -1 : a.iscrittoId > b.iscrittoId ? 1 : 0));

  return {
    offertaId: offerta.id,
    regione: regole.regione,
    versioneRegole: regole.versione,
    dataRiferimento,
    dataChiusura,
    idonei: voci,
    esclusi,
    formula: formulaGraduatoria(regole),
  };
}

function valoreSpareggio(s: Spareggio, i: Iscritto): number | string | null {
  switch (s) {
    case 'iscrizione-meno-recente':
      return i.dataIscrizione;
    case 'piu-giovane':
      return i.dataNascita;
    case 'isee-inferiore':
      return i.iseeCent ?? null;
    case 'piu-familiari':
      return i.familiariACarico;
  }
}

/** The shortlist: the first `numero` eligible (e.g. offerta.posti × offerta.dimensioneRosa), or all if fewer. */
export function rosa(graduatoria: Graduatoria, numero: number): VoceGraduatoria[] {
  if (!Number.isSafeInteger(numero) || numero < 0) throw new RangeError(`rosa: numero deve essere un intero ≥ 0, trovato ${String(numero)}`);
  return graduatoria.idonei.slice(0, numero);
}

/** posti × dimensioneRosa. */
export const dimensioneRosaOfferta = (offerta: Pick<Offerta, 'posti' | 'dimensioneRosa'>): number => offerta.posti * offerta.dimensioneRosa;

// ---- The employer's view ----

/**
 * What an employer may see of a shortlisted candidate: rank, id (the CPI adds the contact details), that the
 * relazione conclusiva is compatible with the job, and which of the required skills the person holds. Not shown:
 * the score and its breakdown (the total would reveal health and income data), invalidity %, ISEE, dependants,
 * enrolment and birth dates, the report's notes.
 */
export interface VistaDatore {
  posizione: number;
  iscrittoId: string;
  compatibilita: 'compatibile';
  competenzeRichiestePossedute: string[];
}

export function vistaDatore(voce: VoceGraduatoria): VistaDatore {
  return {
    posizione: voce.posizione,
    iscrittoId: voce.iscrittoId,
    compatibilita: 'compatibile',
    competenzeRichiestePossedute: [...voce.competenzeSoddisfatte],
  };
}

// ---- Published formula ----

/** Hundredths of a point as Italian text: 5000 → '50,00'. */
export function formattaPunti(c: CentPunti): string {
  const segno = c < 0 ? '-' : '';
  const a = Math.abs(c);
  return `${segno}${Math.floor(a / 100)},${String(a % 100).padStart(2, '0')}`;
}

/** Euro cents as Italian text: 50000 → '500,00 euro'. */
export const formattaEuro = (cent: number): string => `${formattaPunti(cent)} euro`;

const DESCRIZIONE_SPAREGGIO: Record<Spareggio, string> = {
  'iscrizione-meno-recente': 'precede chi è iscritto da più tempo (data di iscrizione anteriore)',
  'piu-giovane': 'precede la persona più giovane (data di nascita successiva)',
  'isee-inferiore': 'precede chi ha l’ISEE inferiore (senza ISEE per ultimo)',
  'piu-familiari': 'precede chi ha più familiari a carico',
};

/** The human-readable description of a pack's formula and tie-break, as published with every graduatoria. */
export function formulaGraduatoria(r: RegoleGraduatoria): string {
  const c = r.criteri;
  const P = formattaPunti;
  const anz =
    `${P(c.anzianita.puntiPerMese)} punti per ogni mese intero di iscrizione, fino a ${P(c.anzianita.tetto)}` +
    (c.anzianita.oltre ? `; oltre ${c.anzianita.oltre.mesi} mesi ${P(c.anzianita.oltre.punti)} punti` : '');
  const isee =
    c.isee.tipo === 'decrescente'
      ? `${P(c.isee.puntiMassimi)} punti meno ${P(c.isee.decremento)} per ogni ${formattaEuro(c.isee.passoCent)} interi di ISEE, non meno di 0`
      : c.isee.fasce.map((f) => (f.finoACent === null ? `oltre: ${P(f.punti)}` : `fino a ${formattaEuro(f.finoACent)}: ${P(f.punti)}`)).join('; ');
  const righe = [
    `Graduatoria secondo le regole ${r.versione} (${r.regione}, in vigore dal ${r.validoDal}). Fonte: ${r.citazione}.`,
    'Punteggio = somma dei punti dei criteri (calcolo in centesimi di punto, interi):',
    `- grado di invalidità: ${P(c.invalidita.puntiPerPunto)} punti per punto percentuale, fino a ${P(c.invalidita.tetto)} (art. 18: 0);`,
    `- anzianità di iscrizione alla data di riferimento: ${anz};`,
    `- condizione economica (ISEE): ${isee}; senza ISEE: ${P(c.isee.senzaIsee)};`,
    `- carico familiare: ${P(c.caricoFamiliare.puntiPerFamiliare)} punti per familiare a carico, fino a ${c.caricoFamiliare.massimoFamiliari} familiari;`,
    `- competenze richieste dall'offerta: ${P(c.competenze.puntiMassimi)} × (peso delle competenze possedute / peso totale), per difetto al centesimo; senza competenze richieste: 0.`,
    `A parità di punteggio: ${[...r.spareggi.map((s) => DESCRIZIONE_SPAREGGIO[s]), 'l’identificativo dell’iscritto (ordine crescente)'].join('; poi ')}.`,
    `Idoneità: iscrizione nell'elenco del territorio dell'offerta entro la chiusura delle adesioni, stato di disoccupazione, categoria dell'offerta, nessuna mansione incompatibile con la relazione conclusiva; una mansione non valutata nella relazione ${r.idoneita.mansioniNonValutate === 'escludi' ? 'esclude' : 'non esclude'}.`,
  ];
  return righe.join('\n');
}
