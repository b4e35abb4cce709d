import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { Graduatoria } from './graduatoria';

// ---- Canonical form and hash of a graduatoria (graduatoria.ts re-exports them) ----

/**
 * Stable JSON of a graduatoria: object keys sorted (UTF-16 code unit order) at every level, no whitespace, strings
 * as JSON.stringify writes them, members with value undefined left out (undefined in a list becomes null). Numbers
 * must be safe integers (there are no floats in a graduatoria) and keys must not look like array indices ("0",
 * "12": JavaScript would reorder them); anything else throws. The same inputs in any order give the same text.
 */
export function formaCanonica(graduatoria: Graduatoria): string {
  return JSON.stringify(ordinato(graduatoria));
}

const INDICE = /^(?:0|[1-9]\d*)$/;
const perCodice = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted key lists by key signature: a graduatoria has a handful of object shapes, repeated 20,000 times. */
const cacheChiavi = new Map<string, string[]>();

function chiaviOrdinate(o: object): string[] {
  const proprie = Object.keys(o);
  const firma = proprie.join('\u0000');
  let chiavi = cacheChiavi.get(firma);
  if (!chiavi) {
    for (const k of proprie) if (INDICE.test(k)) throw new Error(`forma canonica: chiave numerica non ammessa ${JSON.stringify(k)}`);
    chiavi = proprie.sort(perCodice);
    if (cacheChiavi.size < 256) cacheChiavi.set(firma, chiavi);
  }
  return chiavi;
}

/** A copy with every object's keys in sorted insertion order (JSON.stringify keeps insertion order), values checked. */
function ordinato(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (!Number.isSafeInteger(v)) throw new Error(`forma canonica: numero non intero ${String(v)}`);
      return v;
    case 'object': {
      if (Array.isArray(v)) {
        const a = new Array(v.length);
        for (let i = 0; i < v.length; i++) a[i] = ordinato(v[i]);
        return a;
      }
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of chiaviOrdinate(o)) {
        const x = o[k];
        if (x === undefined) continue;
        if (k === '__proto__') Object.defineProperty(out, k, { value: ordinato(x), enumerable: true, writable: true, configurable: true });
        else out[k] = ordinato(x);
      }
      return out;
    }
    default:
      throw new Error(`forma canonica: valore non ammesso (${typeof v})`);
  }
}

/** Lower-case hex SHA-256 of the UTF-8 of formaCanonica(graduatoria). */
export function hashGraduatoria(graduatoria: Graduatoria): string {
  return bytesToHex(sha256(utf8ToBytes(formaCanonica(graduatoria))));
}
