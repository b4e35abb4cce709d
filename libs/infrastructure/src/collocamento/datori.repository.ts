import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Datore } from '../../../domain/src/collocamento/collocamento.types';
import { prefissoLike } from './iscritti.repository';

/** An employer, with the office that registered it (the registry is regional: one record per employer). */
export type DatoreRegistro = Datore & { ufficio: string | null };

/** The regional registry of employers, in plain SQL. */
@Injectable()
export class DatoriRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Employers already registered (the registry is regional), by id or codice fiscale. */
  async datoriEsistenti(m: EntityManager, ids: string[], cfs: string[]): Promise<{ id: string; cf: string }[]> {
    return m.query('SELECT id, codice_fiscale AS cf FROM cm_datori WHERE id = ANY($1::text[]) OR codice_fiscale = ANY($2::text[])', [ids, cfs]);
  }

  async inserisciDatori(m: EntityManager, rows: Datore[], by: string, ufficio: string): Promise<void> {
    for (const d of rows) {
      await m.query(
        `INSERT INTO cm_datori (id, codice_fiscale, denominazione, dipendenti_computabili, copertura_art1, copertura_art18, aggiornato_da, aggiornato_il, ufficio)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8)`,
        [d.id, d.codiceFiscale, d.denominazione ?? null, d.dipendentiComputabili, d.coperturaArt1, d.coperturaArt18, by, ufficio],
      );
    }
  }

  async datore(id: string, m: EntityManager = this.db.manager, lock = false): Promise<DatoreRegistro | null> {
    const [r] = await m.query(
      `SELECT id, codice_fiscale AS "codiceFiscale", denominazione, dipendenti_computabili AS "dipendentiComputabili", copertura_art1 AS "coperturaArt1",
              copertura_art18 AS "coperturaArt18", ufficio FROM cm_datori WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r ?? null;
  }

  /**
   * Employers by codice fiscale (exact) or a part of their name, among those registered by `ufficio` or that asked it
   * for candidates (every one when `ufficio` is undefined), at most 50, by name.
   */
  async cercaDatori(cerca: string, ufficio?: string): Promise<Array<Pick<DatoreRegistro, 'id' | 'codiceFiscale' | 'denominazione' | 'ufficio'>>> {
    const params: unknown[] = [cerca.trim().toUpperCase(), `%${prefissoLike(cerca).replace(/\s+/g, '%')}%`];
    const dove =
      ufficio === undefined
        ? ''
        : `AND (d.ufficio = $${params.push(ufficio)} OR EXISTS (SELECT 1 FROM cm_offerte o WHERE o.datore_id = d.id AND o.ufficio = $${params.length}))`;
    return this.db.query(
      `SELECT d.id, d.codice_fiscale AS "codiceFiscale", d.denominazione, d.ufficio FROM cm_datori d
       WHERE (upper(d.codice_fiscale) = $1 OR upper(d.denominazione) LIKE $2) ${dove} ORDER BY d.denominazione, d.id LIMIT 50`,
      params,
    );
  }

  /** Whether the employer has asked the office for candidates (it then serves it, and sees its quota). */
  async datoreServitoDa(id: string, ufficio: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM cm_offerte WHERE datore_id = $1 AND ufficio = $2 LIMIT 1', [id, ufficio])).length > 0;
  }
}
