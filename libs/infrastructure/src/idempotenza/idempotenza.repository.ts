import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A key's row as a request finds it: being served, or completed with the answer to replay. */
export interface RigaChiave {
  impronta: string;
  stato: 'in-corso' | 'completata';
  status: number | null;
  location: string | null;
  corpo: unknown;
  creataIl: Date;
}

/** The idempotency keys' table (`chiavi_idempotenza`): one row per user and key. */
@Injectable()
export class IdempotenzaRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims the key for a request in one statement: a new row, or the row there when it is older than `durataMs` or
   * is a claim abandoned for `abbandonoMs` (its API died mid-request). True when claimed.
   */
  async prendi(utente: string, chiave: string, metodo: string, percorso: string, impronta: string, durataMs: number, abbandonoMs: number): Promise<boolean> {
    const [presa] = await this.db.query(
      `INSERT INTO chiavi_idempotenza (utente, chiave, metodo, percorso, impronta, stato) VALUES ($1, $2, $3, $4, $5, 'in-corso')
       ON CONFLICT (utente, chiave) DO UPDATE SET metodo = EXCLUDED.metodo, percorso = EXCLUDED.percorso, impronta = EXCLUDED.impronta,
         stato = 'in-corso', status = NULL, location = NULL, corpo = NULL, creata_il = now(), completata_il = NULL
       WHERE chiavi_idempotenza.creata_il < now() - make_interval(secs => $6::double precision / 1000)
          OR (chiavi_idempotenza.stato = 'in-corso' AND chiavi_idempotenza.creata_il < now() - make_interval(secs => $7::double precision / 1000))
       RETURNING 1 AS presa`,
      [utente, chiave, metodo, percorso, impronta, durataMs, abbandonoMs],
    );
    return Boolean(presa);
  }

  /** The key's row, if there is one. */
  async leggi(utente: string, chiave: string): Promise<RigaChiave | null> {
    const [r] = await this.db.query('SELECT impronta, stato, status, location, corpo, creata_il FROM chiavi_idempotenza WHERE utente = $1 AND chiave = $2', [
      utente,
      chiave,
    ]);
    if (!r) return null;
    return { impronta: r.impronta, stato: r.stato, status: r.status, location: r.location, corpo: r.corpo, creataIl: r.creata_il };
  }

  /** Records the answer of a claimed key. */
  async completa(utente: string, chiave: string, status: number, location: string | null, corpo: unknown): Promise<void> {
    await this.db.query(
      `UPDATE chiavi_idempotenza SET stato = 'completata', status = $3, location = $4, corpo = $5::jsonb, completata_il = now()
       WHERE utente = $1 AND chiave = $2 AND stato = 'in-corso'`,
      [utente, chiave, status, location, corpo === undefined ? null : JSON.stringify(corpo)],
    );
  }

  /** Drops a claim whose request ended without an answer worth keeping. */
  async rilascia(utente: string, chiave: string): Promise<void> {
    await this.db.query(`DELETE FROM chiavi_idempotenza WHERE utente = $1 AND chiave = $2 AND stato = 'in-corso'`, [utente, chiave]);
  }

  /** Drops up to `limite` keys older than `durataMs`; returns how many. */
  async eliminaScadute(durataMs: number, limite: number): Promise<number> {
    const rows = await this.db.query(
      `DELETE FROM chiavi_idempotenza WHERE ctid IN (SELECT ctid FROM chiavi_idempotenza WHERE creata_il < now() - make_interval(secs => $1::double precision / 1000) LIMIT $2) RETURNING 1`,
      [durataMs, limite],
    );
    return rows.length;
  }
}
