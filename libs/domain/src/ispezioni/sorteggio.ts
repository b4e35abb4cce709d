import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import { ALGORITMO_SORTEGGIO, Candidato, Esclusione, TrascrizioneSorteggio, ValoreBeacon } from './ispezioni.types';

/**
 * The impartial draw (DOMAIN §3), version `sorteggio-ponderato/1`, exactly as docs/assignment.md specifies it:
 * weights from the eligible inspectors' open cases, a seed no single person controls (commit-reveal secret of the
 * period, request, attempt, optional public beacon), an HMAC-SHA256 counter-mode generator, an unbiased weighted
 * choice by rejection sampling, a transcript of everything, hash-chained. Pure and deterministic: exact integer
 * arithmetic (BigInt for the 64-bit values), no clock, no randomness of its own, no I/O.
 */

/** Thrown for inputs the algorithm does not accept (the caller's mistake, never a property of the draw). */
export class ErroreSorteggio extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErroreSorteggio';
  }
}

// ---- Weights ----

export const PESO_SCALA = 1_000_000;
/** Written into every transcript; verification recomputes every weight with it. */
export const PESO_FORMULA = 'peso = floor(1000000 / (1 + caricoAperto))';

/** floor(1,000,000 / (1 + open cases)): fewer open cases, higher weight. caricoAperto must be an integer ≥ 0. */
export function pesoDaCarico(caricoAperto: number): number {
  if (!Number.isSafeInteger(caricoAperto) || caricoAperto < 0) {
    throw new ErroreSorteggio(`caricoAperto must be an integer >= 0, found ${String(caricoAperto)}`);
  }
  return Math.floor(PESO_SCALA / (1 + caricoAperto));
}

/**
 * The candidates' canonical order: ascending by the UTF-8 bytes of ispettoreId, which is Unicode code point order
 * (for ASCII ids, the usual order). JavaScript's `<` compares UTF-16 code units, which differs from code point order
 * only when a surrogate meets a code unit in U+E000..U+FFFF: remapped here.
 */
export function confrontaId(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) - codePointOrder(y);
  }
  return a.length - b.length;
}

const codePointOrder = (u: number) => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u);

/** The draw's candidates: weights from the loads, sorted by ispettoreId; refuses repeated ids and invalid loads. */
export function preparaCandidati(candidati: ReadonlyArray<{ ispettoreId: string; caricoAperto: number }>): Candidato[] {
  const out = candidati.map((c) => {
    if (typeof c.ispettoreId !== 'string' || c.ispettoreId === '') throw new ErroreSorteggio('every candidate needs a non-empty ispettoreId');
    return { ispettoreId: c.ispettoreId, caricoAperto: c.caricoAperto, peso: pesoDaCarico(c.caricoAperto) };
  });
  out.sort((a, b) => confrontaId(a.ispettoreId, b.ispettoreId));
  for (let i = 1; i < out.length; i++) {
    if (out[i].ispettoreId === out[i - 1].ispettoreId) throw new ErroreSorteggio(`candidate ${out[i].ispettoreId} appears twice`);
  }
  return out;
}

// ---- Commit-reveal ----

const HEX = /^(?:[0-9a-f]{2})+$/;
export const SEGRETO_BYTES = 32;

function segretoBytes(segreto: string): Uint8Array {
  if (typeof segreto !== 'string' || segreto.length !== SEGRETO_BYTES * 2 || !HEX.test(segreto)) {
    throw new ErroreSorteggio(`the period secret must be ${SEGRETO_BYTES} bytes as ${SEGRETO_BYTES * 2} lowercase hex digits`);
  }
  return hexToBytes(segreto);
}

/** The commitment published before the period begins: SHA-256 of the secret's 32 bytes (not of its hex), in hex. */
export function impegno(segreto: string): string {
  return bytesToHex(sha256(segretoBytes(segreto)));
}

// ---- Seed ----

export interface InputSeme {
  /** The period secret, 64 lowercase hex digits. */
  segreto: string;
  richiestaId: string;
  tentativo: number;
  beacon: ValoreBeacon | null;
}

export const TENTATIVO_MASSIMO = 0xffffffff;

function u32be(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
}

function u64be(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, false);
  return b;
}

/** A length-prefixed field: uint32 big-endian byte length, then the bytes. */
function campo(bytes: Uint8Array): Uint8Array {
  return concatBytes(u32be(bytes.length), bytes);
}

/**
 * The seed material, byte by byte (docs/assignment.md, "Seed"):
 *   field("sorteggio-ponderato/1") ‖ field(secret, 32 bytes) ‖ field(UTF-8 request id) ‖ uint32be(attempt) ‖ beacon
 * where field(x) = uint32be(len x) ‖ x and beacon = 0x00 when none, else
 *   0x01 ‖ field(UTF-8 source) ‖ uint64be(round) ‖ field(value bytes, from its lowercase hex).
 */
export function materialeSeme(input: InputSeme): Uint8Array {
  const segreto = segretoBytes(input.segreto);
  if (typeof input.richiestaId !== 'string' || input.richiestaId === '') throw new ErroreSorteggio('richiestaId must be a non-empty string');
  if (!Number.isInteger(input.tentativo) || input.tentativo < 1 || input.tentativo > TENTATIVO_MASSIMO) {
    throw new ErroreSorteggio(`tentativo must be an integer from 1 to ${TENTATIVO_MASSIMO}, found ${String(input.tentativo)}`);
  }
  const parts = [campo(utf8ToBytes(ALGORITMO_SORTEGGIO)), campo(segreto), campo(utf8ToBytes(input.richiestaId)), u32be(input.tentativo)];
  const b = input.beacon;
  if (b === null || b === undefined) {
    parts.push(Uint8Array.of(0));
  } else {
    if (typeof b.fonte !== 'string' || b.fonte === '') throw new ErroreSorteggio('beacon.fonte must be a non-empty string');
    if (!Number.isSafeInteger(b.round) || b.round < 0) throw new ErroreSorteggio(`beacon.round must be an integer >= 0, found ${String(b.round)}`);
    if (typeof b.valore !== 'string' || !HEX.test(b.valore)) throw new ErroreSorteggio('beacon.valore must be lowercase hex of at least one byte');
    parts.push(Uint8Array.of(1), campo(utf8ToBytes(b.fonte)), u64be(BigInt(b.round)), campo(hexToBytes(b.valore)));
  }
  return concatBytes(...parts);
}

/** The seed: SHA-256 of the seed material (32 bytes). */
export function seme(input: InputSeme): Uint8Array {
  return sha256(materialeSeme(input));
}

// ---- Generator ----

/** Block i of the generator: HMAC-SHA256(key = seed, message = uint64 big-endian i), i = 0, 1, 2, ... */
export function bloccoGeneratore(semeBytes: Uint8Array, i: bigint): Uint8Array {
  return hmac(sha256, semeBytes, u64be(i));
}

export interface Sorgente64 {
  /** The next unsigned 64-bit integer. */
  prossimo(): bigint;
}

/**
 * HMAC-SHA256 in counter mode: the blocks 0, 1, 2, ... concatenated, read as successive unsigned 64-bit big-endian
 * integers (four per block).
 */
export class GeneratoreHmac implements Sorgente64 {
  private contatore = 0n;
  private blocco: DataView | null = null;
  private pos = 32;
  /** How many blocks were computed so far. */
  get blocchi(): number {
    return Number(this.contatore);
  }

  constructor(private readonly semeBytes: Uint8Array) {
    if (!(semeBytes instanceof Uint8Array) || semeBytes.length !== 32) throw new ErroreSorteggio('the seed must be 32 bytes');
  }

  prossimo(): bigint {
    if (this.pos === 32 || this.blocco === null) {
      const b = bloccoGeneratore(this.semeBytes, this.contatore);
      this.contatore += 1n;
      this.blocco = new DataView(b.buffer, b.byteOffset, b.byteLength);
      this.pos = 0;
    }
    const v = this.blocco.getBigUint64(this.pos, false);
    this.pos += 8;
    return v;
  }
}

// ---- Unbiased choice ----

export const DUE_64 = 1n << 64n;

/** The first 64-bit value rejected: 2^64 − (2^64 mod totale), the largest multiple of totale not above 2^64. */
export function limiteRifiuto(totale: bigint): bigint {
  if (totale < 1n || totale > DUE_64) throw new ErroreSorteggio('totale must be in [1, 2^64]');
  return DUE_64 - (DUE_64 % totale);
}

/**
 * A uniform integer in [0, totale) by rejection sampling: values ≥ limiteRifiuto(totale) are discarded (and counted),
 * the first one below is reduced modulo totale. Every residue then has exactly limit/totale preimages: no modulo bias.
 */
export function interoUniforme(sorgente: Sorgente64, totale: bigint): { valore: bigint; rifiutati: number } {
  const limite = limiteRifiuto(totale);
  let rifiutati = 0;
  for (;;) {
    const v = sorgente.prossimo();
    if (v < limite) return { valore: v % totale, rifiutati };
    rifiutati++;
  }
}

/** Walks the candidates in the given (canonical) order: the first whose cumulative weight exceeds valore. */
export function sceltaPesata(candidati: readonly Candidato[], valore: number): string {
  let cumulata = 0;
  for (const c of candidati) {
    cumulata += c.peso;
    if (cumulata > valore) return c.ispettoreId;
  }
  throw new ErroreSorteggio(`valore ${valore} is not below the total weight ${cumulata}`);
}

function totalePesi(candidati: readonly Candidato[]): number {
  const totale = candidati.reduce((s, c) => s + c.peso, 0);
  if (!Number.isSafeInteger(totale)) throw new ErroreSorteggio('the total weight exceeds 2^53 - 1');
  return totale;
}

/** Seed → generator → uniform value → candidate: the core every draw and every verification runs. */
export function estrai(semeBytes: Uint8Array, candidati: readonly Candidato[]): { totale: number; valore: number; rifiutati: number; scelto: string } {
  const totale = totalePesi(candidati);
  if (totale < 1) throw new ErroreSorteggio('no candidate has a positive weight');
  const { valore, rifiutati } = interoUniforme(new GeneratoreHmac(semeBytes), BigInt(totale));
  const v = Number(valore);
  return { totale, valore: v, rifiutati, scelto: sceltaPesata(candidati, v) };
}

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
  if (!input.candidati || input.candidati.length === 0) throw new ErroreSorteggio('no eligible candidate: nothing to draw from');
  if (impegno(input.segreto) !== input.impegnoSegreto) throw new ErroreSorteggio('the secret does not match the published commitment impegnoSegreto');
  const candidati = preparaCandidati(input.candidati);
  const esclusi = [...input.esclusi]
    .map((e) => ({ ispettoreId: e.ispettoreId, motivi: e.motivi.map((m) => ({ regola: m.regola, dettaglio: m.dettaglio })) }))
    .sort((a, b) => confrontaId(a.ispettoreId, b.ispettoreId));
  const ids = new Set(candidati.map((c) => c.ispettoreId));
  const both = esclusi.filter((e) => ids.has(e.ispettoreId));
  if (both.length) throw new ErroreSorteggio(`excluded inspector(s) among the candidates: ${both.map((e) => e.ispettoreId).join(', ')}`);
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

// ---- Verification ----

export interface EsitoVerifica {
  valido: boolean;
  /** Every mismatch found, in words; empty when valid. */
  motivi: string[];
  /** What the draw recomputes to from the transcript's inputs and the revealed secret, when it could be recomputed. */
  ricalcolo?: TrascrizioneSorteggio['estrazione'];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const show = (x: unknown) => (typeof x === 'string' ? `"${x}"` : JSON.stringify(x) ?? String(x));

/**
 * Recomputes a draw from its transcript and the revealed period secret: the commitment, every weight from its load,
 * the candidates' order, the seed, the generator, the rejections, the value and the chosen inspector; lists every
 * mismatch. Never throws: a malformed transcript is reported in motivi. `impegnoPubblicato`, when given, is the
 * commitment published for the transcript's inspectorate and period, which the transcript's must equal.
 */
export function verificaSorteggio(t: TrascrizioneSorteggio, segretoRivelato: string, opzioni: { impegnoPubblicato?: string } = {}): EsitoVerifica {
  const motivi: string[] = [];
  const fail = (): EsitoVerifica => ({ valido: false, motivi });
  if (!isObj(t)) return { valido: false, motivi: ['the transcript is not a JSON object'] };
  if (t.algoritmo !== ALGORITMO_SORTEGGIO) {
    motivi.push(`algorithm ${show(t.algoritmo)} is not ${ALGORITMO_SORTEGGIO}: this verifier cannot recompute it`);
    return fail();
  }
  if (t.pesoFormula !== PESO_FORMULA) motivi.push(`pesoFormula is ${show(t.pesoFormula)}, the algorithm's is "${PESO_FORMULA}"`);

  // The secret and its commitment.
  let segretoOk = true;
  try {
    const h = impegno(segretoRivelato);
    if (h !== t.impegnoSegreto) motivi.push(`the revealed secret hashes to ${h}, not to the commitment impegnoSegreto ${show(t.impegnoSegreto)}`);
  } catch (e) {
    segretoOk = false;
    motivi.push(`revealed secret: ${(e as Error).message}`);
  }
  if (opzioni.impegnoPubblicato !== undefined && opzioni.impegnoPubblicato !== t.impegnoSegreto) {
    motivi.push(`impegnoSegreto ${show(t.impegnoSegreto)} is not the commitment published for the period, ${opzioni.impegnoPubblicato}`);
  }

  // Candidates: weights from loads, canonical order, no excluded one among them.
  let candidati: Candidato[] | null = null;
  if (!Array.isArray(t.candidati) || t.candidati.length === 0) {
    motivi.push('candidati must be a non-empty list');
  } else {
    const corretti: Candidato[] = [];
    let formaOk = true;
    t.candidati.forEach((c: unknown, i) => {
      if (!isObj(c) || typeof c.ispettoreId !== 'string' || c.ispettoreId === '') {
        motivi.push(`candidati[${i}] has no ispettoreId`);
        formaOk = false;
        return;
      }
      const carico = c.caricoAperto as number;
      if (!Number.isSafeInteger(carico) || carico < 0) {
        motivi.push(`candidate ${c.ispettoreId}: caricoAperto ${show(carico)} is not an integer >= 0`);
        formaOk = false;
        return;
      }
      const atteso = pesoDaCarico(carico);
      if (c.peso !== atteso) motivi.push(`candidate ${c.ispettoreId}: peso ${show(c.peso)} does not follow from caricoAperto ${carico} (expected ${atteso})`);
      corretti.push({ ispettoreId: c.ispettoreId, caricoAperto: carico, peso: atteso });
    });
    for (let i = 1; i < t.candidati.length; i++) {
      const a = t.candidati[i - 1]?.ispettoreId;
      const b = t.candidati[i]?.ispettoreId;
      if (typeof a === 'string' && typeof b === 'string' && confrontaId(a, b) >= 0) {
        motivi.push(a === b ? `candidate ${b} appears twice` : `candidati are not in ascending ispettoreId order: ${a} before ${b}`);
      }
    }
    if (formaOk) candidati = corretti.sort((a, b) => confrontaId(a.ispettoreId, b.ispettoreId));
  }
  if (!Array.isArray(t.esclusi)) {
    motivi.push('esclusi must be a list');
  } else if (candidati) {
    const ids = new Set(candidati.map((c) => c.ispettoreId));
    for (const e of t.esclusi) if (isObj(e) && ids.has(e.ispettoreId as string)) motivi.push(`inspector ${e.ispettoreId} is both a candidate and excluded`);
  }

  // Seed, generator, choice.
  const stored: Partial<TrascrizioneSorteggio['estrazione']> = isObj(t.estrazione) ? t.estrazione : {};
  if (!isObj(t.estrazione)) motivi.push('estrazione is missing');
  let semeBytes: Uint8Array | null = null;
  if (t.beacon === undefined) motivi.push('beacon is missing: it must be null or { fonte, round, valore }');
  else if (segretoOk) {
    try {
      semeBytes = seme({ segreto: segretoRivelato, richiestaId: t.richiestaId, tentativo: t.tentativo, beacon: t.beacon });
      const hex = bytesToHex(semeBytes);
      if (hex !== stored.seme) motivi.push(`estrazione.seme is ${show(stored.seme)}, recomputed ${hex}`);
    } catch (e) {
      motivi.push(`seed: ${(e as Error).message}`);
    }
  }
  let ricalcolo: EsitoVerifica['ricalcolo'];
  if (candidati) {
    try {
      const totale = totalePesi(candidati);
      if (totale !== stored.totale) motivi.push(`estrazione.totale is ${show(stored.totale)}, the weights sum to ${totale}`);
      if (semeBytes) {
        const r = estrai(semeBytes, candidati);
        ricalcolo = { seme: bytesToHex(semeBytes), ...r };
        if (r.rifiutati !== stored.rifiutati) motivi.push(`estrazione.rifiutati is ${show(stored.rifiutati)}, recomputed ${r.rifiutati}`);
        if (r.valore !== stored.valore) motivi.push(`estrazione.valore is ${show(stored.valore)}, recomputed ${r.valore}`);
        if (r.scelto !== stored.scelto) motivi.push(`estrazione.scelto is ${show(stored.scelto)}, recomputed ${r.scelto}`);
      }
    } catch (e) {
      motivi.push(`draw: ${(e as Error).message}`);
    }
  }
  return { valido: motivi.length === 0, motivi, ...(ricalcolo ? { ricalcolo } : {}) };
}

// ---- Hash chain ----

/** Where every chain of transcripts starts: 64 zeros. */
export const GENESI_CATENA = '0'.repeat(64);

/**
 * JSON with object keys sorted (by UTF-16 code units, as JavaScript's `<`) at every level, no whitespace, strings and
 * numbers as JSON.stringify writes them, undefined members left out (undefined in a list becomes null).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash = hex SHA-256(UTF-8 of prevHash ‖ "\n" ‖ canonicalJson(transcript)). */
export function hashTrascrizione(prevHash: string, t: TrascrizioneSorteggio): string {
  return bytesToHex(sha256(utf8ToBytes(`${prevHash}\n${canonicalJson(t)}`)));
}

export interface AnelloCatena {
  trascrizione: TrascrizioneSorteggio;
  prevHash: string;
  hash: string;
}

export interface EsitoCatena {
  valido: boolean;
  /** How many rows were found intact before the first broken one (all of them when valid). */
  verificate: number;
  /** Index (0-based) of the first broken row. */
  primaRotta?: number;
  motivo?: string;
}

/** Walks the rows in order and reports the first whose link (prevHash) or content (hash) does not match. */
export function verificaCatena(rows: readonly AnelloCatena[], inizio: string = GENESI_CATENA): EsitoCatena {
  let prev = inizio;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.prevHash !== prev) {
      return { valido: false, verificate: i, primaRotta: i, motivo: 'prevHash does not match the previous transcript\'s hash (a transcript was removed, inserted or reordered)' };
    }
    if (hashTrascrizione(row.prevHash, row.trascrizione) !== row.hash) {
      return { valido: false, verificate: i, primaRotta: i, motivo: 'the transcript does not match its hash (it was edited)' };
    }
    prev = row.hash;
  }
  return { valido: true, verificate: rows.length };
}
