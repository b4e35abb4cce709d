import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ORGANIZZAZIONE, comeLike } from './soggetti.repository';

export interface Tirocinante {
  id: string;
  codiceFiscale: string;
  nome: string;
  cognome: string;
  dataNascita: string;
  sesso: 'M' | 'F';
  svantaggiato: boolean;
  /** The office whose registry holds this record: each office keeps its own (one per person). */
  ufficio: string;
  /** The organisation (codice fiscale) an external user registered the trainee for, if one did. */
  registratoPer: string | null;
}

/** The trainees of each office's registry, in plain SQL. */
@Injectable()
export class TirocinantiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: what the methods given its manager write commits together or not at all. */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Registers a trainee in an office's registry; null if that office already has this codice fiscale. */
  async creaTirocinante(m: EntityManager, t: Omit<Tirocinante, 'id'>, by: string): Promise<Tirocinante | null> {
    const id = randomUUID();
    const inserted = await m.query(
      `INSERT INTO tir_tirocinanti (id, codice_fiscale, nome, cognome, data_nascita, sesso, svantaggiato, creato_da, creato_il, ufficio, registrato_per)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10) ON CONFLICT (ufficio, codice_fiscale) DO NOTHING RETURNING id`,
      [id, t.codiceFiscale, t.nome, t.cognome, t.dataNascita, t.sesso, t.svantaggiato, by, t.ufficio, t.registratoPer],
    );
    return inserted.length ? this.tirocinante(id, m) : null;
  }

  /** The id of the trainee an office's registry holds under this codice fiscale, if any. */
  async tirocinantePerCodice(ufficio: string, codiceFiscale: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const [r] = await m.query('SELECT id FROM tir_tirocinanti WHERE ufficio = $1 AND codice_fiscale = $2', [ufficio, codiceFiscale]);
    return r?.id ?? null;
  }

  /** Replaces a trainee's identity (a correction; lock the row first). A codice fiscale the office already holds: 23505. */
  async rettificaTirocinante(
    m: EntityManager,
    id: string,
    t: Pick<Tirocinante, 'codiceFiscale' | 'nome' | 'cognome' | 'dataNascita' | 'sesso'>,
  ): Promise<void> {
    await m.query('UPDATE tir_tirocinanti SET codice_fiscale = $2, nome = $3, cognome = $4, data_nascita = $5, sesso = $6 WHERE id = $1', [
      id,
      t.codiceFiscale,
      t.nome,
      t.cognome,
      t.dataNascita,
      t.sesso,
    ]);
  }

  /** The trainee's practices that were submitted (any state but a draft): their checks read the trainee's data. */
  async praticheInviateDi(tirocinanteId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const righe: { id: string }[] = await m.query(`SELECT id FROM tirocini WHERE tirocinante_id = $1 AND stato <> 'bozza' ORDER BY creato_il, id`, [
      tirocinanteId,
    ]);
    return righe.map((r) => r.id);
  }

  async tirocinante(id: string, m: EntityManager = this.db.manager, lock = false): Promise<Tirocinante | null> {
    const [r] = await m.query(
      `SELECT id, codice_fiscale AS "codiceFiscale", nome, cognome, to_char(data_nascita, 'YYYY-MM-DD') AS "dataNascita", sesso, svantaggiato, ufficio,
              registrato_per AS "registratoPer"
       FROM tir_tirocinanti WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r ?? null;
  }

  /**
   * Trainees by codice fiscale (exact) or by surname and name (a part, in either order, case-insensitive), of one
   * office (or all), and only those organisation `per` may see (see tirocinanteVisibile); at most 50, by surname.
   */
  async cercaTirocinanti(f: { cerca: string; ufficio?: string; per?: string }): Promise<Tirocinante[]> {
    const params: unknown[] = [f.cerca.trim(), comeLike(f.cerca)];
    const where = [
      `(t.codice_fiscale = upper($1) OR (t.cognome || ' ' || t.nome) ILIKE '%' || $2 || '%' OR (t.nome || ' ' || t.cognome) ILIKE '%' || $2 || '%')`,
    ];
    if (f.ufficio) where.push(`t.ufficio = $${params.push(f.ufficio)}`);
    if (f.per) {
      const n = params.push(f.per);
      where.push(`(t.registrato_per = upper($${n}) OR EXISTS (SELECT 1 FROM tirocini x WHERE x.tirocinante_id = t.id AND x.ufficio = t.ufficio
                   AND (x.promotore_id IN (${ORGANIZZAZIONE(n)}) OR x.ospitante_id IN (${ORGANIZZAZIONE(n)}))))`);
    }
    return this.db.query(
      `SELECT id, codice_fiscale AS "codiceFiscale", nome, cognome, to_char(data_nascita, 'YYYY-MM-DD') AS "dataNascita", sesso, svantaggiato, ufficio,
              registrato_per AS "registratoPer"
       FROM tir_tirocinanti t WHERE ${where.join(' AND ')} ORDER BY cognome, nome, id LIMIT 50`,
      params,
    );
  }

  /**
   * Whether the organisation `per` may see trainee `id`: it registered them, or it is a side of one of their
   * practices in the trainee's office.
   */
  async tirocinanteVisibile(id: string, per: string): Promise<boolean> {
    const [r] = await this.db.query(
      `SELECT 1 FROM tir_tirocinanti t WHERE t.id = $1 AND (t.registrato_per = upper($2)
         OR EXISTS (SELECT 1 FROM tirocini x WHERE x.tirocinante_id = t.id AND x.ufficio = t.ufficio
                      AND (x.promotore_id IN (${ORGANIZZAZIONE(2)}) OR x.ospitante_id IN (${ORGANIZZAZIONE(2)}))))`,
      [id, per],
    );
    return !!r;
  }
}
