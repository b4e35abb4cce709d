import { randomInt } from 'node:crypto';
import * as libreria from 'codice-fiscale-js';
import { cifraControlloPartitaIva } from '../../libs/domain/src/common/identificativi';

/** Random capital letters, for names that give distinct codici fiscali. */
export const lettere = (n: number) => Array.from({ length: n }, () => String.fromCharCode(65 + randomInt(26))).join('');

/** A random, well-formed partita IVA (its check digit computed). */
export function partitaIva(): string {
  const prime = Array.from({ length: 10 }, () => randomInt(10)).join('');
  return `${prime}${cifraControlloPartitaIva(prime)}`;
}

/** The package exports `CodiceFiscale` by name while its typings declare a default export (see libs/domain). */
const CodiceFiscale = (libreria as unknown as { CodiceFiscale: typeof libreria.default }).CodiceFiscale;

/**
 * A random person whose codice fiscale agrees with everything declared (names, birth date, sex), as the registries
 * require: random names give distinct codes. Born in [annoDa, annoDa + anni).
 */
export function persona(opts: { annoDa?: number; anni?: number; luogo?: { birthplace: string; birthplaceProvincia: string } } = {}) {
  const sesso: 'M' | 'F' = randomInt(2) ? 'M' : 'F';
  const [anno, mese, giorno] = [(opts.annoDa ?? 1975) + randomInt(opts.anni ?? 30), 1 + randomInt(12), 1 + randomInt(28)];
  const maiuscola = (s: string) => s[0] + s.slice(1).toLowerCase();
  const [nome, cognome] = [maiuscola(lettere(6)), maiuscola(lettere(7))];
  const codiceFiscale: string = CodiceFiscale.compute({
    name: nome,
    surname: cognome,
    gender: sesso,
    day: giorno,
    month: mese,
    year: anno,
    ...(opts.luogo ?? { birthplace: 'Roma', birthplaceProvincia: 'RM' }),
  });
  return { codiceFiscale, nome, cognome, sesso, dataNascita: `${anno}-${String(mese).padStart(2, '0')}-${String(giorno).padStart(2, '0')}` };
}
