import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntity } from '../persistence/entities';
import { AuditFields, ChainCheck, GENESIS_HASH, auditHash, verifyChain } from './audit-chain';

export interface AuditActor {
  sub: string;
  roles: string[];
  office: string;
}

export interface AuditEntry {
  actor: AuditActor;
  procedura: string;
  entita: string;
  entitaId: string;
  azione: string;
  motivazione?: string | null;
  prima?: Record<string, unknown> | null;
  dopo?: Record<string, unknown> | null;
  requestId?: string | null;
  /** Set by retried writers (activities): a second append with the same key is a no-op. */
  idempotencyKey?: string | null;
  at?: Date;
}

// One lock serialises writers of the chain until their transaction commits, so each row links to the last one.
const CHAIN_LOCK = 727_001;

/** The shared, append-only, hash-chained audit trail. Appends join the caller's transaction. */
@Injectable()
export class AuditTrail {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Appends one row inside `manager`'s transaction. The chain lock is held until commit, so take any row lock the
   * transaction needs (SELECT ... FOR UPDATE) BEFORE appending: the opposite order deadlocks against writers that
   * lock the same row first. Returns false when a row with the same idempotency key already
   * exists (the change it records was already made): the caller must then skip the change too.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<boolean> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditTrail.append must run inside the transaction of the change it records');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    // After the lock (a separate statement, so it reads what the previous holder committed): is this change
    // already recorded, and which row does the new one link to?
    const [state]: { seen: boolean; last: string | null }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM audit_log WHERE $1::text IS NOT NULL AND idempotency_key = $1) AS seen,
              (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS last`,
      [entry.idempotencyKey ?? null],
    );
    if (state.seen) return false;
    const prevHash = state.last ?? GENESIS_HASH;
    const fields: AuditFields = {
      registratoIl: entry.at ?? new Date(),
      attore: entry.actor.sub,
      ruoli: [...entry.actor.roles].sort().join(','),
      ufficio: entry.actor.office,
      procedura: entry.procedura,
      entita: entry.entita,
      entitaId: entry.entitaId,
      azione: entry.azione,
      motivazione: entry.motivazione ?? null,
      prima: entry.prima ?? null,
      dopo: entry.dopo ?? null,
      requestId: entry.requestId ?? null,
      idempotencyKey: entry.idempotencyKey ?? null,
    };
    // Round the timestamp to what PostgreSQL returns, so the hash recomputes from the stored row.
    fields.registratoIl = new Date(fields.registratoIl.getTime());
    const f = fields;
    await manager.query(
      `INSERT INTO audit_log (registrato_il, attore, ruoli, ufficio, procedura, entita, entita_id, azione, motivazione,
         prima, dopo, request_id, idempotency_key, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [f.registratoIl, f.attore, f.ruoli, f.ufficio, f.procedura, f.entita, f.entitaId, f.azione, f.motivazione,
        f.prima === null ? null : JSON.stringify(f.prima), f.dopo === null ? null : JSON.stringify(f.dopo),
        f.requestId, f.idempotencyKey, prevHash, auditHash(prevHash, f)],
    );
    return true;
  }

  async list(filter: { entita?: string; entitaId?: string; ufficio?: string }, limit = 500): Promise<AuditEntity[]> {
    const qb = this.db.getRepository(AuditEntity).createQueryBuilder('a').orderBy('a.id', 'ASC').limit(limit);
    if (filter.entita) qb.andWhere('a.entita = :entita', { entita: filter.entita });
    if (filter.entitaId) qb.andWhere('a.entita_id = :entitaId', { entitaId: filter.entitaId });
    if (filter.ufficio) qb.andWhere('a.ufficio = :ufficio', { ufficio: filter.ufficio });
    return qb.getMany();
  }

  /** Recomputes the whole chain in id order, in pages, and reports the first broken row. */
  async verify(pageSize = 5000): Promise<ChainCheck> {
    let prev = GENESIS_HASH;
    let afterId = 0;
    let checked = 0;
    for (;;) {
      const rows = await this.db.getRepository(AuditEntity).createQueryBuilder('a')
        .where('a.id > :afterId', { afterId }).orderBy('a.id', 'ASC').limit(pageSize).getMany();
      if (!rows.length) return { valid: true, checked };
      const result = verifyChain(rows, prev);
      if (!result.valid) return { ...result, checked: checked + result.checked };
      checked += rows.length;
      prev = rows[rows.length - 1].hash;
      afterId = rows[rows.length - 1].id;
    }
  }
}
