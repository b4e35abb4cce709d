import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** How long a key's first answer is kept and replayed (the draft's suggestion, and what clients expect). */
export const DURATA_CHIAVE_MS = 24 * 60 * 60 * 1000;

/** The key of the request being served, when it has one: workflow Updates derive their id from it. */
export interface ContestoIdempotenza {
  utente: string;
  chiave: string;
}
export const contestoIdempotenza = new AsyncLocalStorage<ContestoIdempotenza>();

/**
 * The id of a workflow Update sent while serving a request with an Idempotency-Key: the same for every retry of that
 * request, so Temporal applies the Update once and answers a retry with the recorded outcome. Undefined without a key.
 */
export function idAggiornamento(workflowId: string, nome: string): string | undefined {
  const c = contestoIdempotenza.getStore();
  if (!c) return undefined;
  return `idem-${createHash('sha256').update(`${c.utente}\n${c.chiave}\n${workflowId}\n${nome}`).digest('hex').slice(0, 40)}`;
}

export interface RigaChiave {
  impronta: string;
  stato: 'in-corso' | 'completata';
  status: number | null;
  location: string | null;
  corpo: unknown;
  creataIl: Date;
}

/** The keys' table: one row per user and key, claimed before the request runs and completed with its answer. */
@Injectable()
export class ChiaviIdempotenza implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(ChiaviIdempotenza.name);
  private pulizia?: NodeJS.Timeout;
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every hour, keys past their 24 hours are dropped (each API replica does it; the work is idempotent). */
  onModuleInit(): void {
    this.pulizia = setInterval(() => {
      this.scadute().then((n) => n && this.log.log(`${n} idempotency keys expired`), (e) => this.log.warn(`expiring idempotency keys: ${(e as Error).message}`));
    }, 60 * 60 * 1000).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pulizia);
  }

  /**
   * Claims the key for this request. Returns null when claimed (run the request), else the row already there. A row
   * past its 24 hours, or a claim abandoned for `abbandonoMs` (its API died mid-request), is taken over.
   */
  async reclama(utente: string, chiave: string, metodo: string, percorso: string, impronta: string, abbandonoMs: number): Promise<RigaChiave | null> {
    const [presa] = await this.db.query(
      `INSERT INTO chiavi_idempotenza (utente, chiave, metodo, percorso, impronta, stato) VALUES ($1, $2, $3, $4, $5, 'in-corso')
       ON CONFLICT (utente, chiave) DO UPDATE SET metodo = EXCLUDED.metodo, percorso = EXCLUDED.percorso, impronta = EXCLUDED.impronta,
         stato = 'in-corso', status = NULL, location = NULL, corpo = NULL, creata_il = now(), completata_il = NULL
       WHERE chiavi_idempotenza.creata_il < now() - make_interval(secs => $6::double precision / 1000)
          OR (chiavi_idempotenza.stato = 'in-corso' AND chiavi_idempotenza.creata_il < now() - make_interval(secs => $7::double precision / 1000))
       RETURNING 1 AS presa`,
      [utente, chiave, metodo, percorso, impronta, DURATA_CHIAVE_MS, abbandonoMs],
    );
    if (presa) return null;
    const [r] = await this.db.query('SELECT impronta, stato, status, location, corpo, creata_il FROM chiavi_idempotenza WHERE utente = $1 AND chiave = $2', [utente, chiave]);
    if (!r) return this.reclama(utente, chiave, metodo, percorso, impronta, abbandonoMs); // released meanwhile
    return { impronta: r.impronta, stato: r.stato, status: r.status, location: r.location, corpo: r.corpo, creataIl: r.creata_il };
  }

  /** The answer to replay for this key from now on. */
  async completa(utente: string, chiave: string, status: number, location: string | null, corpo: unknown): Promise<void> {
    await this.db.query(
      `UPDATE chiavi_idempotenza SET stato = 'completata', status = $3, location = $4, corpo = $5::jsonb, completata_il = now()
       WHERE utente = $1 AND chiave = $2 AND stato = 'in-corso'`,
      [utente, chiave, status, location, corpo === undefined ? null : JSON.stringify(corpo)],
    );
  }

  /** The request failed before an answer worth keeping (an outage, an error): a retry runs it again. */
  async rilascia(utente: string, chiave: string): Promise<void> {
    await this.db.query(`DELETE FROM chiavi_idempotenza WHERE utente = $1 AND chiave = $2 AND stato = 'in-corso'`, [utente, chiave]);
  }

  /** Drops keys past their 24 hours; returns how many. */
  async scadute(limite = 1000): Promise<number> {
    const rows = await this.db.query(
      `DELETE FROM chiavi_idempotenza WHERE ctid IN (SELECT ctid FROM chiavi_idempotenza WHERE creata_il < now() - make_interval(secs => $1::double precision / 1000) LIMIT $2) RETURNING 1`,
      [DURATA_CHIAVE_MS, limite],
    );
    return rows.length;
  }
}
