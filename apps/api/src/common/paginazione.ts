import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { type DopoIstante, ISTANTE_ESATTO } from '@app/infrastructure';
import { ProblemException } from './problem';

/**
 * Cursor paging (keyset, see libs/infrastructure/src/persistence/keyset.ts): `limite` at a time (at most 200), and
 * `dopo` the cursor of the last item of the previous page, so every record is reachable however many there are, each
 * page costs the same however deep it is, and a record added meanwhile neither repeats nor hides one (unlike an
 * offset). A list answered as an array gives the next page's URL in a Link header (rel="next"); a list answered as
 * an object also as its `successivo`.
 */
export const LIMITE_PAGINA = 200;

export class PaginaQuery {
  @ApiPropertyOptional({ description: 'la pagina successiva: il cursore nell’intestazione Link della risposta precedente (rel="next")' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  dopo?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: LIMITE_PAGINA, default: LIMITE_PAGINA, description: 'quanti per pagina' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(LIMITE_PAGINA)
  limite?: number;
}

/** The 400 of a cursor this API did not write (or wrote for another list). */
function cursoreNonValido(): ProblemException {
  return new ProblemException(400, 'validazione', 'Richiesta non valida', 'cursore non valido', [
    { field: 'dopo', rule: 'cursore', message: 'dopo: il cursore restituito dalla pagina precedente (successivo)' },
  ]);
}

/**
 * The cursor is the last item's key in the list's order, a short array of strings, numbers and nulls, opaque to
 * clients (base64url of its JSON). `valida` says whether a decoded key has the list's shape; anything else is a 400
 * naming `dopo`, never a query that fails.
 */
export function scriviCursoreChiave(chiave: ReadonlyArray<string | number | null>): string {
  return Buffer.from(JSON.stringify(chiave)).toString('base64url');
}

export function leggiCursoreChiave<T>(c: string, valida: (chiave: unknown[]) => T | undefined): T {
  let chiave: unknown;
  try {
    chiave = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
  } catch {
    chiave = undefined;
  }
  const letta = Array.isArray(chiave) ? valida(chiave) : undefined;
  if (letta === undefined) throw cursoreNonValido();
  return letta;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The largest PostgreSQL `integer`: a key compared with such a column (an attempt, a year) must fit in it. */
export const INTERO_PG_MAX = 2_147_483_647;

/**
 * A time as a key carries it (see DopoIstante): the right shape, and a real instant (no 31 February) of a year the
 * database holds (year 0000 is not one: PostgreSQL refuses it, and the list would answer 500).
 */
function istanteValido(x: unknown): x is string {
  if (typeof x !== 'string' || !ISTANTE_ESATTO.test(x) || x.startsWith('0000')) return false;
  const ms = x.slice(0, 23);
  const d = new Date(`${ms}Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 23) === ms;
}

/** The key of lists ordered newest first by (time, id): [time to the microsecond, id]. */
export function leggiCursoreIstante(c: string): DopoIstante {
  return leggiCursoreChiave(c, ([il, id, ...resto]) =>
    !resto.length && istanteValido(il) && typeof id === 'string' && UUID.test(id) ? { il, id: id.toLowerCase() } : undefined,
  );
}

/**
 * The key of lists ordered by a whole number (the audit trail's id, a `bigint`; an attempt's number, an `integer`:
 * `massimo` INTERO_PG_MAX): [n], 0 to `massimo`.
 */
export function leggiCursoreNumero(c: string, massimo = Number.MAX_SAFE_INTEGER): number {
  return leggiCursoreChiave(c, ([n, ...resto]) =>
    !resto.length && typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= massimo ? n : undefined,
  );
}

/** The key of lists ordered by an `integer` then id (plans by year): [n, id]. */
export function leggiCursoreNumeroId(c: string): { n: number; id: string } {
  return leggiCursoreChiave(c, ([n, id, ...resto]) =>
    !resto.length && typeof n === 'number' && Number.isSafeInteger(n) && Math.abs(n) <= INTERO_PG_MAX && typeof id === 'string' && UUID.test(id)
      ? { n, id: id.toLowerCase() }
      : undefined,
  );
}

/**
 * One page out of `righe` (fetched with LIMIT limite + 1): the items, and the cursor of the next page (the key of
 * the page's last item) when there is one.
 */
export function pagina<T>(righe: T[], limite: number, chiave: (r: T) => ReadonlyArray<string | number | null>): { elementi: T[]; successivo?: string } {
  const elementi = righe.slice(0, limite);
  const ultimo = elementi[elementi.length - 1];
  return { elementi, ...(righe.length > limite && ultimo ? { successivo: scriviCursoreChiave(chiave(ultimo)) } : {}) };
}

/** Sets `Link: <path?filters&dopo=…>; rel="next"` when there is a next page. */
export function linkSuccessivo(res: Response, path: string, filtri: Record<string, string | number | undefined>, successivo?: string): void {
  if (!successivo) return;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filtri)) if (v !== undefined && v !== '' && k !== 'dopo') q.set(k, String(v));
  q.set('dopo', successivo);
  res.setHeader('Link', `<${path}?${q.toString()}>; rel="next"`);
}
