import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Whom an entry of the directory is for: a user, a role or a structure of the office, or an organisation. */
export const TIPI_VOCE_RUBRICA = ['utente', 'ruolo', 'struttura', 'soggetto'] as const;
export type TipoVoceRubrica = (typeof TIPI_VOCE_RUBRICA)[number];

/** An entry of an office's directory: where the e-mail of a notice to its addressee goes. */
export interface VoceRubrica {
  tipo: TipoVoceRubrica;
  nome: string;
  email: string | null;
  /** For a structure: the users who receive its notices at their own address. */
  utenti: string[];
  aggiornatoDa: string;
  aggiornatoIl: Date;
}

const COLONNE = 'tipo, nome, email, utenti, aggiornato_da AS "aggiornatoDa", aggiornato_il AS "aggiornatoIl"';

/** The offices' directories for notices (table `rubrica`). */
@Injectable()
export class RubricaRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: the methods that take an EntityManager join it (with the audit trail). */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** The entry, locked for update until `m`'s transaction ends; null if there is none yet. */
  async voceBloccata(m: EntityManager, ufficio: string, tipo: TipoVoceRubrica, nome: string): Promise<VoceRubrica | null> {
    const [r] = await m.query(`SELECT ${COLONNE} FROM rubrica WHERE ufficio = $1 AND tipo = $2 AND nome = $3 FOR UPDATE`, [ufficio, tipo, nome]);
    return r ?? null;
  }

  /**
   * Creates or replaces the entry's address, recording who changed it with which roles; its users are replaced when
   * `utenti` is given and kept otherwise.
   */
  async imposta(
    m: EntityManager,
    ufficio: string,
    v: { tipo: TipoVoceRubrica; nome: string; email: string | null; utenti: string[] | null },
    da: { sub: string; ruoli: string },
  ): Promise<VoceRubrica> {
    const [r] = await m.query(
      `INSERT INTO rubrica (ufficio, tipo, nome, email, utenti, aggiornato_da, aggiornato_ruoli, aggiornato_il)
       VALUES ($1, $2, $3, $4, COALESCE($5::text[], '{}'), $6, $7, now())
       ON CONFLICT (ufficio, tipo, nome) DO UPDATE SET email = EXCLUDED.email, utenti = COALESCE($5::text[], rubrica.utenti),
         aggiornato_da = EXCLUDED.aggiornato_da, aggiornato_ruoli = EXCLUDED.aggiornato_ruoli, aggiornato_il = now()
       RETURNING ${COLONNE}`,
      [ufficio, v.tipo, v.nome, v.email, v.utenti, da.sub, da.ruoli],
    );
    return r;
  }

  /** The office's entries, by kind and name. */
  async elenco(ufficio: string): Promise<VoceRubrica[]> {
    return this.db.query(`SELECT ${COLONNE} FROM rubrica WHERE ufficio = $1 ORDER BY tipo, nome`, [ufficio]);
  }

  /** A user's own entry and, if given, that of the organisation they act for. */
  async vociDi(ufficio: string, utente: string, soggetto: string): Promise<VoceRubrica[]> {
    return this.db.query(
      `SELECT ${COLONNE} FROM rubrica
        WHERE ufficio = $1 AND ((tipo = 'utente' AND nome = $2) OR (tipo = 'soggetto' AND nome = $3)) ORDER BY tipo`,
      [ufficio, utente, soggetto],
    );
  }
}
