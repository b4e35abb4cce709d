/**
 * Keyset pagination: a list read a page at a time from where the previous page ended (its sort key), not by
 * skipping `offset` rows, so every page costs the same however deep it is, and a row added meanwhile neither repeats
 * nor hides another. Each list orders by a key its index holds, with the id last so the key is unique:
 * `(time, id)` newest first for most lists, `(id)` for the audit trail, `(year, id)` for plans.
 *
 * A time in a key is carried exactly as stored (timestamptz keeps microseconds; a JavaScript Date keeps
 * milliseconds): rounded, it would either skip the rows of the same millisecond after it or need an expression in the
 * ORDER BY that no index holds. The list's query returns it as text (`istanteEsatto`) and compares it back as
 * `timestamptz`.
 */

/** Where the previous page ended in a list ordered by (time, id): the last row's time to the microsecond, and id. */
export interface DopoIstante {
  /** ISO 8601 in UTC with six decimals, as `istanteEsatto` writes it: `2027-01-31T09:15:02.123456Z` */
  il: string;
  id: string;
}

/** The shape of `DopoIstante.il`. */
export const ISTANTE_ESATTO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** SQL: a timestamptz column as the exact text a `DopoIstante` carries (the session's time zone does not matter). */
export const istanteEsatto = (colonna: string): string => `to_char(${colonna} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A query as text and values, exported by the repositories so a test can EXPLAIN exactly the SQL they run. */
export interface QuerySql {
  text: string;
  values: unknown[];
}
