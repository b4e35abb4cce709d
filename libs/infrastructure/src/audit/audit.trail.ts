import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntity } from '../persistence/entities';
import { AuditFields, ChainCheck, GENESIS_HASH, auditHash, verifyChain } from './audit-chain';
import { AuditRepository, FiltroAudit, SelezioneAudit, VoceAudit } from './audit.repository';

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

/** An entry's hashed fields, stamped `adesso` unless it carries its own time. */
function campi(entry: AuditEntry, adesso: Date): AuditFields {
  return {
    // Rounded to what PostgreSQL returns (milliseconds), so the hash recomputes from the stored row.
    registratoIl: new Date((entry.at ?? adesso).getTime()),
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
}

/** The shared, append-only, hash-chained audit trail. Appends join the caller's transaction. */
@Injectable()
export class AuditTrail {
  constructor(private readonly repo: AuditRepository) {}

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
    await this.repo.bloccaCatena(manager);
    // After the lock (a separate statement, so it reads what the previous holder committed): is this change
    // already recorded, and which row does the new one link to?
    const state = await this.repo.statoCatena(manager, entry.idempotencyKey ?? null);
    if (state.seen) return false;
    const prevHash = state.last ?? GENESIS_HASH;
    const fields = campi(entry, new Date());
    await this.repo.inserisci(manager, fields, prevHash, auditHash(prevHash, fields));
    return true;
  }

  /**
   * Appends several rows inside `manager`'s transaction, in the given order, as `append` would one by one: one lock,
   * one read of the chain's end, one INSERT. Rows whose idempotency key is already recorded (or repeated within the
   * batch) are skipped. Returns how many were appended. For batches (an import); same locking rule as `append`.
   */
  async appendMany(manager: EntityManager, entries: AuditEntry[]): Promise<number> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditTrail.appendMany must run inside the transaction of the change it records');
    }
    if (!entries.length) return 0;
    await this.repo.bloccaCatena(manager);
    const chiavi = entries.map((e) => e.idempotencyKey).filter((k): k is string => !!k);
    const viste = await this.repo.chiaviRegistrate(manager, chiavi);
    const nuove = entries.filter((e) => {
      if (!e.idempotencyKey) return true;
      if (viste.has(e.idempotencyKey)) return false;
      viste.add(e.idempotencyKey);
      return true;
    });
    if (!nuove.length) return 0;
    const { last } = await this.repo.statoCatena(manager, null);
    const ids = await this.repo.nuoviId(manager, nuove.length);
    let prevHash = last ?? GENESIS_HASH;
    const adesso = new Date();
    const righe = nuove.map((entry, i) => {
      const f = campi(entry, adesso);
      const hash = auditHash(prevHash, f);
      const riga = { id: ids[i], f, prevHash, hash };
      prevHash = hash;
      return riga;
    });
    await this.repo.inserisciMolti(manager, righe);
    return righe.length;
  }

  /** The rows matching `filter`, oldest first, after `filter.dopoId` when given, at most `limit`. */
  async list(filter: FiltroAudit, limit = 500): Promise<AuditEntity[]> {
    return this.repo.elenco(filter, limit);
  }

  /**
   * An entity's timeline: the selected rows (see SelezioneAudit) oldest first, at most `limit`. Read with `m` inside
   * a transaction that must see its own rows.
   */
  async timeline(s: SelezioneAudit, limit = 2000, m?: EntityManager): Promise<VoceAudit[]> {
    return this.repo.voci(s, limit, m);
  }

  /** Who made the selected steps (see SelezioneAudit), each once, sorted: e.g. an entity's authors, kept from deciding it. */
  async autori(s: SelezioneAudit, m?: EntityManager): Promise<string[]> {
    return (await this.repo.attori(s, m)).sort();
  }

  /**
   * Recomputes the chain in id order, in pages, and reports the first broken row: the whole chain, or with `dopo` only
   * the rows after that one, whose stored hash the first of them must link to (an anchored row, see
   * AncoreAudit.verifica's `partenza`).
   */
  async verify(dopo?: { id: number; hash: string }, pageSize = 5000): Promise<ChainCheck> {
    let prev = dopo?.hash ?? GENESIS_HASH;
    let afterId = dopo?.id ?? 0;
    let checked = 0;
    for (;;) {
      const rows = await this.repo.pagina(afterId, pageSize);
      if (!rows.length) return { valid: true, checked };
      const result = verifyChain(rows, prev);
      if (!result.valid) return { ...result, checked: checked + result.checked };
      checked += rows.length;
      prev = rows[rows.length - 1].hash;
      afterId = rows[rows.length - 1].id;
    }
  }
}
