import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PraticaEntity } from '../persistence/entities';
import { type DopoIstante, type QuerySql, istanteEsatto } from '../persistence/keyset';

/** The list's filters: the office (every office's when absent), the state, the protocol number, and where the previous page ended. */
export interface FiltroPratiche {
  ufficio?: string;
  stato?: string;
  protocollo?: string;
  dopo?: DopoIstante;
}

/** A case as listed, with its place in the list: its creation time to the microsecond (the cursor's key). */
export type PraticaElencata = PraticaEntity & { istante: string };

/**
 * The list of cases, newest first by (creata_il, id), from where the previous page ended (keyset), by
 * ix_pratiche_ufficio_creata (or its stato or every-office sibling; migration ElenchiKeyset). Exported so the e2e
 * suite `elenchi` explains exactly this SQL.
 */
export const QUERY_PRATICHE = {
  pagina(f: FiltroPratiche, limite: number): QuerySql {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (n: number) => string, ...v: unknown[]) => where.push(sql(values.push(...v)));
    if (f.ufficio !== undefined) add((n) => `ufficio = $${n}`, f.ufficio);
    if (f.stato) add((n) => `stato = $${n}`, f.stato);
    if (f.protocollo) add((n) => `protocollo = $${n}`, f.protocollo);
    if (f.dopo) add((n) => `(creata_il, id) < ($${n - 1}::timestamptz, $${n}::uuid)`, f.dopo.il, f.dopo.id);
    return {
      text: `SELECT id, workflow_id AS "workflowId", ufficio, protocollo, oggetto, stato, creata_da AS "creataDa", creata_il AS "creataIl",
          aggiornata_il AS "aggiornataIl", inviata_da AS "inviataDa", decisione, versione, ${istanteEsatto('creata_il')} AS istante
        FROM pratiche ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY creata_il DESC, id DESC LIMIT ${Number(limite)}`,
      values,
    };
  },
};

/** The cases of the pratica procedure: their rows, which the procedure's transitions keep up to date. */
@Injectable()
export class PraticheRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: the methods that take an EntityManager join it (with the audit trail). */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async pratica(id: string): Promise<PraticaEntity | null> {
    return this.db.getRepository(PraticaEntity).findOneBy({ id });
  }

  /** The office's case with this protocol number (its business key), if any. */
  async perProtocollo(ufficio: string, protocollo: string): Promise<PraticaEntity | null> {
    return this.db.getRepository(PraticaEntity).findOneBy({ ufficio, protocollo });
  }

  /** Newest first, by (creation time, id), at most `limite` (see QUERY_PRATICHE). */
  async elenco(filtri: FiltroPratiche, limite: number): Promise<PraticaElencata[]> {
    const q = QUERY_PRATICHE.pagina(filtri, limite);
    return this.db.query(q.text, q.values);
  }

  /** A new case, open, at version 0. */
  async inserisci(
    m: EntityManager,
    p: Pick<PraticaEntity, 'id' | 'workflowId' | 'ufficio' | 'protocollo' | 'oggetto' | 'creataDa' | 'creataIl'>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO pratiche (id, workflow_id, ufficio, protocollo, oggetto, stato, creata_da, creata_il, aggiornata_il, versione)
       VALUES ($1, $2, $3, $4, $5, 'aperta', $6, $7, $7, 0)`,
      [p.id, p.workflowId, p.ufficio, p.protocollo, p.oggetto, p.creataDa, p.creataIl],
    );
  }

  /** What a transition changed in the case's row; its version goes up by one. */
  async aggiorna(m: EntityManager, id: string, modifiche: Partial<Pick<PraticaEntity, 'stato' | 'aggiornataIl' | 'inviataDa' | 'decisione'>>): Promise<void> {
    await m.getRepository(PraticaEntity).update({ id }, { ...modifiche, versione: () => 'versione + 1' });
  }
}
