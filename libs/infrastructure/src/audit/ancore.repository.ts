import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

// One lock serialises the anchors' writers until their transaction ends, so the anchors' chain never forks.
const LOCK = 727_003;

/** The heads an anchor records: the audit trail's last row and each inspectorate's last draw transcript. */
export interface TesteAncorate {
  audit: { id: number; hash: string } | null;
  catene: Record<string, { n: number; hash: string }>;
}

/** What the anchors are taken of and checked against: the audit trail (`audit_log`) and the draws' chains (`sorteggi`). */
@Injectable()
export class AncoreRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction holding the anchors' writers' lock until it ends. */
  scrittura<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
      return fn(m);
    });
  }

  /** The current heads, read inside `m`'s transaction. */
  async teste(m: EntityManager): Promise<TesteAncorate> {
    const [testa] = await m.query('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    const catene: Record<string, { n: number; hash: string }> = {};
    for (const r of await m.query(`SELECT DISTINCT ON (catena) catena, n, hash FROM sorteggi WHERE catena <> '(globale)' ORDER BY catena, n DESC`)) {
      catene[r.catena] = { n: Number(r.n), hash: r.hash };
    }
    return { audit: testa ? { id: Number(testa.id), hash: testa.hash as string } : null, catene };
  }

  /** The hash of each of these audit rows that exists, by id. */
  async hashAudit(ids: number[]): Promise<Map<number, string>> {
    const rows: Array<{ id: string; hash: string }> = await this.db.query('SELECT id, hash FROM audit_log WHERE id = ANY($1)', [ids]);
    return new Map(rows.map((r) => [Number(r.id), r.hash]));
  }

  /** The audit trail's last id (0 when empty). */
  async ultimoIdAudit(): Promise<number> {
    const [{ max }] = await this.db.query('SELECT max(id) AS max FROM audit_log');
    return max === null ? 0 : Number(max);
  }

  /** The hash of each of these draw transcripts that exists, by `${catena}#${n}`. */
  async hashTrascrizioni(trascrizioni: Array<{ catena: string; n: number }>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!trascrizioni.length) return out;
    const rows: Array<{ catena: string; n: number; hash: string }> = await this.db.query(
      'SELECT catena, n, hash FROM sorteggi WHERE (catena, n) IN (SELECT * FROM unnest($1::text[], $2::int[]))',
      [trascrizioni.map((x) => x.catena), trascrizioni.map((x) => x.n)],
    );
    for (const r of rows) out.set(`${r.catena}#${r.n}`, r.hash);
    return out;
  }
}
