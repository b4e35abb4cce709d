import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import { ALGORITMO_SORTEGGIO, Candidato, Esclusione, TrascrizioneAssegnazione, TrascrizioneSorteggio, ValoreBeacon } from './ispezioni.types';
import { motiviPeriodoNonUsabile } from './periodi';

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

function totalePesi(candidati: readonly Candidato[]): number {
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
  if (!input.candidati || input.candidati.length === 0) throw new ErroreSorteggio('nessun candidato idoneo: non c\'è nulla da sorteggiare');
  if (impegno(input.segreto) !== input.impegnoSegreto) throw new ErroreSorteggio('il segreto non corrisponde all\'impegno pubblicato impegnoSegreto');
  const candidati = preparaCandidati(input.candidati);
  const esclusi = [...input.esclusi]
    .map((e) => ({ ispettoreId: e.ispettoreId, motivi: e.motivi.map((m) => ({ regola: m.regola, dettaglio: m.dettaglio, ...(m.riferimento ? { riferimento: m.riferimento } : {}) })) }))
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

// ---- Verification ----

export interface EsitoVerifica {
  valido: boolean;
  /** Every mismatch found, in words; empty when valid. */
  motivi: string[];
  /** What the draw recomputes to from the transcript's inputs and the revealed secret, when it could be recomputed. */
  ricalcolo?: TrascrizioneSorteggio['estrazione'];
}

/**
 * The period a transcript names, as published: its bounds, when its commitment was published and when its secret was
 * revealed (ISO instants), and the chain head published at the reveal.
 */
export interface PeriodoPubblicato {
  periodo: string;
  inizio: string;
  fine: string;
  pubblicatoIl: string;
  rivelatoIl: string | null;
  /** The inspectorate's chain head at the reveal: the number of transcripts then in the chain and the last one's hash. */
  testaCatena?: { n: number; hash: string } | null;
}

export interface OpzioniVerifica {
  /** The commitment published for the transcript's inspectorate and period, which the transcript's must equal. */
  impegnoPubblicato?: string;
  /** The period as published: the draw must fall in it, after its commitment and before its reveal. */
  periodo?: PeriodoPubblicato;
  /** The transcript's position in its inspectorate's chain (1-based): it must not come after the head published at its period's reveal. */
  posizione?: number;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const show = (x: unknown) => (typeof x === 'string' ? `"${x}"` : JSON.stringify(x) ?? String(x));
const istante = (x: unknown): number => (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(x) ? Date.parse(x) : NaN);

/**
 * The period rules a draw must satisfy (docs/assignment.md §3 and §12): it names the period given, was recorded within
 * it, after the period's commitment had been published (before the period began) and before its secret was revealed,
 * and, when its chain position and the head published at the reveal are known, not after that head.
 */
export function motiviPeriodo(t: { periodo?: unknown; registratoIl?: unknown }, p: PeriodoPubblicato, posizione?: number): string[] {
  const motivi: string[] = [];
  if (t.periodo !== p.periodo) motivi.push(`la trascrizione indica il periodo ${show(t.periodo)}, non ${show(p.periodo)}`);
  const inizio = istante(p.inizio);
  const fine = istante(p.fine);
  const pubblicato = istante(p.pubblicatoIl);
  const rivelato = p.rivelatoIl === null || p.rivelatoIl === undefined ? null : istante(p.rivelatoIl);
  if ([inizio, fine, pubblicato].some(Number.isNaN) || (rivelato !== null && Number.isNaN(rivelato))) {
    motivi.push('i dati del periodo (inizio, fine, pubblicatoIl, rivelatoIl) non sono istanti ISO 8601');
    return motivi;
  }
  const registrato = istante(t.registratoIl);
  if (Number.isNaN(registrato)) {
    motivi.push(`registratoIl ${show(t.registratoIl)} non è un istante ISO 8601`);
    return motivi;
  }
  motivi.push(...motiviPeriodoNonUsabile({ periodo: p.periodo, inizio, fine, pubblicatoIl: pubblicato, rivelatoIl: rivelato }, registrato));
  if (posizione !== undefined && p.testaCatena && posizione > p.testaCatena.n) {
    motivi.push(`la trascrizione è alla posizione ${posizione} della catena, dopo la testa pubblicata alla rivelazione del periodo (${p.testaCatena.n}): è stata aggiunta dopo`);
  }
  return motivi;
}

/**
 * Recomputes a draw from its transcript and the revealed period secret: the commitment, every weight from its load,
 * the candidates' order, the seed, the generator, the rejections, the value and the chosen inspector; with the
 * published period, also that the draw was made in it, after its commitment and before its reveal. Lists every
 * mismatch, in Italian. Never throws: a malformed transcript is reported in motivi.
 */
export function verificaSorteggio(t: TrascrizioneSorteggio, segretoRivelato: string, opzioni: OpzioniVerifica = {}): EsitoVerifica {
  const motivi: string[] = [];
  const fail = (): EsitoVerifica => ({ valido: false, motivi });
  if (!isObj(t)) return { valido: false, motivi: ['la trascrizione non è un oggetto JSON'] };
  if (t.algoritmo !== ALGORITMO_SORTEGGIO) {
    motivi.push(`l'algoritmo ${show(t.algoritmo)} non è ${ALGORITMO_SORTEGGIO}: questo verificatore non può ricalcolarlo`);
    return fail();
  }
  if (t.pesoFormula !== PESO_FORMULA) motivi.push(`pesoFormula è ${show(t.pesoFormula)}, quella dell'algoritmo è "${PESO_FORMULA}"`);

  // The secret and its commitment.
  let segretoOk = true;
  try {
    const h = impegno(segretoRivelato);
    if (h !== t.impegnoSegreto) motivi.push(`il segreto rivelato ha hash ${h}, non l'impegno impegnoSegreto ${show(t.impegnoSegreto)}`);
  } catch (e) {
    segretoOk = false;
    motivi.push(`segreto rivelato: ${(e as Error).message}`);
  }
  if (opzioni.impegnoPubblicato !== undefined && opzioni.impegnoPubblicato !== t.impegnoSegreto) {
    motivi.push(`impegnoSegreto ${show(t.impegnoSegreto)} non è l'impegno pubblicato per il periodo, ${opzioni.impegnoPubblicato}`);
  }
  if (opzioni.periodo) motivi.push(...motiviPeriodo(t, opzioni.periodo, opzioni.posizione));

  // Candidates: weights from loads, canonical order, no excluded one among them.
  let candidati: Candidato[] | null = null;
  if (!Array.isArray(t.candidati) || t.candidati.length === 0) {
    motivi.push('candidati deve essere un elenco non vuoto');
  } else {
    const corretti: Candidato[] = [];
    let formaOk = true;
    t.candidati.forEach((c: unknown, i) => {
      if (!isObj(c) || typeof c.ispettoreId !== 'string' || c.ispettoreId === '') {
        motivi.push(`candidati[${i}] non ha ispettoreId`);
        formaOk = false;
        return;
      }
      const carico = c.caricoAperto as number;
      if (!Number.isSafeInteger(carico) || carico < 0) {
        motivi.push(`candidato ${c.ispettoreId}: caricoAperto ${show(carico)} non è un intero >= 0`);
        formaOk = false;
        return;
      }
      const atteso = pesoDaCarico(carico);
      if (c.peso !== atteso) motivi.push(`candidato ${c.ispettoreId}: peso ${show(c.peso)} non discende da caricoAperto ${carico} (atteso ${atteso})`);
      corretti.push({ ispettoreId: c.ispettoreId, caricoAperto: carico, peso: atteso });
    });
    for (let i = 1; i < t.candidati.length; i++) {
      const a = t.candidati[i - 1]?.ispettoreId;
      const b = t.candidati[i]?.ispettoreId;
      if (typeof a === 'string' && typeof b === 'string' && confrontaId(a, b) >= 0) {
        motivi.push(a === b ? `il candidato ${b} compare due volte` : `i candidati non sono in ordine crescente di ispettoreId: ${a} prima di ${b}`);
      }
    }
    if (formaOk) candidati = corretti.sort((a, b) => confrontaId(a.ispettoreId, b.ispettoreId));
  }
  if (!Array.isArray(t.esclusi)) {
    motivi.push('esclusi deve essere un elenco');
  } else if (candidati) {
    const ids = new Set(candidati.map((c) => c.ispettoreId));
    for (const e of t.esclusi) if (isObj(e) && ids.has(e.ispettoreId as string)) motivi.push(`l'ispettore ${e.ispettoreId} è sia candidato sia escluso`);
  }

  // Seed, generator, choice.
  const stored: Partial<TrascrizioneSorteggio['estrazione']> = isObj(t.estrazione) ? t.estrazione : {};
  if (!isObj(t.estrazione)) motivi.push('manca estrazione');
  let semeBytes: Uint8Array | null = null;
  if (t.beacon === undefined) motivi.push('manca beacon: deve essere null o { fonte, round, valore }');
  else if (segretoOk) {
    try {
      semeBytes = seme({ segreto: segretoRivelato, richiestaId: t.richiestaId, tentativo: t.tentativo, beacon: t.beacon });
      const hex = bytesToHex(semeBytes);
      if (hex !== stored.seme) motivi.push(`estrazione.seme è ${show(stored.seme)}, ricalcolato ${hex}`);
    } catch (e) {
      motivi.push(`seme: ${(e as Error).message}`);
    }
  }
  let ricalcolo: EsitoVerifica['ricalcolo'];
  if (candidati) {
    try {
      const totale = totalePesi(candidati);
      if (totale !== stored.totale) motivi.push(`estrazione.totale è ${show(stored.totale)}, i pesi sommano a ${totale}`);
      if (semeBytes) {
        const r = estrai(semeBytes, candidati);
        ricalcolo = { seme: bytesToHex(semeBytes), ...r };
        if (r.rifiutati !== stored.rifiutati) motivi.push(`estrazione.rifiutati è ${show(stored.rifiutati)}, ricalcolato ${r.rifiutati}`);
        if (r.valore !== stored.valore) motivi.push(`estrazione.valore è ${show(stored.valore)}, ricalcolato ${r.valore}`);
        if (r.scelto !== stored.scelto) motivi.push(`estrazione.scelto è ${show(stored.scelto)}, ricalcolato ${r.scelto}`);
      }
    } catch (e) {
      motivi.push(`estrazione: ${(e as Error).message}`);
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

/** hash = hex SHA-256(UTF-8 of prevHash ‖ "\n" ‖ canonicalJson(transcript)), for a draw's or a manual assignment's. */
export function hashTrascrizione(prevHash: string, t: TrascrizioneAssegnazione): string {
  return bytesToHex(sha256(utf8ToBytes(`${prevHash}\n${canonicalJson(t)}`)));
}

export interface AnelloCatena {
  trascrizione: TrascrizioneAssegnazione;
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
      return { valido: false, verificate: i, primaRotta: i, motivo: "prevHash non è l'hash della trascrizione precedente (una trascrizione è stata rimossa, inserita o spostata)" };
    }
    if (hashTrascrizione(row.prevHash, row.trascrizione) !== row.hash) {
      return { valido: false, verificate: i, primaRotta: i, motivo: 'la trascrizione non corrisponde al suo hash (è stata modificata)' };
    }
    prev = row.hash;
  }
  return { valido: true, verificate: rows.length };
}

/** A row of an inspectorate's chain as stored: its 1-based position and when it was recorded. */
export interface AnelloIspettorato extends AnelloCatena {
  n: number;
  registratoIl: string;
}

export interface EsitoCatenaIspettorato {
  valido: boolean;
  /** Transcripts in the chain. */
  trascrizioni: number;
  /** Every problem found, each with the chain position it concerns when there is one. */
  problemi: Array<{ n?: number; motivo: string }>;
}

/**
 * One inspectorate's chain, checked whole (docs/assignment.md §10): links and hashes from the genesis, positions
 * 1, 2, 3… without gaps, recording times that never go back, every draw within its period, after the period's
 * commitment and before its reveal, no draw of a revealed period after the head published at its reveal, and every
 * published head found in the chain where it was published. What the head check catches that the links cannot: a
 * deleted tail, and a chain rebuilt (re-hashed) from an edited row onwards.
 */
export function verificaCatenaIspettorato(rows: readonly AnelloIspettorato[], periodi: readonly PeriodoPubblicato[]): EsitoCatenaIspettorato {
  const problemi: EsitoCatenaIspettorato['problemi'] = [];
  const link = verificaCatena(rows);
  if (!link.valido) problemi.push({ n: rows[link.primaRotta!]?.n, motivo: link.motivo! });
  const perPeriodo = new Map(periodi.map((p) => [p.periodo, p]));
  let prima = -Infinity;
  rows.forEach((r, i) => {
    if (r.n !== i + 1) problemi.push({ n: r.n, motivo: `posizione ${r.n} dove era attesa ${i + 1}: la numerazione della catena ha un salto` });
    const t = Date.parse(r.registratoIl);
    if (t < prima) problemi.push({ n: r.n, motivo: `registrata il ${r.registratoIl}, prima della trascrizione che la precede` });
    prima = Math.max(prima, t);
    const tr = r.trascrizione;
    if (isObj(tr) && tr.tipo === 'manuale') return;
    const p = perPeriodo.get((tr as TrascrizioneSorteggio).periodo);
    if (!p) {
      problemi.push({ n: r.n, motivo: `il periodo ${show((tr as TrascrizioneSorteggio).periodo)} non è tra quelli pubblicati dall'ispettorato` });
      return;
    }
    for (const m of motiviPeriodo(tr as TrascrizioneSorteggio, p, r.n)) problemi.push({ n: r.n, motivo: m });
  });
  for (const p of periodi) {
    if (!p.testaCatena) continue;
    const { n, hash } = p.testaCatena;
    const atteso = n === 0 ? GENESI_CATENA : rows[n - 1]?.hash;
    if (atteso === undefined) problemi.push({ motivo: `la testa pubblicata alla rivelazione del periodo ${p.periodo} è alla posizione ${n}, ma la catena ha ${rows.length} trascrizioni: ne mancano in coda` });
    else if (atteso !== hash) problemi.push({ n, motivo: `alla posizione ${n} la catena non ha l'hash pubblicato alla rivelazione del periodo ${p.periodo}: è stata riscritta` });
  }
  return { valido: problemi.length === 0, trascrizioni: rows.length, problemi };
}

/**
 * What the audit trail (hash-chained and anchored apart, §10) recorded as each step happened: every transcript's
 * position and hash when it was appended, every period's commitment when published and chain head when revealed.
 */
export interface RegistrazioniCatena {
  trascrizioni: Array<{ n: number; hash: string }>;
  periodi: Array<{ periodo: string; impegno?: string; testaCatena?: { n: number; hash: string } | null }>;
}

/** The chain and its periods against what the audit trail recorded, and each request against its transcripts. */
export function verificaRegistrazioni(
  rows: readonly Pick<AnelloIspettorato, 'n' | 'hash' | 'trascrizione'>[],
  periodi: ReadonlyArray<Pick<PeriodoPubblicato, 'periodo' | 'testaCatena'> & { impegno: string }>,
  registrazioni: RegistrazioniCatena,
  richieste: ReadonlyArray<{ id: string; tentativo: number; ispettoreId: string | null }> = [],
): Array<{ n?: number; motivo: string }> {
  const problemi: Array<{ n?: number; motivo: string }> = [];
  const perN = new Map(rows.map((r) => [r.n, r]));
  const registrate = new Set<number>();
  for (const t of registrazioni.trascrizioni) {
    registrate.add(t.n);
    const r = perN.get(t.n);
    if (!r) problemi.push({ n: t.n, motivo: `la trascrizione ${t.n}, registrata nel registro degli eventi, manca dalla catena` });
    else if (r.hash !== t.hash) problemi.push({ n: t.n, motivo: `la trascrizione ${t.n} non ha l'hash registrato nel registro degli eventi: la catena è stata riscritta` });
  }
  for (const r of rows) {
    if (!registrate.has(r.n)) problemi.push({ n: r.n, motivo: `la trascrizione ${r.n} non risulta dal registro degli eventi: è stata aggiunta fuori dalla procedura` });
  }
  const perPeriodo = new Map(periodi.map((p) => [p.periodo, p]));
  for (const p of registrazioni.periodi) {
    const q = perPeriodo.get(p.periodo);
    if (!q) {
      problemi.push({ motivo: `il periodo ${p.periodo}, registrato nel registro degli eventi, manca` });
      continue;
    }
    if (p.impegno !== undefined && p.impegno !== q.impegno) problemi.push({ motivo: `l'impegno del periodo ${p.periodo} non è quello pubblicato e registrato` });
    if (p.testaCatena !== undefined && canonicalJson(p.testaCatena) !== canonicalJson(q.testaCatena ?? null)) {
      problemi.push({ motivo: `la testa della catena del periodo ${p.periodo} non è quella registrata alla rivelazione` });
    }
  }
  const perRichiesta = new Map<string, Array<Pick<AnelloIspettorato, 'n' | 'hash' | 'trascrizione'>>>();
  for (const r of rows) {
    const id = (r.trascrizione as { richiestaId: string }).richiestaId;
    perRichiesta.set(id, [...(perRichiesta.get(id) ?? []), r]);
  }
  for (const q of richieste) {
    if (q.tentativo < 1) continue;
    const proprie = (perRichiesta.get(q.id) ?? []).map((r) => r.trascrizione as TrascrizioneAssegnazione);
    const tentativi = new Set(proprie.map((t) => t.tentativo));
    const mancanti = Array.from({ length: q.tentativo }, (_, k) => k + 1).filter((k) => !tentativi.has(k));
    if (mancanti.length) problemi.push({ motivo: `la richiesta ${q.id} è al tentativo ${q.tentativo} ma nella catena mancano le trascrizioni dei tentativi ${mancanti.join(', ')}` });
    const ultima = proprie.find((t) => t.tentativo === q.tentativo);
    const assegnato = ultima ? (isObj(ultima) && (ultima as { tipo?: string }).tipo === 'manuale' ? (ultima as { ispettoreId: string }).ispettoreId : (ultima as TrascrizioneSorteggio).estrazione?.scelto) : undefined;
    if (ultima && q.ispettoreId !== null && assegnato !== q.ispettoreId) {
      problemi.push({ motivo: `la richiesta ${q.id} risulta assegnata a ${q.ispettoreId}, la trascrizione del tentativo ${q.tentativo} a ${assegnato}` });
    }
  }
  return problemi;
}
