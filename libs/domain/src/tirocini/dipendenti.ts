import { limiteOspitante } from './regole';
import type { IsoDate, RegolePackTirocini } from './tirocini.types';

/**
 * A site's permanent employees (dipendenti a tempo indeterminato) as counted from a date: the host limit on
 * concurrent trainees depends on it (DOMAIN §1). A count is recorded and never changed; a new one, from its own date,
 * follows it, so the count a past check used can still be read.
 */
export interface ConteggioDipendenti {
  dipendentiIndeterminato: number;
  /** The first day it counts (a calendar date, like the checks' dates). */
  dal: IsoDate;
  /** Why it was recorded; null for the count given when the site was registered. */
  motivo: string | null;
  registratoDa: string;
  /** When it was recorded (ISO instant). */
  registratoIl: string;
}

/**
 * The count in force on `data`: of the counts from a date not after it, the one from the latest date; of two from
 * the same date, the one recorded later (it corrects the other). `storia` is in the order recorded. A date before
 * the first count's is answered with the earliest count: nothing earlier is known of the site. Undefined only for
 * an empty history.
 */
export function dipendentiInVigore(storia: readonly ConteggioDipendenti[], data: IsoDate): ConteggioDipendenti | undefined {
  let scelto: ConteggioDipendenti | undefined;
  let primo: ConteggioDipendenti | undefined;
  for (const c of storia) {
    if (!primo || c.dal <= primo.dal) primo = c;
    if (c.dal <= data && (!scelto || c.dal >= scelto.dal)) scelto = c;
  }
  return scelto ?? primo;
}

/**
 * Whether recording `numero` from `dal` would add nothing: the count last recorded for that same date already says
 * it. A repeated request (a retry, a double click) then changes nothing and leaves no second row.
 */
export function conteggioGiaRegistrato(storia: readonly ConteggioDipendenti[], numero: number, dal: IsoDate): boolean {
  const stessoGiorno = storia.filter((c) => c.dal === dal);
  return stessoGiorno.length > 0 && stessoGiorno[stessoGiorno.length - 1].dipendentiIndeterminato === numero;
}

/**
 * What the check of the host limit read and found, recorded with every check (submission, integration, proroga) so
 * that it stays explained when the site's count changes later: the count used and the date it counts from, the
 * limit it gave under the rule pack, and the other practices holding a place at the site in the period checked.
 */
export interface ControlloSede {
  sedeId: string;
  dipendentiIndeterminato: number;
  dipendentiIndeterminatoDal: IsoDate;
  limite: number;
  altriTirocini: number;
}

export function controlloSede(
  sedeId: string,
  conteggio: Pick<ConteggioDipendenti, 'dipendentiIndeterminato' | 'dal'>,
  altriTirocini: number,
  regole: RegolePackTirocini,
): ControlloSede {
  return {
    sedeId,
    dipendentiIndeterminato: conteggio.dipendentiIndeterminato,
    dipendentiIndeterminatoDal: conteggio.dal,
    limite: limiteOspitante(regole, conteggio.dipendentiIndeterminato),
    altriTirocini,
  };
}
