import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import { ALGORITMO_SORTEGGIO, Candidato, ValoreBeacon } from './ispezioni.types';

/**
 * The arithmetic of `sorteggio-ponderato/1` (docs/assignment.md): the weights and the candidates' canonical order, the
 * commitment, the seed, the HMAC-SHA256 generator and the unbiased weighted choice. The draw (sorteggio.ts) and its
 * verification (sorteggio.verifica.ts) both run these, so a transcript recomputes to the same bytes.
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
    throw new ErroreSorteggio(`caricoAperto deve essere un intero >= 0, trovato ${String(caricoAperto)}`);
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
    if (typeof c.ispettoreId !== 'string' || c.ispettoreId === '') throw new ErroreSorteggio('ogni candidato deve avere un ispettoreId non vuoto');
    return { ispettoreId: c.ispettoreId, caricoAperto: c.caricoAperto, peso: pesoDaCarico(c.caricoAperto) };
  });
  out.sort((a, b) => confrontaId(a.ispettoreId, b.ispettoreId));
  for (let i = 1; i < out.length; i++) {
    if (out[i].ispettoreId === out[i - 1].ispettoreId) throw new ErroreSorteggio(`il candidato ${out[i].ispettoreId} compare due volte`);
  }
  return out;
}

// ---- Commit-reveal ----

const HEX = /^(?:[0-9a-f]{2})+$/;
export const SEGRETO_BYTES = 32;

function segretoBytes(segreto: string): Uint8Array {
  if (typeof segreto !== 'string' || segreto.length !== SEGRETO_BYTES * 2 || !HEX.test(segreto)) {
    throw new ErroreSorteggio(`il segreto del periodo deve essere di ${SEGRETO_BYTES} byte, scritti come ${SEGRETO_BYTES * 2} cifre esadecimali minuscole`);
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
  if (typeof input.richiestaId !== 'string' || input.richiestaId === '') throw new ErroreSorteggio('richiestaId deve essere una stringa non vuota');
  if (!Number.isInteger(input.tentativo) || input.tentativo < 1 || input.tentativo > TENTATIVO_MASSIMO) {
    throw new ErroreSorteggio(`tentativo deve essere un intero da 1 a ${TENTATIVO_MASSIMO}, trovato ${String(input.tentativo)}`);
  }
  const parts = [campo(utf8ToBytes(ALGORITMO_SORTEGGIO)), campo(segreto), campo(utf8ToBytes(input.richiestaId)), u32be(input.tentativo)];
  const b = input.beacon;
  if (b === null || b === undefined) {
    parts.push(Uint8Array.of(0));
  } else {
    if (typeof b.fonte !== 'string' || b.fonte === '') throw new ErroreSorteggio('beacon.fonte deve essere una stringa non vuota');
    if (!Number.isSafeInteger(b.round) || b.round < 0) throw new ErroreSorteggio(`beacon.round deve essere un intero >= 0, trovato ${String(b.round)}`);
    if (typeof b.valore !== 'string' || !HEX.test(b.valore)) throw new ErroreSorteggio('beacon.valore deve essere esadecimale minuscolo di almeno un byte');
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
    if (!(semeBytes instanceof Uint8Array) || semeBytes.length !== 32) throw new ErroreSorteggio('il seme deve essere di 32 byte');
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
  if (totale < 1n || totale > DUE_64) throw new ErroreSorteggio('totale deve essere in [1, 2^64]');
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
  throw new ErroreSorteggio(`valore ${valore} non è inferiore al peso totale ${cumulata}`);
}

/** The sum of the weights; shared with the verification, which recomputes it. */
export function totalePesi(candidati: readonly Candidato[]): number {
  const totale = candidati.reduce((s, c) => s + c.peso, 0);
  if (!Number.isSafeInteger(totale)) throw new ErroreSorteggio('il peso totale supera 2^53 - 1');
  return totale;
}

/** Seed → generator → uniform value → candidate: the core every draw and every verification runs. */
export function estrai(semeBytes: Uint8Array, candidati: readonly Candidato[]): { totale: number; valore: number; rifiutati: number; scelto: string } {
  const totale = totalePesi(candidati);
  if (totale < 1) throw new ErroreSorteggio('nessun candidato ha peso positivo');
  const { valore, rifiutati } = interoUniforme(new GeneratoreHmac(semeBytes), BigInt(totale));
  const v = Number(valore);
  return { totale, valore: v, rifiutati, scelto: sceltaPesata(candidati, v) };
}
