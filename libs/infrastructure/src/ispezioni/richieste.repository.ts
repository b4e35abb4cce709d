import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { IspezioneState, RiassegnazioneProposta } from '../../../domain/src/ispezioni/ispezione.state';
import type { Esclusione } from '../../../domain/src/ispezioni/ispezioni.types';
import { type DopoIstante, type QuerySql, istanteEsatto } from '../persistence/keyset';

export interface RichiestaRow {
  id: string;
  workflowId: string;
  ispettorato: string;
  fonte: string;
  aziendaId: string;
  sede: string;
  territorio: string;
  tipoPratica: string;
  priorita: string;
  descrizione: string;
  stato: string;
  ispettoreId: string | null;
  tentativo: number;
  /** The inspection's state as its workflow last saved it. */
  statoProcedura: IspezioneState;
  attesa: AttesaSorteggio | null;
  registrataDa: string;
  registrataIl: Date;
  aggiornataIl: Date;
}

/** Why a request waits for its draw: nobody eligible (with each inspector's reasons), or no usable period yet. */
export interface AttesaSorteggio {
  motivo: 'nessun-idoneo' | 'periodo-mancante';
  dal: string;
  tentativo: number;
  dettaglio: string;
  /** When it will be tried again by itself (a period begins, an absence or conflict ends), if known. */
  riprovaIl?: string;
  esclusi?: Esclusione[];
}

const richiesta = (r: Record<string, unknown>): RichiestaRow => ({
  id: r.id as string,
  workflowId: r.workflow_id as string,
  ispettorato: r.ispettorato as string,
  fonte: r.fonte as string,
  aziendaId: r.azienda_id as string,
  sede: r.sede as string,
  territorio: r.territorio as string,
  tipoPratica: r.tipo_pratica as string,
  priorita: r.priorita as string,
  descrizione: r.descrizione as string,
  stato: r.stato as string,
  ispettoreId: r.ispettore_id as string | null,
  tentativo: Number(r.tentativo),
  statoProcedura: r.stato_procedura as IspezioneState,
  attesa: (r.attesa as AttesaSorteggio | null) ?? null,
  registrataDa: r.registrata_da as string,
  registrataIl: r.registrata_il as Date,
  aggiornataIl: r.aggiornata_il as Date,
});

/** The intervention requests: their rows (state, assignee, why they wait), their manual reassignments, and counts for monitoring. */
/** The list's filters: the inspectorate or the inspector, the state, the company by codice fiscale or partita IVA, and where the previous page ended. */
export interface FiltroRichieste {
  ispettorato?: string;
  ispettoreId?: string;
  stato?: string;
  aziendaCodiceFiscale?: string;
  dopo?: DopoIstante;
}

/** A request as listed, with its place in the list: its registration time to the microsecond (the cursor's key). */
export type RichiestaElencata = RichiestaRow & { istante: string };

/**
 * The list of requests, newest first by (registrata_il, id), from where the previous page ended (keyset): the
 * inspectorate's by ix_richieste_ispettorato_registrata, an inspector's by ix_richieste_ispettore_registrata
 * (migration ElenchiKeyset). Exported so the e2e suite `elenchi` explains exactly this SQL.
 */
export const QUERY_RICHIESTE = {
  pagina(f: FiltroRichieste, limit: number): QuerySql {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (n: number) => string, ...v: unknown[]) => where.push(sql(values.push(...v)));
    if (f.ispettorato !== undefined) add((n) => `ispettorato = $${n}`, f.ispettorato);
    if (f.ispettoreId !== undefined) add((n) => `ispettore_id = $${n}`, f.ispettoreId);
    if (f.stato) add((n) => `stato = $${n}`, f.stato);
    if (f.aziendaCodiceFiscale) add((n) => `azienda_id IN (SELECT id FROM aziende WHERE codice_fiscale = upper($${n}))`, f.aziendaCodiceFiscale);
    if (f.dopo) add((n) => `(registrata_il, id) < ($${n - 1}::timestamptz, $${n}::uuid)`, f.dopo.il, f.dopo.id);
    return {
      text: `SELECT *, ${istanteEsatto('registrata_il')} AS istante FROM richieste_intervento ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY registrata_il DESC, id DESC LIMIT ${Number(limit)}`,
      values,
    };
  },
};

@Injectable()
export class RichiesteRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: the methods that take an EntityManager join it (with the audit trail and notices). */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async richiesta(id: string, m: EntityManager = this.db.manager, lock = false): Promise<RichiestaRow | null> {
    const [r] = await m.query(`SELECT * FROM richieste_intervento WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ? richiesta(r) : null;
  }

  async creaRichiesta(m: EntityManager, r: Omit<RichiestaRow, 'aggiornataIl' | 'ispettoreId' | 'tentativo' | 'attesa'>): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO richieste_intervento (id, workflow_id, ispettorato, fonte, azienda_id, sede, territorio, tipo_pratica, priorita, descrizione, stato,
         stato_procedura, registrata_da, registrata_il, aggiornata_il)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        r.id,
        r.workflowId,
        r.ispettorato,
        r.fonte,
        r.aziendaId,
        r.sede,
        r.territorio,
        r.tipoPratica,
        r.priorita,
        r.descrizione,
        r.stato,
        JSON.stringify(r.statoProcedura),
        r.registrataDa,
        r.registrataIl,
      ],
    );
    return rows.length > 0;
  }

  async aggiornaRichiesta(
    m: EntityManager,
    id: string,
    stato: string,
    ispettoreId: string | null,
    tentativo: number,
    statoProcedura: IspezioneState,
  ): Promise<void> {
    await m.query('UPDATE richieste_intervento SET stato = $2, ispettore_id = $3, tentativo = $4, stato_procedura = $5, aggiornata_il = now() WHERE id = $1', [
      id,
      stato,
      ispettoreId,
      tentativo,
      JSON.stringify(statoProcedura),
    ]);
  }

  /** Newest first, by (registration time, id), from where the previous page ended (see QUERY_RICHIESTE). */
  async richieste(filter: FiltroRichieste, limit = 200): Promise<RichiestaElencata[]> {
    const q = QUERY_RICHIESTE.pagina(filter, limit);
    const rows: Record<string, unknown>[] = await this.db.query(q.text, q.values);
    return rows.map((r) => ({ ...richiesta(r), istante: r.istante as string }));
  }

  /** Why a request waits for its draw (shown in the dirigente's queue), or null once it is drawn. */
  async impostaAttesa(m: EntityManager, id: string, attesa: AttesaSorteggio | null): Promise<void> {
    await m.query('UPDATE richieste_intervento SET attesa = $2 WHERE id = $1', [id, attesa === null ? null : JSON.stringify(attesa)]);
  }

  /** Requests of the inspectorate not assigned to anyone, oldest first, with the reason each waits. */
  async coda(ispettorato: string): Promise<RichiestaRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM richieste_intervento WHERE ispettorato = $1 AND stato = 'registrata' ORDER BY registrata_il, id LIMIT 1000`,
      [ispettorato],
    );
    return rows.map(richiesta);
  }

  /** The workflows of the inspectorate's requests waiting for a draw: woken when something that could unblock them changes. */
  async inAttesa(ispettorato: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { workflow_id: string }[] = await m.query(
      `SELECT workflow_id FROM richieste_intervento WHERE ispettorato = $1 AND stato = 'registrata' AND attesa IS NOT NULL ORDER BY registrata_il`,
      [ispettorato],
    );
    return rows.map((r) => r.workflow_id);
  }

  // ---- manual reassignments ----

  async proponiRiassegnazione(m: EntityManager, richiestaId: string, p: RiassegnazioneProposta): Promise<void> {
    await m.query(
      `INSERT INTO riassegnazioni_manuali (id, richiesta_id, ispettore_id, motivo, deroga_rotazione, proposta_da, proposta_il, stato) VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposta')`,
      [randomUUID(), richiestaId, p.ispettoreId, p.motivo, p.derogaRotazione ?? null, p.propostaDa, p.propostaIl],
    );
  }

  async decidiRiassegnazione(m: EntityManager, richiestaId: string, esito: 'approvata' | 'respinta', da: string | null, il: string): Promise<void> {
    await m.query(`UPDATE riassegnazioni_manuali SET stato = $2, decisa_da = $3, decisa_il = $4 WHERE richiesta_id = $1 AND stato = 'proposta'`, [
      richiestaId,
      esito,
      da,
      il,
    ]);
  }

  /** An approved reassignment that could not be applied (the inspector is no longer eligible). */
  async riassegnazioneDecaduta(m: EntityManager, richiestaId: string): Promise<void> {
    await m.query(`UPDATE riassegnazioni_manuali SET stato = 'decaduta' WHERE richiesta_id = $1 AND stato = 'approvata' AND sorteggio_id IS NULL`, [
      richiestaId,
    ]);
  }

  /** Links the approved reassignment to the manual transcript that applied it. */
  async riassegnazioneApplicata(m: EntityManager, richiestaId: string, sorteggioId: string): Promise<void> {
    await m.query(`UPDATE riassegnazioni_manuali SET sorteggio_id = $2 WHERE richiesta_id = $1 AND stato = 'approvata' AND sorteggio_id IS NULL`, [
      richiestaId,
      sorteggioId,
    ]);
  }

  // ---- monitoring ----

  /** Per inspector: abstentions, manual assignments received and conflicts declared in [dal, al). */
  async conteggiPerIspettore(
    ispettorato: string,
    dal: Date,
    al: Date,
  ): Promise<Array<{ ispettoreId: string; astensioni: number; assegnazioniManuali: number; conflittiDichiarati: number }>> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT i.id,
              (SELECT count(*) FROM richieste_intervento r, jsonb_array_elements(r.stato_procedura->'astensioni') a
                WHERE r.ispettorato = $1 AND a->>'ispettoreId' = i.id AND (a->>'il')::timestamptz >= $2 AND (a->>'il')::timestamptz < $3) AS astensioni,
              (SELECT count(*) FROM sorteggi s WHERE s.catena = $1 AND s.tipo = 'manuale' AND s.ispettore_id = i.id AND s.registrato_il >= $2 AND s.registrato_il < $3) AS manuali,
              (SELECT count(*) FROM conflitti_interesse c WHERE c.ispettore_id = i.id AND c.dichiarato_il >= $2 AND c.dichiarato_il < $3) AS conflitti
         FROM ispettori i WHERE i.ispettorato = $1 ORDER BY i.id`,
      [ispettorato, dal, al],
    );
    return rows.map((r) => ({
      ispettoreId: r.id as string,
      astensioni: Number(r.astensioni),
      assegnazioniManuali: Number(r.manuali),
      conflittiDichiarati: Number(r.conflitti),
    }));
  }
}
