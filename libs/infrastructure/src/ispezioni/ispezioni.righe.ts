/** The rows an UPDATE ... RETURNING gave: TypeORM answers [rows, count] for an UPDATE on PostgreSQL. */
export const aggiornate = (res: unknown): Record<string, unknown>[] =>
  Array.isArray(res) && Array.isArray(res[0]) ? res[0] : (res as Record<string, unknown>[]);

/** A date column as YYYY-MM-DD. */
export const iso = (d: Date | string | null): string | undefined =>
  d == null ? undefined : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);
