import { randomInt } from 'node:crypto';
import { cifraControlloPartitaIva } from '../../libs/domain/src/common/identificativi';

/** Random capital letters, for names that give distinct codici fiscali. */
export const lettere = (n: number) => Array.from({ length: n }, () => String.fromCharCode(65 + randomInt(26))).join('');

/** A random, well-formed partita IVA (its check digit computed). */
export function partitaIva(): string {
  const prime = Array.from({ length: 10 }, () => randomInt(10)).join('');
  return `${prime}${cifraControlloPartitaIva(prime)}`;
}
