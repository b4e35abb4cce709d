import { bytesToHex } from '@noble/hashes/utils';
import { ALGORITMO_SORTEGGIO, Esclusione, TrascrizioneSorteggio, ValoreBeacon } from './ispezioni.types';
import { ErroreSorteggio, PESO_FORMULA, confrontaId, estrai, impegno, preparaCandidati, seme } from './sorteggio.algoritmo';

/**
 * The impartial draw (DOMAIN §3), version `sorteggio-ponderato/1`, exactly as docs/assignment.md specifies it:
 * weights from the eligible inspectors' open cases, a seed no single person controls (commit-reveal secret of the
 * period, request, attempt, optional public beacon), an HMAC-SHA256 counter-mode generator, an unbiased weighted
 * choice by rejection sampling, a transcript of everything, hash-chained. Pure and deterministic: exact integer
 * arithmetic (BigInt for the 64-bit values), no clock, no randomness of its own, no I/O.
 *
 * This module is the draw and the one import path of it all: the arithmetic is in sorteggio.algoritmo.ts, the
 * verification of a transcript in sorteggio.verifica.ts, the hash chain of transcripts in sorteggio.catena.ts.
 */

export {
  DUE_64,
  ErroreSorteggio,
  GeneratoreHmac,
  PESO_FORMULA,
  PESO_SCALA,
  SEGRETO_BYTES,
  TENTATIVO_MASSIMO,
  bloccoGeneratore,
  confrontaId,
  estrai,
  impegno,
  interoUniforme,
  limiteRifiuto,
  materialeSeme,
  pesoDaCarico,
  preparaCandidati,
  sceltaPesata,
  seme,
} from './sorteggio.algoritmo';
export type { InputSeme, Sorgente64 } from './sorteggio.algoritmo';
export { motiviPeriodo, verificaSorteggio } from './sorteggio.verifica';
export type { EsitoVerifica, OpzioniVerifica, PeriodoPubblicato } from './sorteggio.verifica';
export { GENESI_CATENA, canonicalJson, hashTrascrizione, verificaCatena, verificaCatenaIspettorato, verificaRegistrazioni } from './sorteggio.catena';
export type { AnelloCatena, AnelloIspettorato, EsitoCatena, EsitoCatenaIspettorato, RegistrazioniCatena } from './sorteggio.catena';

// ---- The draw ----

export interface InputSorteggio {
  /** The period's secret (64 lowercase hex digits), known only to the service until the period closes. */
  segreto: string;
  /** The commitment published before the period began: must be impegno(segreto). */
  impegnoSegreto: string;
  ispettorato: string;
  periodo: string;
  richiestaId: string;
  /** 1 for the first draw of a request; +1 for each redraw (e.g. after an abstention). */
  tentativo: number;
  beacon: ValoreBeacon | null;
  /** The eligible inspectors and their open cases now; any order (the draw sorts them). */
  candidati: ReadonlyArray<{ ispettoreId: string; caricoAperto: number }>;
  esclusi: readonly Esclusione[];
  /** When the draw is recorded (ISO 8601); stored, not part of the seed. */
  registratoIl: string;
}

/**
 * Draws one inspector and returns the full transcript, to be recorded (hash-chained) before anyone is told the
 * result. Throws ErroreSorteggio when there is no candidate, the secret does not match the commitment, or an input
 * is malformed.
 */
export function sorteggia(input: InputSorteggio): TrascrizioneSorteggio {
  if (!input.candidati || input.candidati.length === 0) throw new ErroreSorteggio("nessun candidato idoneo: non c'è nulla da sorteggiare");
  if (impegno(input.segreto) !== input.impegnoSegreto) throw new ErroreSorteggio("il segreto non corrisponde all'impegno pubblicato impegnoSegreto");
  const candidati = preparaCandidati(input.candidati);
  const esclusi = [...input.esclusi]
    .map((e) => ({
      ispettoreId: e.ispettoreId,
      motivi: e.motivi.map((m) => ({ regola: m.regola, dettaglio: m.dettaglio, ...(m.riferimento ? { riferimento: m.riferimento } : {}) })),
    }))
    .sort((a, b) => confrontaId(a.ispettoreId, b.ispettoreId));
  const ids = new Set(candidati.map((c) => c.ispettoreId));
  const both = esclusi.filter((e) => ids.has(e.ispettoreId));
  if (both.length) throw new ErroreSorteggio(`ispettori esclusi tra i candidati: ${both.map((e) => e.ispettoreId).join(', ')}`);
  const beacon = input.beacon ? { fonte: input.beacon.fonte, round: input.beacon.round, valore: input.beacon.valore } : null;
  const s = seme({ segreto: input.segreto, richiestaId: input.richiestaId, tentativo: input.tentativo, beacon });
  const estrazione = estrai(s, candidati);
  return {
    algoritmo: ALGORITMO_SORTEGGIO,
    ispettorato: input.ispettorato,
    periodo: input.periodo,
    impegnoSegreto: input.impegnoSegreto,
    richiestaId: input.richiestaId,
    tentativo: input.tentativo,
    beacon,
    pesoFormula: PESO_FORMULA,
    candidati,
    esclusi,
    estrazione: { seme: bytesToHex(s), ...estrazione },
    registratoIl: input.registratoIl,
  };
}
