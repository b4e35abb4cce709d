import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit row that its hash covers (everything but its id and its own hash). */
export interface AuditFields {
  registratoIl: Date;
  attore: string;
  ruoli: string;
  ufficio: string;
  procedura: string;
  entita: string;
  entitaId: string;
  azione: string;
  motivazione: string | null;
  prima: Record<string, unknown> | null;
  dopo: Record<string, unknown> | null;
  requestId: string | null;
  idempotencyKey: string | null;
}

/** JSON with object keys sorted at every level, so the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash = SHA-256(prevHash || "\n" || canonical JSON of the row's fields). */
export function auditHash(prevHash: string, f: AuditFields): string {
  // Exactly the covered fields, whatever else the object carries (a stored row also has id and hash).
  const body = canonicalJson({
    registratoIl: f.registratoIl.toISOString(),
    attore: f.attore,
    ruoli: f.ruoli,
    ufficio: f.ufficio,
    procedura: f.procedura,
    entita: f.entita,
    entitaId: f.entitaId,
    azione: f.azione,
    motivazione: f.motivazione,
    prima: f.prima,
    dopo: f.dopo,
    requestId: f.requestId,
    idempotencyKey: f.idempotencyKey,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface ChainRow extends AuditFields {
  id: number;
  prevHash: string;
  hash: string;
}

export interface ChainCheck {
  valid: boolean;
  checked: number;
  firstBrokenId?: number;
  reason?: string;
}

/** Walks rows in id order and reports the first one whose link or content does not match. */
export function verifyChain(rows: ChainRow[], startPrevHash = GENESIS_HASH): ChainCheck {
  let prev = startPrevHash;
  for (const row of rows) {
    if (row.prevHash !== prev) {
      return {
        valid: false,
        checked: rows.indexOf(row),
        firstBrokenId: row.id,
        reason: 'prev_hash non corrisponde alla riga precedente (una riga è stata rimossa o spostata)',
      };
    }
    if (auditHash(row.prevHash, row) !== row.hash) {
      return {
        valid: false,
        checked: rows.indexOf(row),
        firstBrokenId: row.id,
        reason: 'il contenuto non corrisponde al suo hash (la riga è stata modificata)',
      };
    }
    prev = row.hash;
  }
  return { valid: true, checked: rows.length };
}
