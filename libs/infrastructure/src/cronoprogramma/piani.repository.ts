import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { PianoEntity, PianoRevisioneEntity } from '../persistence/entities/index';
import type { QuerySql } from '../persistence/keyset';

/** The list's filters: the office (every office's when absent), the year, and where the previous page ended (its year and id). */
export interface FiltroPiani {
  ufficio?: string;
  anno?: number;
  dopo?: { anno: number; id: string };
}

/**
 * The list of plans, newest year first by (anno, id), from where the previous page ended (keyset): an office's by
 * uq_piani_ufficio_anno, every office's by ix_piani_anno (migration ElenchiKeyset). Exported so the e2e suite
 * `elenchi` explains exactly this SQL.
 */
export const QUERY_PIANI = {
  pagina(f: FiltroPiani, limite: number): QuerySql {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (n: number) => string, ...v: unknown[]) => where.push(sql(values.push(...v)));
    if (f.ufficio !== undefined) add((n) => `ufficio = $${n}`, f.ufficio);
    if (f.anno) add((n) => `anno = $${n}`, f.anno);
    if (f.dopo) add((n) => `(anno, id) < ($${n - 1}::int, $${n}::uuid)`, f.dopo.anno, f.dopo.id);
    return {
      text: `SELECT id, ufficio, anno, titolo, stato, documento, baseline, workflow_id AS "workflowId", creato_da AS "creatoDa", creato_il AS "creatoIl",
          aggiornato_da AS "aggiornatoDa", aggiornato_il AS "aggiornatoIl", versione
        FROM piani ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY anno DESC, id DESC LIMIT ${Number(limite)}`,
      values,
    };
  },
};

/** The cronoprogramma plans and their revisions (baselines). A plan's changes take its row's lock first. */
@Injectable()
export class PianiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: the methods that take an EntityManager join it (with the audit trail and notices). */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** The plan; with `lock`, its row locked for update until `m`'s transaction ends. */
  async piano(id: string, m: EntityManager = this.db.manager, lock = false): Promise<PianoEntity | null> {
    return m.getRepository(PianoEntity).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Takes the plan's row lock (in the order the API's changes take it: the plan first, then the audit chain). */
  async blocca(m: EntityManager, id: string): Promise<void> {
    await m.query('SELECT 1 FROM piani WHERE id = $1 FOR UPDATE', [id]);
  }

  /**
   * Inserts a new plan and runs `poi` in the same transaction; false, with nothing recorded, if the office already
   * has a plan for that year.
   */
  async crea(p: PianoEntity, poi: (m: EntityManager) => Promise<void>): Promise<boolean> {
    try {
      await this.db.transaction(async (m) => {
        await m.getRepository(PianoEntity).insert(p);
        await poi(m);
      });
      return true;
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') return false;
      throw e;
    }
  }

  async salva(m: EntityManager, p: PianoEntity): Promise<void> {
    await m.getRepository(PianoEntity).save(p);
  }

  /** Newest year first, at most `limite`; without `ufficio`, every office's (see QUERY_PIANI). */
  async elenco(filtro: FiltroPiani, limite = 200): Promise<PianoEntity[]> {
    const q = QUERY_PIANI.pagina(filtro, limite);
    return this.db.query(q.text, q.values);
  }

  /** Frozen for the final monitoring: no more deadlines, no more changes. */
  async congela(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE piani SET stato = 'congelato', aggiornato_il = now(), versione = versione + 1 WHERE id = $1`, [id]);
  }

  // ---- revisions ----

  async revisione(m: EntityManager, pianoId: string, numero: number): Promise<PianoRevisioneEntity | null> {
    return m.getRepository(PianoRevisioneEntity).findOneBy({ pianoId, numero });
  }

  /** The revision awaiting a decision, if any (at most one at a time). */
  async revisioneAperta(m: EntityManager, pianoId: string): Promise<PianoRevisioneEntity | null> {
    return m.getRepository(PianoRevisioneEntity).findOneBy({ pianoId, stato: 'proposta' });
  }

  async prossimoNumeroRevisione(m: EntityManager, pianoId: string): Promise<number> {
    const [{ next }] = await m.query('SELECT COALESCE(MAX(numero), 0) + 1 AS next FROM piani_revisioni WHERE piano_id = $1', [pianoId]);
    return Number(next);
  }

  async inserisciRevisione(m: EntityManager, r: PianoRevisioneEntity): Promise<void> {
    await m.getRepository(PianoRevisioneEntity).insert(r);
  }

  async salvaRevisione(m: EntityManager, r: PianoRevisioneEntity): Promise<void> {
    await m.getRepository(PianoRevisioneEntity).save(r);
  }

  /** Every revision of the plan, from baseline 1. */
  async revisioni(pianoId: string): Promise<PianoRevisioneEntity[]> {
    return this.db.getRepository(PianoRevisioneEntity).find({ where: { pianoId }, order: { numero: 'ASC' } });
  }
}
