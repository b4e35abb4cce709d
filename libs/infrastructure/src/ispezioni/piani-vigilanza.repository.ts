import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { RichiestaRow } from './richieste.repository';

/** An ex-officio plan of an inspectorate: a year's targets, each becoming an intervention request on its date. */
export interface PianoVigilanzaRow {
  id: string;
  ispettorato: string;
  anno: number;
  descrizione: string;
  caricatoDa: string;
  caricatoIl: Date;
}

/** What an entry of the plan holds: the request it becomes on `data`. */
export type VoceVigilanza = Pick<RichiestaRow, 'aziendaId' | 'sede' | 'territorio' | 'tipoPratica' | 'priorita' | 'descrizione'> & { data: Date };

/** An entry with what its request needs from the plan: the inspectorate, and who loaded the plan (the request's author). */
export type VoceDaRegistrare = VoceVigilanza & { id: string; ispettorato: string; caricatoDa: string };

/** The inspectorates' ex-officio plans and their entries. */
@Injectable()
export class PianiVigilanzaRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: the methods that take an EntityManager join it (with the audit trail). */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** The plan and its entries, numbered from 1 in the order given. */
  async crea(m: EntityManager, p: Omit<PianoVigilanzaRow, 'caricatoIl'> & { workflowId: string }, voci: VoceVigilanza[]): Promise<void> {
    await m.query(
      'INSERT INTO piani_vigilanza (id, ispettorato, anno, descrizione, workflow_id, caricato_da, caricato_il) VALUES ($1, $2, $3, $4, $5, $6, now())',
      [p.id, p.ispettorato, p.anno, p.descrizione, p.workflowId, p.caricatoDa],
    );
    for (const [i, v] of voci.entries()) {
      await m.query(
        `INSERT INTO piani_vigilanza_voci (id, piano_id, numero, data, azienda_id, sede, territorio, tipo_pratica, priorita, descrizione) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [randomUUID(), p.id, i + 1, v.data, v.aziendaId, v.sede, v.territorio, v.tipoPratica, v.priorita, v.descrizione],
      );
    }
  }

  async piano(id: string, ispettorato: string): Promise<PianoVigilanzaRow | null> {
    const [p] = await this.db.query(
      'SELECT id, ispettorato, anno, descrizione, caricato_da AS "caricatoDa", caricato_il AS "caricatoIl" FROM piani_vigilanza WHERE id = $1 AND ispettorato = $2',
      [id, ispettorato],
    );
    return p ?? null;
  }

  /** The plan's entries in order, with the request each became (null until then). */
  async voci(pianoId: string): Promise<Array<{ numero: number; data: Date; richiestaId: string | null }>> {
    const rows: { numero: number; data: Date; richiesta_id: string | null }[] = await this.db.query(
      'SELECT numero, data, richiesta_id FROM piani_vigilanza_voci WHERE piano_id = $1 ORDER BY numero',
      [pianoId],
    );
    return rows.map((v) => ({ numero: v.numero, data: v.data, richiestaId: v.richiesta_id }));
  }

  /** The plan's next entry still to become a request (soonest first), or null when all have. */
  async prossimaVoce(pianoId: string): Promise<{ id: string; data: Date } | null> {
    const [v] = await this.db.query('SELECT id, data FROM piani_vigilanza_voci WHERE piano_id = $1 AND richiesta_id IS NULL ORDER BY data, numero LIMIT 1', [
      pianoId,
    ]);
    return v ? { id: v.id, data: v.data } : null;
  }

  async voce(pianoId: string, voceId: string): Promise<VoceDaRegistrare | null> {
    const [v] = await this.db.query(
      `SELECT v.*, p.ispettorato, p.caricato_da FROM piani_vigilanza_voci v JOIN piani_vigilanza p ON p.id = v.piano_id WHERE v.id = $1 AND v.piano_id = $2`,
      [voceId, pianoId],
    );
    return v
      ? {
          id: v.id,
          ispettorato: v.ispettorato,
          caricatoDa: v.caricato_da,
          data: v.data,
          aziendaId: v.azienda_id,
          sede: v.sede,
          territorio: v.territorio,
          tipoPratica: v.tipo_pratica,
          priorita: v.priorita,
          descrizione: v.descrizione,
        }
      : null;
  }

  async collegaVoce(voceId: string, richiestaId: string): Promise<void> {
    await this.db.query('UPDATE piani_vigilanza_voci SET richiesta_id = $2 WHERE id = $1', [voceId, richiestaId]);
  }
}
