import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { TrascrizioneAssegnazione, TrascrizioneSorteggio } from './ispezioni.types';
import { PeriodoPubblicato, isObj, motiviPeriodo, show } from './sorteggio.verifica';

/**
 * The hash chain of an inspectorate's transcripts (docs/assignment.md §10): draws and manual assignments, each linked to
 * the previous one, checked whole against the heads published at each period's reveal and against the audit trail.
 */

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
      return {
        valido: false,
        verificate: i,
        primaRotta: i,
        motivo: "prevHash non è l'hash della trascrizione precedente (una trascrizione è stata rimossa, inserita o spostata)",
      };
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
    if (atteso === undefined)
      problemi.push({
        motivo: `la testa pubblicata alla rivelazione del periodo ${p.periodo} è alla posizione ${n}, ma la catena ha ${rows.length} trascrizioni: ne mancano in coda`,
      });
    else if (atteso !== hash)
      problemi.push({ n, motivo: `alla posizione ${n} la catena non ha l'hash pubblicato alla rivelazione del periodo ${p.periodo}: è stata riscritta` });
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
    else if (r.hash !== t.hash)
      problemi.push({ n: t.n, motivo: `la trascrizione ${t.n} non ha l'hash registrato nel registro degli eventi: la catena è stata riscritta` });
  }
  for (const r of rows) {
    if (!registrate.has(r.n))
      problemi.push({ n: r.n, motivo: `la trascrizione ${r.n} non risulta dal registro degli eventi: è stata aggiunta fuori dalla procedura` });
  }
  const perPeriodo = new Map(periodi.map((p) => [p.periodo, p]));
  for (const p of registrazioni.periodi) {
    const q = perPeriodo.get(p.periodo);
    if (!q) {
      problemi.push({ motivo: `il periodo ${p.periodo}, registrato nel registro degli eventi, manca` });
      continue;
    }
    if (p.impegno !== undefined && p.impegno !== q.impegno)
      problemi.push({ motivo: `l'impegno del periodo ${p.periodo} non è quello pubblicato e registrato` });
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
    if (mancanti.length)
      problemi.push({
        motivo: `la richiesta ${q.id} è al tentativo ${q.tentativo} ma nella catena mancano le trascrizioni dei tentativi ${mancanti.join(', ')}`,
      });
    const ultima = proprie.find((t) => t.tentativo === q.tentativo);
    const assegnato = ultima
      ? isObj(ultima) && (ultima as { tipo?: string }).tipo === 'manuale'
        ? (ultima as { ispettoreId: string }).ispettoreId
        : (ultima as TrascrizioneSorteggio).estrazione?.scelto
      : undefined;
    if (ultima && q.ispettoreId !== null && assegnato !== q.ispettoreId) {
      problemi.push({ motivo: `la richiesta ${q.id} risulta assegnata a ${q.ispettoreId}, la trascrizione del tentativo ${q.tentativo} a ${assegnato}` });
    }
  }
  return problemi;
}
