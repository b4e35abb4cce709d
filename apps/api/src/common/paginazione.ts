import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { ProblemException } from './problem';

/**
 * Cursor paging for lists ordered newest first by (time, id): `limite` at a time (at most 200), and `dopo` the
 * cursor of the last item of the previous page, so every record is reachable however many there are and a record
 * added meanwhile neither repeats nor hides one (unlike an offset). The next page's URL is in a Link header
 * (rel="next"), so the body stays the plain array it always was.
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

export interface Cursore {
  il: Date;
  id: string;
}

/** Opaque to clients (base64url of time and id). */
export function scriviCursore(c: Cursore): string {
  return Buffer.from(`${c.il.toISOString()}|${c.id}`).toString('base64url');
}

export function leggiCursore(c: string): Cursore {
  const [il, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const data = new Date(il ?? '');
  if (Number.isNaN(data.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? '')) {
    throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'cursore non valido', [
      { field: 'dopo', rule: 'cursore', message: 'dopo: il cursore restituito dalla pagina precedente (successivo)' },
    ]);
  }
  return { il: data, id };
}

/**
 * One page out of `righe` (fetched with LIMIT limite + 1): the items, and the cursor of the next page when there
 * is one.
 */
export function pagina<T>(righe: T[], limite: number, chiave: (r: T) => Cursore): { elementi: T[]; successivo?: string } {
  const elementi = righe.slice(0, limite);
  const ultimo = elementi[elementi.length - 1];
  return { elementi, ...(righe.length > limite && ultimo ? { successivo: scriviCursore(chiave(ultimo)) } : {}) };
}

/** Sets `Link: <path?filters&dopo=…>; rel="next"` when there is a next page. */
export function linkSuccessivo(res: Response, path: string, filtri: Record<string, string | number | undefined>, successivo?: string): void {
  if (!successivo) return;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filtri)) if (v !== undefined && v !== '' && k !== 'dopo') q.set(k, String(v));
  q.set('dopo', successivo);
  res.setHeader('Link', `<${path}?${q.toString()}>; rel="next"`);
}

/**
 * For lists ordered by more than (time, id), such as "Le mie attività" (deadline, then since when, then a tie-break):
 * the cursor is the last item's key, a short array of strings, numbers and nulls, opaque to clients (base64url of
 * its JSON). `valida` says whether a decoded key has the list's shape; anything else is the same 400 as above.
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
  if (letta === undefined) {
    throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'cursore non valido', [
      { field: 'dopo', rule: 'cursore', message: 'dopo: il cursore restituito dalla pagina precedente (successivo)' },
    ]);
  }
  return letta;
}
