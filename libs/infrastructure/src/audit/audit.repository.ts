import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntity } from '../persistence/entities';
import type { AuditFields } from './audit-chain';
import type { QuerySql } from '../persistence/keyset';

// One lock serialises writers of the chain until their transaction commits, so each row links to the last one.
export const CHAIN_LOCK = 727_001;

/**
 * Which rows of the trail: those of one entity (of a kind, when given), of some actions, and with `documenti` the
 * rows of the documents it owns too (an upload is recorded under its document, with the owner's id in `dopo.owner`).
 * `azioni` and `entita` select among the entity's own rows; `attore` among all.
 */
export interface SelezioneAudit {
  entitaId: string;
  entita?: string;
  azioni?: string[];
  attore?: string;
  documenti?: boolean;
}

/** A step of an entity's timeline, as the trail recorded it. */
export type VoceAudit = Pick<AuditFields, 'registratoIl' | 'attore' | 'ruoli' | 'azione' | 'motivazione' | 'prima' | 'dopo'>;

/** SQL: the condition of a selection, its parameters numbered from $1. */
function dove(s: SelezioneAudit): { where: string; params: unknown[] } {
  const params: unknown[] = [s.entitaId];
  const proprie = ['entita_id = $1'];
  if (s.entita !== undefined) proprie.push(`entita = $${params.push(s.entita)}`);
  if (s.azioni) proprie.push(`azione = ANY($${params.push(s.azioni)}::text[])`);
  let where = proprie.join(' AND ');
  if (s.documenti) where = `(${where}) OR (entita = 'documento' AND dopo->>'owner' = $1)`;
  if (s.attore !== undefined) where = `(${where}) AND attore = $${params.push(s.attore)}`;
  return { where, params };
}

/** The list's filters: the kind of entity and its id, the office (every office's when absent), and the id the previous page ended at. */
export interface FiltroAudit {
  entita?: string;
  entitaId?: string;
  ufficio?: string;
  dopoId?: number;
}

/**
 * The trail as listed, oldest first by id, from where the previous page ended (keyset): an entity's rows by
 * ix_audit_entita, an office's by ix_audit_ufficio or, of one kind of entity, ix_audit_ufficio_entita (migration
 * ElenchiKeyset). Exported so the e2e suite `elenchi` explains exactly this SQL.
 */
export const QUERY_AUDIT = {
  pagina(f: FiltroAudit, limit: number): QuerySql {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (n: number) => string, v: unknown) => where.push(sql(values.push(v)));
    if (f.entita) add((n) => `entita = $${n}`, f.entita);
    if (f.entitaId) add((n) => `entita_id = $${n}`, f.entitaId);
    if (f.ufficio) add((n) => `ufficio = $${n}`, f.ufficio);
    if (f.dopoId) add((n) => `id > $${n}`, f.dopoId);
    return {
      text: `SELECT id, registrato_il AS "registratoIl", attore, ruoli, ufficio, procedura, entita, entita_id AS "entitaId", azione, motivazione, prima, dopo,
          request_id AS "requestId", idempotency_key AS "idempotencyKey", prev_hash AS "prevHash", hash
        FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ${Number(limit)}`,
      values,
    };
  },
};

/** The audit_log table: the chain's lock, its last link, appends, and the reads of the trail. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Takes the chain's lock, held until `m`'s transaction ends. */
  async bloccaCatena(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  }

  /**
   * Whether a row with this idempotency key exists, and the hash of the last row. Read in a statement of its own
   * after the lock, so it sees what the previous holder committed.
   */
  async statoCatena(m: EntityManager, idempotencyKey: string | null): Promise<{ seen: boolean; last: string | null }> {
    const [state]: { seen: boolean; last: string | null }[] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM audit_log WHERE $1::text IS NOT NULL AND idempotency_key = $1) AS seen,
              (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS last`,
      [idempotencyKey],
    );
    return state;
  }

  /** Which of these idempotency keys are already recorded. */
  async chiaviRegistrate(m: EntityManager, chiavi: string[]): Promise<Set<string>> {
    if (!chiavi.length) return new Set();
    const rows: Array<{ k: string }> = await m.query('SELECT idempotency_key AS k FROM audit_log WHERE idempotency_key = ANY($1::text[])', [chiavi]);
    return new Set(rows.map((r) => r.k));
  }

  /**
   * Rows appended in one statement, each with the id, previous hash and hash the caller computed under the chain lock.
   * The ids are taken from the table's sequence first (nuoviId), so the chain's order is the ids' order whatever
   * order the rows are inserted in.
   */
  async inserisciMolti(m: EntityManager, righe: Array<{ id: string; f: AuditFields; prevHash: string; hash: string }>): Promise<void> {
    const dati = righe.map(({ id, f, prevHash, hash }) => ({
      id,
      registrato_il: f.registratoIl.toISOString(),
      attore: f.attore,
      ruoli: f.ruoli,
      ufficio: f.ufficio,
      procedura: f.procedura,
      entita: f.entita,
      entita_id: f.entitaId,
      azione: f.azione,
      motivazione: f.motivazione,
      prima: f.prima,
      dopo: f.dopo,
      request_id: f.requestId,
      idempotency_key: f.idempotencyKey,
      prev_hash: prevHash,
      hash,
    }));
    await m.query(
      `INSERT INTO audit_log (id, registrato_il, attore, ruoli, ufficio, procedura, entita, entita_id, azione, motivazione,
         prima, dopo, request_id, idempotency_key, prev_hash, hash)
       SELECT x.id, x.registrato_il, x.attore, x.ruoli, x.ufficio, x.procedura, x.entita, x.entita_id, x.azione, x.motivazione,
         x.prima, x.dopo, x.request_id, x.idempotency_key, x.prev_hash, x.hash
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, registrato_il timestamptz, attore text, ruoli text, ufficio text, procedura text,
         entita text, entita_id text, azione text, motivazione text, prima jsonb, dopo jsonb, request_id text, idempotency_key text,
         prev_hash text, hash text)`,
      [JSON.stringify(dati)],
    );
  }

  /** `n` new ids from the audit trail's sequence, ascending (call with the chain lock held). */
  async nuoviId(m: EntityManager, n: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(
      "SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))::text AS id FROM generate_series(1, $1::int)",
      [n],
    );
    return rows.map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  }

  async inserisci(m: EntityManager, f: AuditFields, prevHash: string, hash: string): Promise<void> {
    await m.query(
      `INSERT INTO audit_log (registrato_il, attore, ruoli, ufficio, procedura, entita, entita_id, azione, motivazione,
         prima, dopo, request_id, idempotency_key, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        f.registratoIl,
        f.attore,
        f.ruoli,
        f.ufficio,
        f.procedura,
        f.entita,
        f.entitaId,
        f.azione,
        f.motivazione,
        f.prima === null ? null : JSON.stringify(f.prima),
        f.dopo === null ? null : JSON.stringify(f.dopo),
        f.requestId,
        f.idempotencyKey,
        prevHash,
        hash,
      ],
    );
  }

  /** The rows matching `filter`, oldest first, at most `limit` (see QUERY_AUDIT). */
  async elenco(filter: FiltroAudit, limit: number): Promise<AuditEntity[]> {
    const q = QUERY_AUDIT.pagina(filter, limit);
    const rows: Array<AuditEntity & { id: string }> = await this.db.query(q.text, q.values);
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** The rows after `afterId`, in id order, at most `size`. */
  async pagina(afterId: number, size: number): Promise<AuditEntity[]> {
    return this.db.getRepository(AuditEntity).createQueryBuilder('a').where('a.id > :afterId', { afterId }).orderBy('a.id', 'ASC').limit(size).getMany();
  }

  /** The selected rows in the order they were recorded, at most `limit`. */
  async voci(s: SelezioneAudit, limit: number, m: EntityManager = this.db.manager): Promise<VoceAudit[]> {
    const { where, params } = dove(s);
    return m.query(
      `SELECT registrato_il AS "registratoIl", attore, ruoli, azione, motivazione, prima, dopo FROM audit_log WHERE ${where} ORDER BY id LIMIT ${Number(limit)}`,
      params,
    );
  }

  /** The actors of the selected rows, each once. */
  async attori(s: SelezioneAudit, m: EntityManager = this.db.manager): Promise<string[]> {
    const { where, params } = dove(s);
    const rows: { attore: string }[] = await m.query(`SELECT DISTINCT attore FROM audit_log WHERE ${where}`, params);
    return rows.map((r) => r.attore);
  }
}
