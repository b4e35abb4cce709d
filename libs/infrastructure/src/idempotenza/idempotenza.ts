import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { IdempotenzaRepository, RigaChiave } from './idempotenza.repository';

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

/** The keys: one per user and key, claimed before the request runs and completed with its answer. */
@Injectable()
export class ChiaviIdempotenza implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(ChiaviIdempotenza.name);
  private pulizia?: NodeJS.Timeout;
  constructor(private readonly repo: IdempotenzaRepository) {}

  /** Every hour, keys past their 24 hours are dropped (each API replica does it; the work is idempotent). */
  onModuleInit(): void {
    this.pulizia = setInterval(
      () => {
        this.scadute().then(
          (n) => n && this.log.log(`${n} idempotency keys expired`),
          (e) => this.log.warn(`expiring idempotency keys: ${(e as Error).message}`),
        );
      },
      60 * 60 * 1000,
    ).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pulizia);
  }

  /**
   * Claims the key for this request. Returns null when claimed (run the request), else the row already there. A row
   * past its 24 hours, or a claim abandoned for `abbandonoMs` (its API died mid-request), is taken over.
   */
  async reclama(utente: string, chiave: string, metodo: string, percorso: string, impronta: string, abbandonoMs: number): Promise<RigaChiave | null> {
    if (await this.repo.prendi(utente, chiave, metodo, percorso, impronta, DURATA_CHIAVE_MS, abbandonoMs)) return null;
    const r = await this.repo.leggi(utente, chiave);
    if (!r) return this.reclama(utente, chiave, metodo, percorso, impronta, abbandonoMs); // released meanwhile
    return r;
  }

  /** The answer to replay for this key from now on. */
  completa(utente: string, chiave: string, status: number, location: string | null, corpo: unknown): Promise<void> {
    return this.repo.completa(utente, chiave, status, location, corpo);
  }

  /** The request failed before an answer worth keeping (an outage, an error): a retry runs it again. */
  rilascia(utente: string, chiave: string): Promise<void> {
    return this.repo.rilascia(utente, chiave);
  }

  /** Drops keys past their 24 hours; returns how many. */
  scadute(limite = 1000): Promise<number> {
    return this.repo.eliminaScadute(DURATA_CHIAVE_MS, limite);
  }
}
